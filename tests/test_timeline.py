"""pipeline.views.timeline: each district's focus-area threads across its plan years."""
from __future__ import annotations

import re

import pandas as pd

from pipeline.views.timeline import district_timelines, timeline_html

D = "Midt- og Vestsjællands Politi"


def _frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    threads = pd.DataFrame([
        ("t1", D, "2014", "p14", "a1", "Indbrud i private hjem"),
        ("t1", D, "2016", "p16", "a3", "Forebyggelse af indbrud i beboelse"),
        ("t2", D, "2014", "p14", "a2", "Rockere og bander"),
        ("t3", D, "2016", "p16", "a4", "Tryghed i boligområder"),
        ("t4", D, "2014", "p14", "a5", "Færdsel"),
        ("t4", D, "2016", "p16", "a6", "Fortsat fokus på færdsel"),
    ], columns=["thread_id", "district", "year", "doc_id", "area_id", "title"])
    changes = pd.DataFrame([
        (D, "2014", "2016", "continued", "a1", "a3", "Indbrud i private hjem",
         "Forebyggelse af indbrud i beboelse", "continued", "True"),
        (D, "2014", "2016", "dropped", "a2", "", "Rockere og bander", "", "", ""),
        (D, "2014", "2016", "new", "", "a4", "", "Tryghed i boligområder", "continued", "False"),
        (D, "2014", "2016", "continued", "a5", "a6", "Færdsel", "Fortsat fokus på færdsel",
         "continued", "True"),
    ], columns=["district", "from_year", "to_year", "status", "from_area_id", "to_area_id",
                "from_title", "to_title", "declared_status", "agrees"])
    areas = pd.DataFrame({"area_id": ["a1", "a2", "a3", "a4", "a5", "a6"],
                          "declared_status": ["unknown", "unknown", "continued", "continued",
                                              "unknown", "continued"]})
    return threads, changes, areas


def test_cells_carry_the_comparisons_verdict_per_year() -> None:
    (timeline,) = district_timelines(*_frames())
    cells = {t.thread_id: {y: c.status for y, c in t.cells.items()} for t in timeline.threads}
    assert cells == {"t1": {2014: "first", 2016: "renamed"},
                     "t2": {2014: "first", 2016: "dropped"},
                     "t3": {2016: "new"},
                     "t4": {2014: "first", 2016: "continued"}}  # a status phrase is no rename


def test_a_year_without_a_plan_is_a_column_marked_as_such() -> None:
    (timeline,) = district_timelines(*_frames())
    assert timeline.years == [2014, 2015, 2016] and timeline.plan_years == [2014, 2016]
    page = timeline_html(timeline, "0")
    assert '<th class="year noplan">2015' in page
    assert len(re.findall(r'<td class="noplan"', page)) == len(timeline.threads)


def test_a_claim_the_comparison_contradicts_is_flagged_beside_the_verdict() -> None:
    (timeline,) = district_timelines(*_frames())
    new = next(t for t in timeline.threads if t.thread_id == "t3").cells[2016]
    assert new.disagrees and new.claim == "continued"
    page = timeline_html(timeline, "0")
    assert re.search(r'data-area="a4"[^>]*data-disagrees="true"[^>]*>new ⚠</td>', page)


def test_dropped_cell_points_at_the_last_area_of_its_thread() -> None:
    (timeline,) = district_timelines(*_frames())
    dropped = next(t for t in timeline.threads if t.thread_id == "t2").cells[2016]
    assert (dropped.area_id, dropped.title) == ("a2", "Rockere og bander")


def test_no_threads_no_timelines() -> None:
    _, changes, areas = _frames()
    assert district_timelines(pd.DataFrame(columns=["district"]), changes, areas) == []
