"""Danish period idioms -> date ranges (SPEC "Deadlines": due_start..due_end and precision).

``find_periods(text, default_year)`` finds every printed period in a sentence:

* day      "senest den 1. december 2015", "1.12.2015", "01-12-2015", "den 1. december" (+year)
* month    "juni 2015", "i løbet af juni" (+year), "medio/ultimo/primo juni 2015"
* quarter  "2. kvartal 2014", "andet kvartal", "2. kvt. 2014", "Q2 2014", "mødet i 4. kvartal"
* half     "1. halvår 2015", "første halvår", "anden halvdel af 2015"
* year     "inden udgangen af 2013", "i 2014", "løbet af 2016", "ved årets udgang" (+year)
* programme ranges "2013-2015", "i perioden 2013–2015", "frem til slutningen af 2015": precision
  ``year`` with ``programme=True`` so the deadline stage can decide whether it is a deadline.

A period without a printed year takes ``default_year`` (the document's year); without one it is
not reported, because a guessed year would be a wrong fact. Where matches overlap the longest
wins ("senest den 1. december 2015" is one day, not also the month "december 2015").
The word lists live in ``data/periods.yaml``; this module only composes them into patterns.
dateparser is not used: it does not know these idioms, and plain dates are simple enough here.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Callable, Optional

from pipeline.datafiles import alternation, load


PRECISIONS = ("day", "month", "quarter", "half", "year")


@dataclass(frozen=True)
class Period:
    start: int            # character offsets of the printed period in the input text
    end: int
    text: str
    due_start: date
    due_end: date
    precision: str        # day | month | quarter | half | year
    programme: bool = False  # a programme's running time ("2013-2015"), not necessarily a deadline


def _alt(phrases) -> str:
    return alternation(phrases, lower=True)


YEAR = r"(?:19|20)\d\d(?!\d|[.,]\d)"


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    d = load("periods.yaml")
    ords = _alt(d["ordinals"])
    month_leads = _alt(d["month_lead_ins"])
    months_full, abbr = _alt(d["months"]), _alt(d["month_abbreviations"])
    day_leads = _alt(d["day_lead_ins"])
    ordinal = rf"(?:(?P<o>{ords})|(?P<n>[1-4])\.?)"
    lead = rf"(?:(?P<lead>{month_leads})\s+)?"
    specs = {
        "day_text": (rf"(?<!\w)(?:(?P<lead>{day_leads})\s+)?(?:(?:{_alt(d['weekdays'])})\s+"
                     rf"(?:den\s+|d\.\s*)?)?(?P<d>\d{{1,2}})\.?\s*"
                     rf"(?:(?P<m>{months_full})(?!\w)|(?P<ma>{abbr})(?!\w)\.?)(?:\s+(?P<y>{YEAR}))?"),
        "day_num": (rf"(?<![\w.,/-])(?:(?P<lead>{day_leads})\s+)?(?P<d>\d{{1,2}})(?P<sep>[./-])"
                    rf"(?P<mn>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}})(?!\w|[.,/-]\d)"),
        "day_slash": (rf"(?<![\w.,/-])(?:(?P<lead>{day_leads})\s+)?(?P<d>\d{{1,2}})/(?P<mn>\d{{1,2}})"
                      rf"(?:(?:\s*-\s*|\s+)(?P<y>{YEAR}))?(?![\d/])"),
        "day_iso": rf"(?<![\w.-])(?P<y>(?:19|20)\d\d)-(?P<mn>\d\d)-(?P<d>\d\d)(?!\d)",
        "quarter": (rf"(?<!\w){lead}{ordinal}\s*(?:{_alt(d['quarter_words'])})(?!\w)"
                    rf"(?:\s+(?:i\s+|af\s+)?(?P<y>{YEAR}))?"),
        "quarter_q": rf"(?<!\w){lead}Q(?P<n>[1-4])(?:\s*[/-]?\s*(?P<y>{YEAR}))?(?!\w)",
        "half": (rf"(?<!\w){lead}{ordinal}\s*(?:{_alt(d['half_words'])})(?!\w)"
                 rf"(?:\s+(?:i\s+|af\s+)?(?P<y>{YEAR}))?"),
        "half_of": (rf"(?<!\w){lead}(?P<o>{ords})\s+(?:{_alt(d['half_of_words'])})\s+"
                    rf"(?:(?P<y>{YEAR})|året(?!\w))"),
        "month": (rf"(?<!\w){lead}(?:(?P<m>{months_full})(?:\s*-?\s*måned(?:en)?)?(?!\w)"
                  rf"|(?P<ma>{abbr})\.(?=\s+{YEAR}))(?:\s+(?P<y>{YEAR}))?"),
        "year": (rf"(?<!\w)(?P<lead>{_alt(d['year_lead_ins'])})\s+(?:år(?:et)?\s+)?(?P<y>{YEAR})"
                 rf"(?!\s*(?:[-–—/]|til\s)\s*\d)"),
        "year_idiom": rf"(?<!\w)(?P<idiom>{_alt(d['current_year_idioms'])})(?!\w)",
        "range": (rf"(?<!\w)(?:(?P<lead>{_alt(d['range_lead_ins'])})\s+)?(?<![\d./-])(?P<y1>{YEAR})"
                  rf"\s*(?:[-–—/]|\s+til\s+(?:og\s+med\s+)?)\s*(?P<y2>(?:19|20)\d\d|\d\d)(?!\d|[.,-]\d)"),
        "until": rf"(?<!\w)(?P<lead>{_alt(d['until_lead_ins'])})\s+(?:år(?:et)?\s+)?(?P<y>{YEAR})",
    }
    return [(kind, re.compile(rx, re.IGNORECASE)) for kind, rx in specs.items()]


# ---------------------------------------------------------------- public

def find_periods(text: str, default_year: Optional[int] = None) -> list[Period]:
    """Every printed period in ``text``, in text order, without overlaps (longest match wins)."""
    found: list[Period] = []
    for kind, pattern in _patterns():
        for m in pattern.finditer(text):
            period = _BUILDERS[kind](m, default_year)
            if period is not None:
                found.append(period)
    return _without_overlaps(found)


def _without_overlaps(periods: list[Period]) -> list[Period]:
    chosen: list[Period] = []
    for p in sorted(periods, key=lambda p: (-(p.end - p.start), p.start)):
        if all(p.end <= c.start or p.start >= c.end for c in chosen):
            chosen.append(p)
    return sorted(chosen, key=lambda p: p.start)


# ---------------------------------------------------------------- builders

def _year(raw: Optional[str], default_year: Optional[int]) -> Optional[int]:
    if raw is None:
        year = default_year
    elif len(raw) == 2:
        year = 2000 + int(raw) if int(raw) < 50 else 1900 + int(raw)
    else:
        year = int(raw)
    d = load("periods.yaml")
    if year is None or not d["year_min"] <= year <= d["year_max"]:
        return None
    return year


def _make(m: re.Match, start: date, end: date, precision: str, programme: bool = False) -> Period:
    return Period(m.start(), m.end(), m.group(0), start, end, precision, programme)


def _month_range(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def _month_no(m: re.Match) -> int:
    d = load("periods.yaml")
    if m.groupdict().get("mn"):
        return int(m.group("mn"))
    if m.groupdict().get("m"):
        return d["months"][m.group("m").lower()]
    return d["month_abbreviations"][m.group("ma").lower()]


def _build_day_slash(m: re.Match, default_year: Optional[int]) -> Optional[Period]:
    if m.group("y") is None and m.group("lead") is None:
        return None  # "4/3" without a year could be a fraction; a date only after "den", "senest"
    return _build_day(m, default_year)


def _build_day(m: re.Match, default_year: Optional[int]) -> Optional[Period]:
    year = _year(m.group("y"), default_year)
    if year is None:
        return None
    try:
        day = date(year, _month_no(m), int(m.group("d")))
    except ValueError:
        return None
    return _make(m, day, day, "day")


def _ordinal_no(m: re.Match, last: int) -> Optional[int]:
    if m.groupdict().get("n"):
        return int(m.group("n"))
    value = load("periods.yaml")["ordinals"][m.group("o").lower()]
    return last if value == "last" else int(value)


def _build_quarter(m: re.Match, default_year: Optional[int]) -> Optional[Period]:
    year, q = _year(m.group("y"), default_year), _ordinal_no(m, 4)
    if year is None or not 1 <= q <= 4:
        return None
    return _make(m, *_month_range(year, 3 * q - 2, 3 * q), "quarter")


def _build_half(m: re.Match, default_year: Optional[int]) -> Optional[Period]:
    year, h = _year(m.group("y"), default_year), _ordinal_no(m, 2)
    if year is None or not 1 <= h <= 2:
        return None
    return _make(m, *_month_range(year, 6 * h - 5, 6 * h), "half")


def _build_month(m: re.Match, default_year: Optional[int]) -> Optional[Period]:
    year = _year(m.group("y"), default_year)
    if year is None:
        return None
    month = _month_no(m)
    return _make(m, *_month_range(year, month, month), "month")


def _build_year(m: re.Match, default_year: Optional[int]) -> Optional[Period]:
    year = _year(m.group("y"), None)
    if year is None:
        return None
    return _make(m, date(year, 1, 1), date(year, 12, 31), "year")


def _build_year_idiom(m: re.Match, default_year: Optional[int]) -> Optional[Period]:
    idioms = {re.sub(r"\s+", " ", str(k).lower()): v for k, v in load("periods.yaml")["current_year_idioms"].items()}
    offset = idioms[re.sub(r"\s+", " ", m.group("idiom").lower())]
    year = _year(None, default_year + int(offset) if default_year is not None else None)
    if year is None:
        return None
    return _make(m, date(year, 1, 1), date(year, 12, 31), "year")


def _build_range(m: re.Match, default_year: Optional[int]) -> Optional[Period]:
    first = _year(m.group("y1"), None)
    raw2 = m.group("y2")
    last = _year(m.group("y1")[:2] + raw2 if len(raw2) == 2 else raw2, None)
    if first is None or last is None or not 0 < last - first <= 10:
        return None
    return _make(m, date(first, 1, 1), date(last, 12, 31), "year", programme=True)


def _build_until(m: re.Match, default_year: Optional[int]) -> Optional[Period]:
    last = _year(m.group("y"), None)
    if last is None:
        return None
    lead = m.group(0).lower()
    if "slutningen" in lead or "udgangen" in lead:
        # "frem til slutningen af 2015" names the end of a year, like "inden udgangen af 2015"
        # (SPEC: that year), not the whole running time of the programme.
        return _make(m, date(last, 1, 1), date(last, 12, 31), "year")
    first = default_year if default_year is not None and default_year <= last else last
    return _make(m, date(first, 1, 1), date(last, 12, 31), "year", programme=True)


_BUILDERS: dict[str, Callable[[re.Match, Optional[int]], Optional[Period]]] = {
    "day_text": _build_day, "day_num": _build_day, "day_slash": _build_day_slash, "day_iso": _build_day,
    "quarter": _build_quarter, "quarter_q": _build_quarter,
    "half": _build_half, "half_of": _build_half,
    "month": _build_month,
    "year": _build_year, "year_idiom": _build_year_idiom,
    "range": _build_range, "until": _build_until,
}
