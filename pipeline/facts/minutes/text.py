"""Shared helpers for the minutes extractors: phrase lists and the line/table stream.

Text joining and sentence splitting are the shared ones (lang.dehyphenate, lang.nlp), so minutes
keep "SSP-samarbejdet" as plans do.

The stream flattens a Document into reading-order events (one per printed line, one per table) so
the extractors can walk a referat top to bottom the way a reader does, across page breaks.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from pipeline.datafiles import load
from pipeline.lang.nlp import sentences

from pipeline.model import Block, Document, Page, TableData


@lru_cache(maxsize=1)
def phrases() -> dict:
    """The phrase lists of pipeline/data/minutes.yaml (cached: read once per process)."""
    return load("minutes.yaml")


def norm(text: str) -> str:
    """Lower-case, NFC, punctuation-light form for comparisons."""
    text = unicodedata.normalize("NFC", text or "").lower()
    text = re.sub(r"[\"'“”„«»()\[\]:;,.!?]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def clean(text: str) -> str:
    """Collapse whitespace and strip list bullets/dashes that are layout, not content."""
    text = re.sub(r"\s+", " ", text or "").strip()
    return re.sub(r"^[•·\-–—*▪◦]\s*", "", text).strip()


def sentence_texts(text: str) -> list[str]:
    """The sentences of running text (the shared splitter: "kl. 16.00." ends a sentence)."""
    return [t.strip() for _, _, t in sentences(text or "") if t.strip()]


@dataclass
class Event:
    """One step of the reading-order stream: a printed line or a whole table."""

    page: int
    text: str = ""
    kind: str = "body"           # block kind of the line, or "table"
    level: Optional[int] = None
    block: int = -1              # index of the block the line came from (paragraph identity)
    table: Optional[TableData] = None
    words: list = field(default_factory=list)   # the page's words inside the table (bold titles)

    @property
    def is_table(self) -> bool:
        return self.table is not None


def stream(doc: Document) -> list[Event]:
    """All lines and tables of the document in reading order."""
    events: list[Event] = []
    block_id = 0
    for page in doc.pages:
        page_events, block_id = _page_events(page, block_id)
        events.extend(page_events)
    return events


def _page_events(page: Page, block_id: int) -> tuple[list[Event], int]:
    blocks = page.body_blocks()
    if not blocks:
        # Without layout blocks we only have Page.text; tables go last (their place is unknown).
        events = [Event(page.number, ln, "body", None, block_id + i)
                  for i, ln in enumerate(page.text.splitlines()) if ln.strip()]
        events += [_table_event(page, t) for t in page.tables]
        return events, block_id + len(events) + 1
    return _events_from_blocks(page, blocks, block_id)


def _events_from_blocks(page: Page, blocks: list[Block], block_id: int) -> tuple[list[Event], int]:
    events: list[Event] = []
    pending = sorted(page.tables, key=lambda t: t.bbox.top)
    for block in blocks:
        block_id += 1
        # Tables are placed where they start on the page, relative to the prose blocks.
        while pending and pending[0].bbox.top <= block.bbox.top + 1:
            events.append(_table_event(page, pending.pop(0)))
        if block.kind == "table" and (page.tables and _covered(block, page.tables)):
            continue
        for text in _block_lines(block):
            events.append(Event(page.number, text, block.kind, block.level, block_id))
    events += [_table_event(page, t) for t in pending]
    return events, block_id


def _table_event(page: Page, table: TableData) -> Event:
    box = table.bbox
    inside = [w for w in page.words
              if box.x0 - 1 <= w.x0 and w.x1 <= box.x1 + 1 and box.top - 1 <= w.top and w.bottom <= box.bottom + 1]
    return Event(page.number, kind="table", table=table, words=inside)


def _covered(block: Block, tables: list[TableData]) -> bool:
    """Is the block inside one of the page's tables (its words are read from the cells instead)?"""
    for t in tables:
        if block.bbox.top >= t.bbox.top - 2 and block.bbox.bottom <= t.bbox.bottom + 2:
            return True
    return False


def _block_lines(block: Block) -> list[str]:
    if block.lines:
        return [ln.text for ln in block.lines if ln.text.strip()]
    return [ln for ln in (block.text or "").splitlines() if ln.strip()]


def meeting_year(doc: Document) -> Optional[int]:
    """The meeting's year: from the ISO meeting date, else the document year."""
    date = doc.meta.meeting_date or ""
    if re.match(r"\d{4}-", date):
        return int(date[:4])
    return doc.meta.year


def column_map(header: list[Optional[str]], spec: dict) -> dict[str, int]:
    """Column index per meaning from a header row: exact header words first, then a word of a
    combined header ("Beslutning/opfølgning"); spec order is priority, each meaning used once."""
    cols: dict[str, int] = {}
    keys = [norm(c or "") for c in header]
    for exact in (True, False):
        for meaning, words in spec.items():
            if meaning in cols:
                continue
            wanted = {norm(str(w)) for w in words}
            for i, key in enumerate(keys):
                hit = key in wanted if exact else bool(wanted & set(re.split(r"[\s/]+", key)))
                if hit and i not in cols.values():
                    cols[meaning] = i
                    break
    return cols
