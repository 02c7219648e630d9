"""Deadline stage: sentences that set a due period, normalised to due_start..due_end.

A sentence is a deadline when it names a period (pipeline.periods knows the Danish idioms) and
carries a duty cue (reports, presents, "senest", "inden", a meeting). Programme periods
("3-årig plan 2013–2015") are background, not deadlines, unless they say "frem til"/"senest".
Actor and forum come from data lists: the actor is the first actor named before the period, the
forum the first forum named after the actor.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.focus_areas import lemma_set

DATA = Path(__file__).parent / "data" / "deadlines.yaml"


@lru_cache(maxsize=1)
def _config() -> dict:
    with open(DATA, encoding="utf-8") as fh:
        cfg = yaml.safe_load(fh)
    for key in ("actors", "forums"):
        names = sorted(cfg[key], key=len, reverse=True)
        cfg["_" + key] = re.compile(r"(?<![\wæøå-])(" + "|".join(map(re.escape, names)) + r")(?![\wæøå])", re.I)
    return cfg


def has_cue(sentence: str) -> bool:
    cues = _config()["cues"]
    lowered = sentence.lower()
    if any(c in lowered.split() for c in ("senest", "inden", "skal")):
        return True
    return any(l.startswith(c) for l in lemma_set(sentence) for c in cues)


def actor_and_forum(sentence: str) -> tuple[str, str]:
    cfg = _config()
    actors = [(m.start(), m.group(1).lower()) for m in cfg["_actors"].finditer(sentence)]
    forums = [(m.start(), m.group(1).lower()) for m in cfg["_forums"].finditer(sentence)]
    actor = actors[0] if actors else None
    forum = next((f for f in forums if actor is None or f[0] > actor[0]), None)
    if actor and forum and forum[0] == actor[0]:
        forum = next((f for f in forums if f[0] > actor[0]), None)
    return (actor[1] if actor else "", _forum_base(forum[1]) if forum else "")


def _forum_base(name: str) -> str:
    # "kredsrådets møde" and "kredsrådsmødet" are meetings of the kredsråd
    if name.startswith("kredsråd"):
        return "kredsrådet"
    if name.startswith("lokalråd"):
        return "lokalrådet" if name in ("lokalrådet", "lokalrådets") else name
    return name


def deadlines_in_sentence(sentence: str, default_year: int | None) -> list[dict]:
    """Deadline facts of one sentence (without provenance); empty when it has none."""
    from pipeline.periods import find_periods

    periods = [p for p in find_periods(sentence, default_year=default_year) if _is_due(p, sentence)]
    if not periods or not has_cue(sentence):
        return []
    actor, forum = actor_and_forum(sentence)
    rows = []
    for period in periods:
        rows.append({
            "actor": actor,
            "forum": forum,
            "due_text": period.text,
            "due_start": period.due_start.isoformat(),
            "due_end": period.due_end.isoformat(),
            "precision": period.precision,
        })
    return rows


def _is_due(period, sentence: str) -> bool:
    if not getattr(period, "programme", False):
        return True
    window = sentence[max(0, period.start - 25):period.start].lower()
    return any(w in window for w in ("frem til", "senest", "inden"))
