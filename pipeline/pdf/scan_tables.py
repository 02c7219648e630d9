"""Ruled tables on scanned pages: the rules are found in the page image, not in the PDF.

A scan has no vector ruling lines, so pdfplumber's "lines" finder sees nothing. Here the page is
rendered, the dark pixels are deskewed (the scan's skew is estimated from the sharpness of the
row projection over small shear angles), long horizontal and vertical runs of dark pixels become
rules, rules that touch form a table, their positions form the cell grid, and the OCR words are
put in the cell that holds their centre.

Everything is computed in a deskewed pixel frame: ``x' = x + y*t, y' = y - x*t`` with
``t = tan(skew)``; the OCR words (points) are mapped into the same frame.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Optional

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from pipeline.model import BBox, TableData, Word
from pipeline.pdf.lines import clean_cell
from PIL import Image
from PIL import ImageFilter
from pipeline.pdf import ocr

DEFAULTS = {
    "resolution": 150,        # dpi of the rendered page image
    "ink_contrast": 50,       # a pixel this much darker than the page's median gray is ink
    "min_stroke_px": 15,      # solid strokes at least this long make up a rule (letters are shorter)
    "max_skew_deg": 0.8,      # skew angles searched: -max..+max ...
    "skew_step_deg": 0.05,    # ... in steps of this
    "min_h_rule_pt": 40,      # a horizontal run of ink this long is a rule
    "min_v_rule_pt": 18,      # a vertical run of ink this long is a rule
    "gap_px": 6,              # gaps in a rule up to this are closed (noise, broken toner)
    "max_thickness_px": 8,    # thicker runs are filled areas (photos, black bars), not rules
    "merge_px": 5,            # rules closer than this are one rule (thick or doubled lines)
    "touch_px": 6,            # a rule ending this close to another touches it
    "cell_inset_px": 3,       # cells are read again this far inside their rules ...
    "reread_resolution": 300, # ... from the page rendered at this dpi (0 = use the page's OCR)
}


@dataclass
class Rule:
    pos: float     # y' of a horizontal rule, x' of a vertical one (deskewed pixels)
    start: float   # x'/y' where it begins
    end: float     # x'/y' where it ends


def _settings(cfg: Optional[dict]) -> dict:
    out = dict(DEFAULTS)
    out.update(cfg or {})
    return out


def _skew_tan(ys: np.ndarray, xs: np.ndarray, height: int, cfg: dict) -> float:
    """tan of the skew that makes the row projection of the ink sharpest."""
    if len(ys) == 0:
        return 0.0
    best_t, best_score = 0.0, -1.0
    max_deg, step = cfg["max_skew_deg"], cfg["skew_step_deg"]
    n = int(round(max_deg / step))
    width_pad = int(math.ceil(xs.max() * math.tan(math.radians(max_deg)))) + 2
    for k in range(-n, n + 1):
        t = math.tan(math.radians(k * step))
        rows = np.rint(ys - xs * t).astype(np.int64) + width_pad
        counts = np.bincount(rows, minlength=height + 2 * width_pad)
        score = float(np.dot(counts, counts))
        # prefer the smaller angle on ties (an unskewed page stays unskewed)
        if score > best_score * (1 + 1e-9) or (score >= best_score and abs(t) < abs(best_t)):
            best_t, best_score = t, score
    return best_t


def _runs(line: np.ndarray, gap: int, min_len: int) -> list[tuple[int, int]]:
    """(start, end) of runs of True in a 1-D array, gaps <= gap closed, runs >= min_len kept."""
    idx = np.flatnonzero(line)
    if len(idx) == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > gap + 1)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]]))
    keep = (ends - starts + 1) >= min_len
    return list(zip(starts[keep].tolist(), ends[keep].tolist()))


def _line_runs(line: np.ndarray, cfg: dict, min_len: int) -> list[tuple[int, int]]:
    """Rule pieces along one pixel row: solid strokes >= min_stroke_px (letters are shorter),
    joined across gaps <= gap_px (a scanned rule is broken by noise), >= min_len in all."""
    solid = _runs(line, 1, cfg["min_stroke_px"])
    if not solid:
        return []
    out: list[list[int]] = []
    for s, e in solid:
        if out and s - out[-1][1] <= cfg["gap_px"] + 1:
            out[-1][1] = e
        else:
            out.append([s, e])
    return [(s, e) for s, e in out if e - s + 1 >= min_len]


def components(n: int, links: list[tuple[int, int]]) -> list[list[int]]:
    """The indices 0..n-1 in connected groups, given the pairs that are linked."""
    if not links:
        return [[i] for i in range(n)]
    a, b = zip(*links)
    graph = coo_matrix((np.ones(len(links), dtype=np.int8), (a, b)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return list(groups.values())


def _rules(img: np.ndarray, min_len: int, cfg: dict) -> list[Rule]:
    """Long runs along the rows of ``img`` (a deskewed ink mask), merged across adjacent rows."""
    gap, merge = cfg["gap_px"], cfg["merge_px"]
    # OR each row with the next: a rule one pixel thick that wobbles still gives one long run
    both = img[:-1] | img[1:] if img.shape[0] > 1 else img
    raw: list[Rule] = []
    for y in np.flatnonzero(both.sum(axis=1) >= min_len // 2):
        for s, e in _line_runs(both[y], cfg, min_len):
            raw.append(Rule(float(y) + 0.5, float(s), float(e)))
    # runs in neighbouring rows that overlap are the same rule
    links = []
    for i, a in enumerate(raw):
        for j in range(i + 1, len(raw)):
            b = raw[j]
            if b.pos - a.pos > merge:
                break
            if b.start <= a.end + gap and b.end >= a.start - gap:
                links.append((i, j))
    groups = [[raw[i] for i in component] for component in components(len(raw), links)]
    out = []
    for group in groups:
        thickness = max(g.pos for g in group) - min(g.pos for g in group) + 1
        if thickness > cfg["max_thickness_px"] + merge:
            continue  # a filled area, not a rule
        weight = [g.end - g.start + 1 for g in group]
        out.append(Rule(sum(g.pos * w for g, w in zip(group, weight)) / sum(weight),
                        min(g.start for g in group), max(g.end for g in group)))
    return sorted(out, key=lambda r: (r.pos, r.start))


def _deskewed_mask(mask: np.ndarray, t: float, transpose: bool) -> tuple[np.ndarray, int]:
    """The ink mask in the deskewed frame (rows = y' or, transposed, x'); returns (mask, offset)."""
    ys, xs = np.nonzero(mask)
    h, w = mask.shape
    if transpose:
        a = np.rint(xs + ys * t).astype(np.int64)   # x'
        b = ys                                      # along the rule: y
        size_a, size_b = w, h
    else:
        a = np.rint(ys - xs * t).astype(np.int64)   # y'
        b = xs
        size_a, size_b = h, w
    off = int(math.ceil(max(h, w) * abs(t))) + 2
    out = np.zeros((size_a + 2 * off, size_b), dtype=bool)
    out[a + off, b] = True
    return out, off


def find_rules(mask: np.ndarray, cfg: Optional[dict] = None, scale: float = 1.0
               ) -> tuple[float, list[Rule], list[Rule]]:
    """(tan skew, horizontal rules, vertical rules) of an ink mask; ``scale`` = pixels per point."""
    cfg = _settings(cfg)
    ys, xs = np.nonzero(mask)
    t = _skew_tan(ys, xs, mask.shape[0], cfg)
    h_mask, h_off = _deskewed_mask(mask, t, transpose=False)
    v_mask, v_off = _deskewed_mask(mask, t, transpose=True)
    horizontal = _rules(h_mask, max(2, int(cfg["min_h_rule_pt"] * scale)), cfg)
    vertical = _rules(v_mask, max(2, int(cfg["min_v_rule_pt"] * scale)), cfg)
    for r in horizontal:
        r.pos -= h_off
    for r in vertical:
        r.pos -= v_off
    # runs were measured along x (for horizontal) and y (for vertical): map those to x', y'
    for r in horizontal:
        r.start, r.end = r.start + r.pos * t, r.end + r.pos * t
    for r in vertical:
        r.start, r.end = r.start - r.pos * t, r.end - r.pos * t
    return t, horizontal, vertical


def _touch(h: Rule, v: Rule, tol: float) -> bool:
    return h.start - tol <= v.pos <= h.end + tol and v.start - tol <= h.pos <= v.end + tol


def rule_groups(horizontal: list[Rule], vertical: list[Rule], tol: float
                ) -> list[tuple[list[Rule], list[Rule]]]:
    """Connected sets of touching rules: each with >= 2 horizontal and >= 2 vertical rules is a
    table (the frame may be open: the extent of the other direction closes it)."""
    n_h = len(horizontal)
    links = [(i, n_h + j) for i, h in enumerate(horizontal) for j, v in enumerate(vertical)
             if _touch(h, v, tol)]
    groups = []
    for component in components(n_h + len(vertical), links):
        groups.append(([horizontal[i] for i in component if i < n_h],
                       [vertical[i - n_h] for i in component if i >= n_h]))
    out = []
    for hs, vs in groups:
        if not hs or not vs:
            continue
        # open frame: the extent of the other rules is a border too
        rows = _cluster([h.pos for h in hs] + [min(v.start for v in vs), max(v.end for v in vs)], tol)
        cols = _cluster([v.pos for v in vs] + [min(h.start for h in hs), max(h.end for h in hs)], tol)
        if len(rows) >= 2 and len(cols) >= 3 or len(rows) >= 3 and len(cols) >= 2:
            out.append((hs, vs))
    return sorted(out, key=lambda g: min(h.pos for h in g[0]))


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


@dataclass
class Grid:
    rows: list[float]   # y' boundaries, top to bottom
    cols: list[float]   # x' boundaries, left to right
    vertical: list[Rule]
    tol: float

    def has_wall(self, col_edge: int, row: int) -> bool:
        """Is there a vertical rule at boundary ``col_edge`` along row band ``row``?"""
        x = self.cols[col_edge]
        if col_edge in (0, len(self.cols) - 1):
            return True
        mid = (self.rows[row] + self.rows[row + 1]) / 2
        return any(abs(v.pos - x) <= self.tol and v.start - self.tol <= mid <= v.end + self.tol
                   for v in self.vertical)


def build_grid(hs: list[Rule], vs: list[Rule], tol: float) -> Grid:
    rows = _cluster([h.pos for h in hs] + [min(v.start for v in vs), max(v.end for v in vs)], tol)
    cols = _cluster([v.pos for v in vs] + [min(h.start for h in hs), max(h.end for h in hs)], tol)
    return Grid(rows, cols, vs, tol)


def _index(bounds: list[float], value: float) -> Optional[int]:
    if value < bounds[0] or value > bounds[-1]:
        return None
    for k in range(len(bounds) - 1):
        if value <= bounds[k + 1]:
            return k
    return None


# Tesseract (dan) misreads two things tables print a lot: the superscript of a unit in a header
# ("Areal (km²)" -> "(km?)") and the footnote marker ("Indbyggere *)" -> "+)").
_OCR_FIXES = [
    (re.compile(r"\b(k?m|cm)[?°]\)"), r"\1²)"),
    (re.compile(r"\b(k?m|cm)[?°](?=\s|$)"), r"\1²"),
    (re.compile(r"(?<=[^\W\d_])\s+[+x]\)$"), " *)"),
    (re.compile(r"^[+x]\)$"), "*)"),
]


def fix_ocr(text: str) -> str:
    for pattern, repl in _OCR_FIXES:
        text = pattern.sub(repl, text)
    return text


def _join(words: list[Word]) -> str:
    """A cell's words in reading order: lines top to bottom, words left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        cy = (w.top + w.bottom) / 2
        if lines:
            last = lines[-1]
            ly = sum((x.top + x.bottom) / 2 for x in last) / len(last)
            if abs(cy - ly) <= 0.5 * max(w.bottom - w.top, 1.0):
                last.append(w)
                continue
        lines.append([w])
    text = "\n".join(" ".join(x.text for x in sorted(line, key=lambda x: x.x0)) for line in lines)
    return fix_ocr(clean_cell(text) or "")


