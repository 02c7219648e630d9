"""Danish dates in running text -> ISO ``YYYY-MM-DD``.

Handles the forms seen in plans and minutes: "den 14. marts 2011", "tirsdag den 10. december 2013",
"14. mar. 2011", "14-03-2011", "14.3.2011", "14/3 2011", "14/3-2011", "2011-03-14" and two-digit
years ("14.3.11"). A date without a year ("den 1. december", "4/3") is only returned when the caller
gives ``default_year`` (e.g. the meeting year), because guessing the year silently would be worse
than leaving the cell empty.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from pipeline.datafiles import load



@dataclass(frozen=True)
class DateMatch:
    iso: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def month_words() -> dict[str, int]:
    """Every month name and abbreviation (lower case) -> month number."""
    return {w: int(m) for m, words in load("dates.yaml")["months"].items() for w in words}


@lru_cache(maxsize=1)
def weekday_words() -> dict[str, int]:
    """Every weekday name and abbreviation (lower case) -> 0 (Monday) .. 6."""
    return {w: i for i, words in enumerate(load("dates.yaml")["weekdays"]) for w in words}


def _is_full_month(word: str) -> bool:
    return word.casefold() in {str(words[0]) for words in load("dates.yaml")["months"].values()}


def month_number(word: str) -> Optional[int]:
    """ "marts", "Mar.", "DECEMBER" -> 3, 3, 12; None for anything else."""
    return month_words().get(word.strip().rstrip(".").casefold())


def weekday_number(word: str) -> Optional[int]:
    """ "tirsdag", "Tirs." -> 1; None for anything else."""
    return weekday_words().get(word.strip().rstrip(".").casefold())


def to_iso(year: int, month: int, day: int) -> Optional[str]:
    """ISO date, or None when the parts are not a real date (31/2, month 13)."""
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _year(text: Optional[str], default_year: Optional[int]) -> Optional[int]:
    if not text:
        return default_year
    text = text.lstrip("'’")
    y = int(text)
    # Two-digit years: the corpus is 2007-2019; 1990s only appear in references to old laws.
    return y if len(text) == 4 else (2000 + y if y < 70 else 1900 + y)


@lru_cache(maxsize=1)
def _regex() -> re.Pattern:
    months = "|".join(sorted(map(re.escape, month_words()), key=len, reverse=True))
    days = "|".join(sorted(map(re.escape, weekday_words()), key=len, reverse=True))
    lead = rf"(?:(?:{days})\.?,?\s+)?(?:(?:den|d\.)\s+)?"
    textual = (rf"(?P<t_d>\d{{1,2}})\.?\s*(?P<t_m>{months})(?![a-zæøå])\.?"
               rf"(?:,?\s*(?P<t_y>\d{{4}}|['’]\d{{2}})(?!\d))?")
    iso = r"(?P<i_y>(?:19|20)\d{2})-(?P<i_m>\d{1,2})-(?P<i_d>\d{1,2})(?!\d)"
    # d-m-y with one separator kind; "/" also allows a space or hyphen before the year ("14/3 2011").
    numeric = (r"(?P<n_d>\d{1,2})(?P<sep>[-.])(?P<n_m>\d{1,2})(?P=sep)(?P<n_y>\d{4}|\d{2})(?![\d])"
               r"|(?P<s_d>\d{1,2})/(?P<s_m>\d{1,2})(?!\d)(?:(?:\s*[-/]\s*|\s+)(?P<s_y>\d{4}|\d{2})(?![\d.,]))?")
    return re.compile(rf"(?<![\w.,/-]){lead}(?:{textual}|{iso}|{numeric})", re.IGNORECASE)


def _parts(m: re.Match, default_year: Optional[int]) -> Optional[tuple[int, int, int]]:
    g = m.group
    if g("t_d"):
        year = _year(g("t_y"), default_year)
        return (year, month_number(g("t_m")), int(g("t_d"))) if year else None
    if g("i_y"):
        return int(g("i_y")), int(g("i_m")), int(g("i_d"))
    if g("n_d"):
        return _year(g("n_y"), None), int(g("n_m")), int(g("n_d"))
    if g("s_d"):
        year = _year(g("s_y"), default_year)
        return (year, int(g("s_m")), int(g("s_d"))) if year else None
    return None


def _is_number_ref(text: str, m: re.Match) -> bool:
    """ "møde nr. 3/12" is a meeting number, not the 3rd of December."""
    return bool(m.group("s_d") and not m.group("s_y")
                and re.search(r"nr\.?\s*$", text[max(0, m.start() - 6):m.start()], re.I))


def find_dates(text: str, default_year: Optional[int] = None) -> list[DateMatch]:
    """All dates in ``text``, in order; spans include a leading weekday and "den"."""
    out = []
    text = text or ""
    for m in _regex().finditer(text):
        if _is_number_ref(text, m):
            continue
        parts = _parts(m, default_year)
        iso = to_iso(*parts) if parts else None
        if iso:
            end = m.end()
            if m.group("t_m") and not m.group("t_y") and m.group(0).endswith(".") and _is_full_month(m.group("t_m")):
                end -= 1    # "den 17. december." ends a sentence; only "dec." owns its full stop
            out.append(DateMatch(iso, m.start(), end, text[m.start():end]))
    return out


def parse_date(text: str, default_year: Optional[int] = None) -> Optional[str]:
    """The first date in ``text`` as ISO ``YYYY-MM-DD``, or None."""
    found = find_dates(text, default_year)
    return found[0].iso if found else None
