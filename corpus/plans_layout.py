"""A small canvas-level layout engine for the plan corpus.

Why not platypus: we need to know, for every sentence, hyphen break and heading, the physical page
it lands on, and we want balanced two-column runs under full-width headings. Laying the text out
ourselves makes that bookkeeping exact. Layout first produces per-page drawing operations; they are
executed only after the whole document is laid out, so furniture can print "Side 3 af 12" and the
contents page can print the pages of the sections.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from corpus.common import split_word

Op = Callable[[object], None]   # op(canvas)
FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
_FONTS = {"DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
          "DejaVuSerif": "DejaVuSerif.ttf", "DejaVuSerif-Bold": "DejaVuSerif-Bold.ttf",
          "DejaVuSansCondensed": "DejaVuSansCondensed.ttf",
          "DejaVuSansCondensed-Bold": "DejaVuSansCondensed-Bold.ttf"}


def register_fonts() -> None:
    for name, fname in _FONTS.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, FONT_DIR + fname))


def width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


@dataclass
class Style:
    name: str
    page: tuple[float, float] = (595.27, 841.89)
    x0: float = 56.0            # body region left
    x1: float = 539.0           # body region right
    top: float = 70.0           # first body line (distance from top edge)
    bottom: float = 775.0       # body must end above this (distance from top edge)
    ncols: int = 1
    gutter: float = 20.0
    font: str = "Helvetica"
    bold: str = "Helvetica-Bold"
    size: float = 10.0
    leading: float = 13.5
    justify: bool = False
    hyphenate: bool = False
    para_space: float = 7.0
    heading_sizes: dict = field(default_factory=lambda: {1: 17.0, 2: 13.0})
    heading_color: tuple = (0, 0, 0)
    heading_bar: Optional[tuple] = None   # fill colour of a bar behind headings (white text)
    box_fill: tuple = (0.88, 0.93, 0.97)
    callout_color: tuple = (0.78, 0.84, 0.9)

    @property
    def col_width(self) -> float:
        return (self.x1 - self.x0 - self.gutter * (self.ncols - 1)) / self.ncols


@dataclass
class Token:
    text: str
    sid: Optional[int]      # sentence id, None for non-sentence text
    start: bool = False     # first token of its sentence


@dataclass
class Item:
    """A column item: a line of a paragraph, a box, a callout, spacing or a marker."""
    height: float
    draw: Callable[[object, float, float], None]  # draw(canvas, x, top)
    starts: list = field(default_factory=list)    # sentence ids starting here
    hyphens: list = field(default_factory=list)   # (word, compound) broken at this line's end
    marker: Optional[str] = None
    space: bool = False     # dropped at the top of a column
    suspended: list = field(default_factory=list)  # suspended-hyphen phrases split at line end


class Layout:
    def __init__(self, style: Style):
        self.s = style
        self.pages: list[list[Op]] = []
        self.y = 0.0
        self.sentence_page: dict[int, int] = {}
        self.hyphens: list[dict] = []
        self.suspended_eol: list[dict] = []
        self.marks: dict[str, int] = {}
        self.new_page()

    # -- pages ---------------------------------------------------------------------------
    @property
    def page_no(self) -> int:
        return len(self.pages)

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.s.top

    def ensure(self, height: float) -> None:
        if self.y + height > self.s.bottom and self.y > self.s.top:
            self.new_page()

    def op(self, fn: Op) -> None:
        self.pages[-1].append(fn)

    def mark(self, key: str) -> None:
        self.marks[key] = self.page_no

    # -- paragraphs -> items -----------------------------------------------------------
    def para_items(self, tokens: list[Token], w: float, font: str | None = None,
                   size: float | None = None, leading: float | None = None,
                   color=(0, 0, 0), justify: Optional[bool] = None,
                   hyphenate: Optional[bool] = None) -> list[Item]:
        s = self.s
        font, size = font or s.font, size or s.size
        leading = leading or s.leading
        justify = s.justify if justify is None else justify
        hyphenate = s.hyphenate if hyphenate is None else hyphenate
        sp = width(" ", font, size)
        lines: list[tuple[list[Token], Optional[tuple]]] = []
        cur: list[Token] = []
        cur_w = 0.0
        queue = list(tokens)
        eol: dict[int, str] = {}
        while queue:
            tok = queue.pop(0)
            tw = width(tok.text, font, size)
            need = tw + (sp if cur else 0)
            if cur_w + need <= w or not cur:
                cur.append(tok)
                cur_w += need
                if tok.text.endswith("-") and len(queue) >= 2 and cur_w + sp + width(
                        f"{queue[0].text} {queue[1].text}", font, size) > w:
                    # keep "og" with the word it joins: break after the suspended "kreds-"
                    lines.append((cur, None))
                    eol[len(lines) - 1] = " ".join([tok.text] + [t.text for t in queue[:2]])
                    cur, cur_w = [], 0.0
                continue
            broken = None
            if hyphenate:
                room = w - cur_w - sp
                broken = split_word(tok.text, room, lambda t: width(t, font, size))
            if broken:
                head, tail = broken
                cur.append(Token(head, tok.sid, tok.start))
                # compound = broken at the word's own hyphen (the head is a prefix of it)
                lines.append((cur, (tok.text, tok.text.startswith(head))))
                queue.insert(0, Token(tail, tok.sid, False))
            else:
                lines.append((cur, None))
                queue.insert(0, tok)
                if cur[-1].text.endswith("-") and len(queue) > 1:
                    # a suspended hyphen ("kreds-" | "og lokalråd") landed at the line end
                    eol[len(lines) - 1] = " ".join([cur[-1].text] + [t.text for t in queue[:2]])
            cur, cur_w = [], 0.0
        if cur:
            lines.append((cur, None))
        items = []
        for i, (toks, hyph) in enumerate(lines):
            last = i == len(lines) - 1
            item = self._line_item(toks, hyph, w, font, size, leading, color, justify and not last)
            if i in eol:
                item.suspended = [eol[i].rstrip(".,;:")]
            items.append(item)
        return items

    def _line_item(self, toks, hyph, w, font, size, leading, color, justify) -> Item:
        texts = [t.text for t in toks]
        nat = sum(width(t, font, size) for t in texts)
        sp = width(" ", font, size)
        gap = (w - nat) / (len(texts) - 1) if justify and len(texts) > 1 else sp
        gap = max(gap, sp)

        def draw(c, x, top, texts=texts, gap=gap):
            c.setFont(font, size)
            c.setFillColorRGB(*color)
            H = self.s.page[1]
            for i, t in enumerate(texts):
                # a real space glyph after each word, as word processors emit, so that
                # extractors see word boundaries even in tight lines
                c.drawString(x, H - top - size, t + (" " if i < len(texts) - 1 else ""))
                x += width(t, font, size) + gap
        hyphens = []
        if hyph:
            word, compound = hyph
            # a compound broken at its own hyphen keeps the hyphen when rejoined
            hyphens.append((word.strip(".,;:()!?\""), compound))
        return Item(leading, draw, [t.sid for t in toks if t.start and t.sid is not None], hyphens)

    # -- runs of column items -------------------------------------------------------
    def place_run(self, items: list[Item]) -> None:
        """Place column items from the cursor on, never below `bottom`.

        A run that fits in the remaining space is balanced over the columns; otherwise (or when
        no balanced split fits) the columns are filled in order and the rest goes on the next page.
        """
        s = self.s
        items = list(items)
        while items and items[0].space:
            items.pop(0)
        while items:
            avail = s.bottom - self.y
            if avail < s.leading * 2 and self.y > s.top:
                self.new_page()
                continue
            total = sum(i.height for i in items)
            cols = None
            if s.ncols == 2 and total <= avail * s.ncols:
                cols = self._balance(items, avail)
            if cols is not None:
                items = []
                self._place_cols(cols)
                continue
            cols = []
            for _ in range(s.ncols):
                cols.append(self._take(items, avail))
            self._place_cols(cols)
            while items and items[0].space:   # spacing left over at a break opens no page
                items.pop(0)
            if items:
                self.new_page()

    def _take(self, items: list[Item], avail: float) -> list[Item]:
        """Fill one column of height `avail`; an item that does not fit is left for later."""
        col, h = [], 0.0
        while items and h + items[0].height <= avail:
            it = items.pop(0)
            if it.space and not col:
                continue
            col.append(it)
            h += it.height
        if items and not col and not items[0].space and avail >= self.s.bottom - self.s.top:
            raise ValueError(f"{self.s.name}: a {items[0].height:.1f} pt item is taller than "
                             f"the text frame ({self.s.bottom - self.s.top:.1f} pt)")
        return col

    def _balance(self, items: list[Item], avail: float) -> Optional[list[list[Item]]]:
        """Split a run over two columns of height `avail`, as evenly as possible.

        Returns None when no split fits (both columns at most `avail`); the caller then fills
        the columns in order instead of letting one of them run off the page.
        """
        total = sum(i.height for i in items)
        best = None
        acc = 0.0
        for k in range(len(items) + 1):
            rest = total - acc
            h1 = acc
            if h1 <= avail and rest <= avail:
                score = max(h1, rest)
                if best is None or score < best[0] - 0.01:
                    best = (score, k)
            if k < len(items):
                acc += items[k].height
        if best is None:
            return None
        k = best[1]
        left, right = items[:k], items[k:]
        while right and right[0].space:
            right.pop(0)
        return [left, right]

    def _place_cols(self, cols: list[list[Item]]) -> None:
        s = self.s
        heights = []
        for ci, col in enumerate(cols):
            x = s.x0 + ci * (s.col_width + s.gutter)
            y = self.y
            for it in col:
                self._record(it)
                fn = it.draw
                self.op(lambda c, fn=fn, x=x, y=y: fn(c, x, y))
                y += it.height
            heights.append(y - self.y)
        self.y += max(heights) if heights else 0

    def _record(self, it: Item) -> None:
        for sid in it.starts:
            self.sentence_page.setdefault(sid, self.page_no)
        for word, compound in it.hyphens:
            h = {"page": self.page_no, "word": word}
            if compound:
                h["compound"] = True
            self.hyphens.append(h)
        for phrase in it.suspended:
            self.suspended_eol.append({"page": self.page_no, "phrase": phrase})
        if it.marker:
            self.marks[it.marker] = self.page_no

    # -- full-width pieces ---------------------------------------------------------
    def full_width(self, height: float, draw: Callable[[object, float, float], None],
                   keep: float = 0.0) -> None:
        """Place something across the body width; `keep` reserves room for what follows."""
        self.ensure(height + keep)
        if self.y + height > self.s.bottom:   # only at the top of a page: taller than the frame
            raise ValueError(f"{self.s.name}: a {height:.1f} pt block is taller than the "
                             f"text frame ({self.s.bottom - self.s.top:.1f} pt)")
        y = self.y
        self.op(lambda c: draw(c, self.s.x0, y))
        self.y += height


def tokens_of(sentences: list[tuple[int, str]]) -> list[Token]:
    toks = []
    for sid, text in sentences:
        for j, w in enumerate(text.split()):
            toks.append(Token(w, sid, j == 0))
    return toks
