"""Write the output tables: DIR/NAME.csv, DIR/NAME.parquet and all of them in DIR/pipeline.duckdb.

Atomic: every file is first written to a temporary file in the same directory and only when ALL
of them are complete are they moved into place with ``os.replace`` (atomic on POSIX within one
file system). A crash while writing therefore leaves the previous tables untouched, never half a
table. Every table is cast to its schema (``pipeline/data/schema.yaml``) first, so an empty table
keeps its columns and CSV, Parquet and DuckDB agree on types.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any, Callable, Optional

import pandas as pd

from pipeline.facts.records import columns, schema

DUCKDB_NAME = "pipeline.duckdb"


def _iso_date(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.isoformat()[:10]
    return value


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
    if kind in ("string", "date"):
        return _as_string(series)
    if kind == "int":
        return pd.to_numeric(series, errors="coerce").round().astype("Int64")
    if kind == "float":
        return pd.to_numeric(series, errors="coerce").astype("Float64")
    if kind == "bool":
        return series.map(lambda v: False if _missing(v) else bool(v)).astype(bool)
    if kind == "nullable_bool":
        return series.map(lambda v: pd.NA if _missing(v) else bool(v)).astype("boolean")
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
        return conform(name, pd.read_csv(out / f"{name}.csv"))
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


def _write_duckdb(tables: dict[str, pd.DataFrame], target: Path,
                  hook: Optional[Callable[[Any], None]]) -> None:
    import duckdb

    con = duckdb.connect(str(target))
    try:
        for name, df in tables.items():
            con.register("_incoming", df)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _incoming')
            con.unregister("_incoming")
        if hook is not None:
            hook(con)  # e.g. views over the tables, added by later stages
    finally:
        con.close()


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path,
                 duckdb_hook: Optional[Callable[[Any], None]] = None) -> list[Path]:
    """Write every table as CSV + Parquet and all into pipeline.duckdb, atomically.

    Returns the paths written. Tables already in ``out_dir`` but not in ``tables`` are left alone.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = {name: conform(name, df) for name, df in tables.items()}
    pending: list[tuple[Path, Path]] = []  # (temporary, final)
    try:
        for name, df in tables.items():
            pending.append(_staged(out / f"{name}.csv",
                                   lambda p, df=df: df.to_csv(p, index=False)))
            pending.append(_staged(out / f"{name}.parquet",
                                   lambda p, df=df: df.to_parquet(p, index=False)))
        pending.append(_staged(out / DUCKDB_NAME,
                               lambda p: _write_duckdb(tables, p, duckdb_hook)))
    except BaseException:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, final in pending:
        os.replace(tmp, final)
    return [final for _, final in pending]


def _staged(final: Path, write: Callable[[Path], None]) -> tuple[Path, Path]:
    """Write via ``write`` into a temp file next to ``final``; remove it if writing fails."""
    tmp = _tmp(final)
    tmp.unlink(missing_ok=True)  # a leftover of a crashed run: duckdb would open it, not replace it
    try:
        write(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp, final


def data_dictionary() -> str:
    """docs/DATA_DICTIONARY.md, generated from schema.yaml."""
    lines = ["# Data dictionary", "",
             "Generated from `pipeline/data/schema.yaml` by "
             "`python -m pipeline.batch.store --dictionary > docs/DATA_DICTIONARY.md`; do not edit by hand.",
             "",
             "Every table is written as `DIR/NAME.csv`, `DIR/NAME.parquet` and as table `NAME` in "
             "`DIR/pipeline.duckdb`. Types: `string` (empty = unknown), `date` (ISO `YYYY-MM-DD` "
             "string), `int` (nullable integer), `float` (nullable), `bool` (never empty), "
             "`nullable_bool` (empty = unknown). Stages may add columns after the ones listed.", ""]
    for table, spec in schema().items():
        lines += [f"## `{table}`", "", spec.get("description", ""), "",
                  "| column | type | meaning |", "|---|---|---|"]
        for name, col in spec["columns"].items():
            meaning = col.get("doc", "").replace("|", "\\|")
            lines.append(f"| `{name}` | {col['type']} | {meaning} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] == ["--dictionary"]:
        sys.stdout.write(data_dictionary())
    else:
        sys.exit("usage: python -m pipeline.batch.store --dictionary")
