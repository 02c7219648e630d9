"""The tables as one SQLite file with full-text search, browsed in Datasette (``pipeline serve``).

``export_sqlite(out_dir)`` writes ``out_dir/pipeline.sqlite`` (sqlite-utils) from the tables a run
wrote: every table with its schema types, full-text indexes (FTS5) over ``pages.text`` and over the
focus areas' title and text, and indexes on the columns the canned queries filter by.
``datasette_metadata()`` is Datasette's metadata: the data dictionary (``data/schema.yaml``) as
table and column descriptions, and canned queries (data/browse.yaml) a researcher starts from.
``serve(out_dir, ...)`` refreshes the file when the tables are newer and runs Datasette on it.
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional

import pandas as pd
import sqlite_utils

from pipeline.batch import store
from pipeline.datafiles import load

DB_NAME = "pipeline.sqlite"
METADATA_NAME = "datasette-metadata.json"
DB_KEY = "pipeline"  # Datasette names a database after its file stem
FTS_COLUMNS = {"pages": ["text"], "focus_areas": ["title", "text"]}


def _value(value: Any) -> Any:
    """A cell as SQLite takes it: missing (NaN, NA, NaT) -> NULL, numpy scalars -> Python."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: _value(v) for k, v in row.items()} for row in df.to_dict("records")]


_SQL_TYPES = {"string": str, "date": str, "int": int, "float": float, "bool": int,
              "nullable_bool": int}


def export_sqlite(out_dir: str | Path) -> Path:
    """Write ``out_dir/pipeline.sqlite`` from the tables in ``out_dir`` (written to a temporary
    file first, then moved into place); returns its path."""
    out = Path(out_dir)
    target = out / DB_NAME
    tmp = out / f".{DB_NAME}.tmp-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    db = sqlite_utils.Database(tmp)
    try:
        for name, spec in store.schema().items():
            try:
                df = store.read_table(out, name)
            except FileNotFoundError:
                continue
            types = {c: _SQL_TYPES.get(col["type"], str) for c, col in spec["columns"].items()
                     if c in df.columns}
            table = db.table(name)
            table.create({**{c: str for c in df.columns}, **types}, if_not_exists=True)
            table.insert_all(_records(df), batch_size=500)
            if name in FTS_COLUMNS:
                table.enable_fts(FTS_COLUMNS[name], fts_version="FTS5", tokenize="unicode61")
        _add_indexes(db)
        db.close()
        os.replace(tmp, target)
    except BaseException:
        db.close()
        tmp.unlink(missing_ok=True)
        raise
    return target


def _add_indexes(db: sqlite_utils.Database) -> None:
    for name, columns in load("browse.yaml")["indexes"].items():
        if name in db.table_names():
            present = set(db.table(name).columns_dict)
            for column in columns:
                if column in present:
                    db.table(name).create_index([column], if_not_exists=True)


def datasette_metadata() -> dict:
    """Datasette metadata: title, the data dictionary as descriptions, the canned queries."""
    config = load("browse.yaml")
    tables = {}
    for name, spec in store.schema().items():
        tables[name] = {"description": spec.get("description", ""),
                        "columns": {c: col.get("doc", "") for c, col in spec["columns"].items()}}
        if name in FTS_COLUMNS:
            tables[name]["fts_table"] = f"{name}_fts"
    return {"title": config["title"], "description": config["description"],
            "databases": {DB_KEY: {"tables": tables, "queries": config["queries"]}}}


def _stale(out: Path) -> bool:
    db = out / DB_NAME
    if not db.exists():
        return True
    built = db.stat().st_mtime
    return any(p.stat().st_mtime > built for p in out.glob("*.parquet"))


def prepare(out_dir: str | Path, refresh: bool = False) -> tuple[Path, Path]:
    """The SQLite file (rebuilt if missing, older than the tables, or ``refresh``) and the
    metadata file Datasette is started with."""
    out = Path(out_dir)
    db = export_sqlite(out) if refresh or _stale(out) else out / DB_NAME
    meta = out / METADATA_NAME
    meta.write_text(json.dumps(datasette_metadata(), ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return db, meta


def datasette_command(db: Path, meta: Path, host: str, port: int,
                      open_browser: bool = False) -> list[str]:
    """The Datasette command line (run with this Python: no separate install to find)."""
    command = [sys.executable, "-m", "datasette", "serve", str(db), "--metadata", str(meta),
               "--host", host, "--port", str(port), "--setting", "sql_time_limit_ms", "5000"]
    return command + (["--open"] if open_browser else [])


def serve(out_dir: str | Path, host: str = "127.0.0.1", port: int = 8001,
          open_browser: bool = False, refresh: bool = False,
          wait: bool = True) -> Optional[subprocess.Popen]:
    """Run Datasette on the tables of ``out_dir``. With ``wait`` this process becomes Datasette
    (exec: Ctrl-C and kill reach the server itself, no orphan is left behind) and never returns;
    otherwise the running server process is returned and the caller stops it."""
    db, meta = prepare(out_dir, refresh)
    command = datasette_command(db, meta, host, port, open_browser)
    if not wait:
        return subprocess.Popen(command)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(command[0], command)
    return None  # not reached
