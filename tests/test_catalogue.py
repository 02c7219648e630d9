"""The output folder is a catalogue: additive runs, one document per content, duplicates linked,
typed tables that pandas, pyarrow and DuckDB read back with the right types."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conftest import write_text_pdf
from pipeline import cli
from pipeline.batch import catalogue, runner, store

PLAN = ["Samarbejdsplan 2014 for Fyns Politi. Indsatsområde 1: Indbrud i private boliger. "
        "Kredsrådet følger op på indsatsen i 2. kvartal 2014 og lokalrådene rapporterer."]


def invoke(*args) -> object:
    return CliRunner().invoke(cli.main, [str(a) for a in args])


def names(out: Path, column: str = "source_path") -> list[str]:
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    return sorted(Path(p).name for p in docs[column] if p)


def stage_with_facts(doc):
    """A stand-in extract stage: one focus area and one dated deadline per document."""
    return {"focus_areas": [{"doc_id": doc.doc_id, "area_id": f"{doc.doc_id}-1", "title": "Indbrud",
                             "year": 2014}],
            "deadlines": [{"doc_id": doc.doc_id, "due_start": "2014-04-01", "due_end": "2014-06-30",
                           "precision": "quarter", "page": 1}]}


# ---------------------------------------------------------------- 1. additive runs

def test_run_on_a_folder_without_pdfs_is_a_usage_error_and_touches_nothing(tmp_path):
    write_text_pdf(tmp_path / "raw" / "a.pdf")
    assert invoke("run", tmp_path / "raw", "--out", tmp_path / "out").exit_code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("no pdf here")
    result = invoke("run", tmp_path / "empty", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "no PDF files in" in result.stderr
    assert {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()} == before


def test_documents_whose_file_left_raw_dir_are_kept_and_reported(tmp_path):
    write_text_pdf(tmp_path / "plans" / "plan.pdf")
    invoke("run", tmp_path / "plans", "--out", tmp_path / "out")
    write_text_pdf(tmp_path / "new" / "referat.pdf", ["Referat af møde i Kredsrådet 3. marts 2015"])
    result = invoke("run", tmp_path / "new", "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert "1 documents from earlier runs are not in RAW_DIR: kept; `--prune` drops them" in result.stdout
    assert names(tmp_path / "out") == ["plan.pdf", "referat.pdf"]
    docs = store.read_table(tmp_path / "out", "documents").set_index("source_path")
    assert docs["in_raw_dir"].to_dict() == {str(tmp_path / "plans" / "plan.pdf"): False,
                                            str(tmp_path / "new" / "referat.pdf"): True}


def test_prune_drops_the_documents_whose_file_is_gone(tmp_path):
    write_text_pdf(tmp_path / "plans" / "plan.pdf")
    invoke("run", tmp_path / "plans", "--out", tmp_path / "out")
    write_text_pdf(tmp_path / "new" / "referat.pdf", ["Referat af møde i Kredsrådet"])
    result = invoke("run", tmp_path / "new", "--out", tmp_path / "out", "--prune")
    assert result.exit_code == 0 and "pruned: 1" in result.stdout
    assert names(tmp_path / "out") == ["referat.pdf"]
    assert len(list((tmp_path / "out" / "cache").glob("*.json"))) == 1


# ---------------------------------------------------------------- 2. duplicates

def test_the_same_bytes_under_two_names_are_one_document_listing_both(tmp_path):
    first = write_text_pdf(tmp_path / "raw" / "a.pdf")
    (tmp_path / "raw" / "b.pdf").write_bytes(first.read_bytes())
    result = invoke("run", tmp_path / "raw", "--out", tmp_path / "out")
    assert result.exit_code == 0 and "documents: 1 (2 pages) from 2 files" in result.stdout
    assert names(tmp_path / "out") == ["a.pdf"] and names(tmp_path / "out", "other_paths") == ["b.pdf"]
    assert "b.pdf has the same bytes as" in result.stderr


def test_a_near_duplicate_is_linked_and_left_out_of_the_facts(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(runner, "EXTRACT_STAGES", [stage_with_facts])
    write_text_pdf(tmp_path / "raw" / "plan_fyn_2014.pdf", PLAN)
    # the same plan saved again: other bytes (a second, nearly empty page of a print footer)
    write_text_pdf(tmp_path / "raw" / "plan_fyn_2014 (1).pdf", PLAN + ["Udskrevet"])
    result = runner.run(tmp_path / "raw", tmp_path / "out")
    docs = store.read_table(tmp_path / "out", "documents").set_index("source_path")
    dup = docs.loc[str(tmp_path / "raw" / "plan_fyn_2014.pdf")]  # fewer words: the one linked
    kept = docs.loc[str(tmp_path / "raw" / "plan_fyn_2014 (1).pdf")]
    assert dup["duplicate_of"] == kept["doc_id"] and pd.isna(kept["duplicate_of"])
    areas = store.read_table(tmp_path / "out", "focus_areas")
    assert areas["doc_id"].tolist() == [kept["doc_id"]] and result.rows["deadlines"] == 1
    err = capsys.readouterr().err
    assert "near duplicate: " in err and "plan_fyn_2014.pdf" in err and "plan_fyn_2014 (1).pdf" in err


def test_different_plans_of_one_district_and_year_are_not_duplicates():
    documents = pd.DataFrame({"doc_id": ["a", "b"], "doc_type": "samarbejdsplan",
                              "district": "Fyns Politi", "year": 2014, "meeting_date": None,
                              "source_path": ["a.pdf", "b.pdf"]})
    pages = pd.DataFrame({"doc_id": ["a", "b"], "page": 1,
                          "text": [PLAN[0], "Indsatsområde 1: Trafiksikkerhed på landevejene. "
                                            "Lokalrådene holder møde med skolerne i efteråret."]})
    assert catalogue.near_duplicates(documents, pages) == []


# ---------------------------------------------------------------- 3. typed tables

@pytest.fixture
def typed_out(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(runner, "EXTRACT_STAGES", [stage_with_facts])
    write_text_pdf(tmp_path / "raw" / "plan.pdf", PLAN)
    runner.run(tmp_path / "raw", tmp_path / "out")
    return tmp_path / "out"


def test_outputs_read_back_typed_in_pandas_pyarrow_and_duckdb(typed_out):
    deadlines = pd.read_parquet(typed_out / "deadlines.parquet")
    assert deadlines["due_start"].tolist() == [dt.date(2014, 4, 1)]
    assert str(deadlines["page"].dtype) == "Int64"
    schema = pq.read_schema(typed_out / "documents.parquet")
    assert str(schema.field("ocr").type) == "bool" and str(schema.field("year").type) == "int64"
    assert str(pq.read_schema(typed_out / "deadlines.parquet").field("due_end").type) == "date32[day]"
    with duckdb.connect(str(typed_out / "pipeline.duckdb"), read_only=True) as con:
        assert con.execute("SELECT year(due_start), quarter(due_end) FROM deadlines").fetchall() == [(2014, 2)]
        kinds = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'documents'").fetchall())
    assert (kinds["ocr"], kinds["meeting_date"], kinds["in_raw_dir"]) == ("BOOLEAN", "DATE", "BOOLEAN")
    csv = pd.read_csv(typed_out / "documents.csv", dtype=str, keep_default_na=False)
    assert set(csv["ocr"]) <= {"true", "false"} and csv["in_raw_dir"].tolist() == ["true"]


def test_focus_areas_say_which_kind_of_document_they_come_from(typed_out):
    areas = pd.read_parquet(typed_out / "focus_areas.parquet")
    docs = pd.read_parquet(typed_out / "documents.parquet")
    assert areas["doc_type"].tolist() == docs["doc_type"].tolist()
    assert "doc_type" in store.columns("focus_areas")


def test_data_dictionary_lists_the_views_of_the_duckdb_file():
    text = store.data_dictionary()
    assert "## `area_matrix` (view" in text and "## `area_matrix_wide` (view" in text
    assert "| `date` | date32 (DATE) | DATE |" in text


# ---------------------------------------------------------------- cache is data

def test_a_cache_file_naming_a_table_outside_the_schema_is_ignored_and_re_extracted(tmp_path):
    write_text_pdf(tmp_path / "raw" / "a.pdf")
    runner.run(tmp_path / "raw", tmp_path / "out")
    (entry,) = (tmp_path / "out" / "cache").glob("*.json")
    payload = json.loads(entry.read_text("utf-8"))
    payload["rows"]["../../escaped"] = [{"x": 1}]
    entry.write_text(json.dumps(payload), "utf-8")
    lines: list[str] = []
    result = runner.run(tmp_path / "raw", tmp_path / "out", echo=lines.append)
    assert result.extracted == 1 and result.reused == 0
    assert any("ignored cache file" in line and "unknown table" in line for line in lines)
    assert not list(tmp_path.rglob("escaped*"))


# ---------------------------------------------------------------- 4. progress

def test_run_prints_plain_progress_lines_when_not_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setitem(catalogue.config(), "progress_interval_seconds", 0)
    write_text_pdf(tmp_path / "raw" / "a.pdf")
    write_text_pdf(tmp_path / "raw" / "b.pdf", ["Samarbejdsplan 2015"])
    result = invoke("run", tmp_path / "raw", "--out", tmp_path / "out")
    lines = [line for line in result.stderr.splitlines() if line.startswith("progress:")]
    assert lines[0] == "progress: 2 files to extract"
    assert lines[-1].startswith("progress: 2/2 files, 3 pages, ") and "0 failed" in lines[-1]
    quiet = invoke("run", tmp_path / "raw", "--out", tmp_path / "out2", "--quiet")
    assert "progress:" not in quiet.stderr and "documents: 2" in quiet.stdout


def test_progress_on_a_terminal_is_a_bar_with_files_rate_and_failures(tmp_path):
    import io

    from rich.console import Console

    from pipeline.views import progress

    stream = io.StringIO()
    bar = progress.BarProgress(Console(file=stream, force_terminal=True, width=120))
    bar.start(2)
    bar.advance("a.pdf", 3, failed=False)
    bar.advance("b.pdf", 0, failed=True)
    bar.finish()
    text = stream.getvalue()
    assert "2/2" in text and "pages/s" in text and "1 failed" in text


# ---------------------------------------------------------------- 5. filters

@pytest.fixture
def changes_out(tmp_path) -> Path:
    rows = [{"district": "Syd- og Sønderjyllands Politi", "from_year": y, "to_year": y + 1,
             "status": "continued", "from_title": "Indbrud", "to_title": "Indbrud",
             "category": "indbrud", "similarity": 0.9} for y in (2014, 2015)]
    store.write_tables({"area_changes": store.frame("area_changes", rows)}, tmp_path)
    return tmp_path


def test_diff_accepts_an_ascii_spelling_of_a_district(changes_out):
    result = invoke("diff", "--out", changes_out, "--district", "sonderjylland")
    assert result.exit_code == 0 and "Syd- og Sønderjyllands Politi: 2014 → 2015" in result.stdout


def test_diff_with_an_unknown_district_suggests_the_closest(changes_out):
    for typo in ("sonderjyland", "Sønderjyland"):
        result = invoke("diff", "--out", changes_out, "--district", typo)
        assert result.exit_code == 2
        assert f"unknown district {typo!r}; did you mean 'Syd- og Sønderjyllands Politi'?" in result.stderr


def test_diff_with_a_district_without_plans_says_which_have_them(changes_out):
    result = invoke("diff", "--out", changes_out, "--district", "Fyn")
    assert result.exit_code == 2 and "no year-to-year changes of Fyns Politi" in result.stderr
    assert "Syd- og Sønderjyllands Politi" in result.stderr


def test_diff_with_a_year_not_in_the_data_lists_the_years_present(changes_out):
    result = invoke("diff", "--out", changes_out, "--from", "2030")
    assert result.exit_code == 2
    assert "--from 2030: no plan year 2030" in result.stderr and "2014, 2015, 2016" in result.stderr


def test_report_on_an_empty_output_folder_is_a_usage_error(tmp_path):
    (tmp_path / "out").mkdir()
    result = invoke("report", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "no documents table" in result.stderr
    assert not (tmp_path / "out" / "report.html").exists()


# ---------------------------------------------------------------- watchdog (issue 15)

def _hang(path, sha256=None):
    import time

    while True:  # like pdfminer in a resource cycle: never returns
        time.sleep(0.05)


def _greedy(path, sha256=None):
    blocks = []
    while True:  # like a decompression bomb
        blocks.append(bytearray(50 * 2**20))


def test_a_hanging_file_is_killed_with_one_worker_and_recorded_at_once(tmp_path, monkeypatch):
    write_text_pdf(tmp_path / "raw" / "a.pdf")
    write_text_pdf(tmp_path / "raw" / "good.pdf", ["Samarbejdsplan 2016"])
    real = runner.process_file
    monkeypatch.setattr(runner, "process_file",
                        lambda path, sha256=None: (_hang if path.endswith("a.pdf") else real)(path, sha256))
    result = runner.run(tmp_path / "raw", tmp_path / "out", timeout=4)
    assert [(Path(f.path).name, f.reason) for f in result.failures] == [("a.pdf", "timed out after 4 s")]
    assert result.documents == 1
    assert len(list((tmp_path / "out" / "cache").glob("*.failure"))) == 1
    again = runner.run(tmp_path / "raw", tmp_path / "out", timeout=4)  # not tried again: no hang
    assert again.extracted == 0 and again.failures[0].reason == "timed out after 4 s"


def test_a_file_needing_too_much_memory_fails_alone(tmp_path, monkeypatch):
    write_text_pdf(tmp_path / "raw" / "bomb.pdf")
    monkeypatch.setattr(runner, "process_file", _greedy)
    result = runner.run(tmp_path / "raw", tmp_path / "out", max_memory_mb=300, timeout=60)
    assert [f.reason for f in result.failures] == ["needed more than 300 MB"]


SIGTERM_SCRIPT = """
import sys, time
sys.path.insert(0, {tests!r})
from pipeline.batch import runner
real = runner.process_file
def slow(path, sha256=None):
    if path.endswith("hang.pdf"):
        while True:
            time.sleep(0.05)
    return real(path, sha256)
