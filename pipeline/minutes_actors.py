"""Who must act and to whom, in a duty sentence of minutes or a handleplan.

The subject is the last party named before the duty verb (two joined by "og" stay together); the
forum the first party after it. A passive sentence names no subject: then the council's own
convention applies (a lokalråd reports itself; in the kredsråd the police present).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from pipeline.minutes_text import alternation, phrases

COUNCIL_FORUM = {"kredsråd": "kredsrådet", "lokalråd": "lokalrådet"}
PREPOSITIONS = ("til", "for", "over for", "overfor", "i", "på", "med", "af")


@lru_cache(maxsize=1)
def _party_re() -> re.Pattern:
    names = alternation(phrases()["parties"])
    # An optional compound prefix keeps "SSP-styregruppen" whole.
    return re.compile(rf"(?<![\wæøå-])((?:[A-Za-zÆØÅæøå]+-)?(?:{names}))(?![\wæøå])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _verb_re() -> re.Pattern:
    return re.compile(rf"(?<![\wæøå])(?:{alternation(phrases()['duty_verbs'])})", re.IGNORECASE)


def party_name(surface: str) -> str:
    """Canonical written form: lower case unless it starts with an acronym, aliases applied."""
    text = re.sub(r"\s+", " ", surface.strip())
    if not re.match(r"[A-ZÆØÅ]{2,}-", text):
        text = text.lower()
    return phrases()["party_aliases"].get(text.lower(), text)


def _parties(sentence: str) -> list[tuple[int, int, str]]:
    return [(m.start(1), m.end(1), m.group(1)) for m in _party_re().finditer(sentence)]


def _after_preposition(sentence: str, start: int) -> bool:
    before = sentence[:start].rstrip().lower()
    return any(before.endswith(" " + p) or before == p for p in PREPOSITIONS)


def actor_and_forum(sentence: str, council: str) -> tuple[str, str]:
    """(actor, forum) of a duty sentence; the council's forum when no other is named."""
    parties = _parties(sentence)
    verb = _verb_re().search(sentence)
    cut = verb.start() if verb else len(sentence)
    subject = _subject(sentence, [p for p in parties if p[1] <= cut])
    actor = subject[2] if subject else _passive_actor(sentence, council)
    forum = _forum(parties, cut, subject) or COUNCIL_FORUM.get(council, "")
    return party_name(actor) if actor else "", forum


def _subject(sentence: str, before: list[tuple[int, int, str]]) -> Optional[tuple[int, int, str]]:
    candidates = [p for p in before if not _after_preposition(sentence, p[0])]
    if not candidates:
        return None
    last = candidates[-1]
    prev = [p for p in before if p[1] < last[0]]
    if prev and re.fullmatch(r"\s+og\s+", sentence[prev[-1][1]:last[0]]):
        # "Politiet og kommunen gør status": a coordinated subject acts together.
        return prev[-1][0], last[1], sentence[prev[-1][0]:last[1]]
    return last


def _forum(parties: list, cut: int, subject) -> str:
    after = [p for p in parties if p[0] >= cut]
    others = [p for p in parties if subject is None or not (subject[0] <= p[0] < subject[1])]
    chosen = after[0] if after else (others[0] if others else None)
    if chosen is None:
        return ""
    name = party_name(chosen[2])
    return "" if subject and name == party_name(subject[2]) else name


def _passive_actor(sentence: str, council: str) -> str:
    words = alternation(phrases()["passive_director_words"])
    if council == "kredsråd" and re.search(rf"\b(?:{words})\b", sentence, re.IGNORECASE):
        return "politidirektøren"
    return phrases()["passive_actor"].get(council, "")


def has_duty_verb(sentence: str) -> bool:
    return bool(_verb_re().search(sentence))
