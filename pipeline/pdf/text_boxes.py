"""Where a fact's words are on the page: map a span of ``Page.text`` back to the boxes of its words.

SPEC: every fact row carries ``x0, top, x1, bottom`` (PDF points, top-left origin), the box of
its words on its page, so a reader can see it. ``Page.text`` is built by the layout stage from the
text of the body blocks (joined by blank lines), each block's text from its lines' words after
dehyphenation. Rather than have layout record offsets, the mapping is recomputed here from the
finished page: each block's text is found in ``Page.text`` in reading order, then each word of the
block is found in the block's text in order. Dehyphenation only removes characters between words
("sam-" + "arbejde" -> "samarbejde"), so a word stripped of its line-end hyphen is still found at
the cursor; a word that is not (moved across a page break, re-ordered table cell) is skipped, it
only makes the box smaller. When no word of a span can be placed, the box of its block stands
in: coarser, but it still contains the fact.

    add_boxes(doc, rows)   # fills x0, top, x1, bottom of every row it can place (one place for all)
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from pipeline.lang.dehyphenate import HYPHENS
from pipeline.model import BBox, Block, Document, Page, Word

BOX_COLUMNS = ("x0", "top", "x1", "bottom")
# Row columns that hold the printed words of a fact, best first: used when a row has no offsets.
EVIDENCE_COLUMNS = ("sentence", "context", "title")
_SPACE = re.compile(r"\s+")
_HYPHEN_CHARS = "".join(HYPHENS)


def block_offsets(page: Page) -> list[tuple[int, Block]]:
    """(offset of the block's text in ``page.text``, block) for every body block found there."""
    found, cursor = [], 0
    for block in page.body_blocks():
        if not block.text:
            continue
        at = page.text.find(block.text, cursor)
        if at < 0:  # a block whose text was changed after joining (page-break repair): search all
            at = page.text.find(block.text)
        if at >= 0:
            found.append((at, block))
            cursor = max(cursor, at + len(block.text))
    return found


def _block_word_spans(block: Block) -> list[tuple[int, int, Word]]:
    """(start, end, word) of the block's words in ``block.text``.

    Words are matched in line order from a cursor. A word not found just ahead of the cursor is
    out of order (the cells of a table block are read cell by cell, its lines run across cells):
    it is then looked up with the next word of its line anywhere in the block, at a place no
    word has taken yet; a pair rarely repeats where a single short word would."""
    spans: list[tuple[int, int, Word]] = []
    taken: set[int] = set()
    cursor = 0
    for line in block.lines:
        cores = [w.text.rstrip(_HYPHEN_CHARS) or w.text for w in line.words]
        for i, (word, core) in enumerate(zip(line.words, cores)):
            at = block.text.find(core, cursor)
            # A word far ahead of the cursor is a repeat elsewhere, not this word.
            if at < 0 or at - cursor > max(8, len(core)):
                at = _pair_at(block.text, core, cores[i + 1] if i + 1 < len(cores) else "", taken)
                if at < 0:
                    continue
            spans.append((at, at + len(core), word))
            taken.add(at)
            cursor = at + len(core)
    return spans


def _pair_at(text: str, core: str, following: str, taken: set[int]) -> int:
    """Where ``core`` followed by ``following`` (any separator) stands in ``text`` at a free
    place; -1 if nowhere or if there is no following word to make the match specific."""
    if not following:
        return -1
    pattern = re.escape(core) + r"[\s|\-]+" + re.escape(following)
    return next((m.start() for m in re.finditer(pattern, text) if m.start() not in taken), -1)


def word_spans(page: Page) -> list[tuple[int, int, Word]]:
    """(start, end, word) of every body word placed in ``page.text``, in text order."""
    spans = []
    for offset, block in block_offsets(page):
        spans += [(offset + s, offset + e, w) for s, e, w in _block_word_spans(block)]
    return sorted(spans, key=lambda span: span[0])


def block_box(page: Page, start: int, end: int) -> Optional[BBox]:
    """The box of the block(s) whose text overlaps ``page.text[start:end]``: the fallback when
    none of the words could be placed (a scanned table is read from its own OCR, not from the
    block's words)."""
    box = None
    for offset, block in block_offsets(page):
        if offset < end and offset + len(block.text) > start:
            box = block.bbox if box is None else box.union(block.bbox)
    return box


def span_box(page: Page, start: int, end: int,
             spans: Optional[list[tuple[int, int, Word]]] = None) -> Optional[BBox]:
    """The union of the boxes of the words overlapping ``page.text[start:end]``; None if none."""
    box = None
    for s, e, word in spans if spans is not None else word_spans(page):
        if s < end and e > start:
            box = word.bbox if box is None else box.union(word.bbox)
    return box


def span_line_boxes(page: Page, start: int, end: int,
                    spans: Optional[list[tuple[int, int, Word]]] = None) -> list[BBox]:
    """One box per printed line of the words overlapping ``page.text[start:end]``, top to
    bottom: a sentence that starts mid-line is highlighted without the rest of its first line."""
    line_of = {id(w): (b, n) for b, block in enumerate(page.blocks)
               for n, line in enumerate(block.lines) for w in line.words}
    boxes: dict[tuple, BBox] = {}
    for s, e, word in spans if spans is not None else word_spans(page):
        if s < end and e > start:
            key = line_of.get(id(word), id(word))
            boxes[key] = word.bbox if key not in boxes else boxes[key].union(word.bbox)
    return sorted(boxes.values(), key=lambda b: (b.top, b.x0))


def format_boxes(boxes: Iterable[BBox]) -> str:
    """Boxes as text for a table cell: "x0,top,x1,bottom" joined by ";" (points, 1 decimal)."""
    return ";".join(",".join(f"{v:.1f}" for v in (b.x0, b.top, b.x1, b.bottom)) for b in boxes)


def find_text(page_text: str, text: str) -> Optional[tuple[int, int]]:
    """The span of ``text`` in ``page_text``, exactly or with any run of whitespace matching any
    other (cells and sentences are cleaned with single spaces, pages keep line breaks)."""
    text = text.strip()
    if not text:
        return None
    at = page_text.find(text)
    if at >= 0:
        return at, at + len(text)
    pattern = r"\s+".join(re.escape(part) for part in _SPACE.split(text))
    match = re.search(pattern, page_text)
    return match.span() if match else None


def _int(value: object) -> Optional[int]:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def row_span(row: dict, page: Page) -> Optional[tuple[int, int]]:
    """The fact's span in ``page.text``: its char offsets, else its printed words found there."""
    start, end = _int(row.get("char_start")), _int(row.get("char_end"))
    if start is not None and end is not None and 0 <= start < end <= len(page.text):
        return start, end
    for column in EVIDENCE_COLUMNS:
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            span = find_text(page.text, value)
            if span:
                return span
    return None


def add_boxes(doc: Document, rows: Iterable[dict]) -> None:
    """Fill ``x0, top, x1, bottom`` of each row (on its ``page``, else ``page_start``) with the
    box of its words (of its block when no word could be placed) and ``line_boxes`` with one box
    per line; rows that cannot be placed get None (unknown), rows without a page nothing."""
    pages = {p.number: p for p in doc.pages}
    cache: dict[int, list[tuple[int, int, Word]]] = {}
    for row in rows:
        if "page" not in row and "page_start" not in row:
            continue  # not a fact with a place (attendees): no box columns
        number = _int(row.get("page", row.get("page_start")))
        page = pages.get(number) if number is not None else None
        span = row_span(row, page) if page is not None else None
        box, lines = None, []
        if span is not None:
            if number not in cache:
                cache[number] = word_spans(page)
            box = span_box(page, *span, spans=cache[number])
            lines = span_line_boxes(page, *span, spans=cache[number]) if box else []
            if box is None:
                box = block_box(page, *span)
                lines = [box] if box else []
        for column in BOX_COLUMNS:
            row[column] = round(getattr(box, column), 2) if box is not None else None
        row["line_boxes"] = format_boxes(lines) if lines else None
