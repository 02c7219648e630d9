"""The project's data files (pipeline/data/*.yaml): read once per process, shared by the stages.

Phrase lists, the taxonomy, the gazetteer and the table schema are data, not code; every stage
reads its file through :func:`load`, so there is one place that knows where they live and how
they are parsed. The returned dict is shared: a stage that derives things from it copies first.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed YAML file ``pipeline/data/<name>``, read once per process. Shared by every
    caller: copy before changing it."""
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def alternation(phrases: Iterable, space: str = r"\s+", lower: bool = False) -> str:
    """A regex alternation of a data file's phrase list: longest first (so "afbud fra" wins over
    "afbud"), each phrase escaped, a space matching ``space`` (any whitespace run by default)."""
    items = sorted({str(p).lower() if lower else str(p) for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", space) for w in items)
