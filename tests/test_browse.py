"""pipeline.views.browse: the tables as SQLite with full-text search, and Datasette's metadata."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from pipeline.batch import store
from pipeline.views import browse

D = "Sydsjællands og Lolland-Falsters Politi"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    store.write_tables({
        "documents": pd.DataFrame([
            dict(doc_id="p13", source_path="raw/p13.pdf", doc_type="samarbejdsplan", district=D,
                 year=2013, n_pages=2, ocr=False),
            dict(doc_id="m13", source_path="raw/m13.pdf", doc_type="referat", district=D,
                 year=2013, council="kredsråd", meeting_date="2013-03-01", ocr=False)]),
        "pages": pd.DataFrame([dict(doc_id="p13", page=1, text="Forord om tryghed."),
                               dict(doc_id="p13", page=2, text="Indbrud i sommerhuse falder.")]),
        "focus_areas": pd.DataFrame([dict(doc_id="p13", area_id="a1", district=D, year=2013,
                                          title="Indbrud", category="indbrud", page_start=2,
                                          page_end=2, text="Sommerhuse og landbrug.",
                                          x0=50.0, top=60.0, x1=120.0, bottom=72.0)]),
        "deadlines": pd.DataFrame([dict(doc_id="p13", due_text="2. kvartal 2013",
                                        due_start="2013-04-01", due_end="2013-06-30",
                                        precision="quarter", page=2, sentence="Rapport i 2. kvartal 2013.")]),
    }, tmp_path)
    return tmp_path


def test_export_writes_every_table_with_full_text_search(out: Path) -> None:
    db = sqlite3.connect(browse.export_sqlite(out))
    tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
    assert {"documents", "pages", "focus_areas", "deadlines", "pages_fts", "focus_areas_fts"} <= tables
    hits = db.execute("select doc_id, page from pages where rowid in "
                      "(select rowid from pages_fts where pages_fts match 'sommerhuse')").fetchall()
    assert hits == [("p13", 2)]
    areas = db.execute("select title from focus_areas where rowid in (select rowid from "
                       "focus_areas_fts where focus_areas_fts match 'landbrug')").fetchall()
    assert areas == [("Indbrud",)]
    assert db.execute("select x0, bottom from focus_areas").fetchone() == (50.0, 72.0)


def test_canned_queries_run_with_empty_and_given_parameters(out: Path) -> None:
    db = sqlite3.connect(browse.export_sqlite(out))
    queries = browse.datasette_metadata()["databases"][browse.DB_KEY]["queries"]
    assert set(queries) == {"areas_by_district_and_year", "changes", "deadlines_due_in_period",
                            "meetings_per_council"}
    by_year = queries["areas_by_district_and_year"]["sql"]
    assert db.execute(by_year, {"district": "", "year": ""}).fetchall()
    assert db.execute(by_year, {"district": "Lolland", "year": "2013"}).fetchall()
    assert not db.execute(by_year, {"district": "Fyn", "year": ""}).fetchall()
    due = queries["deadlines_due_in_period"]["sql"]
    assert len(db.execute(due, {"from": "2013-06-01", "to": "2013-12-31"}).fetchall()) == 1
    assert not db.execute(due, {"from": "2014-01-01", "to": ""}).fetchall()
    meetings = db.execute(queries["meetings_per_council"]["sql"]).fetchall()
    assert [(m[0], m[3]) for m in meetings] == [("kredsråd", 1)]


def test_metadata_describes_every_column_from_the_data_dictionary() -> None:
    meta = browse.datasette_metadata()["databases"][browse.DB_KEY]["tables"]
    for name, spec in store.schema().items():  # the tables; the views live in the DuckDB file only
        assert meta[name]["description"] == spec["description"]
        assert meta[name]["columns"] == {c: col["doc"] for c, col in spec["columns"].items()}


def test_the_sqlite_file_is_rebuilt_only_when_the_tables_are_newer(out: Path) -> None:
    db, meta = browse.prepare(out)
    built = db.stat().st_mtime_ns
    assert browse.prepare(out)[0].stat().st_mtime_ns == built
    later = out / "pages.parquet"
    os.utime(later, ns=(built + 10**9, built + 10**9))
    assert browse.prepare(out)[0].stat().st_mtime_ns != built
    assert meta.name == browse.METADATA_NAME and meta.exists()
