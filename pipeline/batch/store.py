"""Write the output tables: DIR/NAME.csv, DIR/NAME.parquet and all of them in DIR/pipeline.duckdb.

Atomic: every file is first written to a temporary file in the same directory, checked (the
DuckDB file is checkpointed, reopened and its tables counted), and only when ALL of them are
complete are they moved into place with ``os.replace`` (atomic on POSIX within one file system).
A crash or a full disk while writing therefore leaves the previous tables untouched, never half a
table. Every table is cast to its schema (``pipeline/data/schema.yaml``) first, so an empty table
keeps its columns and CSV, Parquet and DuckDB agree on types: dates are DATE (pyarrow date32),
integers nullable integers, booleans true/false in every format.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any, Callable, Optional

import pandas as pd
import pyarrow as pa

from pipeline.facts import records

DUCKDB_NAME = "pipeline.duckdb"
# The oldest DuckDB release whose storage format the file keeps: DuckDB >= 1.0 (the CLI most
# people have, R's duckdb, DBeaver) opens it, not only the DuckDB that wrote it.
DUCKDB_STORAGE = "v1.0.0"
DATE = pd.ArrowDtype(pa.date32())


class UsageError(ValueError):
    """What the user asked for cannot be done (wrong folder, unknown filter value): exit 2."""


class WriteError(OSError):
    """The tables could not be written (full disk, read-only folder): the old files are intact."""


def schema() -> dict[str, dict]:
    """{table: {"description": str, "columns": {name: {"type": t, "doc": str}}}} of the tables
    (the views of the DuckDB file are in :func:`views`)."""
    return {name: spec for name, spec in records.schema().items() if spec.get("kind") != "view"}


def views() -> dict[str, dict]:
    """{view: spec} of the views the DuckDB file has besides the tables."""
    return {name: spec for name, spec in records.schema().items() if spec.get("kind") == "view"}


columns = records.columns


def _iso_date(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.isoformat()[:10]
    return value


def _as_date(series: pd.Series) -> pd.Series:
    text = _as_string(series)
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    values = [None if pd.isna(v) else v.date() for v in parsed]
    return pd.Series(values, index=series.index, dtype=DATE)


def _as_bool(value: Any) -> Any:
    """True/False from a bool, a number or the text a CSV holds ("true", "False", "1")."""
    if _missing(value):
        return pd.NA
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "1", "yes"):
            return True
        if word in ("false", "0", "no"):
            return False
        return pd.NA
    return bool(value)


def _as_string(series: pd.Series) -> pd.Series:
    # "" and missing are the same "unknown" (SPEC: empty cell); NULL in Parquet and DuckDB.
    values = [None if _missing(v) or v == "" else str(_iso_date(v)) for v in series]
    return pd.Series(values, index=series.index, dtype="string")


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other containers
        return False


def _cast(series: pd.Series, kind: str) -> pd.Series:
    if kind == "string":
        return _as_string(series)
    if kind == "date":
        return _as_date(series)
    if kind == "int":
        return pd.to_numeric(series, errors="coerce").round().astype("Int64")
    if kind == "float":
        return pd.to_numeric(series, errors="coerce").astype("Float64")
    if kind == "bool":
        return series.map(lambda v: _as_bool(v) is True).astype(bool)
    if kind == "nullable_bool":
        return series.map(_as_bool).astype("boolean")
    raise ValueError(f"unknown column type in schema.yaml: {kind}")


def empty_frame(table: str) -> pd.DataFrame:
    return conform(table, pd.DataFrame())


def conform(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with the schema's columns (missing ones empty) in schema order and types;
    extra columns follow with their own types."""
    spec = columns(table)
    out = pd.DataFrame(index=df.index)
    for name, kind in spec.items():
        source = df[name] if name in df.columns else pd.Series([None] * len(df), index=df.index,
                                                                  dtype=object)
        out[name] = _cast(source, kind)
    for name in df.columns:
        if name not in spec:
            out[name] = df[name]
    return out.reset_index(drop=True)


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows (dicts) as a conformed DataFrame."""
    return conform(table, pd.DataFrame.from_records(rows) if rows else pd.DataFrame())


def read_table(out_dir: str | Path, name: str) -> pd.DataFrame:
    """A written table with its schema types: the Parquet file, or the CSV conformed to the schema
    when only that exists. FileNotFoundError names the folder when neither was written."""
    out = Path(out_dir)
    if (out / f"{name}.parquet").exists():
        return pd.read_parquet(out / f"{name}.parquet")
    if (out / f"{name}.csv").exists():
        return conform(name, pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False))
    raise FileNotFoundError(f"no {name} table in {out}: run `pipeline run` first")


def read_text_table(out_dir: str | Path, name: str,
                    usecols: Optional[Callable[[str], bool]] = None) -> Optional[pd.DataFrame]:
    """A written table as strings, "" for an empty cell (how the CSV reads in a spreadsheet),
    or None when it was not written. pandas' own errors pass through for a broken file."""
    path = Path(out_dir) / f"{name}.csv"
    if not path.exists():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8", usecols=usecols)


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_frame(df: pd.DataFrame, excel_safe: bool = False) -> pd.DataFrame:
    """``df`` as the CSV shows it: booleans as true/false (what R, DuckDB and spreadsheets read
    as booleans; pandas would write True/False), dates ISO, missing values empty. With
    ``excel_safe`` a text cell that a spreadsheet would run as a formula gets a leading ``'``
    (the default keeps the exact data)."""
    out = df.copy()
    for name in out.columns:
        if pd.api.types.is_bool_dtype(out[name].dtype):
            out[name] = out[name].map(lambda v: "" if _missing(v) else ("true" if v else "false"))
        elif excel_safe and (pd.api.types.is_string_dtype(out[name].dtype)
                             or out[name].dtype == object):
            out[name] = out[name].map(_excel_safe_cell)
    return out


