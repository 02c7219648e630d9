"""Words into lines: the geometry every layout step shares (rows cut at gutters, line size,
weight and colour, a cell's lines as one string). Thresholds come from data/layout.yaml and are
relative to the words' own sizes."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Optional

from pipeline.datafiles import load
from pipeline.lang.dehyphenate import join_lines
from pipeline.model import BBox, Line, Word


@lru_cache(maxsize=1)
def config() -> dict:
    return load("layout.yaml")


def luminance(color: Optional[tuple]) -> float:
    """0 = black .. 1 = white for gray, RGB and CMYK colours; unknown colours count as black."""
    if not color:
        return 0.0
    if len(color) == 1:
        return color[0]
    if len(color) == 3:
        r, g, b = color
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(color) == 4:
        c, m, y, k = color
        return (1 - k) * (1 - (0.299 * c + 0.587 * m + 0.114 * y))
    return 0.0


def make_line(words: list[Word]) -> Line:
    words = sorted(words, key=lambda w: w.x0)
    box = words[0].bbox
    for w in words[1:]:
        box = box.union(w.bbox)
    return Line(words=words, bbox=box)


def line_size(line: Line) -> float:
    """The size most of the line's characters have."""
    sizes = Counter()
    for w in line.words:
        sizes[w.size] += len(w.text)
    return sizes.most_common(1)[0][0]


def line_bold(line: Line) -> bool:
    bold = sum(len(w.text) for w in line.words if w.bold)
    return bold >= 0.8 * sum(len(w.text) for w in line.words)


def line_luminance(line: Line) -> float:
    return min(luminance(w.color) for w in line.words)


def center_in(line: Line, box: BBox, pad: float = 1.0) -> bool:
    return box.holds_center_of(line.bbox, pad)


def fragments(words: list[Word]) -> list[Line]:
    """Rows of words cut at gaps wider than a word space: one fragment never spans a gutter.

    Sizes are compared with the smaller word, so a big callout word beside a line of body text
    neither captures the line into its row nor hides the gap to it."""
    cfg = config()["line"]
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.bottom, w.x0)):
        anchor = rows[-1][0] if rows else None
        if anchor and w.bottom - anchor.bottom <= cfg["same_row"] * max(min(w.size, anchor.size), 1.0):
            rows[-1].append(w)
        else:
            rows.append([w])
    out: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        current = [row[0]]
        for w in row[1:]:
            if _splits(current[-1], w, cfg):
                out.append(make_line(current))
                current = []
            current.append(w)
        out.append(make_line(current))
    return out


def _splits(left: Word, right: Word, cfg: dict) -> bool:
    small, big = sorted((max(left.size, 1.0), max(right.size, 1.0)))
    return right.x0 - left.x1 > cfg["split_gap"] * small or big > cfg["size_jump"] * small


def merge_rows(frags: list[Line]) -> list[Line]:
    """Fragments of the same row (inside one column) as one line, top to bottom."""
    cfg = config()["line"]
    lines: list[list[Word]] = []
    anchors: list[float] = []
    for f in sorted(frags, key=lambda f: (f.bbox.bottom, f.bbox.x0)):
        size = max(w.size for w in f.words)
        if anchors and f.bbox.bottom - anchors[-1] <= cfg["same_row"] * max(size, 1.0):
            lines[-1].extend(f.words)
        else:
            lines.append(list(f.words))
            anchors.append(f.bbox.bottom)
    return [make_line(ws) for ws in lines]


def clean_cell(text: Optional[str]) -> Optional[str]:
    """A cell's lines as one string: spaces between lines, line-end hyphens resolved."""
    if text is None:
        return None
    return join_lines(text.split("\n"))
