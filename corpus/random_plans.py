"""Cooperation plans in layouts drawn from wide distributions, with gold from what was rendered.

The fixed corpus (plans.py) has four house styles, and the parser was written against them; this
module draws every layout choice at random instead, so the evaluation sees layouts nobody tuned
on: page size and margins, one to three columns, body font and size, heading styles per level
(size 1.0-2.5x body, bold or not, colour, capitals, numbering, a coloured bar, a big numeral before
it, forced wrapping onto several lines), decorative words (margin, between paragraphs, page top),
running header and/or footer and page numbers in several places, a table of contents with or
without dot leaders, PDF bookmarks, tables with and without a header row, scans.

Content comes from the plan world (plans_world.build_plan): a *series* is one district over
consecutive plan years in one drawn house style (one year possibly scanned), so year-to-year
changes can be scored.

Held-back ranges: the layout features in HELDOUT_FEATURES are never drawn for development
documents; a held-back document always has at least one of them. Draw with heldout=False while
developing and score the held-back documents separately.

    series_jobs(n_docs, heldout, seed) -> list[Series]
    render_series(series, out_dir, gold_dir) -> list[Path]
"""
from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from corpus.common import (parse_danish_number, rasterise_pdf, setup_reportlab,
                           write_gold)
from corpus.plans import Renderer, gold_for
from corpus.plans_layout import Item, Layout, Style, register_fonts, tokens_of, width
from corpus.plans_styles import box_item, space_item, wrap
from corpus.plans_world import build_plan, load

# Layout features never drawn while developing (scored separately): a heading style, a
# decoration position and a table shape.
HELDOUT_FEATURES = ("heading_numeral", "deco_page_top", "table_two_row_header")

FAMILIES = [("DejaVuSans", "DejaVuSans-Bold"), ("DejaVuSerif", "DejaVuSerif-Bold"),
            ("DejaVuSansCondensed", "DejaVuSansCondensed-Bold"), ("Helvetica", "Helvetica-Bold"),
            ("Times-Roman", "Times-Bold"), ("DejaVuSerifCondensed", "DejaVuSerifCondensed-Bold")]
EXTRA_FONTS = {"DejaVuSerifCondensed": "DejaVuSerifCondensed.ttf",
               "DejaVuSerifCondensed-Bold": "DejaVuSerifCondensed-Bold.ttf"}
PAGES = [(595.27, 841.89), (612.0, 792.0), (566.9, 793.7), (640.0, 860.0)]
COLOURS = [(0.1, 0.2, 0.42), (0.05, 0.38, 0.42), (0.55, 0.1, 0.15), (0.15, 0.35, 0.15),
           (0.75, 0.3, 0.05), (0.3, 0.3, 0.3), (0, 0, 0)]
PALE = [(0.74, 0.82, 0.9), (0.85, 0.85, 0.85), (0.95, 0.8, 0.7), (0.8, 0.9, 0.8)]
DECO_EXTRA = ["Tryg hverdag", "Sammen om trygheden", "Nærhed", "Ansvar og dialog", "Fællesskab",
              "Tryghed for alle", "Viden deles", "Lokalt forankret"]
BOOKMARK, NUMERAL = "bookmark", "numeral"


@dataclass
class HeadStyle:
    ratio: float            # size relative to the body size
    bold: bool
    colour: tuple
    caps: bool = False
    bar: Optional[tuple] = None    # fill colour of a bar behind the heading (white text)
    width_share: float = 1.0       # share of the text width a heading may use (forces wrapping)


@dataclass
class Look:
    """One drawn house style plus the features it shows (for per-feature scores)."""
    seed: str
    page: tuple
    x0: float
    x1: float
    top: float
    bottom: float
    ncols: int
    font: str
    bold: str
    size: float
    leading: float
    justify: bool
    heads: dict                     # level -> HeadStyle
    numbering: str                  # none | dotted | labelled | numeral
    deco: list                      # positions: margin | between | page_top
    deco_colour: tuple
    deco_ratio: float
    header: Optional[str]           # running header text pattern or None
    footer: Optional[str]
    page_no: str                    # footer_centre | footer_outer | header_outer | none
    toc: bool
    toc_leaders: bool
    bookmarks: bool
    table_shape: str                # header | no_header | two_row_header
    table_ruled: bool
    table_total: bool
    heldout: bool
    features: list = field(default_factory=list)


