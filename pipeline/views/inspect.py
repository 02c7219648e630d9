"""What ``pipeline inspect`` shows of one PDF: metadata, outline, tables, facts, warnings, and
page images with the layout decisions drawn on them."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Optional

from pipeline.model import Block, Document
from pipeline.pdf import validate
from pipeline.pdf.layout import body_size
from pipeline.pdf.lines import line_bold, line_luminance, line_size
from pipeline.views import page_images


def draw(pdf: Path, doc: Document, png_dir: Path,
         rows: Optional[dict[str, list[dict]]] = None) -> list[Path]:
    """Page images with the layout decisions and the boxes of the fact ``rows``; a file with a
    damaged xref is drawn from its repaired copy (pdfplumber alone would see no pages in it)."""
    repaired = validate.inspect_pdf(pdf).repaired
    if repaired is None:
        return page_images.draw_pages(pdf, doc, png_dir, rows=rows)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / pdf.name  # same stem: the images are named after it
        copy.write_bytes(repaired)
        return page_images.draw_pages(copy, doc, png_dir, rows=rows)


def describe(doc: Document, rows: dict[str, list[dict]]) -> str:
    """The text ``inspect`` prints."""
    meta = doc.meta
    out = [f"{doc.path}  ({doc.n_pages} pages, doc_id {doc.doc_id}{', OCR' if doc.ocr else ''})",
           "", "Metadata"]
    for name in ("doc_type", "district", "year", "title", "council", "municipality",
                 "meeting_date", "meeting_no"):
        value = getattr(meta, name)
        out.append(f"  {name:<13} {value if value not in (None, '') else '-'}")
    out += ["", "Outline"] + (_outline(doc) or ["  (no headings found)"])
    out += ["", "Style census (headings and decorations against the body style)"] + _census(doc)
    out += ["", "Tables"] + (_tables(doc) or ["  (none)"])
    out += ["", "Facts"] + (_facts(rows) or ["  (no extract stages produced rows)"])
    out += ["", "Warnings"] + ([f"  - {w}" for w in doc.warnings] or ["  (none)"])
    return "\n".join(out)


def _outline(doc: Document) -> list[str]:
    return [f"  {'  ' * ((b.level or 1) - 1)}{b.text}  (p. {b.page})" for b in doc.headings()]


def _style(block: Block, body: float) -> str:
    line = block.lines[0]
    return (f"{line_size(line) / body:.2f}x body, {'bold' if line_bold(line) else 'regular'}, "
            f"grey {line_luminance(line):.1f}, {len(block.lines)} line(s)")


def _census(doc: Document) -> list[str]:
    """The body style, then why each heading and decoration was taken for one: its style
    relative to the body (the decisions layout made from it)."""
    body = body_size(doc)
    out = [f"  body text: {body:g} pt"]
    for page in doc.pages:
        for b in page.blocks:
            if b.kind == "heading":
                out.append(f"  heading L{b.level}  {b.text[:50]!r} (p. {b.page}): {_style(b, body)}")
            elif b.kind == "callout":
                out.append(f"  decoration  {b.text[:50]!r} (p. {b.page}): {_style(b, body)}, "
                           "display text outside the outline, the margin or the heading styles")
    return out


def _tables(doc: Document) -> list[str]:
    lines = []
    for page in doc.pages:
        for table in page.tables:
            n_cols = max((len(r) for r in table.rows), default=0)
            head = " | ".join(c or "" for c in table.rows[0]) if table.rows else ""
            lines.append(f"  p. {page.number}: {len(table.rows)} rows x {n_cols} columns: {head}")
    return lines


# One line per fact, by table: what a reader needs to check it against the page.
FACT_LINES = {
    "focus_areas": lambda r: (f"{r['title']}  [{r.get('category')}; {r.get('declared_status')}"
                              f"{' from ' + str(r['declared_from_year']) if r.get('declared_from_year') else ''}]"
                              f"  (p. {r.get('page_start')}-{r.get('page_end')})"),
    "deadlines": lambda r: (f"{r.get('due_start')}..{r.get('due_end')} {r.get('precision')}: "
                            f"{r.get('actor') or '?'} -> {r.get('forum') or '?'}  \"{r.get('due_text')}\""
                            f"  (p. {r.get('page')})"),
    "figures": lambda r: (f"{r.get('value')} {r.get('unit') or ''} {r.get('label') or ''}".replace("  ", " ")
                          + f"  [{r.get('source')}]  (p. {r.get('page')})"),
    "agenda_items": lambda r: f"{r.get('item_no')}. {r.get('title')} -> {r.get('decision') or '-'}  (p. {r.get('page')})",
    "attendees": lambda r: f"{r.get('name')}, {r.get('role') or '-'}, {r.get('organisation') or '-'}: {r.get('status')}",
}
MAX_FACTS = 25


def _facts(rows: dict[str, list[dict]]) -> list[str]:
    lines = []
    for table, table_rows in rows.items():
        if table in ("documents", "pages") or not table_rows:
            continue
        lines.append(f"  {table}: {len(table_rows)}")
        fmt = FACT_LINES.get(table, lambda r: str(r))
        lines += [f"    - {fmt(row)}" for row in table_rows[:MAX_FACTS]]
        if len(table_rows) > MAX_FACTS:
            lines.append(f"    ... {len(table_rows) - MAX_FACTS} more (all of them: pipeline run, then the CSVs)")
    return lines
