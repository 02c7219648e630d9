"""Figure stage: numbers in tables, labelled "row – column", with unit and a check of total rows.

Figures in running text are found by ``pipeline.lang.numbers.find_figures``; this module turns tables
into labelled values. A table's first row is its header; the first cell of each row names the row.
A unit printed in a column header ("Areal (km²)") becomes the unit of its cells. Where a row is a
total ("I alt", "Total"), the column is summed and a warning is raised when it does not add up.
"""
from __future__ import annotations

import re

from pipeline.model import TableData
from pipeline.lang.numbers import parse_danish_number

DASH = " – "
UNIT_IN_HEADER = re.compile(r"\(([^)]*)\)\s*$")
TOTAL_LABELS = ("i alt", "total", "samlet", "alle")
FOOTNOTE = re.compile(r"\s*(\*+\)?|\(\d\))\s*$")
NUMERIC_CELL = re.compile(r"^[-−]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^[-−]?\d+(?:,\d+)?$")


def cell_number(text: str | None) -> float | int | None:
    """A table cell's number in Danish notation, or None when the cell is not a plain number."""
    if not text:
        return None
    cleaned = FOOTNOTE.sub("", text.strip()).replace(" ", "").replace("\u00a0", "")
    cleaned = cleaned.rstrip("%")
    if not NUMERIC_CELL.match(cleaned):
        return None

    return parse_danish_number(cleaned.replace("−", "-"))


def _clean_label(text: str | None) -> str:
    text = FOOTNOTE.sub("", (text or "").replace("\n", " ")).strip()
    return re.sub(r"\s+", " ", text)


def _header_and_unit(text: str | None) -> tuple[str, str]:
    label = _clean_label(text)
    match = UNIT_IN_HEADER.search(label)
    if match:
        return label[: match.start()].strip(), match.group(1).strip()
    if label.endswith("%"):
        return label, "%"
    return label, ""


def is_contents_table(rows: list[list[str | None]]) -> bool:
    """A table of contents laid out as a table: headings with page numbers that only grow.
    Page numbers are not figures (DOMAIN.md)."""
    numbers = [cell_number(r[-1]) for r in rows if r and r[-1]]
    numbers = [n for n in numbers if n is not None]
    if len(numbers) < 3 or any(n != int(n) or n > 500 for n in numbers):
        return False
    ascending = all(a <= b for a, b in zip(numbers, numbers[1:]))
    two_columns = all(len([c for c in r if c]) <= 2 for r in rows)
    return ascending and two_columns


def table_figures(table: TableData) -> tuple[list[dict], list[str]]:
    """Labelled numeric cells of one table and warnings about totals that do not add up."""
    rows = [r for r in table.rows if any(c for c in r)]
    if len(rows) < 2 or is_contents_table(rows):
        return [], []
    if _is_data_row(rows[0]):
        # No header row: the first row holds numbers too, so it is data and columns go unnamed.
        headers, data = [("", "")] * max(len(r) for r in rows), rows
    else:
        head, data = _header(rows)
        headers = [(_clean_label(c), _header_and_unit(c)[1]) for c in head]
    figures: list[dict] = []
    for row in data:
        row_label = _clean_label(row[0])
        for col, cell in enumerate(row[1:], start=1):
            value = cell_number(cell)
            if value is None or col >= len(headers):
                continue
            column_label, unit = headers[col]
            figures.append({
                "label": f"{row_label}{DASH}{column_label}" if column_label else row_label,
                "value": value,
                "unit": unit,
                "source": "table",
                "page": table.page,
                "context": " | ".join(_clean_label(c) for c in row),
                "_row": row_label, "_col": col,
            })
    return figures, _check_totals(figures, table.page)


def _header(rows: list[list[str | None]]) -> tuple[list[str | None], list[list[str | None]]]:
    """The header row and the data rows; a header set over two rows (the second without any
    number, e.g. units under the column names) is joined cell by cell."""
    first, second = rows[0], rows[1]
    if len(rows) > 2 and not any(cell_number(c) is not None for c in second) \
            and not (second[0] or "").strip() and any((c or "").strip() for c in second):
        joined = [" ".join(p for p in ((a or "").strip(), (b or "").strip()) if p)
                  for a, b in zip(first, second)]
        return joined, rows[2:]
    return first, rows[1:]


def _is_data_row(row: list[str | None]) -> bool:
    """A row with a label and only numbers after it is data, not a header."""
    cells = [c for c in row[1:] if c and c.strip()]
    return bool(row and row[0] and cells) and all(cell_number(c) is not None for c in cells)


def _check_totals(figures: list[dict], page: int) -> list[str]:
    warnings = []
    columns = sorted({f["_col"] for f in figures})
    for col in columns:
        cells = [f for f in figures if f["_col"] == col]
        totals = [f for f in cells if f["_row"].lower().startswith(TOTAL_LABELS)]
        parts = [f for f in cells if f not in totals]
        for total in totals:
            expected = sum(f["value"] for f in parts)
            if parts and abs(expected - total["value"]) > 0.01 * max(1.0, abs(total["value"])):
                warnings.append(
                    f"page {page}: total '{total['label']}' is {total['value']:g} "
                    f"but the rows above add up to {expected:g}")
    return warnings


def strip_private(figures: list[dict]) -> list[dict]:
    return [{k: v for k, v in f.items() if not k.startswith("_")} for f in figures]