def _head_style(rng: random.Random, level: int, body: float, heldout: bool) -> HeadStyle:
    # level 1 never smaller than level 2: drawn top-down in _draw_look
    ratio = rng.uniform(1.3, 2.5) if level == 1 else rng.uniform(1.0, 1.6)
    colour = rng.choice(COLOURS)
    bold = rng.random() < 0.8 or ratio < 1.15
    bar = rng.choice(COLOURS[:5]) if rng.random() < 0.18 else None
    return HeadStyle(ratio, bold, colour, caps=rng.random() < 0.15 and level == 1, bar=bar,
                     width_share=rng.choice([1.0, 1.0, 0.6, 0.4]) if level == 2 else 1.0)


def draw_look(seed: str, heldout: bool) -> Look:
    rng = random.Random(f"look-{seed}")
    page = rng.choice(PAGES)
    deco = [p for p in ("margin", "between") if rng.random() < 0.4]
    if heldout and rng.random() < 0.5:
        deco.append("page_top")
    margin_deco = "margin" in deco
    x0 = rng.uniform(110, 150) if margin_deco else rng.uniform(40, 80)
    x1 = page[0] - rng.uniform(40, 75)
    family = rng.choice(FAMILIES)
    size = round(rng.uniform(8.5, 11.5), 1)
    width_pt = x1 - x0
    ncols = rng.choice([1, 1, 2, 2, 3] if width_pt > 420 else [1, 2])
    heads = {1: _head_style(rng, 1, size, heldout), 2: _head_style(rng, 2, size, heldout)}
    if heads[2].ratio * (1.15 if heads[2].bold else 1.0) >= heads[1].ratio:
        heads[1].ratio = heads[2].ratio + 0.4
    numbering = rng.choice(["none", "none", "dotted", "labelled"] + (["numeral"] * 2 if heldout else []))
    header = rng.choice([None, "{district} | {title}", "{title}", "{district}"])
    footer = rng.choice([None, "{title}", "{district} · {title}"]) if header else \
        rng.choice(["{title}", "{district} · {title}"])
    shape = rng.choice(["header", "header", "no_header"] + (["two_row_header"] * 2 if heldout else []))
    look = Look(seed, page, x0, x1, rng.uniform(60, 95), page[1] - rng.uniform(55, 80), ncols,
                family[0], family[1], size, round(size * rng.uniform(1.22, 1.45), 1),
                rng.random() < 0.5, heads, numbering, deco, rng.choice(PALE + COLOURS[:5]),
                rng.uniform(1.8, 3.2), header, footer,
                rng.choice(["footer_centre", "footer_outer", "header_outer", "none"]),
                rng.random() < 0.6, rng.random() < 0.5, rng.random() < 0.4, shape,
                rng.random() < 0.5, rng.random() < 0.7, heldout)
    if heldout and not _uses_heldout(look):
        look.numbering = "numeral"   # a held-back document shows at least one held-back feature
    look.features = _features(look)
    return look


def _uses_heldout(look: Look) -> bool:
    return look.numbering == "numeral" or "page_top" in look.deco or \
        look.table_shape == "two_row_header"


def _features(look: Look) -> list[str]:
    f = [f"columns_{look.ncols}", f"numbering_{look.numbering}", f"table_{look.table_shape}"]
    if look.numbering == "numeral":
        f.append("heading_numeral")
    h1, h2 = look.heads[1], look.heads[2]
    if h1.bar or h2.bar:
        f.append("heading_bar")
    if not h2.bold or not h1.bold:
        f.append("heading_not_bold")
    if h2.ratio < 1.15:
        f.append("heading_body_size")
    if h2.width_share < 1.0:
        f.append("heading_multiline")
    if h1.caps:
        f.append("heading_caps")
    f += [f"deco_{p}" for p in look.deco]
    if look.deco and sum(look.deco_colour) / 3 < 0.6:
        f.append("deco_coloured")
    if look.toc:
        f.append("toc_leaders" if look.toc_leaders else "toc_plain")
    if look.bookmarks:
        f.append("bookmarks")
    f.append("ruled" if look.table_ruled else "unruled")
    return sorted(set(f))


