"""Page PNGs that show what the layout stage decided (like pdfplumber's visual debugging).

Blocks are outlined in a colour per kind, columns dashed-free light boxes, tables in cyan, and each
block in reading order carries its order number (furniture has none). The facts found on a page
(rows with a box: x0, top, x1, bottom) are drawn last, thick, with their table's name, so a fact
can be checked against the words it was read from.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping, Optional

import pdfplumber

from pipeline.model import BBox, Document

COLOURS = {
    "body": (40, 90, 220), "heading": (220, 30, 30), "header": (140, 140, 140),
    "footer": (140, 140, 140), "page_number": (90, 90, 90), "callout": (240, 150, 0),
    "box": (20, 160, 60), "table": (0, 170, 190), "caption": (170, 60, 200),
}
FACT_COLOUR = (213, 94, 0)  # vermillion (Okabe-Ito): apart from every block colour above
BOX_COLUMNS = ("x0", "top", "x1", "bottom")


def fact_boxes(rows: Mapping[str, list[dict]]) -> dict[int, list[tuple[str, tuple]]]:
    """page -> [(table name, box)] of every fact row that has a page and a box."""
    out: dict[int, list[tuple[str, tuple]]] = {}
    for table, table_rows in rows.items():
        for row in table_rows:
            page = row.get("page", row.get("page_start"))
            box = tuple(row.get(c) for c in BOX_COLUMNS)
            if page is not None and all(v is not None for v in box):
                out.setdefault(int(page), []).append((table, box))
    return out


def _box(b: BBox) -> tuple[float, float, float, float]:
    return (b.x0, b.top, b.x1, b.bottom)


def draw_page(plumber_page, page, resolution: int = 72,
              facts: Iterable[tuple[str, tuple]] = ()):
    """A pdfplumber PageImage with the page's columns, tables and blocks drawn on it, and the
    ``facts`` ((table, box) pairs) over them."""
    im = plumber_page.to_image(resolution=resolution)
    for col in page.columns:
        im.draw_rect(_box(col), stroke=(255, 200, 0), fill=(255, 240, 150, 40), stroke_width=1)
    for table in page.tables:
        im.draw_rect(_box(table.bbox), stroke=COLOURS["table"], fill=(0, 170, 190, 30),
                     stroke_width=2)
    for block in page.blocks:
        colour = COLOURS.get(block.kind, (0, 0, 0))
        im.draw_rect(_box(block.bbox), stroke=colour, fill=colour + (28,), stroke_width=2)
        label = f"{block.order}" if block.order >= 0 else block.kind
        if block.kind == "heading":
            label += f" h{block.level}"
        x, y = block.bbox.x0 * im.scale, max(0.0, block.bbox.top * im.scale - 11)
        im.draw.text((x, y), label, fill=colour)
    for table, box in facts:
        im.draw_rect(box, stroke=FACT_COLOUR, fill=FACT_COLOUR + (50,), stroke_width=3)
        im.draw.text((box[2] * im.scale + 2, box[1] * im.scale), table, fill=FACT_COLOUR)
    return im


def draw_pages(path: str | Path, doc: Document, out_dir: str | Path,
               pages: Optional[Iterable[int]] = None, resolution: int = 72,
               rows: Optional[Mapping[str, list[dict]]] = None) -> list[Path]:
    """Write <stem>-p<N>.png for the chosen 1-based pages (all by default), with the boxes of the
    fact ``rows`` (per table) drawn on their pages; return the paths."""
    facts = fact_boxes(rows or {})
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = set(pages) if pages is not None else {p.number for p in doc.pages}
    written = []
    with pdfplumber.open(str(path)) as pdf:
        for page in doc.pages:
            if page.number not in wanted:
                continue
            im = draw_page(pdf.pages[page.number - 1], page, resolution,
                           facts.get(page.number, []))
            target = out_dir / f"{Path(path).stem}-p{page.number}.png"
            im.save(str(target), format="PNG")
            written.append(target)
    return written
