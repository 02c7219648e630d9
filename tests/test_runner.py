"""runner.run end to end: bad files are listed and never stop the batch or remove good output."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import write_text_pdf
from pipeline.batch import runner, store


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """Two good plans (one in a subfolder, one with .PDF) and three bad files."""
    folder = tmp_path / "raw"
    (folder / "2014").mkdir(parents=True)
    write_text_pdf(folder / "a.pdf", ["Samarbejdsplan 2014 Fyns Politi", "Side to"])
    write_text_pdf(folder / "2014" / "B.PDF", ["Samarbejdsplan 2015 Bornholms Politi"])
    (folder / "page.pdf").write_text("<html><body>Not found</body></html>")
    data = (folder / "a.pdf").read_bytes()
    (folder / "cut.pdf").write_bytes(data[: len(data) // 2])
    (folder / "notes.txt").write_text("not a pdf and not named like one")
    return folder


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


class Calls:
    """The files process_file was called for: each runs in a child process, so they are
    appended to a file, not to a list in this process."""

    def __init__(self, log: Path) -> None:
        self.log = log

    def lines(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []

    def __iter__(self):
        return iter(self.lines())

    def __len__(self) -> int:
        return len(self.lines())

    def __eq__(self, other) -> bool:
        return self.lines() == other


def count_calls(monkeypatch, tmp_path_factory=None) -> Calls:
    import tempfile

    calls = Calls(Path(tempfile.mkdtemp()) / "calls.txt")
    real = runner.process_file

    def counting(path, sha256=None):
        with open(calls.log, "a") as fh:
            fh.write(f"{path}\n")
        return real(path, sha256)

    monkeypatch.setattr(runner, "process_file", counting)
    return calls


def documents(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "documents.csv")


def test_bad_files_are_listed_and_good_rows_written(raw, out, capsys):
    result = runner.run(raw, out)
    assert result.exit_code == 1 and result.files == 4
    failures = pd.read_csv(out / "failures.csv")
    reasons = dict(zip(failures["path"].map(lambda p: Path(p).name), failures["reason"]))
    assert reasons["page.pdf"] == "not a PDF: looks like an HTML page"
    assert reasons["cut.pdf"].startswith("truncated PDF")
    assert failures["sha256"].str.len().eq(64).all()
    assert sorted(documents(out)["source_path"].map(lambda p: Path(p).name)) == ["B.PDF", "a.pdf"]
    assert len(pd.read_csv(out / "pages.csv")) == 3
    err = capsys.readouterr().err
    assert err.count("FAILED ") == 2 and "page.pdf: not a PDF: looks like an HTML page" in err


def test_all_good_files_give_exit_code_zero(tmp_path, out):
    write_text_pdf(tmp_path / "raw" / "a.pdf")
    result = runner.run(tmp_path / "raw", out)
    assert result.exit_code == 0 and result.failures == [] and result.documents == 1
    assert list(pd.read_csv(out / "failures.csv").columns) == ["path", "sha256", "reason"]


def test_second_run_reuses_the_cache_without_extracting(raw, out, monkeypatch):
    runner.run(raw, out)
    first = documents(out)
    calls = count_calls(monkeypatch)
    result = runner.run(raw, out)
    assert calls == []  # failures are recorded under this pipeline version: not tried again
    assert result.reused == 2 and result.extracted == 0 and len(result.failures) == 2
    pd.testing.assert_frame_equal(documents(out), first)


def test_retry_failed_tries_the_recorded_failures_again(raw, out, monkeypatch):
    runner.run(raw, out)
    calls = count_calls(monkeypatch)
    runner.run(raw, out, retry_failed=True)
    assert sorted(Path(c).name for c in calls) == ["cut.pdf", "page.pdf"]


def test_force_extracts_again(raw, out, monkeypatch):
    runner.run(raw, out)
    calls = count_calls(monkeypatch)
    runner.run(raw, out, force=True)
    assert len(calls) == 4


def test_new_pipeline_version_extracts_again_and_replaces_the_old_cache(raw, out, monkeypatch):
    runner.run(raw, out)
    monkeypatch.setattr(runner, "pipeline_version", lambda: "9.9.9")
    calls = count_calls(monkeypatch)
    runner.run(raw, out)
    assert len(calls) == 4
    cached = sorted(p.name.split("-", 1)[1] for p in (out / "cache").iterdir())
    assert cached == ["9.9.9.failure"] * 2 + ["9.9.9.json"] * 2


def test_a_good_file_overwritten_by_a_broken_one_keeps_its_rows_marked_stale(raw, out):
    runner.run(raw, out)
    (raw / "2014" / "B.PDF").write_bytes(b"%PDF-1.4\n garbage \n%%EOF\n")
    result = runner.run(raw, out)
    assert result.exit_code == 1 and "B.PDF" in " ".join(pd.read_csv(out / "failures.csv")["path"])
    docs = documents(out).set_index(documents(out)["source_path"].map(lambda p: Path(p).name))
    assert sorted(docs.index) == ["B.PDF", "a.pdf"]
    assert docs.loc["B.PDF", "stale"] and not docs.loc["a.pdf", "stale"]
    runner.run(raw, out, prune=True)
    assert list(documents(out)["source_path"].map(lambda p: Path(p).name)) == ["a.pdf"]


def test_file_failing_now_keeps_rows_of_an_earlier_good_run_of_same_content(raw, out, monkeypatch):
    runner.run(raw, out)

    def broken(path, sha256=None):
        raise ValueError("stage exploded\nsecond line")

    monkeypatch.setattr(runner, "process_file", broken)
    result = runner.run(raw, out, force=True)
    kept = {Path(f.path).name: f for f in result.failures}
    assert kept["a.pdf"].reason == "internal error: ValueError: stage exploded second line"
    assert kept["a.pdf"].kept_earlier_rows and not kept["page.pdf"].kept_earlier_rows
    assert len(documents(out)) == 2


def test_a_crash_while_writing_tables_leaves_the_old_tables(raw, out, monkeypatch):
    runner.run(raw, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    write_text_pdf(raw / "new.pdf", ["Samarbejdsplan 2016"])

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # like Ctrl-C in the middle of writing

    monkeypatch.setattr(store, "_write_duckdb", crash)
    with pytest.raises(KeyboardInterrupt):
        runner.run(raw, out)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_registered_stage_adds_its_table_and_warnings(raw, out, monkeypatch):
    def stage(doc):
        doc.warn("stage: looked at it")
        return {"focus_areas": [{"doc_id": doc.doc_id, "area_id": "x1", "title": "Indbrud"}]}

    monkeypatch.setattr(runner, "EXTRACT_STAGES", [stage])
    runner.run(raw, out)
    assert len(pd.read_parquet(out / "focus_areas.parquet")) == 2
    assert documents(out)["warnings"].str.contains("stage: looked at it").all()


def test_same_content_under_two_names_is_one_document(tmp_path, out):
    write_text_pdf(tmp_path / "raw" / "a.pdf")
    (tmp_path / "raw" / "copy.pdf").write_bytes((tmp_path / "raw" / "a.pdf").read_bytes())
    result = runner.run(tmp_path / "raw", out)
    assert result.documents == 1 and len(result.duplicates) == 1 and result.exit_code == 0


def test_workers_give_the_same_tables_as_one_process(raw, tmp_path):
    runner.run(raw, tmp_path / "one")
    result = runner.run(raw, tmp_path / "two", workers=2)
    assert result.exit_code == 1 and len(result.failures) == 2
    for table in ("documents", "pages", "failures"):
        pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "one" / f"{table}.csv"),
                                      pd.read_csv(tmp_path / "two" / f"{table}.csv"))


def test_missing_tesseract_is_announced_once_per_run(tmp_path, monkeypatch, capsys):
    from conftest import write_scanned_pdf
    from pipeline.pdf import ocr

    monkeypatch.setattr(ocr, "_status", lambda: ocr.UNAVAILABLE)
    write_scanned_pdf(tmp_path / "raw" / "a.pdf", "Lokalrådet i Køge")
    write_scanned_pdf(tmp_path / "raw" / "b.pdf", "Kredsrådet i Roskilde")
    for out in ("one", "two"):  # two runs in one process: each announces it once
        result = runner.run(tmp_path / "raw", tmp_path / out, force=True)
        assert result.exit_code == 0
        assert capsys.readouterr().err.count("ocr unavailable: tesseract not installed") == 1
    warnings = pd.read_csv(tmp_path / "two" / "documents.csv")["warnings"]
    assert warnings.str.contains("ocr unavailable: tesseract not installed").all()


def test_documents_read_without_ocr_are_not_cached_so_they_are_redone_later(tmp_path, monkeypatch):
    from conftest import write_scanned_pdf
    from pipeline.pdf import ocr

    monkeypatch.setattr(ocr, "_status", lambda: ocr.UNAVAILABLE)
    write_scanned_pdf(tmp_path / "raw" / "scan.pdf")
    write_text_pdf(tmp_path / "raw" / "plan.pdf")
    runner.run(tmp_path / "raw", tmp_path / "out")
    calls = count_calls(monkeypatch)
    runner.run(tmp_path / "raw", tmp_path / "out")
    assert [Path(c).name for c in calls] == ["scan.pdf"]


def test_a_file_that_takes_too_long_is_recorded_as_failed(tmp_path, monkeypatch):
    import time

    write_text_pdf(tmp_path / "raw" / "slow.pdf")
    monkeypatch.setattr(runner, "FILE_TIMEOUT", 1)
    monkeypatch.setattr(runner, "process_file", lambda path, sha256=None: time.sleep(30))
    result = runner.run(tmp_path / "raw", tmp_path / "out")
    assert [f.reason for f in result.failures] == ["timed out after 1 s"]


def test_a_file_that_crashes_its_worker_process_fails_alone(raw, tmp_path, monkeypatch):
    import os

    real = runner.process_file

    def crash_on_a(path, sha256=None):
        if Path(path).name == "a.pdf":
            os._exit(3)  # like a segfault in native PDF code
        return real(path, sha256)

    monkeypatch.setattr(runner, "process_file", crash_on_a)
    result = runner.run(raw, tmp_path / "out", workers=2)
    reasons = {Path(f.path).name: f.reason for f in result.failures}
    assert reasons["a.pdf"] == "internal error: the process reading this file crashed"
    assert set(reasons) == {"a.pdf", "cut.pdf", "page.pdf"} and result.documents == 1


def test_damaged_xref_file_is_extracted_with_a_warning(tmp_path):
    from conftest import damage_xref

    good = write_text_pdf(tmp_path / "plan.pdf")
    (tmp_path / "raw").mkdir()
    damage_xref(good, tmp_path / "raw" / "damaged.pdf")
    result = runner.run(tmp_path / "raw", tmp_path / "out")
    assert result.exit_code == 0 and result.pages == 2
    assert documents(tmp_path / "out")["warnings"][0].startswith("damaged cross-reference table")