# ---------------------------------------------------------------------------------------------
class RandomRenderer(Renderer):
    """Renderer of plans.py with every house-style decision taken from a drawn Look."""

    def __init__(self, content, look: Look, compact: bool = False):
        register_fonts()
        _register_extra_fonts()
        self.c, self.compact, self.look = content, compact, look
        self.style = "random"
        self.L = Layout(Style("random", page=look.page, x0=look.x0, x1=look.x1, top=look.top,
                              bottom=look.bottom, ncols=look.ncols, gutter=16, font=look.font,
                              bold=look.bold, size=look.size, leading=look.leading,
                              justify=look.justify, hyphenate=look.justify,
                              heading_sizes={1: 0, 2: 0}))
        self.rng = random.Random(f"render-{look.seed}-{content.year}")
        self.callouts: list[str] = []
        self.tables: list[dict] = []
        self.areas: list[dict] = []
        self.headings: list[str] = []
        self.toc: list[tuple[str, str, int]] = []
        self.toc_y = None
        self.outline: list[tuple[str, str, int]] = []
        self.numbering = ""
        self.area_pages = False
        self.top_decorated: set[int] = set()

    def layout(self) -> None:
        self.cover()
        if self.look.toc:
            self.L.new_page()
            self.contents_page()
        for si, sec in enumerate(self.c.sections):
            if sec.key in ("forord", "areas", "tal") or (not self.compact and sec.key != "local"):
                self.L.new_page()
            num = f"{si + 1}. " if self.look.numbering == "dotted" else ""
            self.toc.append((num + sec.title, sec.key, 1))
            self.headings.append(sec.title)
            self.heading(num + sec.title, 1, sec.key)
            self.L.mark(sec.key)
            self.blocks(sec.blocks)
            for ai, area in enumerate(sec.areas):
                self.area(area, ai, si)

    def area(self, area, ai: int, si: int) -> None:
        n = self.look.numbering
        prefix = {"dotted": f"{si + 1}.{ai + 1} ", "labelled": f"Indsatsområde {ai + 1}: "}.get(n, "")
        key = f"area{ai}"
        self.heading(prefix + area.title, 2, key, numeral=f"{ai + 1:02d}" if n == "numeral" else "")
        self.headings.append(area.title)
        self.L.mark(key)
        start = self.L.page_no
        self.toc.append((prefix + area.title, key, 2))
        if "margin" in self.look.deco and self.rng.random() < 0.6:
            self.margin_deco(self._deco_word(area.category))
        if "page_top" in self.look.deco and self.rng.random() < 0.5:
            self.page_top_deco(self._deco_word(area.category))
        self.blocks(area.blocks)
        self.areas.append({"area": area, "page_start": start, "page_end": self.L.page_no})

    # -- headings -------------------------------------------------------------------------
    def heading(self, text: str, level: int, key: str, numeral: str = "") -> None:
        hs, s, look = self.look.heads[level], self.L.s, self.look
        size = round(look.size * hs.ratio, 1)
        font = look.bold if hs.bold else look.font
        shown = text.upper() if hs.caps else text
        pad = 5 if hs.bar else 0
        w = (s.x1 - s.x0) * hs.width_share - 2 * pad
        lines = wrap(shown, font, size, w)[:4]
        lead = size * 1.22
        nsize = look.size * 2.6
        before = (look.size * 0.8) if self.L.y > s.top else 0
        num_h = nsize * 1.1 if numeral else 0
        h = before + num_h + len(lines) * lead + 2 * pad + look.size * 0.6
        H = s.page[1]
        bookmark = look.bookmarks
        title = text

        def draw(c, x, top):
            top += before
            if bookmark:
                c.bookmarkPage(key, fit="XYZ", top=H - top)
                c.addOutlineEntry(title, key, level=level - 1)
            if numeral:
                c.setFillColorRGB(*hs.colour)
                c.setFont(look.bold, nsize)
                c.drawString(x, H - top - nsize, numeral)
                top += num_h
            if hs.bar:
                c.setFillColorRGB(*hs.bar)
                c.rect(x, H - top - len(lines) * lead - 2 * pad, w + 2 * pad,
                       len(lines) * lead + 2 * pad, stroke=0, fill=1)
                c.setFillColorRGB(1, 1, 1)
                x += pad
            else:
                c.setFillColorRGB(*hs.colour)
            c.setFont(font, size)
            for i, ln in enumerate(lines):
                c.drawString(x, H - top - pad - size - i * lead, ln)
        self.L.full_width(h, draw, keep=s.leading * 4)

    # -- decorations ----------------------------------------------------------------------
    def _deco_word(self, category: str) -> str:
        words = load("plans.yaml")["callouts"].get(category, ["SAMARBEJDE"])
        word = self.rng.choice(words + DECO_EXTRA)
        return word

    def _deco_size(self) -> float:
        return round(self.look.size * self.look.deco_ratio, 1)

    def margin_deco(self, word: str) -> None:
        """Decorative word(s) in the left margin beside the body lines, horizontal or turned."""
        size = min(self._deco_size(), 26.0 * self.look.size / 10)
        H, top, x0 = self.L.s.page[1], self.L.y, self.L.s.x0
        vertical = self.rng.random() < 0.4
        colour, bold = self.look.deco_colour, self.look.bold
        room = x0 - 20
        lines = [word] if vertical else wrap(word, bold, size, room)
        while not vertical and any(width(ln, bold, size) > room for ln in lines) and size > 8:
            size -= 1
            lines = wrap(word, bold, size, room)

        def draw(cv):
            cv.saveState()
            cv.setFillColorRGB(*colour)
            cv.setFont(bold, size)
            if vertical:
                length = width(word, bold, size)
                cv.translate(x0 - 14, max(70, H - top - 10 - length))
                cv.rotate(90)
                cv.drawString(0, 0, word)
            else:
                for i, ln in enumerate(lines):
                    cv.drawString(12, H - top - size - i * size * 1.1, ln)
            cv.restoreState()
        self.L.op(draw)
        self.callouts.append(word)

    def page_top_deco(self, word: str) -> None:
        """A big word above the text frame of the current page (held back)."""
        size = self._deco_size()
        H, x0, top, colour, bold = self.L.s.page[1], self.L.s.x0, self.L.s.top, \
            self.look.deco_colour, self.look.bold
        if top < size + 20 or self.L.page_no in self.top_decorated:
            return
        self.top_decorated.add(self.L.page_no)

        def draw(cv):
            cv.setFillColorRGB(*colour)
            cv.setFont(bold, min(size, top - 20))
            cv.drawString(x0, H - top + 6, word)
        self.L.op(draw)
        self.callouts.append(word)

    def deco_item(self, word: str) -> Item:
        size = self._deco_size()
        H, colour, bold = self.L.s.page[1], self.look.deco_colour, self.look.bold
        lines = wrap(word, bold, size, self.L.s.col_width)

        def draw(c, x, top):
            c.setFillColorRGB(*colour)
            c.setFont(bold, size)
            for i, ln in enumerate(lines):
                c.drawString(x, H - top - size - 2 - i * size * 1.1, ln)
        return Item(size * 1.1 * len(lines) + 12, draw)

    # -- blocks ---------------------------------------------------------------------------
    def flow_items(self, b, w: float) -> Optional[list[Item]]:
        """As the fixed styles, with this look's paragraph spacing and decorative words."""
        if b.kind == "para":
            toks = tokens_of([(s.id, s.text) for s in b.sents])
            return self.L.para_items(toks, w) + [space_item(self.L.s.leading * 0.5)]
        if b.kind == "box":
            return [box_item(self.L, b.sents, w), space_item(4)]
        if b.kind == "callout":
            if "between" not in self.look.deco:
                return []
            word = self._deco_word("other") if self.rng.random() < 0.4 else b.data
            item = self.deco_item(word)
            self.callouts.append(word)
            return [item]
        return None

    def table(self, data: dict) -> None:
        printed, logical = shape_rows(data["rows"], self.look)
        self.L.ensure(15 * len(printed) + 30)
        self.L.y += 6
        draw_table(self.L, printed, self.look, min(self.L.s.x1 - self.L.s.x0, 400),
                   head_rows=0 if self.look.table_shape == "no_header" else
                   (2 if self.look.table_shape == "two_row_header" else 1))
        # "rows" are the logical rows (one header row) that plans.gold_for labels from
        self.tables.append({"page": self.L.page_no, "rows": logical, "printed": printed,
                            "logical": logical})

    # -- cover, contents, furniture -------------------------------------------------------
    def cover(self) -> None:
        s, c, look = self.L.s, self.c, self.look
        W, H = s.page
        band = self.rng.random() < 0.5
        colour = self.rng.choice(COLOURS[:5])

        def draw(cv):
            if band:
                cv.setFillColorRGB(*colour)
                cv.rect(0, H * 0.45, W, H * 0.55, stroke=0, fill=1)
                cv.setFillColorRGB(1, 1, 1)
            else:
                cv.setFillColorRGB(0, 0, 0)
            cv.setFont(look.bold, look.size * 3)
            cv.drawString(s.x0, H * 0.62, c.title)
            cv.setFont(look.font, look.size * 1.6)
            cv.drawString(s.x0, H * 0.62 - look.size * 3.2, c.district["name"])
        self.L.op(draw)

    def contents_page(self) -> None:
        s, look = self.L.s, self.look
        title = self.rng.choice(load("plans_texts.yaml")["section_titles"]["toc"])
        self.heading(title, 1, "toc")
        start_y, H = self.L.y + 10, s.page[1]
        x0, x1 = s.x0, min(s.x1, s.x0 + 400)
        leaders = look.toc_leaders

        def draw(cv, y=start_y):
            for text, key, level in self.toc:
                size = look.size
                font = look.bold if level == 1 else look.font
                x = x0 + (0 if level == 1 else 14)
                cv.setFont(font, size)
                cv.setFillColorRGB(0, 0, 0)
                cv.drawString(x, H - y, text)
                page = str(self.L.marks[key])
                if leaders:
                    start = x + width(text, font, size) + 4
                    end = x1 - width(page, font, size) - 4
                    n = int(max(0.0, end - start) / width(".", font, size))
                    cv.drawString(start, H - y, "." * n)
                cv.drawRightString(x1, H - y, page)
                y += size * 1.6
        self.L.op(draw)

    def furniture(self) -> list[str]:
        s, c, look = self.L.s, self.c, self.look
        W, H = s.page
        n = len(self.L.pages)
        printed: list[str] = []
        fill = {"district": c.district["name"], "title": c.title}
        lines = []
        if look.header:
            lines.append((look.header.format(**fill), "header"))
        if look.footer:
            lines.append((look.footer.format(**fill), "footer"))
        printed += [t for t, _ in lines]
        fsize = max(6.5, look.size * 0.8)

        def draw(cv, p: int) -> None:
            cv.setFillColorRGB(0.35, 0.35, 0.35)
            cv.setFont(look.font, fsize)
            for text, where in lines:
                y = H - s.top + fsize * 3.2 if where == "header" else H - s.bottom - fsize * 3.2
                cv.drawString(s.x0, y, text)
            right = p % 2 == 0
            if look.page_no == "footer_centre":
                cv.drawCentredString(W / 2, H - s.bottom - fsize * 5, str(p))
            elif look.page_no == "footer_outer":
                x = s.x0 if right else s.x1
                (cv.drawString if right else cv.drawRightString)(x, H - s.bottom - fsize * 5, f"Side {p}")
            elif look.page_no == "header_outer":
                cv.drawRightString(s.x1, H - s.top + fsize * 3.2, f"{p}/{n}")
        for i in range(1, n):
            self.L.pages[i].append(lambda cv, p=i + 1: draw(cv, p))
        return printed


