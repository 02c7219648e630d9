"""Rows are checked against the schema when a stage makes them, not when they are written."""
import pytest

from pipeline.batch import runner
from pipeline.facts.records import RecordError, check, columns
from tests.conftest import write_text_pdf


def test_a_row_that_fits_its_table_passes():
    check("deadlines", [{"doc_id": "abc", "page": 3, "due_start": "2015-04-01", "sentence": "x"}])


def test_a_year_as_text_is_refused_naming_stage_table_and_column():
    with pytest.raises(RecordError, match=r"my_stage: focus_areas\.year must be int, got str '2015'"):
        check("focus_areas", [{"doc_id": "abc", "year": "2015"}], "my_stage")


def test_a_date_that_is_not_iso_is_refused():
    with pytest.raises(RecordError, match="due_start must be date"):
        check("deadlines", [{"doc_id": "abc", "due_start": "1.4.2015"}])


def test_a_table_the_schema_does_not_know_is_refused():
    with pytest.raises(RecordError, match="a table the schema does not know"):
        check("../../etc/passwd", [{"doc_id": "abc"}])


def test_a_row_without_doc_id_is_refused():
    with pytest.raises(RecordError, match="has no doc_id"):
        check("figures", [{"doc_id": "", "value": 3.0}])


def test_a_left_out_column_is_unknown_not_an_error():
    assert "area_title" in columns("deadlines")
    check("deadlines", [{"doc_id": "abc"}])


def test_a_stage_making_a_wrong_row_fails_its_file_in_the_runner(tmp_path, monkeypatch):
    def bad_stage(doc):
        return {"figures": [{"doc_id": doc.doc_id, "page": "one"}]}

    monkeypatch.setattr(runner, "EXTRACT_STAGES", [bad_stage])
    reason = runner._work(str(write_text_pdf(tmp_path / "a.pdf")))[1]
    assert reason.startswith("internal error: RecordError: ") and "bad_stage" in reason
