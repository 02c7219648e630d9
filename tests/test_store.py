"""store.write_tables: typed, complete and atomic CSV + Parquet + DuckDB output."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.batch import store

SPEC_TABLES = {"documents", "pages", "focus_areas", "deadlines", "figures", "agenda_items",
               "attendees", "area_changes"}
ROOT = Path(__file__).resolve().parents[1]


def test_schema_defines_every_spec_table():
    assert SPEC_TABLES <= set(store.schema())
    assert list(store.columns("pages")) == ["doc_id", "page", "text"]


def test_data_dictionary_is_generated_from_the_schema():
    assert (ROOT / "docs" / "DATA_DICTIONARY.md").read_text(encoding="utf-8") == store.data_dictionary()


def test_empty_table_keeps_its_columns_in_every_format(tmp_path):
    store.write_tables({"deadlines": store.empty_frame("deadlines")}, tmp_path)
    expected = list(store.columns("deadlines"))
    assert list(pd.read_csv(tmp_path / "deadlines.csv").columns) == expected
    assert list(pd.read_parquet(tmp_path / "deadlines.parquet").columns) == expected
    with duckdb.connect(str(tmp_path / "pipeline.duckdb")) as con:
        assert [r[0] for r in con.execute("DESCRIBE deadlines").fetchall()] == expected


def _typed_rows() -> list[dict]:
    return [{"doc_id": "a", "year": 2014, "ocr": True, "meeting_date": dt.date(2014, 3, 14)},
            {"doc_id": "b", "year": None, "ocr": None, "meeting_date": ""}]


def test_parquet_has_dates_as_date_and_years_as_nullable_integers(tmp_path):
    store.write_tables({"documents": store.frame("documents", _typed_rows())}, tmp_path)
    back = pd.read_parquet(tmp_path / "documents.parquet")
    assert str(back["year"].dtype) == "Int64" and back["year"].isna().tolist() == [False, True]
    assert back["ocr"].tolist() == [True, False]
    assert back["meeting_date"].iloc[0] == dt.date(2014, 3, 14) and pd.isna(back["meeting_date"].iloc[1])
    types = {f.name: str(f.type) for f in pq.read_schema(tmp_path / "documents.parquet")}
    assert (types["meeting_date"], types["year"], types["ocr"]) == ("date32[day]", "int64", "bool")


def test_duckdb_has_date_bigint_and_boolean_columns_and_year_works(tmp_path):
    store.write_tables({"documents": store.frame("documents", _typed_rows())}, tmp_path)
    with duckdb.connect(str(tmp_path / "pipeline.duckdb")) as con:
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'documents'").fetchall())
        years = con.execute("SELECT year(meeting_date) FROM documents ORDER BY doc_id").fetchall()
    assert (types["year"], types["ocr"], types["meeting_date"]) == ("BIGINT", "BOOLEAN", "DATE")
    assert years == [(2014,), (None,)]


def test_csv_writes_booleans_as_true_false_and_dates_iso(tmp_path):
    store.write_tables({"documents": store.frame("documents", _typed_rows())}, tmp_path)
    text = pd.read_csv(tmp_path / "documents.csv", dtype=str, keep_default_na=False)
    assert text["ocr"].tolist() == ["true", "false"]
    assert text["meeting_date"].tolist() == ["2014-03-14", ""] and text["year"].tolist() == ["2014", ""]
    with duckdb.connect() as con:  # DuckDB's CSV sniffer reads the same types back
        con.execute(f"CREATE TABLE d AS SELECT * FROM read_csv_auto('{tmp_path / 'documents.csv'}')")
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'd'").fetchall())
    assert (types["ocr"], types["meeting_date"], types["year"]) == ("BOOLEAN", "DATE", "BIGINT")


def test_read_table_from_csv_only_gives_the_schema_types(tmp_path):
    store.write_tables({"documents": store.frame("documents", _typed_rows())}, tmp_path)
    (tmp_path / "documents.parquet").unlink()
    back = store.read_table(tmp_path, "documents")
    assert back["ocr"].tolist() == [True, False] and back["year"].tolist()[0] == 2014
    assert back["meeting_date"].iloc[0] == dt.date(2014, 3, 14)


def test_duckdb_file_keeps_the_storage_format_of_duckdb_1_0(tmp_path):
    """DuckDB >= 1.0 (CLI, R, DBeaver) must open the file: the header's storage version stays at
    64 (the v1.0 format) and the file says which serialization it needs."""
    store.write_tables({"pages": store.frame("pages", [{"doc_id": "a", "page": 1}])}, tmp_path)
    with duckdb.connect(str(tmp_path / "pipeline.duckdb"), read_only=True) as con:
        storage = con.execute("SELECT tags['storage_version'] FROM duckdb_databases() "
                              "WHERE database_name = 'pipeline'").fetchone()[0]
    assert storage.startswith("v1.0")
    header = (tmp_path / "pipeline.duckdb").read_bytes()[:20]
    assert header[8:12] == b"DUCK" and int.from_bytes(header[12:20], "little") == 64


def test_extra_columns_of_a_stage_are_kept_after_the_schema_columns():
    df = store.frame("pages", [{"doc_id": "a", "page": 1, "text": "x", "char_count": 1}])
    assert list(df.columns) == ["doc_id", "page", "text", "char_count"]


def test_a_crash_while_writing_leaves_the_old_tables_intact(tmp_path, monkeypatch):
    store.write_tables({"pages": store.frame("pages", [{"doc_id": "old", "page": 1}])}, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store, "_write_duckdb", crash)
    with pytest.raises(OSError):
        store.write_tables({"pages": store.frame("pages", [{"doc_id": "new", "page": 1}])}, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no temp files either


def _fill(folder: Path, leave_bytes: int) -> None:
    import os

    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    (folder / "filler").write_bytes(b"\0" * max(0, free - leave_bytes))


@pytest.fixture
def tiny_disk(tmp_path):
    """A 4 MB tmpfs, where this machine allows mounting one (root); else the test is skipped."""
    import os
    import subprocess

    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs",
                                            str(disk)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_full_disk_leaves_the_previous_database_readable(tiny_disk):
    out = tiny_disk / "out"
    store.write_tables({"pages": store.frame("pages", [{"doc_id": "old", "page": 1}])}, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    _fill(tiny_disk, 96 * 1024)  # room for the CSV and Parquet files, not for a database file
    with pytest.raises(store.WriteError, match="No space left|no space|checkpoint|write"):
        store.write_tables({"pages": store.frame("pages", [{"doc_id": "new", "page": 1}])}, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    with duckdb.connect(str(out / "pipeline.duckdb"), read_only=True) as con:
        assert con.execute("SELECT doc_id FROM pages").fetchall() == [("old",)]


def test_a_checkpoint_failure_is_an_error_not_a_silent_empty_database(tmp_path, monkeypatch):
    store.write_tables({"pages": store.frame("pages", [{"doc_id": "old", "page": 1}])}, tmp_path)
    real_connect = duckdb.connect

    class FailingCheckpoint:
        def __init__(self, con):
            self.con = con

        def execute(self, sql, *args):
            if sql.strip().upper() == "CHECKPOINT":
                raise duckdb.IOException("Could not write file: No space left on device")
            return self.con.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self.con, name)

    monkeypatch.setattr(duckdb, "connect", lambda *a, **k: FailingCheckpoint(real_connect(*a, **k))
                        if not k.get("read_only") else real_connect(*a, **k))
    with pytest.raises(store.WriteError, match="No space left on device"):
        store.write_tables({"pages": store.frame("pages", [{"doc_id": "new", "page": 1}])}, tmp_path)
    monkeypatch.undo()
    with duckdb.connect(str(tmp_path / "pipeline.duckdb"), read_only=True) as con:
        assert con.execute("SELECT doc_id FROM pages").fetchall() == [("old",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages.csv", "pages.parquet", "pipeline.duckdb"]
