"""The outline a document declares about itself: PDF bookmarks (/Outlines) and the printed table
of contents. Layout uses it to confirm headings, set their levels and tell decorative words (never
listed) from headings, whatever the fonts and sizes of the house style.

    bookmarks(pdf) -> list[Entry]          from the open pdfplumber PDF
    contents_entries(pages_rows) -> list[Entry]   from the text rows of the first pages
    title_key(text) -> str                 the comparable form of a heading or an entry
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Line

# A contents row: a title, optional dot leaders, a page number at the end.
_ROW = re.compile(r"^(?P<title>.*?[A-Za-zÆØÅæøå].*?)[\s.·…_]*\s(?P<page>\d{1,3})$")
_NUMBERING = re.compile(r"^\s*(?:(?:indsats|fokus)område\s*\d+\s*[:.–-]?|\d{1,2}(?:\.\d{1,2})*\.?)\s+",
                        re.IGNORECASE)
MIN_CONTENTS_ROWS = 4
CONTENTS_PAGES = 4     # a table of contents is printed on one of the first pages


@dataclass
class Entry:
    title: str
    level: int          # 1 = top
    page: int | None = None

    @property
    def key(self) -> str:
        return title_key(self.title)


def title_key(text: str) -> str:
    """Lower case, printed numbering, dot leaders and punctuation removed, spaces collapsed."""
    text = _NUMBERING.sub("", text.strip())
    text = re.sub(r"[.·…_]{2,}", " ", text)
    text = re.sub(r"[^\wæøåÆØÅ]+", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def bookmarks(pdf) -> list[Entry]:
    """The document's bookmarks with their depth; empty when it has none or they are unreadable."""
    if pdf is None:
        return []
    try:
        outlines = list(pdf.doc.get_outlines())
    except Exception:  # noqa: BLE001 - no /Outlines or a broken one: no outline from it
        return []
    entries = [Entry(title.strip(), level) for level, title, *_ in outlines if title and title.strip()]
    return entries if len(entries) >= 2 else []


def contents_entries(pages_rows: list[list[Line]]) -> list[Entry]:
    """Entries of the printed table of contents: the first of the first pages whose rows mostly
    end in a page number that never decreases. Level from the indent (deeper = further right)."""
    for rows in pages_rows[:CONTENTS_PAGES]:
        found = [(ln, _ROW.match(ln.text.strip())) for ln in rows]
        found = [(ln, m) for ln, m in found if m]
        if len(found) < MIN_CONTENTS_ROWS or len(found) < 0.5 * len(rows):
            continue
        pages = [int(m.group("page")) for _, m in found]
        if any(b < a for a, b in zip(pages, pages[1:])):
            continue
        indents = sorted({round(ln.bbox.x0) for ln, _ in found})
        levels = _indent_levels(indents)
        return [Entry(m.group("title").strip(" ."), levels[round(ln.bbox.x0)], int(m.group("page")))
                for ln, m in found]
    return []


def _indent_levels(indents: list[int]) -> dict[int, int]:
    """Indents within a few points are one level."""
    levels: dict[int, int] = {}
    level, last = 0, None
    for x in indents:
        if last is None or x - last > 4:
            level += 1
        levels[x] = level
        last = x
    return levels