def _register_extra_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    for name, fname in EXTRA_FONTS.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, "/usr/share/fonts/truetype/dejavu/" + fname))


# ---------------------------------------------------------------------------------------------
def shape_rows(rows: list[list[str]], look: Look) -> tuple[list[list[str]], list[list[str]]]:
    """Rows as printed and the logical rows (one header row first) the gold labels come from."""
    head, body = rows[0], rows[1:]
    if not look.table_total and body and body[-1][0] == "I alt":
        body = body[:-1]
    logical = [head] + body
    if look.table_shape == "no_header":
        return body, logical
    if look.table_shape == "two_row_header":
        top, bottom = [], []
        for cell in head:
            first, _, rest = cell.partition(" ")
            top.append(first)
            bottom.append(rest)
        return [top, bottom] + body, [[" ".join(p for p in (a, b) if p) for a, b in zip(top, bottom)]] + body
    return [head] + body, logical


def gold_table_figures(t: dict, shape: str) -> list[dict]:
    """Labels "row – column"; a table printed without its header row has row labels only."""
    rows = t["logical"]
    head = [h.replace("*)", "").strip() for h in rows[0]]
    out = []
    for row in rows[1:]:
        for j, cell in enumerate(row[1:], start=1):
            unit = "km²" if "km²" in head[j] else ""
            label = row[0] if shape == "no_header" else f"{row[0]} – {head[j]}"
            out.append({"area_title": None, "label": label, "value": parse_danish_number(cell),
                        "unit": unit, "source": "table", "page": t["page"],
                        "context": " | ".join(row)})
    return out


