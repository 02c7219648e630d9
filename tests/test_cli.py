"""The click CLI: every command, its exit codes (0 ok, 1 some failed, 2 usage) and its help."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import damage_xref, write_text_pdf
from pipeline import cli

COMMANDS = ["run", "inspect", "evaluate", "diff", "report"]


@pytest.fixture
def invoke():
    def call(*args: str):
        return CliRunner().invoke(cli.main, [str(a) for a in args])
    return call


def test_run_writes_tables_and_prints_a_summary(invoke, tmp_path):
    write_text_pdf(tmp_path / "raw" / "a.pdf")
    result = invoke("run", tmp_path / "raw", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "documents: 1 (2 pages) from 1 files" in result.stdout
    assert "failures: 0" in result.stdout
    assert (tmp_path / "out" / "documents.parquet").exists()


def test_run_with_a_bad_file_exits_1_and_names_it(invoke, tmp_path):
    write_text_pdf(tmp_path / "raw" / "a.pdf")
    (tmp_path / "raw" / "bad.pdf").write_bytes(b"")
    result = invoke("run", tmp_path / "raw", "--out", tmp_path / "out", "--workers", "2")
    assert result.exit_code == 1
    assert "bad.pdf: not a PDF: empty file (0 bytes)" in result.stderr
    assert "failures: 1" in result.stdout


def test_run_on_a_missing_folder_is_a_usage_error(invoke, tmp_path):
    assert invoke("run", tmp_path / "nowhere").exit_code == 2


def test_run_with_zero_workers_is_a_usage_error(invoke, tmp_path):
    assert invoke("run", tmp_path, "--workers", "0").exit_code == 2


def test_inspect_prints_metadata_outline_tables_and_warnings(invoke, tmp_path):
    path = write_text_pdf(tmp_path / "plan.pdf")
    result = invoke("inspect", path)
    assert result.exit_code == 0, result.output
    for section in ("Metadata", "Outline", "Tables", "Facts", "Warnings"):
        assert f"\n{section}\n" in result.stdout
    assert "2 pages" in result.stdout and "doc_type" in result.stdout


def test_inspect_of_a_bad_file_exits_1_with_one_line(invoke, tmp_path):
    path = tmp_path / "x.pdf"
    path.write_text("<html></html>")
    result = invoke("inspect", path)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"FAILED {path}: not a PDF: looks like an HTML page"


def test_inspect_png_draws_the_pages(invoke, tmp_path, monkeypatch):
    from pipeline.views import page_images as debug_draw  # noqa: the module inspect draws with

    drawn = tmp_path / "drawn.txt"  # inspect runs in a child process: it reports through a file

    def draw(path, doc, out_dir):
        drawn.write_text(str(doc.n_pages))
        return [Path("p1.png")]

    monkeypatch.setattr(debug_draw, "draw_pages", draw)
    result = invoke("inspect", write_text_pdf(tmp_path / "plan.pdf"), "--png", tmp_path / "png")
    assert result.exit_code == 0 and drawn.read_text() == "2"
    assert "1 page images written" in result.stdout


def test_evaluate_prints_the_report_and_exits_0(invoke, tmp_path, monkeypatch):
    from pipeline.quality import evaluate

    monkeypatch.setattr(evaluate, "evaluate", lambda out, gold: ("scored", out, gold))
    monkeypatch.setattr(evaluate, "format_report", lambda report: f"REPORT {report[0]}")
    (tmp_path / "out").mkdir()
    (tmp_path / "gold").mkdir()
    result = invoke("evaluate", "--out", tmp_path / "out", "--gold", tmp_path / "gold")
    assert result.exit_code == 0 and result.stdout.strip() == "REPORT scored"


def _changes_dir(tmp_path: Path) -> Path:
    import pandas as pd

    out = tmp_path / "out"
    out.mkdir()
    pd.DataFrame([
        {"district": "Fyns Politi", "from_year": 2015, "to_year": 2016, "status": "continued",
         "from_area_id": "a1", "to_area_id": "b1", "from_title": "Indbrud i private boliger",
         "to_title": "Forebyggelse af indbrud i hjem", "category": "indbrud", "similarity": 0.61,
         "declared_status": "new", "agrees": False, "gap": 0, "gap_years": ""},
        {"district": "Fyns Politi", "from_year": 2015, "to_year": 2016, "status": "new",
         "from_area_id": "", "to_area_id": "b2", "from_title": "", "to_title": "Trygt natteliv",
         "category": "natteliv", "similarity": 0.1, "declared_status": "new", "agrees": True,
         "gap": 0, "gap_years": ""},
    ]).to_csv(out / "area_changes.csv", index=False)
    return out


def test_diff_prints_changes_and_marks_a_claim_that_disagrees(invoke, tmp_path):
    result = invoke("diff", "--out", _changes_dir(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Forebyggelse af indbrud i hjem" in result.stdout and "Trygt natteliv" in result.stdout
    assert "⚠" in result.stdout


def test_diff_csv_and_json_are_machine_readable(invoke, tmp_path):
    import io
    import json

    import pandas as pd

    out = _changes_dir(tmp_path)
    as_csv = pd.read_csv(io.StringIO(invoke("diff", "--out", out, "--format", "csv").stdout))
    assert sorted(as_csv["status"]) == ["continued", "new"]
    as_json = json.loads(invoke("diff", "--out", out, "--format", "json").stdout)
    assert len(as_json) == 2


def test_diff_without_extracted_tables_is_a_usage_error(invoke, tmp_path):
    result = invoke("diff", "--out", tmp_path / "nothing")
    assert result.exit_code == 2 and "area_changes" in result.stderr


def test_report_writes_a_self_contained_html_file(invoke, tmp_path):
    write_text_pdf(tmp_path / "raw" / "a.pdf")
    assert invoke("run", tmp_path / "raw", "--out", tmp_path / "out").exit_code == 0
    result = invoke("report", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<html" in html.lower() and "https://" not in html


def test_inspect_of_a_hanging_file_stops_at_the_time_limit(invoke, tmp_path, monkeypatch):
    import time

    from pipeline.batch import runner

    monkeypatch.setattr(runner, "FILE_TIMEOUT", 2)
    monkeypatch.setattr(runner, "analyse_file", lambda path, sha256=None: time.sleep(60))
    path = write_text_pdf(tmp_path / "plan.pdf")
    started = time.monotonic()
    result = invoke("inspect", path)
    assert result.exit_code == 1 and time.monotonic() - started < 20
    assert result.stderr.strip() == f"FAILED {path}: timed out after 2 s"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(invoke, command):
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.stdout


def test_unknown_command_is_a_usage_error(invoke):
    assert invoke("frobnicate").exit_code == 2


def test_version_names_the_cache_version(invoke):
    from pipeline.batch.runner import pipeline_version

    assert invoke("--version").stdout.strip() == f"pipeline {pipeline_version()}"


def test_python_dash_m_pipeline_works():
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-m", "pipeline", "--help"], cwd=root,
                          capture_output=True, text=True)
    assert done.returncode == 0 and "inspect" in done.stdout


def test_inspect_lists_the_facts_of_registered_stages(invoke, tmp_path, monkeypatch):
    from pipeline.batch import runner

    def stage(doc):
        return {"focus_areas": [{"doc_id": doc.doc_id, "title": "Indbrud i private boliger", "category": "indbrud",
                                 "declared_status": "continued", "declared_from_year": 2013,
                                 "page_start": 2, "page_end": 3}],
                "deadlines": [{"doc_id": doc.doc_id, "due_text": "3. kvartal 2014", "due_start": "2014-07-01",
                               "due_end": "2014-09-30", "precision": "quarter", "actor": "lokalrådene",
                               "forum": "kredsrådet", "page": 2}]}

    monkeypatch.setattr(runner, "EXTRACT_STAGES", [stage])
    result = invoke("inspect", write_text_pdf(tmp_path / "plan.pdf"))
    assert ("focus_areas: 1\n    - Indbrud i private boliger  [indbrud; continued from 2013]  (p. 2-3)"
            in result.stdout)
    assert ('2014-07-01..2014-09-30 quarter: lokalrådene -> kredsrådet  "3. kvartal 2014"  (p. 2)'
            in result.stdout)


def test_inspect_png_of_a_damaged_xref_file_draws_its_repaired_pages(invoke, tmp_path):
    path = damage_xref(write_text_pdf(tmp_path / "plan.pdf"), tmp_path / "damaged.pdf")
    result = invoke("inspect", path, "--png", tmp_path / "png")
    assert result.exit_code == 0, result.output
    assert "damaged cross-reference table: repaired" in result.stdout
    assert sorted(p.name for p in (tmp_path / "png").iterdir()) == ["damaged-p1.png", "damaged-p2.png"]
