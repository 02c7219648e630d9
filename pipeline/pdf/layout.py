"""Layout stage: lines, blocks, columns, reading order, furniture, headings, tables, Page.text.

Works on the words of the parse stage (one extraction per page). The order of decisions matters:
1. rows of words are cut into *fragments* at wide gaps (so the two columns of a row stay apart);
2. running headers/footers and page numbers are found ACROSS pages (same normalised text in the
   same band on many pages) and labelled;
3. tables (pdfplumber's finder, only where likely), decorative callouts and text in coloured or
   framed rects (boxes, diagram labels) are taken out of the flow;
4. the flow is cut into columns at gutters, regions are separated by full-width lines, and lines
   are read column by column (left column fully before the right one);
5. lines become headings and paragraphs; paragraphs broken by a column or page end are rejoined;
6. tables go back into the reading order where they stand (before the first block below them),
   so Page.text has them once: prose tables cell by cell, data tables row by row (" | ").
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Optional

from pipeline.lang.dehyphenate import HYPHENS, join_lines, join_mode
from pipeline.model import BBox, Block, Document, Line, Page, Rect, TableData
from pipeline.pdf.lines import (center_in, config, fragments, line_bold, line_luminance, line_size,
                                luminance, merge_rows)
from pipeline.pdf.outline import Entry, bookmarks, contents_entries, title_key
from pipeline.pdf.tables import find_tables, unruled_tables

TEXT_KINDS = ("heading", "body", "box")
_TERMINAL = (".", "!", "?", ":", ";")


def body_size(doc: Document) -> float:
    """The document's running-text size: the most common size, weighted by characters."""
    sizes = Counter()
    for page in doc.pages:
        for w in page.words:
            sizes[round(w.size * 2) / 2] += len(w.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


class BodyStyle(float):
    """The style census of one document. It *is* the body size (every threshold of this stage is
    a multiple of it), and also carries the body colour, the horizontal extent of the body text
    and the outline the document declares (bookmarks or its table of contents), so heading and
    decoration decisions are made relative to this document, never to a house style."""

    lum: float = 0.0
    left: float = 0.0
    right: float = 0.0
    entries: dict[str, int]
    decorative: set[tuple]      # style keys of display text that is decoration (no outline)

    def __new__(cls, size: float, lum: float = 0.0, left: float = 0.0, right: float = 0.0,
                entries: Optional[list[Entry]] = None) -> "BodyStyle":
        obj = super().__new__(cls, size)
        obj.lum, obj.left, obj.right = lum, left, right
        obj.entries = {}
        obj.decorative = set()
        for e in entries or []:
            obj.entries.setdefault(e.key, e.level)
        return obj


def style_census(doc: Document, frags: dict[int, list[Line]], declared: list[Entry]) -> BodyStyle:
    """Body size, body colour and the body text's left/right edge (robust percentiles of the
    lines set in body size), with the declared outline."""
    size = body_size(doc)
    lums: Counter = Counter()
    lefts, rights = [], []
    for fs in frags.values():
        for f in fs:
            if abs(line_size(f) - size) <= 0.6 and len(f.words) >= 3:
                lums[round(line_luminance(f), 1)] += len(f.text)
                lefts.append(f.bbox.x0)
                rights.append(f.bbox.x1)
    if not lefts:
        return BodyStyle(size, entries=declared)
    lefts.sort()
    rights.sort()
    return BodyStyle(size, lums.most_common(1)[0][0], lefts[len(lefts) // 50],
                     rights[-1 - len(rights) // 50], declared)


def style_key(frag: Line) -> tuple:
    """A line's style: size (to half a point), weight and grey level."""
    return (round(line_size(frag) * 2) / 2, line_bold(frag), round(line_luminance(frag), 1))


def decorative_styles(pages: list[list[Line]], body: float) -> set[tuple]:
    """Without a declared outline: styles of display text that outrank every heading style the
    document anchors. A style is anchored when one of its lines names a known section (data:
    headings.section_words) or is numbered; a decorative style has only short lines (one to three
    words), none anchored, and is larger than the largest anchored style: being bigger than the
    real section headings is how decorations would otherwise become the top of the outline."""
    cfg = config()
    words = {w.lower() for w in cfg["headings"]["section_words"]}
    families: dict[tuple, list[Line]] = defaultdict(list)
    for frags in pages[1:]:          # the cover is display text of its own
        for f in frags:
            if line_size(f) >= cfg["headings"]["size_ratio"] * body:
                families[style_key(f)].append(f)

    def anchored(f: Line) -> bool:
        first = re.sub(r"[^\wæøå]", "", f.words[0].text.lower())
        return first in words or bool(re.match(cfg["headings"]["numbering"], f.text.strip()))
    anchors = [k for k, fs in families.items() if any(anchored(f) for f in fs)]
    if not anchors:
        return set()
    top = max(k[0] for k in anchors)
    short = cfg["callouts"]["max_display_words"]
    return {k for k, fs in families.items() if k[0] > top and k not in anchors
            and all(len(f.words) <= short for f in fs)}


def outline_level(text: str, body: float, prefix: bool = True) -> Optional[int]:
    """The declared level of a heading text: an exact entry, or (``prefix``) an entry it begins
    by at least two words (the first line of a heading wrapped over several lines)."""
    entries = getattr(body, "entries", None)
    if not entries:
        return None
    key = title_key(text)
    if not key:
        return None
    if key in entries:
        return entries[key]
    if prefix and len(key) >= config()["outline"]["min_prefix_chars"] and " " in key:
        return next((lv for k, lv in entries.items() if k.startswith(key + " ")), None)
    return None



# ---------------------------------------------------------------- 2. running furniture

def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _band(frag: Line, page: Page) -> Optional[str]:
    share = config()["furniture"]["band"]
    if frag.bbox.bottom <= share * page.height:
        return "header"
    if frag.bbox.top >= (1 - share) * page.height:
        return "footer"
    return None


def is_page_number(frag: Line, page: Page) -> bool:
    """A lone number (or "Side 3", "3 af 12") at an edge of the page."""
    if not re.match(config()["furniture"]["page_number"], frag.text.strip(), re.I):
        return False
    side = config()["furniture"]["side_band"] * page.width
    return (_band(frag, page) is not None or frag.bbox.x1 <= side
            or frag.bbox.x0 >= page.width - side)


def find_furniture(doc: Document, frags: dict[int, list[Line]]) -> dict[int, str]:
    """id(fragment) -> header | footer | page_number, decided across all pages."""
    cfg = config()["furniture"]
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for page in doc.pages:
        for f in frags[page.number]:
            band = _band(f, page)
            if band:
                seen[(band, _norm(f.text))].add(page.number)
    n_text = sum(1 for p in doc.pages if p.words)
    need = max(cfg["min_pages"], cfg["min_share"] * n_text)
    labels: dict[int, str] = {}
    for page in doc.pages:
        for f in frags[page.number]:
            band = _band(f, page)
            if band and len(seen[(band, _norm(f.text))]) >= need:
                labels[id(f)] = band
        for f in frags[page.number]:
            if is_page_number(f, page) and _alone(f, frags[page.number], labels):
                labels[id(f)] = "page_number"
    return labels


def _alone(frag: Line, frags: list[Line], labels: dict[int, str]) -> bool:
    """No text beside it but furniture: a number in a table's last row is no page number."""
    return not any(o is not frag and id(o) not in labels and o.bbox.top < frag.bbox.bottom
                   and frag.bbox.top < o.bbox.bottom for o in frags)


# ---------------------------------------------------------------- 3. callouts, boxes

def is_callout(frag: Line, others: list[Line], body: float, page: Page) -> bool:
    """Big decorative word(s): much larger, one to three words, light or alone in caps, in the
    margin beside the body text, or missing from the outline the document declares."""
    cfg = config()["callouts"]
    size = line_size(frag)
    if _in_margin(frag, body) or _undeclared_display(frag, body, page):
        return True
    if page.number > 1 and style_key(frag) in getattr(body, "decorative", ()):
        return not _on_dark_fill(frag, page)
    if size < cfg["size_ratio"] * body or len(frag.words) > cfg["max_words"]:
        return False
    if line_luminance(frag) >= cfg["light"]:
        return not _on_dark_fill(frag, page)  # white text on a coloured band is a heading
    letters = re.sub(r"[^A-Za-zÆØÅæøå]", "", frag.text)
    lone_caps = (len(frag.words) == 1 and letters.isupper() and len(letters) >= 4
                 and size >= cfg["dark_size_ratio"] * body and page.number > 1)
    return lone_caps and not _followed_by_body(frag, others, body)


def _in_margin(frag: Line, body: float) -> bool:
    """Short display text entirely outside the body text's left or right edge."""
    cfg = config()["callouts"]
    right = getattr(body, "right", 0.0)
    if not right or len(frag.words) > cfg["max_display_words"] or line_size(frag) < cfg["margin_size_ratio"] * body:
        return False
    return frag.bbox.x1 <= body.left - 0.5 * body or frag.bbox.x0 >= right + 0.5 * body


def _undeclared_display(frag: Line, body: float, page: Page) -> bool:
    """Big short text that the document's own outline does not list is decoration: an outline
    lists every real heading (the cover is not in it)."""
    cfg = config()["callouts"]
    entries = getattr(body, "entries", None)
    if not entries or len(entries) < config()["outline"]["min_entries"] or page.number == 1:
        return False
    if len(frag.words) > cfg["max_display_words"] or line_size(frag) < cfg["size_ratio"] * body:
        return False
    if re.match(config()["headings"]["numbering"], frag.text.strip()):
        return False
    return outline_level(frag.text, body) is None and not _on_dark_fill(frag, page)


def _on_dark_fill(frag: Line, page: Page) -> bool:
    return any(r.fill is not None and luminance(r.fill) < 0.6 and center_in(frag, r.bbox)
               for r in page.rects)


def _followed_by_body(frag: Line, others: list[Line], body: float) -> bool:
    below = frag.bbox.bottom + 1.5 * frag.bbox.height
    for o in others:
        if o is frag or abs(line_size(o) - body) > 0.6:
            continue
        overlaps = o.bbox.x0 < frag.bbox.x1 and o.bbox.x1 > frag.bbox.x0
        if overlaps and frag.bbox.bottom - 2 <= o.bbox.top <= below:
            return True
    return False


def box_rects(page: Page) -> list[Rect]:
    """Filled coloured rects and frames that can hold text (not page backgrounds, not rules)."""
    cfg = config()["boxes"]
    out = []
    for r in page.rects:
        area = (r.x1 - r.x0) * (r.bottom - r.top)
        if area > cfg["max_area_share"] * page.width * page.height:
            continue
        if r.fill is not None and luminance(r.fill) >= cfg["white"] and not r.stroke:
            continue
        if r.fill is None and not r.stroke:
            continue
        out.append(r)
    # Innermost first, so a label in a diagram box inside a big frame goes to the small box.
    return sorted(out, key=lambda r: (r.x1 - r.x0) * (r.bottom - r.top))


def assign_boxes(page: Page, frags: list[Line], body: float) -> tuple[list[Block], list[Line]]:
    """Text inside rects: a box (own paragraph) or diagram labels (captions). Returns the rest."""
    cfg = config()["boxes"]
    groups: dict[int, list[Line]] = defaultdict(list)
    rects = box_rects(page)
    rest = []
    for f in frags:
        home = next((i for i, r in enumerate(rects) if center_in(f, r.bbox)), None)
        (groups[home] if home is not None else rest).append(f)
    blocks = []
    for i, members in groups.items():
        r = rects[i]
        n_words = sum(len(f.words) for f in members)
        big = (r.x1 - r.x0) >= cfg["min_width_share"] * page.width and r.bottom - r.top >= cfg["min_height_pt"]
        lines = merge_rows(members)
        if big and _bar_heading(lines, body, page):
            rest.extend(members)  # a heading printed on a coloured bar belongs to the flow
        elif big and n_words >= cfg["min_box_words"] and len(lines) >= 2:
            blocks.append(_block("box", lines, page))
        else:
            blocks.extend(_block("caption", [ln], page) for ln in lines)
    return blocks, rest


def _bar_heading(lines: list[Line], body: float, page: Page) -> bool:
    """One line, or a heading wrapped over a few lines: set larger than the body or in light
    text on a dark fill, every line heading-like."""
    if len(lines) == 1:
        return _heading_like(lines[0], body)
    if len(lines) > config()["headings"]["max_lines"] or not all(_heading_like(ln, body) for ln in lines):
        return False
    return all(line_size(ln) >= config()["headings"]["size_ratio"] * body or _on_dark_fill(ln, page)
               for ln in lines)


def _block(kind: str, lines: list[Line], page: Page, **kw) -> Block:
    box = lines[0].bbox
    for ln in lines[1:]:
        box = box.union(ln.bbox)
    text = join_lines([ln.text for ln in lines])
    return Block(kind=kind, lines=lines, bbox=box, page=page.number, text=text, **kw)


# ---------------------------------------------------------------- 4. columns and reading order

def find_gutters(frags: list[Line], per_row: bool = False) -> list[tuple[float, float]]:
    """Vertical strips no narrow fragment crosses, with real text columns on both sides.
    ``per_row``: count a side's words per row rather than per fragment (see _real_gutter)."""
    cfg = config()["columns"]
    if len(frags) < 2 * cfg["min_side_fragments"]:
        return []
    left = min(f.bbox.x0 for f in frags)
    right = max(f.bbox.x1 for f in frags)
    width = right - left
    narrow = [f for f in frags if f.bbox.width < cfg["narrow"] * width]
    # Coverage counts, not flags: a narrow heading may cross the gutter of the columns below it.
    delta = [0] * (int(width) + 3)
    for f in narrow:
        delta[int(f.bbox.x0 - left)] += 1
        delta[int(f.bbox.x1 - left) + 1] -= 1
    allowed = max(1, int(cfg["max_crossing"] * len(narrow)))
    gutters, start, count = [], None, 0
    for x, d in enumerate(delta):
        count += d
        free = count <= allowed and 0 < x < len(delta) - 2
        if free and start is None:
            start = x
        elif not free and start is not None:
            if x - start >= cfg["min_gutter_pt"]:
                gutters.append((left + start, left + x))
            start = None
    tight = [_tighten(g, narrow) for g in gutters if _real_gutter(g, narrow, left, right, per_row)]
    return [g for g in tight if g[1] - g[0] >= cfg["min_gutter_pt"]]


def _tighten(gutter: tuple[float, float], narrow: list[Line]) -> tuple[float, float]:
    """The gutter between the text on its two sides. The strip is found allowing a few
    crossings (short headings), so it can reach into a column of widely spaced justified
    words; fragments that start left of it and end inside it belong to the left column."""
    g0, g1 = gutter
    sizes = sorted(line_size(f) for f in narrow)
    # running text only: a short heading may end inside the gutter of the columns below it
    narrow = [f for f in narrow if line_size(f) <= 1.1 * sizes[len(sizes) // 2]]
    lefts = [f.bbox.x1 for f in narrow if f.bbox.x0 < g0 and g0 < f.bbox.x1 <= g1]
    rights = [f.bbox.x0 for f in narrow if f.bbox.x1 > g1 and g0 <= f.bbox.x0 < g1]
    return max([g0] + lefts), min([g1] + rights)


def _real_gutter(gutter: tuple[float, float], narrow: list[Line], left: float, right: float,
                 per_row: bool = False) -> bool:
    cfg = config()["columns"]
    g0, g1 = gutter
    if min(g0 - left, right - g1) < cfg["min_column_share"] * (right - left):
        return False
    sides = ([f for f in narrow if f.bbox.x1 <= g0], [f for f in narrow if f.bbox.x0 >= g1])
    for side in sides:
        if len(side) < cfg["min_side_fragments"]:
            return False
        # per row: a justified line with wide spaces is cut into fragments of one word, but
        # it is still one line of running text. Only the document grid counts so (a gutter
        # must recur on two pages there); a page alone counts fragments, which keeps the
        # gaps of one widely spaced column from passing for a gutter.
        counts = sorted(len(ln.words) for ln in (merge_rows(side) if per_row else side))
        if counts[len(counts) // 2] < cfg["min_side_words"]:
            return False
    a, b = sides
    return min(f.bbox.top for f in b) < max(f.bbox.bottom for f in a) and \
        min(f.bbox.top for f in a) < max(f.bbox.bottom for f in b)


def _column_of(frag: Line, gutters: list[tuple[float, float]]) -> Optional[int]:
    """Column index, or None when the fragment crosses a gutter (full width)."""
    for g0, g1 in gutters:
        if frag.bbox.x0 < g0 - 1 and frag.bbox.x1 > g1 + 1:
            return None
    cx = (frag.bbox.x0 + frag.bbox.x1) / 2
    return sum(1 for g0, g1 in gutters if cx > (g0 + g1) / 2)


def _separates(frag: Line, col: int, placed: list[tuple[Line, Optional[int]]], body: float) -> bool:
    """A heading alone across the page (nothing in other columns beside it) ends a region."""
    if not _heading_like(frag, body):
        return False
    # Beside an in-column heading the other column has a line every leading; the band is wider
    # than a paragraph gap there, but narrower than the space a region break leaves.
    top, bottom = frag.bbox.top - 0.5 * body, frag.bbox.bottom + 0.3 * body
    return not any(c is not None and c != col and o.bbox.bottom > top and o.bbox.top < bottom
                   for o, c in placed)


def document_gutters(pages_frags: list[list[Line]]) -> list[tuple[float, float]]:
    """Gutters found on at least two pages: the document's column grid."""
    found = [g for frags in pages_frags for g in find_gutters(frags, per_row=True)]
    grid: list[tuple[float, float]] = []
    for g in found:
        twins = [h for h in found if abs((h[0] + h[1]) / 2 - (g[0] + g[1]) / 2) < 4]
        if len(twins) >= 2 and not any(abs((h[0] + h[1]) / 2 - (g[0] + g[1]) / 2) < 4 for h in grid):
            grid.append((max(h[0] for h in twins), min(h[1] for h in twins)))
    return [g for g in grid if g[1] > g[0]]


def _fits_grid(gutter: tuple[float, float], frags: list[Line], body: float) -> bool:
    """Does this page use the document's gutter? Text on both sides, side by side, and hardly
    anything but headings across it (a one-column page has every line across it)."""
    g0, g1 = gutter
    across = [f for f in frags if f.bbox.x0 < g0 - 1 and f.bbox.x1 > g1 + 1]
    if sum(1 for f in across if not _heading_like(f, body)) > config()["columns"]["max_crossing"] * len(frags):
        return False
    left = [f for f in frags if f.bbox.x1 <= g0 + 1]
    right = [f for f in frags if f.bbox.x0 >= g1 - 1]
    return any(a.bbox.top < b.bbox.bottom and b.bbox.top < a.bbox.bottom for a in left for b in right)


def reading_segments(frags: list[Line], body: float, grid: Optional[list[tuple[float, float]]] = None,
                     barriers: Optional[list[BBox]] = None
                     ) -> tuple[list[tuple[Optional[int], list[Line]]], list[tuple[float, float]]]:
    """Lines grouped as (column, lines) in reading order: regions top-down, columns left-right.

    ``grid`` is the document's gutters, used when this page has too little text to show its own.
    ``barriers`` are tables and boxes taken out of the flow: one across a gutter ends a region."""
    gutters = find_gutters(frags) or [g for g in grid or [] if _fits_grid(g, frags, body)]
    walls = sorted((b for b in barriers or [] if any(b.x0 < g0 and b.x1 > g1 for g0, g1 in gutters)),
                   key=lambda b: b.top)
    placed = [(f, _column_of(f, gutters)) for f in frags]
    segments: list[tuple[Optional[int], list[Line]]] = []
    run: dict[int, list[Line]] = defaultdict(list)

    def flush() -> None:
        for col in sorted(run):
            segments.append((col, merge_rows(run[col])))
        run.clear()

    for f, col in sorted(placed, key=lambda p: (p[0].bbox.top, p[0].bbox.x0)):
        if walls and walls[0].bottom <= f.bbox.top + 1:
            flush()
            walls = [w for w in walls if w.bottom > f.bbox.top + 1]
        if col is None or (gutters and _separates(f, col, placed, body)):
            flush()
            if segments and segments[-1][0] is None:
                segments[-1] = (None, merge_rows(segments[-1][1] + [f]))
            else:
                segments.append((None, [f]))
        else:
            run[col].append(f)
    flush()
    return segments, gutters


# ---------------------------------------------------------------- 5. headings and paragraphs

def _heading_like(line: Line, body: float) -> bool:
    cfg = config()["headings"]
    text = line.text.strip()
    if not text or len(line.words) > cfg["max_words"] or not re.search(r"[A-Za-zÆØÅæøå]", text):
        return False
    size = line_size(line)
    if re.match(cfg["labelled"], text, re.I):
        return True
    if size >= cfg["size_ratio"] * body:
        return True
    if _ocr_numbered_heading(line, text, cfg):
        return True
    if text.endswith((".", ",", ";")):
        return False
    if line_bold(line) or outline_level(text, body, prefix=False) is not None:
        return True
    # Set in body size but in another colour than the body text (or white on a bar).
    lum = getattr(body, "lum", None)
    return lum is not None and abs(line_luminance(line) - lum) >= cfg["colour_contrast"] \
        and len(line.words) <= cfg["max_colour_words"]


def _ocr_numbered_heading(line: Line, text: str, cfg: dict) -> bool:
    """OCR cannot see bold, so a short numbered line without closing punctuation ("3.1
    Ungdomskriminalitet") is taken as the heading that bold would have shown."""
    if not line.words or line.words[0].fontname != "OCR":
        return False
    return (bool(re.match(cfg["numbering"], text)) and len(line.words) <= cfg["ocr_numbered_max_words"]
            and not text.endswith((".", ",", ";", ":")))


def _starts_paragraph(prev: Line, line: Line, usual_gap: float, right: float) -> bool:
    cfg = config()["paragraphs"]
    size = line_size(line)
    if line.bbox.top - prev.bbox.bottom > usual_gap + cfg["extra_gap"] * size:
        return True
    if line.bbox.x0 > prev.bbox.x0 + cfg["indent"] * size:
        return True
    ended = prev.text.rstrip().endswith(_TERMINAL)
    return ended and prev.bbox.x1 < right - cfg["short_line"] * size


def _same_heading(prev: Line, line: Line, body: float) -> bool:
    # the gap between the lines of a wrapped heading grows with its own size, not the body's
    # OCR estimates each line's size from its letters: the lines of one heading differ more
    ocr = line.words[0].fontname == "OCR"
    tolerance = config()["headings"]["ocr_size_tolerance"] * line_size(prev) if ocr else 0.5
    return (abs(line_size(prev) - line_size(line)) < tolerance and line_bold(prev) == line_bold(line)
            and line.bbox.top - prev.bbox.bottom < 0.8 * max(body, line_size(line)))


def _usual_gap(lines: list[Line]) -> float:
    gaps = sorted(b.bbox.top - a.bbox.bottom for a, b in zip(lines, lines[1:])
                  if b.bbox.top > a.bbox.bottom - 1)
    return gaps[len(gaps) // 2] if gaps else 0.0


def paragraphs(lines: list[Line], body: float, page: Page) -> list[Block]:
    """One column's lines as heading and body blocks."""
    if not lines:
        return []
    usual, right = _usual_gap(lines), max(ln.bbox.x1 for ln in lines)
    groups: list[tuple[str, list[Line]]] = []
    for ln in lines:
        kind = "heading" if _heading_like(ln, body) else "body"
        if groups and groups[-1][0] == kind:
            prev = groups[-1][1][-1]
            same = (_same_heading(prev, ln, body) if kind == "heading"
                    else not _starts_paragraph(prev, ln, usual, right))
            if same:
                groups[-1][1].append(ln)
                continue
        groups.append((kind, [ln]))
    # A "heading" of many lines is a bold paragraph.
    most = config()["headings"]["max_lines"]
    return [_block(k if len(ls) <= most else "body", ls, page) for k, ls in groups]


def _continues(prev: Block, nxt: Block) -> bool:
    """A paragraph cut by a column end or a callout: no sentence end, next starts in lower case."""
    if prev.kind != "body" or nxt.kind != "body" or not prev.text or not nxt.text:
        return False
    if prev.text.endswith(HYPHENS):
        return True
    if prev.text.endswith(_TERMINAL):
        return False
    # Cut at a column end: the next column goes on with the sentence, whatever its first letter.
    return nxt.text[0].islower() or (prev.column is not None and nxt.column is not None
                                     and nxt.column != prev.column)


def merge_continuations(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        if out and _continues(out[-1], b):
            prev = out[-1]
            lines = prev.lines + b.lines
            text = join_lines([prev.text, b.text])
            out[-1] = Block(kind="body", lines=lines, bbox=prev.bbox.union(b.bbox), page=prev.page,
                            text=text, column=prev.column)
        else:
            out.append(b)
    return out


# ---------------------------------------------------------------- page and document

def _take_tables(page: Page, plumber_page, frags: list[Line]) -> tuple[list[Block], list[Line]]:
    # Without the open PDF (no ruling lines) only tables of aligned numbers can be found.
    page.tables = find_tables(plumber_page, page) if plumber_page is not None else unruled_tables(page)
    blocks, rest = [], list(frags)
    for table in page.tables:
        inside = [f for f in rest if center_in(f, table.bbox)]
        if inside:
            rest = [f for f in rest if not center_in(f, table.bbox)]
            block = _block("table", merge_rows(inside), page)
            block.text = table_text(table)
            blocks.append(block)
    return blocks, rest


def table_text(table: TableData) -> str:
    """Prose tables: one paragraph per cell, row by row; data tables: rows of " | "-joined cells."""
    if table.prose:
        return "\n\n".join(c for row in table.rows for c in row if c)
    return "\n".join(" | ".join(c or "" for c in row) for row in table.rows)


def _flow_blocks(page: Page, frags: list[Line], body: float, grid=None,
                 barriers: Optional[list[BBox]] = None) -> list[Block]:
    segments, gutters = reading_segments(frags, body, grid, barriers)
    if gutters:
        top = min(f.bbox.top for f in frags)
        bottom = max(f.bbox.bottom for f in frags)
        edges = [min(f.bbox.x0 for f in frags)] + [x for g in gutters for x in g] + \
            [max(f.bbox.x1 for f in frags)]
        page.columns = [BBox(edges[i], top, edges[i + 1], bottom) for i in range(0, len(edges), 2)]
    blocks: list[Block] = []
    for col, lines in segments:
        for b in paragraphs(lines, body, page):
            b.column = col
            blocks.append(b)
    return merge_continuations(blocks)


def analyse_page(page: Page, frags: list[Line], furniture: dict[int, str], body: float,
                 plumber_page=None, grid: Optional[list[tuple[float, float]]] = None) -> Page:
    """Label one page's fragments and build its blocks (Page.text is set by ``analyse``)."""
    kept = []
    blocks: list[Block] = []
    for f in frags:
        kind = furniture.get(id(f))
        if kind:
            blocks.append(_block(kind, [f], page))
        else:
            kept.append(f)
    table_blocks, kept = _take_tables(page, plumber_page, kept) if kept else ([], kept)
    callouts = [f for f in kept if is_callout(f, kept, body, page)]
    kept = [f for f in kept if f not in callouts]
    box_blocks, kept = assign_boxes(page, kept, body)
    barriers = [b.bbox for b in table_blocks + box_blocks if b.kind in ("table", "box")]
    flow = _flow_blocks(page, kept, body, grid, barriers) if kept else []
    boxes = sorted((b for b in box_blocks if b.kind == "box"), key=lambda b: (b.bbox.top, b.bbox.x0))
    captions = [b for b in box_blocks if b.kind == "caption"]
    flow = _with_tables_in_place(flow, table_blocks)
    for i, b in enumerate(flow + boxes + captions):
        b.order = i
    blocks += [_block("callout", [f], page) for f in callouts]
    page.blocks = flow + boxes + captions + blocks
    # Lines in reading order (within columns), never merged across a gutter.
    page.lines = [ln for b in page.blocks for ln in b.lines]
    return page


def _with_tables_in_place(flow: list[Block], tables: list[Block]) -> list[Block]:
    """Tables where they are read: before the first block (in reading order) that lies below the
    table and shares its columns; a table at the foot of the page comes last."""
    out = list(flow)
    for table in sorted(tables, key=lambda b: b.bbox.top):
        at = next((i for i, b in enumerate(out) if b.kind != "table" and b.bbox.top >= table.bbox.bottom - 2
                   and b.bbox.x0 < table.bbox.x1 and b.bbox.x1 > table.bbox.x0), len(out))
        out.insert(at, table)
    return out


def _assign_levels(doc: Document, body: float) -> None:
    """Heading depth from the declared outline when there is one (headings it does not list go
    below its deepest level); otherwise from size rank across the document; "2.3"-style
    numbering overrides."""
    cfg = config()["headings"]
    heads = [b for p in doc.pages for b in p.blocks if b.kind == "heading"]
    entries = getattr(body, "entries", None)
    if entries and len(entries) >= config()["outline"]["min_entries"]:
        deepest = max(entries.values())
        declared = {id(b): outline_level(b.text, body) for b in heads}
        # A contents page may be incomplete or garbled: a heading it does not list takes the
        # level its style has among the listed ones.
        by_style: dict[tuple, Counter] = defaultdict(Counter)
        for b in heads:
            if declared[id(b)] is not None:
                by_style[style_key(b.lines[0])][declared[id(b)]] += 1
        for b in heads:
            level = declared[id(b)]
            if level is None:
                seen = by_style.get(style_key(b.lines[0]))
                level = seen.most_common(1)[0][0] if seen else deepest + 1
            b.level = max(1, min(cfg["max_level"], level))
        return
    ocr = any(w.fontname == "OCR" for b in heads for w in b.lines[0].words)
    ranks = _size_ranks([line_size(b.lines[0]) for b in heads],
                        cfg["ocr_size_tolerance"] if ocr else 0.0)
    for b in heads:
        rank = ranks[line_size(b.lines[0])]
        m = re.match(cfg["numbering"], b.text)
        number = m.group(1).rstrip(".") if m else ""
        depth = number.count(".") + 1 if "." in number else rank
        b.level = max(1, min(cfg["max_level"], depth))


def _size_ranks(sizes: list[float], tolerance: float) -> dict[float, int]:
    """Rank of each heading size, largest first. Sizes within ``tolerance`` (a share) of the
    largest size of their rank share it: OCR estimates a line's size from its letters, so one
    heading style comes out at several sizes."""
    ranks: dict[float, int] = {}
    rank, top = 0, None
    for size in sorted(set(round(x * 2) / 2 for x in sizes), reverse=True):
        if top is None or size < top * (1 - tolerance) or not tolerance and size < top:
            rank, top = rank + 1, size
        ranks[size] = rank
    return {x: ranks[round(x * 2) / 2] for x in sizes}


def _fix_page_breaks(doc: Document) -> None:
    """A word hyphenated across a page break is completed on the earlier page."""
    for page, nxt in zip(doc.pages, doc.pages[1:]):
        prev_body = [b for b in page.body_blocks() if b.kind in ("body", "heading")]
        next_body = [b for b in nxt.body_blocks() if b.kind == "body"]
        if not prev_body or not next_body or prev_body[-1].kind != "body":
            continue
        last, first = prev_body[-1], next_body[0]
        head, _, tail = last.text.rpartition(" ")
        word, _, rest = first.text.partition(" ")
        if join_mode(tail, word) in ("join", "keep") and rest:
            last.text = join_lines([last.text, word])
            first.text = rest


def _in_text(block: Block, page: Page) -> bool:
    # tables are printed text too: a reader of pages.text must not lose a handleplan's activities
    # or an agenda laid out as a table (data tables as rows of " | "-joined cells)
    return block.kind in TEXT_KINDS or block.kind == "table"


def page_text(page: Page) -> str:
    """Headings, paragraphs and tables (prose tables cell by cell, data tables row by row) in
    reading order, then boxes."""
    return "\n\n".join(b.text for b in page.body_blocks() if b.text and _in_text(b, page))


def analyse(doc: Document, pdf=None) -> Document:
    """Fill lines, blocks, columns, reading order, tables and Page.text of every page.

    ``pdf`` is the open pdfplumber.PDF of the same file; without it no tables are searched."""
    frags = {p.number: fragments(p.words) if p.words else [] for p in doc.pages}
    furniture = find_furniture(doc, frags)
    declared = bookmarks(pdf) or contents_entries(
        [merge_rows([f for f in frags[p.number] if id(f) not in furniture]) for p in doc.pages])
    body = style_census(doc, frags, declared)
    if not declared:
        body.decorative = decorative_styles(
            [[f for f in frags[p.number] if id(f) not in furniture] for p in doc.pages], body)
    grid = document_gutters([[f for f in fs if id(f) not in furniture] for fs in frags.values()])
    for page in doc.pages:
        plumber_page = pdf.pages[page.number - 1] if pdf is not None and page.words else None
        analyse_page(page, frags[page.number], furniture, body, plumber_page, grid)
    _assign_levels(doc, body)
    _fix_page_breaks(doc)
    for page in doc.pages:
        page.text = page_text(page)
    return doc