def _excel_safe_cell(value: Any) -> Any:
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _write_csv(df: pd.DataFrame, path: Path, excel_safe: bool = False) -> None:
    # RFC 4180 line ends (CRLF): then a carriage return or newline inside a cell (a file name, a
    # page's text) is quoted and stays inside its cell for pandas, R, DuckDB and csv alike.
    csv_frame(df, excel_safe).to_csv(path, index=False, lineterminator="\r\n")


def _write_duckdb(tables: dict[str, pd.DataFrame], target: Path,
                  hook: Optional[Callable[[Any], None]]) -> None:
    import duckdb

    con = duckdb.connect(str(target), config={"storage_compatibility_version": DUCKDB_STORAGE})
    try:
        for name, df in tables.items():
            con.register("_incoming", df)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _incoming')
            con.unregister("_incoming")
        if hook is not None:
            hook(con)  # e.g. views over the tables, added by later stages
        # WHY explicit: close() swallows a failed checkpoint (no space left) and would leave the
        # data only in the WAL; here the error surfaces and the old file is kept.
        con.execute("CHECKPOINT")
    finally:
        con.close()
    _verify_duckdb(target, tables)


def _verify_duckdb(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Reopen the written file and count every table's rows: what is renamed over the old file
    must be complete on its own (no WAL beside it)."""
    import duckdb

    wal = path.with_name(path.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise WriteError(f"{path.name}: data left in the write-ahead log (checkpoint failed)")
    con = duckdb.connect(str(path), read_only=True)
    try:
        for name, df in tables.items():
            (count,) = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            if count != len(df):
                raise WriteError(f"{path.name}: table {name} has {count} rows, expected {len(df)}")
    finally:
        con.close()
    wal.unlink(missing_ok=True)


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path,
                 duckdb_hook: Optional[Callable[[Any], None]] = None,
                 csv_excel_safe: bool = False) -> list[Path]:
    """Write every table as CSV + Parquet and all into pipeline.duckdb, atomically.

    Returns the paths written. Tables already in ``out_dir`` but not in ``tables`` are left alone.
    Any failure leaves the previous files as they were; an OS error (full disk, permissions) is
    raised as :class:`WriteError` with one line naming the file.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    unknown = [name for name in tables if not safe_table_name(name)]
    if unknown:
        raise ValueError(f"not a table of the schema: {', '.join(map(repr, unknown))}")
    tables = {name: conform(name, df) for name, df in tables.items()}
    pending: list[tuple[Path, Path]] = []  # (temporary, final)
    try:
        for name, df in tables.items():
            pending.append(_staged(out / f"{name}.csv", lambda p, df=df: _write_csv(df, p, csv_excel_safe)))
            pending.append(_staged(out / f"{name}.parquet",
                                   lambda p, df=df: df.to_parquet(p, index=False)))
        pending.append(_staged(out / DUCKDB_NAME,
                               lambda p: _write_duckdb(tables, p, duckdb_hook)))
    except BaseException as exc:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, (OSError, _duckdb_error())) and not isinstance(exc, WriteError):
            raise WriteError(f"cannot write the tables in {out}: {_one_line(exc)}") from exc
        raise
    for tmp, final in pending:
        os.replace(tmp, final)
    return [final for _, final in pending]


