"""pipeline.views.report: the self-contained HTML report over small hand-written tables."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.views import report

DOC_COLUMNS = ["doc_id", "source_path", "sha256", "doc_type", "district", "year", "title",
               "n_pages", "council", "municipality", "meeting_date", "ocr", "warnings"]
AREA_COLUMNS = ["doc_id", "area_id", "district", "year", "title", "category", "declared_status",
                "declared_from_year", "page_start", "page_end", "text"]
CHANGE_COLUMNS = ["district", "from_year", "to_year", "status", "from_area_id", "to_area_id",
                  "from_title", "to_title", "category", "similarity", "declared_status", "agrees"]
DEADLINE_COLUMNS = ["doc_id", "area_id", "actor", "forum", "due_text", "due_start", "due_end",
                    "precision", "page", "sentence"]
MVSJ = "Midt- og Vestsjællands Politi"
SSJ = "Sydsjællands og Lolland-Falsters Politi"


def _doc(doc_id: str, doc_type: str, district: str, year: int, title: str = "Samarbejdsplan",
         **extra: object) -> dict:
    row = dict.fromkeys(DOC_COLUMNS, "")
    row.update(doc_id=doc_id, source_path=f"raw/{doc_id}.pdf", sha256=doc_id * 4,
               doc_type=doc_type, district=district, year=year, title=title, n_pages=4,
               ocr=False)
    row.update(extra)
    return row


def _area(doc_id: str, area_id: str, district: str, year: int, title: str, category: str,
          declared: str = "unknown", page: int = 2) -> dict:
    return dict(doc_id=doc_id, area_id=area_id, district=district, year=year, title=title,
                category=category, declared_status=declared, declared_from_year="",
                page_start=page, page_end=page + 1, text="Tekst om indsatsen.")


def _write(out: Path, name: str, rows: list[dict], columns: list[str]) -> None:
    pd.DataFrame(rows, columns=columns).to_csv(out / f"{name}.csv", index=False)


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    """A run's output folder: two districts, 2014-2015 plans, one kredsråd meeting, a failure."""
    _write(tmp_path, "documents", [
        _doc("p14", "samarbejdsplan", MVSJ, 2014),
        _doc("p15", "samarbejdsplan", MVSJ, 2015, warnings="metadata: title not found"),
        _doc("s14", "samarbejdsplan", SSJ, 2014, ocr=True),
        _doc("m14", "referat", SSJ, 2014, "Referat af kredsrådsmøde", council="kredsråd",
             meeting_date="2014-03-14", warnings="layout: columns unsure; metadata: x"),
    ], DOC_COLUMNS)
    _write(tmp_path, "focus_areas", [
        _area("p14", "a1", MVSJ, 2014, "Indbrud i private hjem", "indbrud"),
        _area("p14", "a2", MVSJ, 2014, "Rockere og bander", "bander"),
        _area("p15", "a3", MVSJ, 2015, "Indbrud i beboelse", "indbrud", "continued", page=3),
        _area("p15", "a4", MVSJ, 2015, "Tryghed <b>nu</b> & her", "udsatte_omraader", "continued",
              page=7),
        _area("s14", "a5", SSJ, 2014, "Færdsel", "faerdsel"),
    ], AREA_COLUMNS)
    _write(tmp_path, "area_changes", [
        dict(district=MVSJ, from_year=2014, to_year=2015, status="continued", from_area_id="a1",
             to_area_id="a3", from_title="Indbrud i private hjem", to_title="Indbrud i beboelse",
             category="indbrud", similarity=0.8, declared_status="continued", agrees=True),
        dict(district=MVSJ, from_year=2014, to_year=2015, status="dropped", from_area_id="a2",
             to_area_id="", from_title="Rockere og bander", to_title="", category="bander",
             similarity="", declared_status="", agrees=""),
        dict(district=MVSJ, from_year=2014, to_year=2015, status="new", from_area_id="",
             to_area_id="a4", from_title="", to_title="Tryghed <b>nu</b> & her",
             category="udsatte_omraader", similarity="", declared_status="continued", agrees=False),
    ], CHANGE_COLUMNS)
    _write(tmp_path, "deadlines", [
        dict(doc_id="p14", area_id="a1", actor="lokalrådene", forum="kredsrådet",
             due_text="2. kvartal 2014", due_start="2014-04-01", due_end="2014-06-30",
             precision="quarter", page=5, sentence="Lokalrådene rapporterer i 2. kvartal 2014."),
        dict(doc_id="p15", area_id="", actor="politiet", forum="kredsrådet",
             due_text="senest den 1. december 2015", due_start="2015-12-01",
             due_end="2015-12-01", precision="day", page=6, sentence="Senest den 1. december."),
    ], DEADLINE_COLUMNS)
    _write(tmp_path, "failures", [dict(path="raw/enc.pdf", sha256="bf3d",
                                       reason="encrypted (password protected)")],
           ["path", "sha256", "reason"])
    _write(tmp_path, "agenda_items", [dict(doc_id="m14", meeting_date="2014-03-14", item_no="1",
                                           title="Godkendelse af dagsorden", decision="Godkendt",
                                           page=1)],
           ["doc_id", "meeting_date", "item_no", "title", "decision", "page"])
    return tmp_path


