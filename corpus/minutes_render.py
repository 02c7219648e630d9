"""A small Word-like page writer on a reportlab canvas that knows where everything lands.

The minutes generator needs the physical page of every sentence, agenda item and table row for
the gold. Platypus splits paragraphs on its own, so instead this writer wraps lines itself and
records the page of each line it draws. Only wraps at spaces and after hard hyphens, as Word does
(no hyphenation in office documents).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth

from corpus.common import new_canvas

BOLD = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "Courier": "Courier-Bold"}
PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 62.0, 62.0, 70.0, 70.0
TEXT_W = PAGE_W - LEFT - RIGHT

Cell = list[tuple[str, bool]]  # paragraphs of a table cell: (text, bold)


@dataclass
class Placed:
    """Where a drawn paragraph went: sentence start offsets and (line start offset, page)."""
    starts: list[int]
    lines: list[tuple[int, int]]

    def page_at(self, offset: int) -> int:
        """Physical page of the character at `offset` of the paragraph text."""
        return max((p for o, p in self.lines if o <= offset), default=self.lines[0][1])


@dataclass
class Furniture:
    header: str = ""            # running header line (gold furniture)
    footer: str = ""            # footer with {n} / {total}: a page number, not gold furniture
    total: int = 0


@dataclass
class Writer:
    path: Path
    font: str
    size: float = 10.5
    furniture: Furniture = field(default_factory=Furniture)
    page: int = 1
    y: float = PAGE_H - TOP
    tables: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.c = new_canvas(self.path, A4)
        self.bold_font = BOLD[self.font]

    # ------------------------------------------------------------------ pages
    @property
    def leading(self) -> float:
        return self.size * 1.32

    def _draw_furniture(self) -> None:
        f = self.furniture
        self.c.setFillGray(0.35)
        if f.header:
            self.c.setFont(self.font, 8.5)
            self.c.drawString(LEFT, PAGE_H - 40, f.header)
            self.c.setLineWidth(0.4)
            self.c.line(LEFT, PAGE_H - 45, PAGE_W - RIGHT, PAGE_H - 45)
        if f.footer:
            self.c.setFont(self.font, 8.5)
            text = f.footer.format(n=self.page, total=f.total or 99)
            self.c.drawRightString(PAGE_W - RIGHT, 36, text)
        self.c.setFillGray(0)

    def new_page(self) -> None:
        self._draw_furniture()
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - TOP

    def ensure(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def space(self, height: float) -> None:
        self.y -= height

    def finish(self) -> int:
        self._draw_furniture()
        self.c.showPage()
        self.c.save()
        return self.page

    # ------------------------------------------------------------------ text
    def wrap(self, text: str, width: float, font: str, size: float) -> list[tuple[int, str]]:
        """Greedy wrap; returns (char offset of the line start, line text)."""
        return wrap(text, width, font, size)

    def text(self, text: str, bold: bool = False, size: Optional[float] = None,
             indent: float = 0.0, keep: int = 1) -> int:
        """Draw a wrapped block of non-sentence text; returns the page of its first line."""
        size = size or self.size
        font = self.bold_font if bold else self.font
        lines = wrap(text, TEXT_W - indent, font, size)
        self.ensure(size * 1.32 * (len(lines) + keep - 1))
        first = self.page
        for _, line in lines:
            self.ensure(size * 1.32)
            self.c.setFont(font, size)
            self.c.drawString(LEFT + indent, self.y - size, line)
            self.y -= size * 1.32
        return first

    def paragraph(self, sentences: list[str], bold: bool = False, indent: float = 0.0
                  ) -> "Placed":
        """Draw sentences as one wrapped paragraph; returns where each character landed."""
        text = " ".join(sentences)
        starts, pos = [], 0
        for s in sentences:
            starts.append(pos)
            pos += len(s) + 1
        font = self.bold_font if bold else self.font
        placed = Placed(starts, [])
        for offset, line in wrap(text, TEXT_W - indent, font, self.size):
            self.ensure(self.leading)
            self.c.setFont(font, self.size)
            self.c.drawString(LEFT + indent, self.y - self.size, line)
            placed.lines.append((offset, self.page))
            self.y -= self.leading
        return placed

    # ------------------------------------------------------------------ tables
    def table(self, widths: list[float], header: list[str], rows: list[list[Cell]],
              repeat_header: bool, size: float = 9.0, split_rows: bool = False
              ) -> list["RowPlace"]:
        """A ruled table. A row that does not fit moves to the next page, or with split_rows
        breaks between lines as Word does by default. Returns where each row went; records the
        printed fragments (one per page, header first where printed) in self.tables."""
        t = _Table(widths, size, 3.5, size * 1.25, [[(h, True)] for h in header], repeat_header)
        places: list[RowPlace] = []
        fragment = self._start_fragment(t, True)
        for row in rows:
            lines = [self._cell_lines(c, w - 2 * t.pad, size) for c, w in zip(row, widths)]
            h = max(max(len(x) for x in lines), 1) * t.lead + 2 * t.pad
            room = int((self.y - BOTTOM - 2 * t.pad) // t.lead)
            if self.y - h >= BOTTOM:
                places.append(RowPlace(self.page))
                fragment["rows"].append([cell_text(c) for c in row])
                self._draw_row(t, lines)
            elif split_rows and room >= 2 and fragment["rows"][-1:] != [header]:
                places.append(self._split_row(t, row, lines, room, fragment))
                fragment = self.tables[-1]
            else:
                self.new_page()
                fragment = self._start_fragment(t, repeat_header)
                places.append(RowPlace(self.page))
                fragment["rows"].append([cell_text(c) for c in row])
                self._draw_row(t, lines)
        self.y -= 6
        return places

    def _split_row(self, t: "_Table", row: list[Cell], lines: list[list], room: int,
                   fragment: dict) -> "RowPlace":
        """Draw the first `room` lines of every cell here and the rest on the next page."""
        first, rest = [x[:room] for x in lines], [x[room:] for x in lines]
        cut = [(x[room][2], x[room][3]) if len(x) > room else (10**6, 0) for x in lines]
        place = RowPlace(self.page, self.page + 1, cut)
        fragment["rows"].append([_part(c, (0, 0), k) for c, k in zip(row, cut)])
        self._draw_row(t, first)
        self.new_page()
        fragment = self._start_fragment(t, t.repeat_header)
        fragment["continued"] = True  # the first row is the rest of a row split at the break
        fragment["rows"].append([_part(c, k, (10**6, 0)) for c, k in zip(row, cut)])
        self._draw_row(t, rest)
        return place

    def _start_fragment(self, t: "_Table", with_header: bool) -> dict:
        fragment = {"page": self.page, "rows": []}
        self.tables.append(fragment)
        if with_header:
            fragment["rows"].append([cell_text(c) for c in t.head])
            lines = [self._cell_lines(c, w - 2 * t.pad, t.size) for c, w in zip(t.head, t.widths)]
            self._draw_row(t, lines, fill=0.88)
        return fragment

    def _cell_lines(self, cell: Cell, width: float, size: float) -> list[tuple[str, str, int, int]]:
        """(font, line, paragraph index, offset of the line in the paragraph) of a cell."""
        out = []
        for k, (text, bold) in enumerate(cell):
            font = self.bold_font if bold else self.font
            out += [(font, line, k, off) for off, line in wrap(text, width, font, size)]
        return out

    def _draw_row(self, t: "_Table", lines: list[list], fill: Optional[float] = None) -> None:
        h = max(max(len(x) for x in lines), 1) * t.lead + 2 * t.pad
        x, top = LEFT, self.y
        c = self.c
        if fill is not None:
            c.setFillGray(fill)
            c.rect(LEFT, top - h, sum(t.widths), h, stroke=0, fill=1)
            c.setFillGray(0)
        c.setLineWidth(0.6)
        for cell_lines, w in zip(lines, t.widths):
            c.rect(x, top - h, w, h, stroke=1, fill=0)
            y = top - t.pad
            for font, line, _, _ in cell_lines:
                c.setFont(font, t.size)
                c.drawString(x + t.pad, y - t.size, line)
                y -= t.lead
            x += w
        self.y = top - h


@dataclass
class _Table:
    widths: list[float]
    size: float
    pad: float
    lead: float
    head: list[Cell]
    repeat_header: bool


@dataclass
class RowPlace:
    """Where a table row went: its page, and for a split row the next page and, per column,
    the (paragraph, offset) of the first character printed there."""
    page: int
    next_page: int = 0
    cut: Optional[list[tuple[int, int]]] = None

    def page_of(self, col: int, para: int, offset: int) -> int:
        if not self.cut or (para, offset) < self.cut[col]:
            return self.page
        return self.next_page


def _part(cell: Cell, start: tuple[int, int], end: tuple[int, int]) -> str:
    """The text of a cell between two (paragraph, offset) positions, as printed."""
    parts = []
    for k, (text, _) in enumerate(cell):
        a = start[1] if k == start[0] else (0 if k > start[0] else len(text))
        b = end[1] if k == end[0] else (len(text) if k < end[0] else 0)
        if a < b:
            parts.append(text[a:b].strip())
    return " ".join(p for p in parts if p)


def cell_text(cell: Cell) -> str:
    return " ".join(t for t, _ in cell if t)


def wrap(text: str, width: float, font: str, size: float) -> list[tuple[int, str]]:
    """Greedy wrap at spaces; a word that does not fit may break after a hard hyphen
    ("SSP-|samarbejdet"), as Word does. Returns (offset of the line start in text, line)."""
    def w(s: str) -> float:
        return stringWidth(s, font, size)

    lines: list[tuple[int, str]] = []
    start, cur, pos = 0, "", 0
    for word in text.split(" "):
        wpos, pos = pos, pos + len(word) + 1
        while word:
            trial = f"{cur} {word}" if cur else word
            if w(trial) <= width:
                start, cur = (start if cur else wpos), trial
                break
            room = width - w(cur + " ") if cur else width
            head = _hyphen_head(word, room, w)
            if head:
                lines.append((start if cur else wpos, f"{cur} {head}" if cur else head))
                word, wpos, cur = word[len(head):], wpos + len(head), ""
            elif cur:
                lines.append((start, cur))
                cur = ""
            else:  # an unbreakable word wider than the line overflows
                start, cur = wpos, word
                break
    if cur:
        lines.append((start, cur))
    return lines


def _hyphen_head(word: str, room: float, w) -> str:
    """The longest part of `word` up to and including a hard hyphen that fits in `room`."""
    best = ""
    for i, ch in enumerate(word[:-1]):
        # Only after a letter: Word keeps dates like 12-06-2014 on one line in these documents.
        if ch == "-" and i >= 2 and word[i - 1].isalpha() and w(word[:i + 1]) <= room:
            best = word[:i + 1]
    return best