def safe_table_name(name: str) -> bool:
    """Only the schema's tables become files and SQL identifiers: a name from a cache file or a
    stage can never point outside the folder or into SQL."""
    return name in schema()


def _duckdb_error() -> type:
    import duckdb

    return duckdb.Error


def _one_line(exc: BaseException) -> str:
    return " ".join(str(getattr(exc, "strerror", None) or exc).split()) or type(exc).__name__


def _staged(final: Path, write: Callable[[Path], None]) -> tuple[Path, Path]:
    """Write via ``write`` into a temp file next to ``final``; remove it if writing fails."""
    tmp = _tmp(final)
    tmp.unlink(missing_ok=True)  # a leftover of a crashed run: duckdb would open it, not replace it
    try:
        write(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
        raise
    return tmp, final


def data_dictionary() -> str:
    """docs/DATA_DICTIONARY.md, generated from schema.yaml (the file that types the outputs)."""
    lines = ["# Data dictionary", "",
             "Generated from `pipeline/data/schema.yaml` by "
             "`python -m pipeline.batch.store --dictionary > docs/DATA_DICTIONARY.md`; do not edit by hand.",
             "",
             "Every table is written as `DIR/NAME.csv`, `DIR/NAME.parquet` and as table `NAME` in "
             f"`DIR/{DUCKDB_NAME}` (readable by DuckDB >= {DUCKDB_STORAGE[1:4]}). Types, as "
             "Parquet / DuckDB / CSV store them:", "",
             "| type | Parquet | DuckDB | CSV |", "|---|---|---|---|"]
    lines += [f"| `{kind}` | {pq} | {db} | {text} |" for kind, (pq, db, text) in TYPE_NAMES.items()]
    lines += ["", "Stages may add columns after the ones listed.", ""]
    for table, spec in schema().items():
        lines += _dictionary_section(f"## `{table}`", spec)
    for view, spec in views().items():
        lines += _dictionary_section(f"## `{view}` (view, DuckDB file only)", spec)
    return "\n".join(lines)


# How each schema type lands in each format (checked by tests/test_store.py).
TYPE_NAMES = {
    "string": ("string", "VARCHAR", "text; empty = unknown"),
    "date": ("date32 (DATE)", "DATE", "`YYYY-MM-DD`; empty = unknown"),
    "int": ("int64, nullable", "BIGINT", "digits; empty = unknown"),
    "float": ("double, nullable", "DOUBLE", "number with `.`; empty = unknown"),
    "bool": ("bool", "BOOLEAN", "`true` / `false`, never empty"),
    "nullable_bool": ("bool, nullable", "BOOLEAN", "`true` / `false`; empty = unknown"),
}


def _dictionary_section(heading: str, spec: dict) -> list[str]:
    lines = [heading, "", spec.get("description", ""), "",
             "| column | type | meaning |", "|---|---|---|"]
    for name, col in spec["columns"].items():
        meaning = col.get("doc", "").replace("|", "\\|")
        lines.append(f"| `{name}` | {col['type']} | {meaning} |")
    return lines + [""]


if __name__ == "__main__":
    if sys.argv[1:] == ["--dictionary"]:
        sys.stdout.write(data_dictionary())
    else:
        sys.exit("usage: python -m pipeline.batch.store --dictionary")