def _html(out: Path) -> str:
    return report.build_report(out).read_text(encoding="utf-8")


def _section(page: str, anchor: str) -> str:
    match = re.search(rf'<section id="{anchor}">(.*?)</section>', page, re.S)
    assert match, f"no section {anchor}"
    return match.group(1)


def test_report_is_written_as_report_html_in_the_output_folder(tables: Path) -> None:
    path = report.build_report(tables)
    assert path == tables / "report.html" and path.is_file()
    assert not list(tables.glob(".report-*"))  # the temporary file is gone


def test_report_is_self_contained(tables: Path) -> None:
    page = _html(tables)
    assert not re.search(r'(src|href)\s*=\s*["\']?\s*(https?:)?//', page, re.I)
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert "@import" not in page and "url(" not in page


def test_danish_district_names_render_as_utf8(tables: Path) -> None:
    raw = report.build_report(tables).read_bytes()
    page = raw.decode("utf-8")
    assert '<meta charset="utf-8">' in page
    assert MVSJ in page and SSJ in page and "kredsråd" in page


def test_charts_are_inline_svg_with_a_text_legend(tables: Path) -> None:
    page = _html(tables)
    charts = re.findall(r'<figure class="chart"><svg [^>]*>.*?</svg><figcaption class="legend">'
                        r'(.*?)</figcaption>', page, re.S)
    assert len(charts) >= 3  # focus areas, changes, deadlines
    assert "<img" not in page.split('id="pages-data"')[0]  # no raster chart in the body
    assert any("continued" in legend and "dropped" in legend for legend in charts)


def test_markup_in_titles_is_escaped(tables: Path) -> None:
    page = _html(tables)
    assert "Tryghed &lt;b&gt;nu&lt;/b&gt; &amp; her" in page
    assert "<b>nu" not in page


def test_every_section_builds_on_complete_tables(tables: Path) -> None:
    assert "could not be built" not in _html(tables)


def test_report_works_when_only_documents_csv_exists(tmp_path: Path) -> None:
    _write(tmp_path, "documents", [_doc("p14", "samarbejdsplan", MVSJ, 2014)], DOC_COLUMNS)
    page = _html(tmp_path)
    assert "could not be built" not in page
    assert "focus_areas.csv: missing" in page and "deadlines.csv: missing" in page
    plans = _section(page, "plans")
    assert MVSJ in plans and "plan · 0 areas" in plans
    assert "p14" not in plans  # the district and year name a plan, not its id


def test_report_works_on_an_empty_folder(tmp_path: Path) -> None:
    page = _html(tmp_path)
    assert "could not be built" not in page
    assert "documents.csv: missing" in page


def test_empty_and_header_only_tables_are_reported_as_such(tables: Path) -> None:
    (tables / "figures.csv").write_text("", encoding="utf-8")
    _write(tables, "deadlines", [], DEADLINE_COLUMNS)
    page = _html(tables)
    assert "figures.csv: empty (0 bytes)" in page
    assert "deadlines.csv: header only (no rows)" in page