def _deskew(w: Word, scale: float, t: float) -> tuple[float, float]:
    cx, cy = (w.x0 + w.x1) / 2 * scale, (w.top + w.bottom) / 2 * scale
    return cx + cy * t, cy - cx * t


def _to_page(xd: float, yd: float, t: float) -> tuple[float, float]:
    den = 1 + t * t
    return (xd - yd * t) / den, (yd + xd * t) / den


def fill_grid(grid: Grid, words: list[Word], scale: float, t: float, number: int,
              cell_words: Optional[list[tuple[float, float, Word]]] = None) -> Optional[TableData]:
    """The table of a grid: each word in the cell holding its centre (spanned cells: the first)."""
    n_rows, n_cols = len(grid.rows) - 1, len(grid.cols) - 1
    if n_rows < 1 or n_cols < 1:
        return None
    # cell owner: a column without a wall on its left joins the cell before it
    owner = [[c for c in range(n_cols)] for _ in range(n_rows)]
    for r in range(n_rows):
        for c in range(1, n_cols):
            if not grid.has_wall(c, r):
                owner[r][c] = owner[r][c - 1]
    def place(items) -> dict[tuple[int, int], list[Word]]:
        cells: dict[tuple[int, int], list[Word]] = {}
        for xd, yd, w in items:
            r, c = _index(grid.rows, yd), _index(grid.cols, xd)
            if r is not None and c is not None:
                cells.setdefault((r, owner[r][c]), []).append(w)
        return cells

    cells = place((*_deskew(w, scale, t), w) for w in words)
    if cell_words is not None:
        # words read again from the cells alone win; the page's OCR fills cells they left empty
        again = place(cell_words)
        cells = {**cells, **again}
    if not cells:
        return None
    rows: list[list[Optional[str]]] = []
    for r in range(n_rows):
        row: list[Optional[str]] = []
        for c in range(n_cols):
            if owner[r][c] != c:
                row.append(None)  # covered by a spanning cell, as pdfplumber reports it
            else:
                row.append(_join(cells.get((r, c), [])))
        rows.append(row)
    # the grid corners back in page points
    corners = []
    for xd in (grid.cols[0], grid.cols[-1]):
        for yd in (grid.rows[0], grid.rows[-1]):
            x, y = _to_page(xd, yd, t)
            corners.append((x / scale, y / scale))
    box = BBox(min(c[0] for c in corners), min(c[1] for c in corners),
               max(c[0] for c in corners), max(c[1] for c in corners))
    return TableData(page=number, bbox=box, rows=rows)


