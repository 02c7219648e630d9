import pytest

from pipeline.lang.dates import find_dates, month_number, parse_date, weekday_number


@pytest.mark.parametrize("text, iso", [
    ("den 14. marts 2011", "2011-03-14"),
    ("tirsdag den 10. december 2013 kl. 16.00", "2013-12-10"),
    ("Mandag d. 4. feb. 2013", "2013-02-04"),
    ("14-03-2011", "2011-03-14"),
    ("14.3.2011", "2011-03-14"),
    ("14/3 2011", "2011-03-14"),
    ("14/3-2011", "2011-03-14"),
    ("2011-03-14", "2011-03-14"),
    ("14.3.11", "2011-03-14"),
    ("den 1.december 2015", "2015-12-01"),
])
def test_parse_date_reads_danish_forms(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["kl. 16.00", "443.693", "31.02.2011", "møde nr. 3/2014", "2858,8"])
def test_parse_date_ignores_numbers_that_are_not_dates(text):
    assert parse_date(text) is None


def test_date_without_year_needs_a_default_year():
    assert parse_date("senest den 1. december") is None
    assert parse_date("senest den 1. december", default_year=2015) == "2015-12-01"
    assert parse_date("d. 4/3", default_year=2015) == "2015-03-04"


def test_meeting_number_is_not_read_as_a_date_even_with_default_year():
    assert parse_date("møde nr. 3/12", default_year=2015) is None


def test_find_dates_span_covers_weekday_and_den():
    text = "Mødet holdes torsdag den 5. september 2013 på rådhuset."
    (d,) = find_dates(text)
    assert d.iso == "2013-09-05"
    assert text[d.start:d.end] == "torsdag den 5. september 2013"


def test_month_and_weekday_names_and_abbreviations():
    assert month_number("Marts") == 3 and month_number("okt.") == 10 and month_number("maj") == 5
    assert month_number("mandag") is None
    assert weekday_number("Tirsdag") == 1 and weekday_number("søn.") == 6


def test_full_stop_after_a_full_month_name_ends_the_sentence_not_the_date():
    assert [m.text for m in find_dates("Næste møde er torsdag den 17. december.", 2015)] == ["torsdag den 17. december"]
    assert [m.text for m in find_dates("Senest den 1. dec. i år.", 2015)] == ["den 1. dec."]