def test_table_without_expected_columns_is_named_not_fatal(tables: Path) -> None:
    _write(tables, "area_changes", [dict(district=MVSJ)], ["district"])
    changes = _section(_html(tables), "changes")
    assert "lacks the columns" in changes and "from_year" in changes


def test_failures_are_listed_with_path_and_reason(tables: Path) -> None:
    summary = _section(_html(tables), "summary")
    assert "raw/enc.pdf" in summary and "encrypted (password protected)" in summary


def test_summary_counts_ocr_documents_and_one_warning_per_item(tables: Path) -> None:
    summary = _section(_html(tables), "summary")
    assert "<td>documents read by OCR</td><td>1</td>" in summary
    assert "<td>warnings</td><td>3</td>" in summary
    assert "layout: columns unsure" in summary


def test_plan_grid_lists_doc_ids_and_keeps_years_without_plans() -> None:
    docs = pd.DataFrame([_doc("p14", "samarbejdsplan", MVSJ, 2014),
                         _doc("m14", "referat", MVSJ, 2014)]).astype(str)
    grid = report.plan_grid(docs, [MVSJ, SSJ], years=[2014, 2015])
    assert grid.loc[MVSJ, "2014"] == ["p14"]
    assert grid.loc[MVSJ, "2015"] == [] and grid.loc[SSJ, "2014"] == []


def test_change_counts_per_district_and_year_pair(tables: Path) -> None:
    counts = report.change_counts(report.read_table(tables, "area_changes").df)
    row = counts.iloc[0]
    assert (row["district"], row["from_year"], row["to_year"]) == (MVSJ, "2014", "2015")
    assert (row["continued"], row["new"], row["dropped"]) == (1, 1, 1)


def test_disagreements_carry_doc_id_and_page_of_the_area(tables: Path) -> None:
    found = report.disagreements(report.read_table(tables, "area_changes").df,
                                 report.read_table(tables, "focus_areas"))
    assert list(found["to_area_id"]) == ["a4"]
    assert (found.iloc[0]["doc_id"], found.iloc[0]["page"]) == ("p15", "7")
    changes = _section(_html(tables), "changes")
    assert "<td>Midt- og Vestsjællands 2015</td><td>7</td>" in changes


def test_deadlines_are_counted_per_quarter_over_a_continuous_axis(tables: Path) -> None:
    quarters = report.deadline_quarters(report.read_table(tables, "deadlines").df)
    assert quarters.index[0] == "2014Q2" and quarters.index[-1] == "2015Q4"
    assert len(quarters) == 7  # the empty quarters in between are rows too
    assert quarters.loc["2014Q2", "quarter"] == 1 and quarters.loc["2015Q4", "day"] == 1


def test_deadline_rows_name_their_document_and_page_and_link_to_it(tables: Path) -> None:
    deadlines = _section(_html(tables), "deadlines")
    assert "<th>document</th><th>page</th>" in deadlines
    assert "<td>Midt- og Vestsjællands 2014</td><td>5</td>" in deadlines
    assert '<tr data-doc="p14" data-page="5"' in deadlines


def test_meetings_are_counted_per_council_and_year(tables: Path) -> None:
    meetings = _section(_html(tables), "meetings")
    assert "kredsråd" in meetings and "2014-03-14" in meetings
    assert "Godkendelse af dagsorden" in meetings


def test_missing_output_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        report.build_report(tmp_path / "nope")


def test_a_misread_far_year_does_not_stretch_the_quarter_axis() -> None:
    deadlines = pd.DataFrame({"due_start": ["2014-04-01", "2104-01-01"],
                              "precision": ["quarter", "day"]})
    assert list(report.deadline_quarters(deadlines).index) == ["2014Q2", "2104Q1"]


