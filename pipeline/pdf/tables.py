"""Tables: pdfplumber's table finder, run only where a table is likely (it is the costly part).

Ruled tables: the "lines" strategy on pages with ruling segments; on scanned (OCR) pages the rules
are found in the page image instead (``scan_tables``). Unruled tables: the "text"
strategy, cropped to the rows where columns of numbers line up, since on running text it finds
tables everywhere.
"""
from __future__ import annotations

import re
from typing import Optional

from pipeline.model import BBox, Page, TableData, Word
from pipeline.pdf.lines import clean_cell, config, fragments
from pipeline.pdf.scan_tables import scan_tables

_NUMBER = re.compile(r"^[-–]?\d{1,3}([.\s]\d{3})*(,\d+)?%?\*?\)?$|^\d+(,\d+)?%?$")
_RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _cfg() -> dict:
    return config()["tables"]


def _tables_from(finder_page, settings: dict, number: int) -> list[TableData]:
    out = []
    for table in finder_page.find_tables(settings):
        rows = [[clean_cell(c) for c in row] for row in table.extract()]
        rows = [r for r in rows if any(c for c in r)]
        n_cols = max((len(r) for r in rows), default=0)
        # One ruled row of >= 3 cells is a table continued from the previous page.
        if not rows or n_cols < 2 or (len(rows) < 2 and n_cols < 3):
            continue
        x0, top, x1, bottom = table.bbox
        out.append(TableData(page=number, bbox=BBox(x0, top, x1, bottom), rows=rows,
                             prose=is_prose(rows)))
    return out


def is_prose(rows: list[list[Optional[str]]]) -> bool:
    """A column of sentences (not labels and numbers): a table used for page layout."""
    cfg = _cfg()
    body = rows[1:] if len(rows) > 1 else rows
    width = max(len(r) for r in body)
    for col in range(width):
        cells = [r[col] for r in body if col < len(r) and r[col]]
        long = [c for c in cells if len(c.split()) >= cfg["prose_cell_words"]]
        if cells and len(long) >= cfg["prose_share"] * len(cells):
            return True
    return False


def find_tables(plumber_page, page: Page) -> list[TableData]:
    """The tables of one page; cells joined with spaces and dehyphenated."""
    cfg = _cfg()
    found: list[TableData] = []
    if page.ocr:
        found = _scanned_tables(plumber_page, page)
    elif page.n_rules >= cfg["min_rules"] or sum(1 for r in page.rects if r.stroke) >= cfg["min_rules"]:
        found = _tables_from(plumber_page, _RULED, page.number)
    # Tables with only a rule or two (booktabs style) are found from their aligned numbers.
    free = [w for w in page.words if not any(t.bbox.holds_center_of(w.bbox) for t in found)]
    return found + unruled_tables(page, free)


def _scanned_tables(plumber_page, page: Page) -> list[TableData]:
    """A scan has no vector rules: its ruled tables are found in the page image."""
    tables = scan_tables(plumber_page, page.words, page.number, config().get("scan_tables"))
    out = []
    for t in tables:
        rows = [r for r in t.rows if any(c for c in r)]
        n_cols = max((len(r) for r in rows), default=0)
        if not rows or n_cols < 2 or (len(rows) < 2 and n_cols < 3):
            continue
        t.rows, t.prose = rows, is_prose(rows)
        out.append(t)
    return out


# ---------------------------------------------------------------- unruled tables

def _numeric_runs(words: list[Word]) -> list[list[Word]]:
    """Columns of right-aligned numbers: same right edge, consecutive rows, >= numeric_rows."""
    cfg = _cfg()
    tol = cfg["align_tolerance_pt"]
    numbers = sorted((w for w in words if _NUMBER.match(w.text)), key=lambda w: w.x1)
    clusters: list[list[Word]] = []
    for w in numbers:
        if clusters and w.x1 - clusters[-1][-1].x1 <= tol:
            clusters[-1].append(w)
        else:
            clusters.append([w])
    runs = []
    for cluster in clusters:
        cluster.sort(key=lambda w: w.top)
        run = [cluster[0]]
        for w in cluster[1:]:
            if w.top - run[-1].top > 3 * max(w.size, 1.0):
                runs.append(run)
                run = []
            if not run or abs(w.top - run[-1].top) > 1:
                run.append(w)
        runs.append(run)
    return [r for r in runs if len(r) >= cfg["numeric_rows"]]