def cell_canvas(grid: Grid, image, image_scale: float, t: float, inset: float):
    """The cells' insides pasted, deskewed and without their rules, on white paper (``inset``
    pixels in from the rules above and below, twice that from the ones at the sides).

    ``image`` is the page at ``image_scale`` times the grid's pixels. Returns the canvas and
    the function that maps a canvas pixel back to the grid's deskewed frame."""
    k = image_scale
    x_min, y_min = grid.cols[0], grid.rows[0]
    width = int((grid.cols[-1] - x_min) * k) + 1
    height = int((grid.rows[-1] - y_min) * k) + 1
    canvas = Image.new("L", (max(width, 1), max(height, 1)), 255)
    gray = image.convert("L")
    for r in range(len(grid.rows) - 1):
        for c in range(len(grid.cols) - 1):
            x0, x1 = grid.cols[c] + 2 * inset, grid.cols[c + 1] - 2 * inset
            y0, y1 = grid.rows[r] + inset, grid.rows[r + 1] - inset
            if x1 - x0 < 2 or y1 - y0 < 2:
                continue
            # within one cell the skew drifts by a pixel or so: shift, do not rotate
            px, py = _to_page((x0 + x1) / 2, (y0 + y1) / 2, t)
            dx, dy = px - (x0 + x1) / 2, py - (y0 + y1) / 2
            box = tuple(int(round(v * k)) for v in (x0 + dx, y0 + dy, x1 + dx, y1 + dy))
            canvas.paste(gray.crop(box), (int(round((x0 - x_min) * k)), int(round((y0 - y_min) * k))))

    # scan speckles in the cells become stray ";" and "1" in Tesseract's output: a median filter
    # takes them away, and the paper's gray goes to white

    canvas = canvas.filter(ImageFilter.MedianFilter(3))
    paper = float(np.median(np.asarray(gray)))
    canvas = canvas.point(lambda v: 255 if v > paper - 25 else v)

    def to_grid(x: float, y: float) -> tuple[float, float]:
        return x / k + x_min, y / k + y_min

    return canvas, to_grid


