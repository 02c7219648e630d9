"""Who must act (actor) and to whom (forum) in a duty sentence of a plan, minutes or handleplan.

One detector for every document type; the parties are data (pipeline/data/actors.yaml).

* Actor: in a passive sentence the agent after "af" that follows the duty verb ("forelægges
  kredsrådet af lokalrådene"); otherwise the subject, the last party before the duty verb that
  does not follow a preposition (two joined by "og" act together: "Politiet og kommunen gør
  status"). Without a duty verb the first such party. A passive sentence without an agent
  names nobody: then the council's own convention applies (a lokalråd reports itself; in the
  kredsråd the police present). Plans have no council, so their actor stays empty. After a
  fronted phrase the subject follows the verb ("I 2016 udarbejder politiet ...").
* Forum: the first party after the duty verb that is not the actor, else any other party named,
  else the council the minutes belong to.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from pipeline.datafiles import alternation, load

PREPOSITIONS = ("til", "for", "over for", "overfor", "i", "på", "med", "af", "fra", "hos", "mellem")
Party = tuple[int, int, str]   # start, end, surface text


@lru_cache(maxsize=1)
def _party_re() -> re.Pattern:
    # An optional compound prefix keeps "SSP-styregruppen" whole.
    return re.compile(rf"(?<![\wæøå-])((?:[A-Za-zÆØÅæøå]+-)?(?:{alternation(load('actors.yaml')['parties'])}))(?![\wæøå])",
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def _verb_re() -> re.Pattern:
    return re.compile(rf"(?<![\wæøå])(?:{alternation(load('actors.yaml')['duty_verbs'])})", re.IGNORECASE)


def party_name(surface: str) -> str:
    """Canonical written form: lower case unless it starts with an acronym, aliases applied."""
    text = re.sub(r"\s+", " ", surface.strip())
    if not re.match(r"[A-ZÆØÅ]{2,}-", text):
        text = text.lower()
    return load("actors.yaml")["party_aliases"].get(text.lower(), text)


def council_forum(council: str) -> str:
    """The forum of a council's own minutes ("kredsråd" -> "kredsrådet")."""
    return load("actors.yaml")["council_forum"].get(council, "")


def has_duty_verb(sentence: str) -> bool:
    return bool(_verb_re().search(sentence))


def actor_and_forum(sentence: str, council: str = "") -> tuple[str, str]:
    """(actor, forum) of a duty sentence; ``council`` ("kredsråd" | "lokalråd" | "") supplies
    the convention for passive sentences and the default forum of minutes."""
    parties = [(m.start(1), m.end(1), m.group(1)) for m in _party_re().finditer(sentence)]
    verb = _verb_re().search(sentence)
    cut = verb.start() if verb else len(sentence)
    agent = _agent(sentence, parties, cut if verb else 0)
    subject = agent or _subject(sentence, [p for p in parties if p[1] <= cut], last=bool(verb)) \
        or (_inverted_subject(sentence, parties, verb) if verb else None)
    actor = subject[2] if subject else _passive_actor(sentence, council)
    forum = _forum(parties, cut, subject) or council_forum(council)
    return party_name(actor) if actor else "", forum


def _after_preposition(sentence: str, start: int) -> bool:
    before = sentence[:start].rstrip().lower()
    return any(before.endswith(" " + p) or before == p for p in PREPOSITIONS)


def _agent(sentence: str, parties: list[Party], after: int) -> Optional[Party]:
    """ "... forelægges kredsrådet af lokalrådene": the agent of a passive verb."""
    return next((p for p in parties if p[0] >= after and sentence[max(0, p[0] - 3):p[0]].lower() == "af "), None)


def _subject(sentence: str, before: list[Party], last: bool) -> Optional[Party]:
    candidates = [p for p in before if not _after_preposition(sentence, p[0])]
    if not candidates:
        return None
    chosen = candidates[-1] if last else candidates[0]
    if not last:
        # without a duty verb the subject opens the sentence; a party joined to it by "og" too
        nxt = [p for p in before if p[0] > chosen[1]]
        if nxt and re.fullmatch(r"\s+og\s+", sentence[chosen[1]:nxt[0][0]]):
            return chosen[0], nxt[0][1], sentence[chosen[0]:nxt[0][1]]
        return chosen
    prev = [p for p in before if p[1] < chosen[0]]
    if prev and re.fullmatch(r"\s+og\s+", sentence[prev[-1][1]:chosen[0]]):
        # "Politiet og kommunen gør status": a coordinated subject acts together.
        return prev[-1][0], chosen[1], sentence[prev[-1][0]:chosen[1]]
    return chosen


def _inverted_subject(sentence: str, parties: list[Party], verb: re.Match) -> Optional[Party]:
    """ "I 2016 udarbejder politiet en status": after a fronted phrase the subject follows the
    verb (Danish verb-second order)."""
    word = re.match(r"[\wæøå-]+", sentence[verb.start():]).group(0)
    if word.lower().endswith("s"):
        return None      # a passive verb ("forelægges kredsrådet") is followed by its recipient
    verb_end = verb.start() + len(word)
    return next((p for p in parties if re.fullmatch(r"\s+", sentence[verb_end:p[0]])), None)


def _forum(parties: list[Party], cut: int, subject: Optional[Party]) -> str:
    def not_actor(p: Party) -> bool:
        return subject is None or not (subject[0] <= p[0] < subject[1])
    after = [p for p in parties if p[0] >= cut and not_actor(p)]
    others = [p for p in parties if not_actor(p)]
    chosen = after[0] if after else (others[0] if others else None)
    if chosen is None:
        return ""
    name = party_name(chosen[2])
    return "" if subject and name == party_name(subject[2]) else name


def _passive_actor(sentence: str, council: str) -> str:
    words = alternation(load("actors.yaml")["passive_director_words"])
    if council == "kredsråd" and re.search(rf"\b(?:{words})\b", sentence, re.IGNORECASE):
        return "politidirektøren"
    return load("actors.yaml")["passive_actor"].get(council, "")
