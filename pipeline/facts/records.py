"""Fact rows checked against the table schema the moment a stage makes them.

Every extract stage returns ``{table: [row, ...]}``; the runner hands each table to ``check``
right after the stage ran, so a misspelt column, a year as text or a date that is not ISO fails
there, naming the stage, and not later in the writer or in a researcher's R session. The schema
(``pipeline/data/schema.yaml``) is the one definition of every table: its column types here, the
file types in ``batch/store.py`` and the data dictionary all come from it.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

from pipeline.datafiles import load

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class RecordError(ValueError):
    """A row that does not fit its table's schema (a bug in the stage that made it)."""


def schema() -> dict[str, dict]:
    """{table: {"description": str, "columns": {name: {"type": t, "doc": str}}}}."""
    return load("schema.yaml")


def columns(table: str) -> dict[str, str]:
    """{column: type} of a schema table ({} for a table the schema does not know)."""
    spec = schema().get(table, {}).get("columns", {})
    return {name: col["type"] for name, col in spec.items()}


def _fits(value: Any, kind: str) -> bool:
    if value is None:
        return kind != "bool"
    if kind == "string":
        return isinstance(value, str)
    if kind == "date":
        return (isinstance(value, str) and (value == "" or bool(_ISO_DATE.match(value)))) \
            or isinstance(value, dt.date)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind in ("bool", "nullable_bool"):
        return isinstance(value, bool)
    raise RecordError(f"unknown column type in schema.yaml: {kind}")


def check(table: str, rows: Iterable[dict], stage: str = "a stage") -> None:
    """Raise RecordError for the first row of ``rows`` that does not fit ``table``'s schema:
    an unknown table, a row without ``doc_id``, or a value of the wrong type. A column a stage
    leaves out is unknown (an empty cell), as SPEC says; extra columns are the stage's own."""
    spec = columns(table)
    if not spec:
        raise RecordError(f"{stage} made rows for {table!r}, a table the schema does not know")
    for n, row in enumerate(rows):
        if "doc_id" in spec and not row.get("doc_id"):
            raise RecordError(f"{stage}: {table} row {n} has no doc_id")
        for name, kind in spec.items():
            if name in row and not _fits(row[name], kind):
                raise RecordError(f"{stage}: {table}.{name} must be {kind}, "
                                  f"got {type(row[name]).__name__} {row[name]!r} (row {n})")
