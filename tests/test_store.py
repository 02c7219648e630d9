"""store.write_tables: typed, complete and atomic CSV + Parquet + DuckDB output."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
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


def test_columns_get_schema_types_dates_as_iso_strings(tmp_path):
    rows = [{"doc_id": "a", "year": 2014, "ocr": True, "meeting_date": dt.date(2014, 3, 14)},
            {"doc_id": "b", "year": None, "ocr": None, "meeting_date": ""}]
    store.write_tables({"documents": store.frame("documents", rows)}, tmp_path)
    back = pd.read_parquet(tmp_path / "documents.parquet")
    assert str(back["year"].dtype) == "Int64" and back["year"].isna().tolist() == [False, True]
    assert back["ocr"].tolist() == [True, False]
    assert back["meeting_date"].iloc[0] == "2014-03-14" and pd.isna(back["meeting_date"].iloc[1])
    with duckdb.connect(str(tmp_path / "pipeline.duckdb")) as con:
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'documents'").fetchall())
    assert (types["year"], types["ocr"], types["meeting_date"]) == ("BIGINT", "BOOLEAN", "VARCHAR")


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