def _table_bands(runs: list[list[Word]]) -> list[list[list[Word]]]:
    """Runs that overlap vertically belong to one table."""
    tables: list[list[list[Word]]] = []
    for run in sorted(runs, key=lambda r: r[0].top):
        top, bottom = run[0].top, run[-1].bottom
        for group in tables:
            g_top = min(r[0].top for r in group)
            g_bottom = max(r[-1].bottom for r in group)
            if top < g_bottom and bottom > g_top:
                group.append(run)
                break
        else:
            tables.append([run])
    cfg = _cfg()
    return [g for g in tables
            if len(g) >= cfg["numeric_columns"] or len(g[0]) >= cfg["single_column_rows"]]


def _cell_index(word: Word, label_end: float, edges: list[float], tol: float) -> int:
    center = (word.x0 + word.x1) / 2
    if center < label_end:
        return 0
    for k, edge in enumerate(edges):
        if center <= edge + tol:
            return k + 1
    return len(edges)


def _frag_cells(frag, label_end: float, edges: list[float], tol: float) -> set[int]:
    """Columns a fragment touches; one flush with a number column's right edge belongs to it
    (right-aligned headers are often wider than the numbers under them)."""
    for k, edge in enumerate(edges):
        if abs(frag.bbox.x1 - edge) <= tol:
            return {k + 1}
    return {_cell_index(w, label_end, edges, tol) for w in frag.words}


def _fits_columns(frags: list, label_end: float, edges: list[float], tol: float) -> bool:
    """A header row: every fragment sits in one column and >= 2 columns are used."""
    used: set[int] = set()
    for f in frags:
        cells = _frag_cells(f, label_end, edges, tol)
        if len(cells) > 1:
            return False
        used |= cells
    return len(used) >= 2


def _table_from_runs(page: Page, words: list[Word], group: list[list[Word]]) -> Optional[TableData]:
    tol = _cfg()["align_tolerance_pt"]
    edges = sorted(sum(w.x1 for w in r) / len(r) for r in group)
    label_end = min(w.x0 for w in min(group, key=lambda r: r[0].x1)) - tol
    top = min(r[0].top for r in group) - 1
    bottom = max(r[-1].bottom for r in group) + 1
    rows, header = [], []
    for frags in _rows(fragments([w for w in words if w.bottom > top - 60 and w.top < bottom])):
        if min(f.bbox.top for f in frags) >= top:
            rows.append(frags)
        elif _fits_columns(frags, label_end, edges, tol):
            header.append(frags)
        else:
            header = []  # only the rows directly above the numbers are its header
    rows = header + rows
    return _as_table(page, rows, label_end, edges, tol)


def _rows(frags: list) -> list[list]:
    """Fragments grouped into table rows: bottoms within a third of the text size."""
    rows: list[list] = []
    for f in sorted(frags, key=lambda f: f.bbox.bottom):
        size = max(w.size for w in f.words)
        if rows and f.bbox.bottom - rows[-1][0].bbox.bottom <= 0.35 * max(size, 1.0):
            rows[-1].append(f)
        else:
            rows.append([f])
    return rows


def _as_table(page: Page, rows: list, label_end: float, edges: list[float], tol: float) -> Optional[TableData]:
    cells_rows, words = [], []
    for frags in rows:
        cells: list[list[str]] = [[] for _ in range(len(edges) + 1)]
        for f in sorted(frags, key=lambda f: f.bbox.x0):
            home = _frag_cells(f, label_end, edges, tol)
            for w in f.words:
                k = next(iter(home)) if len(home) == 1 else _cell_index(w, label_end, edges, tol)
                cells[k].append(w.text)
                words.append(w)
        cells_rows.append([clean_cell(" ".join(c)) if c else None for c in cells])
    if len(cells_rows) < 2 or not words:
        return None
    box = BBox(min(w.x0 for w in words), min(w.top for w in words),
               max(w.x1 for w in words), max(w.bottom for w in words))
    return TableData(page=page.number, bbox=box, rows=cells_rows)


def unruled_tables(page: Page, words: Optional[list[Word]] = None) -> list[TableData]:
    """Tables without rules, found where columns of numbers line up (built from the words)."""
    words = page.words if words is None else words
    found = [_table_from_runs(page, words, g) for g in _table_bands(_numeric_runs(words))]
    return [t for t in found if t is not None]