def test_area_threads_are_summarised_by_number_of_plan_years(tables: Path) -> None:
    _write(tables, "area_threads", [
        dict(thread_id="t1", district=MVSJ, year=2014, doc_id="p14", area_id="a1", title="Indbrud"),
        dict(thread_id="t1", district=MVSJ, year=2015, doc_id="p15", area_id="a3", title="Indbrud"),
        dict(thread_id="t2", district=MVSJ, year=2014, doc_id="p14", area_id="a2", title="Bander"),
    ], ["thread_id", "district", "year", "doc_id", "area_id", "title"])
    changes = _section(_html(tables), "changes")
    assert "2 threads over 3 areas" in changes


def test_report_file_is_readable_by_others(tables: Path) -> None:
    assert report.build_report(tables).stat().st_mode & 0o777 == 0o644


def test_timeline_section_follows_each_thread_across_the_years(tables: Path) -> None:
    _write(tables, "area_threads", [
        dict(thread_id="t1", district=MVSJ, year=2014, doc_id="p14", area_id="a1", title="Indbrud"),
        dict(thread_id="t1", district=MVSJ, year=2015, doc_id="p15", area_id="a3", title="Indbrud"),
        dict(thread_id="t2", district=MVSJ, year=2014, doc_id="p14", area_id="a2", title="Bander"),
        dict(thread_id="t3", district=MVSJ, year=2015, doc_id="p15", area_id="a4", title="Tryghed"),
    ], ["thread_id", "district", "year", "doc_id", "area_id", "title"])
    timeline = _section(_html(tables), "timeline")
    statuses = re.findall(r'data-area="(\w+)" data-year="(\d+)" data-status="(\w+)"', timeline)
    assert sorted(statuses) == [("a1", "2014", "first"), ("a2", "2014", "first"),
                                ("a2", "2015", "dropped"), ("a3", "2015", "renamed"),
                                ("a4", "2015", "new")]
    assert "new ⚠" in timeline  # a4: the plan says continued


def test_fact_pages_are_embedded_when_the_pdf_is_found(tables: Path) -> None:
    pdf = Path(__file__).resolve().parents[1] / "raw_pdfs" / "plan_ssj_2017.pdf"
    _write(tables, "documents", [_doc("p14", "samarbejdsplan", MVSJ, 2014, source_path=str(pdf))],
           DOC_COLUMNS)
    page = _html(tables)
    data = re.search(r'<script type="application/json" id="pages-data">(.*?)</script>', page).group(1)
    pages = json.loads(data)
    assert set(pages) == {"p14:2", "p14:5"}  # a1/a2 start on page 2, a deadline is on page 5
    src, width, height = pages["p14:5"]
    assert src.startswith("data:image/webp;base64,")
    assert (width, height) == pytest.approx((595.3, 841.9), abs=0.1)  # A4 in points
    docs = json.loads(re.search(r'id="docs-data">(.*?)</script>', page).group(1))
    assert docs["p14"]["pdf"].endswith("raw_pdfs/plan_ssj_2017.pdf")
    assert report.build_report(tables, page_images=False).read_text(encoding="utf-8").count(
        "data:image/webp") == 0


def test_a_fact_row_links_its_line_boxes_for_the_highlight(tables: Path) -> None:
    _write(tables, "deadlines", [
        dict(doc_id="p14", area_id="a1", due_text="2014", due_start="2014-01-01",
             due_end="2014-12-31", precision="year", page=5, sentence="I 2014.",
             x0=50, top=100, x1=300, bottom=134, line_boxes="120.0,100.0,300.0,112.0;50.0,122.0,90.0,134.0"),
        dict(doc_id="p14", area_id="a1", due_text="2015", due_start="2015-01-01",
             due_end="2015-12-31", precision="year", page=6, sentence="I 2015.",
             x0=50, top=100, x1=300, bottom=112, line_boxes=""),
    ], DEADLINE_COLUMNS + ["x0", "top", "x1", "bottom", "line_boxes"])
    deadlines = _section(_html(tables), "deadlines")
    assert 'data-box="120.0,100.0,300.0,112.0;50.0,122.0,90.0,134.0"' in deadlines
    assert 'data-page="6" data-box="50,100,300,112"' in deadlines  # no line boxes: the one box