def reread_cells(grid: Grid, image, image_scale: float, t: float, inset: float
                 ) -> Optional[list[tuple[float, float, Word]]]:
    """Tesseract on the cells alone (rules confuse its page layout analysis: on a ruled scan it
    drops whole tables); None when Tesseract cannot be used."""
    if not ocr.tesseract_available():
        return None
    canvas, to_grid = cell_canvas(grid, image, image_scale, t, inset)
    words, _ = ocr.image_words(canvas, scale=1.0)
    out = []
    for w in words:
        xd, yd = to_grid((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2)
        out.append((xd, yd, w))
    return out


def tables_from_mask(mask: np.ndarray, words: list[Word], scale: float, number: int,
                     cfg: Optional[dict] = None, image=None, image_scale: float = 2.0
                     ) -> list[TableData]:
    """The ruled tables of an ink mask (True = ink) whose pixels are ``scale`` per point.
    With ``image`` (the page at ``image_scale`` times the mask's resolution, or a function that
    renders it) the cells are read again by Tesseract."""
    cfg = _settings(cfg)
    t, hs, vs = find_rules(mask, cfg, scale)
    out = []
    for g_h, g_v in rule_groups(hs, vs, cfg["touch_px"]):
        grid = build_grid(g_h, g_v, cfg["merge_px"])
        again = None
        if image is not None:
            page_image = image() if callable(image) else image
            again = reread_cells(grid, page_image, image_scale, t, cfg["cell_inset_px"])
        table = fill_grid(grid, words, scale, t, number, again)
        if table is not None:
            out.append(table)
    return out


def ink_mask(image, contrast: int) -> np.ndarray:
    """Ink: pixels clearly darker than the paper (scanned rules are often light gray)."""
    gray = np.asarray(image.convert("L"))
    return gray < float(np.median(gray)) - contrast


def scan_tables(plumber_page, words: list[Word], number: int, cfg: Optional[dict] = None
                ) -> list[TableData]:
    """Ruled tables of a scanned page, found in its rendered image, filled with its OCR words."""
    cfg = _settings(cfg)
    image = plumber_page.to_image(resolution=cfg["resolution"]).original
    scale = image.size[0] / float(plumber_page.width)
    mask = ink_mask(image, cfg["ink_contrast"])
    if not _may_have_rules(mask, scale, cfg):
        return []
    big = None
    if cfg["reread_resolution"]:
        # rendered only when a table is found
        big = functools.lru_cache(maxsize=1)(
            lambda: plumber_page.to_image(resolution=cfg["reread_resolution"]).original)
    return tables_from_mask(mask, words, scale, number, cfg, big,
                            cfg["reread_resolution"] / cfg["resolution"])


def _may_have_rules(mask: np.ndarray, scale: float, cfg: dict) -> bool:
    """Cheap test: some pixel row (allowing for skew, in bands) has enough ink for a rule."""
    band = max(1, int(mask.shape[1] * math.tan(math.radians(cfg["max_skew_deg"]))) + 1)
    rows = mask.sum(axis=1)
    n = len(rows) // band * band
    if n == 0:
        return False
    return bool((rows[:n].reshape(-1, band).sum(axis=1) >= cfg["min_h_rule_pt"] * scale).any())