runner.process_file = slow
runner.run({raw!r}, {out!r}, workers=2, timeout=0)
"""


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT"])
def test_a_signal_with_two_workers_leaves_no_process_and_keeps_finished_documents(tmp_path, signame):
    import os
    import signal
    import subprocess
    import sys
    import time

    write_text_pdf(tmp_path / "raw" / "good.pdf")
    write_text_pdf(tmp_path / "raw" / "hang.pdf", ["Samarbejdsplan 2016"])
    marker = f"sigterm-test-{os.getpid()}-{time.time_ns()}"
    script = SIGTERM_SCRIPT.format(tests=str(Path(__file__).parent), raw=str(tmp_path / "raw"),
                                   out=str(tmp_path / "out"))
    proc = subprocess.Popen([sys.executable, "-c", script, marker], cwd=Path(__file__).parents[1],
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list((tmp_path / "out" / "cache").glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    proc.send_signal(getattr(signal, signame))
    proc.wait(timeout=30)
    time.sleep(0.3)
    assert proc.returncode != 0
    left = [p for p in Path("/proc").glob("[0-9]*")
            if marker.encode() in _read(p / "cmdline")]
    assert left == []
    assert len(list((tmp_path / "out" / "cache").glob("*.json"))) == 1  # good.pdf kept


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


# ---------------------------------------------------------------- odd names, --out, lock, CSV

def test_odd_file_names_give_one_clean_row_each(tmp_path):
    import os

    raw = tmp_path / "raw"
    write_text_pdf(raw / "good.pdf")
    odd = [b"caf\xe9_latin1.pdf", b"carriage\rreturn.pdf", b"new\nFAILED forged.pdf"]
    for i, name in enumerate(odd):
        made = write_text_pdf(tmp_path / f"{i}.pdf", [f"Samarbejdsplan {2014 + i}"])
        os.rename(made, os.path.join(os.fsencode(raw), name))
    (raw / "dangling.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (raw / "loop.pdf").symlink_to(raw / "loop.pdf")
    (raw / "sub").mkdir()
    (raw / "sub" / "up").symlink_to(raw, target_is_directory=True)  # a folder loop: not followed
    result = invoke("run", raw, "--out", tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.output
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=str, keep_default_na=False)
    assert len(docs) == 4 and docs["doc_id"].str.len().eq(16).all()
    shown = {Path(p).name for p in docs["source_path"]}
    assert {"caf\\xe9_latin1.pdf", "carriage\\rreturn.pdf", "new\\nFAILED forged.pdf"} <= shown
    reasons = dict(line.removeprefix("FAILED ").split(": ", 1)
                   for line in result.stderr.splitlines() if line.startswith("FAILED "))
    assert reasons[str(raw / "dangling.pdf")].startswith("dangling symbolic link")
    assert reasons[str(raw / "loop.pdf")] == "symbolic link loop"
    assert sum(line.startswith("FAILED") for line in result.stderr.splitlines()) == 2


@pytest.mark.parametrize("problem", ["file", "read-only"])
def test_an_unwritable_out_is_a_usage_error_before_any_work(tmp_path, monkeypatch, problem):
    write_text_pdf(tmp_path / "raw" / "a.pdf")
    out = tmp_path / "out"
    if problem == "file":
        out.write_text("not a folder")
    else:
        out.mkdir()
        real_write = Path.write_bytes

        def read_only(self, data):
            if self.parent == out:
                raise OSError(30, "Read-only file system")
            return real_write(self, data)

        monkeypatch.setattr(Path, "write_bytes", read_only)
    calls = []
    monkeypatch.setattr(runner, "_execute", lambda *a, **k: calls.append(a) or iter(()))
    result = invoke("run", tmp_path / "raw", "--out", out)
    assert result.exit_code == 2 and calls == [] and "Traceback" not in result.output
    assert ("is a file" if problem == "file" else "Read-only file system") in result.stderr


def test_a_second_run_into_the_same_out_stops_with_exit_2(tmp_path):
    import fcntl

    write_text_pdf(tmp_path / "raw" / "a.pdf")
    (tmp_path / "out").mkdir()
    with open(tmp_path / "out" / runner.LOCK_NAME, "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # like a run in progress
        result = invoke("run", tmp_path / "raw", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "another run is writing to" in result.stderr
    assert not (tmp_path / "out" / "documents.csv").exists()


def test_csv_excel_safe_defuses_formulas_and_the_default_keeps_the_data(tmp_path):
    rows = [{"doc_id": "a", "title": "=HYPERLINK(\"http://x\")", "warnings": "-3 sider"}]
    store.write_tables({"documents": store.frame("documents", rows)}, tmp_path / "exact")
    store.write_tables({"documents": store.frame("documents", rows)}, tmp_path / "safe",
                       csv_excel_safe=True)
    exact = pd.read_csv(tmp_path / "exact" / "documents.csv", dtype=str)
    safe = pd.read_csv(tmp_path / "safe" / "documents.csv", dtype=str)
    assert exact.loc[0, "title"] == rows[0]["title"] and exact.loc[0, "warnings"] == "-3 sider"
    assert safe.loc[0, "title"] == "'" + rows[0]["title"] and safe.loc[0, "warnings"] == "'-3 sider"
    assert pd.read_parquet(tmp_path / "safe" / "documents.parquet").loc[0, "title"] == rows[0]["title"]


def test_a_carriage_return_in_a_cell_stays_inside_its_csv_row(tmp_path):
    rows = [{"doc_id": "a", "page": 1, "text": "linje et\rlinje to"}, {"doc_id": "b", "page": 2}]
    store.write_tables({"pages": store.frame("pages", rows)}, tmp_path)
    with duckdb.connect() as con:
        back = con.execute(f"SELECT doc_id, page FROM read_csv_auto('{tmp_path / 'pages.csv'}')").fetchall()
    assert back == [("a", 1), ("b", 2)]
    assert pd.read_csv(tmp_path / "pages.csv")["text"].tolist()[0] == "linje et\rlinje to"


# ---------------------------------------------------------------- the hostile zoo

def test_hostile_files_and_a_good_plan_one_line_each_and_the_plan_extracted(tmp_path):
    from zoo import ZOO, write_zoo

    raw = tmp_path / "raw"
    # the huge page is left out here (its OCR at the capped resolution takes half a minute):
    # test_ocr_resolution_is_lowered_for_a_page_beyond_the_pixel_budget covers its bound
    zoo = [entry for entry in ZOO if entry[0] != "huge_page.pdf"]
    write_zoo(raw, [name for name, _, _ in zoo])
    write_text_pdf(raw / "plan.pdf", PLAN)
    result = invoke("run", raw, "--out", tmp_path / "out", "--timeout", "60", "--max-memory", "1500")
    assert result.exit_code == 1 and "Traceback" not in result.output
    failed = {line.removeprefix("FAILED ").split(": ", 1)[0].rsplit("/", 1)[-1]: line.split(": ", 1)[1]
              for line in result.stderr.splitlines() if line.startswith("FAILED ")}
    for name, _, expected in zoo:
        if expected:
            assert failed[name].startswith(expected), (name, failed.get(name))
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=str, keep_default_na=False)
    warnings = dict(zip(docs["source_path"].map(lambda p: Path(p).name), docs["warnings"]))
    assert "plan.pdf" in warnings
    assert "not read by OCR" in warnings["one_pixel.pdf"] and "not read by OCR" in warnings["logo_only.pdf"]
    assert len(docs) + len(failed) == len(zoo) + 1


def test_despeckle_window_is_capped_for_a_tiny_scan_image():
    from PIL import Image

    from pipeline.pdf import ocr

    image = Image.new("L", (40, 40), 255)
    calls = []
    real = Image.Image.filter
    Image.Image.filter = lambda self, f: calls.append(f.size) or real(self, f)
    try:
        ocr.despeckle(image, native_dpi=0.12)  # a 1 px image across an A4 page
    finally:
        Image.Image.filter = real
    assert calls == [int(ocr.limits()["max_despeckle_window"]) | 1]


def test_ocr_resolution_is_lowered_for_a_page_beyond_the_pixel_budget():
    from pipeline.pdf import ocr

    assert ocr.render_dpi(595, 842) == ocr.DPI
    dpi = ocr.render_dpi(14400, 14400)
    pixels = (14400 * dpi / 72) ** 2
    assert dpi < ocr.DPI and pixels <= float(ocr.limits()["max_ocr_megapixels"]) * 1e6 * 1.001


def test_of_two_equal_downloads_the_one_without_a_copy_suffix_is_kept():
    documents = pd.DataFrame({"doc_id": ["copy", "orig"], "doc_type": "samarbejdsplan",
                              "district": "Fyns Politi", "year": 2014, "meeting_date": None,
                              "source_path": ["raw/plan (1).pdf", "raw/plan.pdf"]})
    pages = pd.DataFrame({"doc_id": ["copy", "orig"], "page": 1, "text": PLAN * 2})
    assert catalogue.near_duplicates(documents, pages) == [("copy", "orig", 1.0)]


def test_a_failed_table_write_is_one_line_exit_1_and_the_old_tables_stay(tmp_path, monkeypatch):
    write_text_pdf(tmp_path / "raw" / "a.pdf")
    assert invoke("run", tmp_path / "raw", "--out", tmp_path / "out").exit_code == 0
    before = (tmp_path / "out" / "documents.csv").read_bytes()
    write_text_pdf(tmp_path / "raw" / "b.pdf", ["Samarbejdsplan 2016"])

    def disk_full(df, path, excel_safe=False):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "_write_csv", disk_full)
    result = invoke("run", tmp_path / "raw", "--out", tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1] == (
        f"pipeline run: cannot write the tables in {tmp_path / 'out'}: No space left on device "
        "(the previous tables are unchanged)")
    assert (tmp_path / "out" / "documents.csv").read_bytes() == before


@pytest.mark.parametrize("content", ["[1, 2, 3]", '{"sha256": "x"}', "not json", '{"rows": 5}'])
def test_a_cache_file_of_the_wrong_shape_is_ignored_with_a_warning(tmp_path, content):
    write_text_pdf(tmp_path / "raw" / "a.pdf")
    runner.run(tmp_path / "raw", tmp_path / "out")
    (entry,) = (tmp_path / "out" / "cache").glob("*.json")
    entry.write_text(content, "utf-8")
    lines: list[str] = []
    result = runner.run(tmp_path / "raw", tmp_path / "out", echo=lines.append)
    assert result.extracted == 1 and result.exit_code == 0
    assert any(line.startswith("warning: ignored cache file") for line in lines)


def test_cache_being_a_file_is_a_usage_error(tmp_path):
    write_text_pdf(tmp_path / "raw" / "a.pdf")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "cache").write_text("oops")
    result = invoke("run", tmp_path / "raw", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "cache is a file, not a folder" in result.stderr
