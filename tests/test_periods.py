"""Danish period idioms map to the SPEC's due_start..due_end and precision."""
from datetime import date

import pytest

from pipeline.lang.periods import find_periods


def one(text: str, default_year=None):
    found = find_periods(text, default_year=default_year)
    assert len(found) == 1, found
    p = found[0]
    assert text[p.start:p.end] == p.text
    return p


def span(p) -> tuple[str, str, str]:
    return p.due_start.isoformat(), p.due_end.isoformat(), p.precision


@pytest.mark.parametrize("text, expected", [
    ("2. kvartal 2014", ("2014-04-01", "2014-06-30", "quarter")),
    ("andet kvartal 2014", ("2014-04-01", "2014-06-30", "quarter")),
    ("2. kvt. 2014", ("2014-04-01", "2014-06-30", "quarter")),
    ("Q2 2014", ("2014-04-01", "2014-06-30", "quarter")),
    ("1. kvartal 2013", ("2013-01-01", "2013-03-31", "quarter")),
    ("4. kvartal i 2014", ("2014-10-01", "2014-12-31", "quarter")),
    ("mødet i 3. kvartal 2014", ("2014-07-01", "2014-09-30", "quarter")),
])
def test_quarter_with_year(text, expected):
    assert span(one(text)) == expected


def test_meeting_named_by_quarter_takes_the_document_year():
    p = one("Lokalrådene afrapporterer på kredsrådets møde i 4. kvartal.", default_year=2014)
    assert span(p) == ("2014-10-01", "2014-12-31", "quarter")
    assert p.text == "4. kvartal"


def test_last_quarter_is_the_fourth():
    assert span(one("i sidste kvartal", 2015)) == ("2015-10-01", "2015-12-31", "quarter")


@pytest.mark.parametrize("text, expected", [
    ("1. halvår 2015", ("2015-01-01", "2015-06-30", "half")),
    ("2. halvår 2015", ("2015-07-01", "2015-12-31", "half")),
    ("første halvår", ("2016-01-01", "2016-06-30", "half")),
    ("andet halvår", ("2016-07-01", "2016-12-31", "half")),
    ("anden halvdel af 2015", ("2015-07-01", "2015-12-31", "half")),
])
def test_half_year(text, expected):
    assert span(one(text, default_year=2016)) == expected


@pytest.mark.parametrize("text, expected", [
    ("juni 2015", ("2015-06-01", "2015-06-30", "month")),
    ("i løbet af juni", ("2014-06-01", "2014-06-30", "month")),
    ("medio juni 2015", ("2015-06-01", "2015-06-30", "month")),
    ("ultimo juni 2015", ("2015-06-01", "2015-06-30", "month")),
    ("primo juni 2015", ("2015-06-01", "2015-06-30", "month")),
    ("senest i februar 2016", ("2016-02-01", "2016-02-29", "month")),
    ("dec. 2015", ("2015-12-01", "2015-12-31", "month")),
])
def test_month(text, expected):
    assert span(one(text, default_year=2014)) == expected


def test_month_lead_in_is_part_of_the_due_text():
    assert one("Status gives i løbet af juni.", default_year=2014).text == "i løbet af juni"


@pytest.mark.parametrize("text, expected", [
    ("senest den 1. december 2015", ("2015-12-01", "2015-12-01", "day")),
    ("1.12.2015", ("2015-12-01", "2015-12-01", "day")),
    ("01-12-2015", ("2015-12-01", "2015-12-01", "day")),
    ("1/12 2015", ("2015-12-01", "2015-12-01", "day")),
    ("2015-12-01", ("2015-12-01", "2015-12-01", "day")),
    ("senest 1. dec. 2015", ("2015-12-01", "2015-12-01", "day")),
    ("tirsdag den 10. december 2013", ("2013-12-10", "2013-12-10", "day")),
    ("den 1. december", ("2014-12-01", "2014-12-01", "day")),
    ("den 4/3", ("2014-03-04", "2014-03-04", "day")),
])
def test_day(text, expected):
    p = one(text, default_year=2014)
    assert span(p) == expected
    assert p.text == text


