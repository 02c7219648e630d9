"""Deadline stage: sentences that set a due period, normalised to due_start..due_end.

A sentence is a deadline when it names a period (pipeline.lang.periods knows the Danish idioms) and
carries a duty cue (reports, presents, "senest", "inden", a meeting). Programme periods
("3-årig plan 2013–2015") are background, not deadlines, unless they say "frem til"/"senest".
Actor and forum come from pipeline.lang.actors, shared with minutes and handleplaner.
"""
from __future__ import annotations

import re

from pipeline.datafiles import load

from pipeline.lang.actors import actor_and_forum, has_duty_verb
from pipeline.facts.focus_areas import lemma_set
from pipeline.lang.periods import Period
from pipeline.lang.periods import find_periods



def has_cue(sentence: str) -> bool:
    """A duty cue: "senest", "inden", "skal", a cue phrase, a cue lemma or a duty verb."""
    cfg = load("deadlines.yaml")
    lowered = sentence.lower()
    if any(c in lowered.split() for c in ("senest", "inden", "skal")):
        return True
    if any(re.search(p, lowered) for p in cfg["cue_phrases"]) or has_duty_verb(sentence):
        return True
    return any(l.startswith(c) for l in lemma_set(sentence) for c in cfg["cues"])


def deadlines_in_sentence(sentence: str, default_year: int | None, council: str = "") -> list[dict]:
    """Deadline facts of one sentence (without provenance); empty when it has none.
    ``council`` names the council of minutes (pipeline.lang.actors: passive sentences, default forum)."""
    if any(marker in sentence.lower() for marker in load("deadlines.yaml")["source_statements"]):
        return []
    periods = [p for p in find_periods(sentence, default_year=default_year) if _is_due(p, sentence)]
    periods += _meeting_quarters(sentence, default_year, periods)
    if default_year is not None:
        # a period wholly before the plan's own year is history ("i 2012 faldt indbruddene")
        periods = [p for p in periods if p.due_end.year >= default_year]
    if not has_cue(sentence):
        # without a duty cue only a programme's running time counts ("3-årig plan 2013–2015",
        # "løber frem til slutningen af 2015")
        periods = [p for p in periods if _is_running_time(p)] \
            if _lemma_has(sentence, load("deadlines.yaml")["programme_cues"]) else []
    if not periods:
        return []
    actor, forum = actor_and_forum(sentence, council)
    return [{
        "actor": actor,
        "forum": forum,
        "due_text": printed_due_text(sentence, period),
        "due_start": period.due_start.isoformat(),
        "due_end": period.due_end.isoformat(),
        "precision": period.precision,
    } for period in periods]


MEETING_BEFORE = re.compile(r"(?:(?:kredsrådets|lokalrådets|kontaktudvalgets)\s+møde|mødet|kredsrådsmødet)\s+i\s+$", re.I)
PROGRAMME_BEFORE = re.compile(r"\d+-årig(?:e)?\s+(?:plan|periode|indsats|projekt)\s+$", re.I)


def printed_due_text(sentence: str, period) -> str:
    """The period as printed, with the meeting or programme it names: SPEC treats "kredsrådets
    møde i 4. kvartal" as the deadline, and "3-årig plan 2013–2015" as the programme period."""
    before = sentence[:period.start]
    for pattern in (MEETING_BEFORE, PROGRAMME_BEFORE):
        match = pattern.search(before)
        if match:
            return sentence[match.start():period.end]
    return period.text


def _lemma_has(sentence: str, prefixes: list[str]) -> bool:
    return any(l.startswith(c) for l in lemma_set(sentence) for c in prefixes)


def _is_running_time(period) -> bool:
    return getattr(period, "programme", False) or period.text.lower().startswith(("frem til", "indtil"))


def _is_due(period, sentence: str) -> bool:
    if getattr(period, "programme", False):
        window = sentence[max(0, period.start - 25):period.start].lower()
        return any(w in window for w in ("frem til", "senest", "inden")) or \
            _lemma_has(sentence, load("deadlines.yaml")["programme_cues"])
    if period.precision == "year" and not re.search(r"\d", period.text):
        return _lemma_has(sentence, load("deadlines.yaml")["strong_cues"])
    return True


def _meeting_quarters(sentence: str, default_year: int | None, found: list) -> list:
    """ "ved årets sidste møde" is a deadline in that year's last quarter."""
    extra = _meetings_in_year(sentence, found)
    if default_year is None:
        return extra
    lowered = sentence.lower()
    for phrase, quarter in load("deadlines.yaml")["meeting_quarters"].items():
        at = lowered.find(phrase)
        if at < 0 or any(p.start <= at < p.end for p in found):
            continue
        for lead in ("ved ", "inden "):     # a bare "på" is not part of the period
            if lowered[max(0, at - len(lead)):at] == lead:
                at -= len(lead)
                phrase = lead + phrase
                break
        extra.append(_quarter_period(sentence, at, at + len(phrase), default_year, int(quarter)))
    return extra


def _quarter_period(sentence: str, start: int, end: int, year: int, quarter: int):
    from datetime import date


    first_month = 3 * (quarter - 1) + 1
    next_start = date(year + (quarter == 4), (first_month + 3 - 1) % 12 + 1, 1)
    return Period(start, end, sentence[start:end], date(year, first_month, 1),
                  next_start - date.resolution, "quarter")


def _meetings_in_year(sentence: str, found: list) -> list:
    """ "kredsrådets første møde i 2015" is a deadline in that year's first quarter; it replaces
    the bare "i 2015" the period finder saw inside it."""
    cfg = load("deadlines.yaml")
    out = []
    for m in re.finditer(cfg["meeting_in_year"], sentence, re.I):
        quarter = int(cfg["meeting_which_quarter"][m.group("which").lower()])
        found[:] = [p for p in found if not (m.start() <= p.start < m.end())]
        out.append(_quarter_period(sentence, m.start(), m.end(), int(m.group("year")), quarter))
    return out
