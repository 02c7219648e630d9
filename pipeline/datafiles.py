"""The project's data files (pipeline/data/*.yaml): read once per process, shared by the stages.

Phrase lists, the taxonomy, the gazetteer and the table schema are data, not code; every stage
reads its file through :func:`load`, so there is one place that knows where they live and how
they are parsed. The returned dict is shared: a stage that derives things from it copies first.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed YAML file ``pipeline/data/<name>``."""
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