def draw_table(L: Layout, rows: list[list[str]], look: Look, w: float, head_rows: int) -> None:
    s = L.s
    rh, size = look.size * 1.6, look.size
    ncol = max(len(r) for r in rows)
    first = w * 0.46
    cw = [first] + [(w - first) / (ncol - 1)] * (ncol - 1)
    h = rh * len(rows) + 12
    H = s.page[1]

    def draw(c, x, top):
        c.setStrokeColorRGB(0.3, 0.3, 0.3)
        c.setLineWidth(0.6)
        for r, row in enumerate(rows):
            y = H - top - (r + 1) * rh
            c.setFillColorRGB(0, 0, 0)
            c.setFont(look.bold if r < head_rows or row[0] == "I alt" else look.font, size)
            cx = x
            for j, cell in enumerate(row):
                if j == 0:
                    c.drawString(cx + 4, y + rh * 0.3, cell)
                elif cell:
                    c.drawRightString(cx + cw[j] - 4, y + rh * 0.3, cell)
                cx += cw[j]
            if look.table_ruled or r == head_rows - 1:
                c.line(x, y, x + w, y)
        if look.table_ruled:
            c.line(x, H - top, x + w, H - top)
            cx = x
            for j in range(ncol + 1):
                c.line(cx, H - top, cx, H - top - rh * len(rows))
                cx += cw[j] if j < ncol else 0
    L.full_width(h, draw)