def test_day_lead_in_is_kept_and_the_month_is_not_reported_separately():
    found = find_periods("Planen sendes senest den 1. december 2015 til kredsrådet.")
    assert [p.text for p in found] == ["senest den 1. december 2015"]


@pytest.mark.parametrize("text, expected", [
    ("inden udgangen af 2013", ("2013-01-01", "2013-12-31", "year")),
    ("i 2014", ("2014-01-01", "2014-12-31", "year")),
    ("løbet af 2016", ("2016-01-01", "2016-12-31", "year")),
    ("i løbet af 2016", ("2016-01-01", "2016-12-31", "year")),
    ("ved udgangen af 2015", ("2015-01-01", "2015-12-31", "year")),
    ("ved årets udgang", ("2012-01-01", "2012-12-31", "year")),
    ("inden årets udgang", ("2012-01-01", "2012-12-31", "year")),
    ("næste år", ("2013-01-01", "2013-12-31", "year")),
])
def test_year(text, expected):
    assert span(one(text, default_year=2012)) == expected


@pytest.mark.parametrize("text, first, last", [
    ("2013–2015", 2013, 2015),
    ("3-årig plan 2013-2015", 2013, 2015),
    ("i perioden 2013 - 2015", 2013, 2015),
    ("fra 2013 til 2015", 2013, 2015),
    ("2013-15", 2013, 2015),
])
def test_programme_range(text, first, last):
    p = one(text)
    assert (p.due_start, p.due_end, p.precision, p.programme) == (
        date(first, 1, 1), date(last, 12, 31), "year", True)


def test_until_the_end_of_a_year_names_that_year_like_inden_udgangen_af():
    # SPEC: "inden udgangen af 2013" -> the year; "frem til slutningen af 2015" is read alike
    p = one("Indsatsen løber frem til slutningen af 2015.", default_year=2013)
    assert p.text == "frem til slutningen af 2015"
    assert (p.due_start, p.due_end, p.precision, p.programme) == (
        date(2015, 1, 1), date(2015, 12, 31), "year", False)


def test_open_until_a_year_is_a_programme_period_from_the_document_year():
    p = one("Projektet kører frem til 2015.", default_year=2013)
    assert (p.due_start, p.due_end, p.precision, p.programme) == (
        date(2013, 1, 1), date(2015, 12, 31), "year", True)


def test_plain_deadlines_are_not_programme_periods():
    assert not one("2. kvartal 2014").programme
    assert not one("inden udgangen af 2013").programme


@pytest.mark.parametrize("text", [
    "i løbet af juni", "den 1. december", "kredsrådets møde i 4. kvartal", "ved årets udgang",
])
def test_no_year_and_no_default_year_reports_nothing(text):
    assert find_periods(text) == []


@pytest.mark.parametrize("text", [
    "Samarbejdsplan 2014", "443.693 borgere", "møde nr. 3/2014", "1/2 af kommunerne",
    "kl. 16.00", "§ 110, stk. 2", "31.02.2015", "5. kvartal 2014", "3. halvår 2014",
])
def test_non_periods(text):
    assert find_periods(text, default_year=2014) == []


def test_several_periods_in_text_order():
    text = "Lokalrådene afrapporterer i 2. kvartal 2014 og igen senest den 1. december 2014."
    found = find_periods(text)
    assert [p.precision for p in found] == ["quarter", "day"]
    assert found[0].start < found[1].start


@pytest.mark.parametrize("text, year", [
    ("i slutningen af 2014", 2014), ("ultimo 2015", 2015), ("primo 2016", 2016),
    ("senest i 2015", 2015), ("i starten af 2013", 2013),
])
def test_more_year_idioms(text, year):
    assert span(one(text)) == (f"{year}-01-01", f"{year}-12-31", "year")


def test_meeting_named_by_month_is_a_month():
    assert span(one("Sagen behandles på juni-mødet.", default_year=2014)) == (
        "2014-06-01", "2014-06-30", "month")


def test_capitalised_idiom_at_sentence_start():
    assert span(one("Første halvår 2015 bruges til analyse.")) == ("2015-01-01", "2015-06-30", "half")