# ---------------------------------------------------------------------------------------------
@dataclass
class Series:
    sid: str
    dkey: str
    years: list
    look: Look
    scan_year: Optional[int]
    scan_dpi: int = 200
    compact: bool = False


def series_jobs(n_docs: int, heldout: bool = False, seed: str = "dev", compact: bool = False,
                scan_share: float = 0.2) -> list[Series]:
    """Series of 3 consecutive plan years (one house style each) until n_docs documents."""
    world = load("plans.yaml")["districts"]
    keys = sorted(world)
    rng = random.Random(f"series-{seed}-{heldout}")
    out, made, i = [], 0, 0
    while made < n_docs:
        dkey = keys[i % len(keys)]
        years = world[dkey]["years"]
        k = min(3, len(years), n_docs - made)
        start = rng.randint(0, len(years) - k)
        chosen = years[start:start + k]
        sid = f"{seed}{'H' if heldout else 'D'}{i:03d}"
        look = draw_look(sid, heldout)
        scan = rng.choice(chosen) if rng.random() < scan_share else None
        out.append(Series(sid, dkey, chosen, look, scan, rng.choice([150, 200, 300]), compact))
        made += k
        i += 1
    return out


def render_series(series: Series, out_dir: Path, gold_dir: Path) -> list[Path]:
    setup_reportlab()
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    made = []
    for year in series.years:
        scanned = year == series.scan_year
        content = build_plan(series.dkey, year, compact=series.compact or scanned)
        r = RandomRenderer(content, series.look, compact=series.compact or scanned)
        r.layout()
        furniture = r.furniture()
        stem = f"rnd_{series.sid}_{year}"
        pdf = Path(out_dir) / f"{stem}.pdf"
        if scanned:
            with tempfile.TemporaryDirectory() as tmp:
                src = Path(tmp) / "born_digital.pdf"
                r.save(src)
                rasterise_pdf(src, pdf, dpi=series.scan_dpi, seed=year, max_angle=1.5)
        else:
            r.save(pdf)
        g = gold_for(r, pdf, "random", series.look.heldout, scanned)
        g["furniture"] = furniture
        g["figures"] = [f for f in g["figures"] if f["source"] != "table"]
        g["tables"] = [{"page": t["page"], "rows": t["printed"]} for t in r.tables]
        for t in r.tables:
            g["figures"] += gold_table_figures(t, series.look.table_shape)
        g["features"] = series.look.features + (["scan"] if scanned else ["born_digital"])
        g["series"] = series.sid
        write_gold(Path(gold_dir) / f"{stem}.json", g)
        made.append(pdf)
    return made
