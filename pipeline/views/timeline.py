"""Each district's focus areas followed across the years: the report's timeline.

Rows are area threads (``area_threads``: one id per area across the years it lives), columns the
district's plan years. A cell is the area of that year with the comparison's verdict
(``area_changes``): ``continued`` (``renamed`` when the titles share few words, the evaluation's
rule), ``new``, ``first`` (the
district's first plan: nothing to compare with), or ``dropped`` in the first plan year after the
thread's last. The plan's own claim (``declared_status``) stands beside the verdict; a cell where
the two disagree (``agrees`` false) is flagged.

Inputs are the tables as read by the report (every cell a string, "" = unknown).
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Optional

import pandas as pd

from pipeline.batch.compare import is_renamed

STATUS_LABELS = {"first": "first plan", "continued": "continued", "renamed": "renamed",
                 "new": "new", "dropped": "dropped"}


@dataclass
class Cell:
    status: str            # first | continued | renamed | new | dropped
    area_id: str = ""      # the area of this year (dropped: the last area of the thread)
    title: str = ""
    from_title: str = ""   # the title the year before (continued, renamed, dropped)
    claim: str = ""        # declared_status of the area: what the plan says itself
    disagrees: bool = False


@dataclass
class Thread:
    thread_id: str
    title: str             # the latest title
    cells: dict[int, Cell] = field(default_factory=dict)


@dataclass
class DistrictTimeline:
    district: str
    years: list[int]       # every year from the first plan to the last
    plan_years: list[int]  # years with a plan
    threads: list[Thread]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for thread in self.threads:
            for cell in thread.cells.values():
                out[cell.status] = out.get(cell.status, 0) + 1
        return out


def _year(value: object) -> Optional[int]:
    try:
        return int(float(str(value)))
    except ValueError:
        return None


def _verdicts(changes: pd.DataFrame) -> tuple[dict[str, pd.Series], dict[str, list[pd.Series]]]:
    """The change row that leads into each area (by to_area_id), and the dropped rows by the
    area that was dropped (from_area_id)."""
    into, dropped = {}, {}
    for _, row in changes.iterrows():
        if row.get("status") == "dropped":
            dropped.setdefault(str(row.get("from_area_id", "")), []).append(row)
        elif str(row.get("to_area_id", "")):
            into[str(row["to_area_id"])] = row
    return into, dropped


def _cell(area: pd.Series, change: Optional[pd.Series], claims: dict[str, str]) -> Cell:
    area_id = str(area["area_id"])
    claim = claims.get(area_id, "")
    if change is None:
        return Cell("first", area_id, str(area["title"]), claim=claim)
    status = str(change["status"])
    from_title = str(change.get("from_title", ""))
    if status == "continued" and from_title and is_renamed(from_title, str(area["title"])):
        status = "renamed"
    return Cell(status, area_id, str(area["title"]), from_title, claim or
                str(change.get("declared_status", "")),
                str(change.get("agrees", "")).strip().lower() in ("false", "0"))


def district_timelines(threads: pd.DataFrame, changes: pd.DataFrame,
                       focus_areas: pd.DataFrame) -> list[DistrictTimeline]:
    """One timeline per district of ``area_threads``, districts in alphabetical order."""
    if threads.empty:
        return []
    into, dropped = _verdicts(changes)
    claims = {}
    if {"area_id", "declared_status"} <= set(focus_areas.columns):
        claims = dict(zip(focus_areas["area_id"].astype(str), focus_areas["declared_status"]))
    plan_years = _plan_years(threads, changes)
    timelines = []
    for district, rows in threads.groupby("district", sort=True):
        years = plan_years.get(str(district), [])
        result = []
        for thread_id, areas in rows.groupby("thread_id", sort=False):
            areas = areas.assign(_y=areas["year"].map(_year)).dropna(subset=["_y"]).sort_values("_y")
            if areas.empty:
                continue
            thread = Thread(str(thread_id), str(areas["title"].iloc[-1]))
            for _, area in areas.iterrows():
                thread.cells[int(area["_y"])] = _cell(area, into.get(str(area["area_id"])), claims)
            last = areas.iloc[-1]
            for change in dropped.get(str(last["area_id"]), []):
                to_year = _year(change.get("to_year"))
                if to_year is not None:
                    thread.cells[to_year] = Cell("dropped", str(last["area_id"]), str(last["title"]),
                                                 from_title=str(last["title"]))
            result.append(thread)
        result.sort(key=lambda t: (min(t.cells), t.thread_id))
        span = list(range(min(years), max(years) + 1)) if years else []
        timelines.append(DistrictTimeline(str(district), span, years, result))
    return timelines


def _plan_years(threads: pd.DataFrame, changes: pd.DataFrame) -> dict[str, list[int]]:
    """Years with a plan per district: any year with an area or named in a comparison."""
    years: dict[str, set[int]] = {}
    for district, year in zip(threads["district"], threads["year"]):
        if _year(year) is not None:
            years.setdefault(str(district), set()).add(_year(year))
    if {"district", "from_year", "to_year"} <= set(changes.columns):
        for district, a, b in zip(changes["district"], changes["from_year"], changes["to_year"]):
            for y in (_year(a), _year(b)):
                if y is not None:
                    years.setdefault(str(district), set()).add(y)
    return {d: sorted(ys) for d, ys in years.items()}


# --------------------------------------------------------------------------- HTML

def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _cell_html(cell: Optional[Cell], year: int, key: str, planned: bool) -> str:
    if cell is None:
        return '<td class="noplan" title="no plan this year"></td>' if not planned else "<td></td>"
    flag = " ⚠" if cell.disagrees else ""
    claim = f"; the plan says: {cell.claim}" if cell.claim and cell.claim != "unknown" else ""
    tip = f"{STATUS_LABELS[cell.status]}: {cell.title}{claim}"
    return (f'<td class="cell st-{cell.status}" tabindex="0" role="button" data-timeline="{key}" '
            f'data-area="{_esc(cell.area_id)}" data-year="{year}" data-status="{cell.status}" '
            f'data-title="{_esc(cell.title)}" data-from-title="{_esc(cell.from_title)}" '
            f'data-claim="{_esc(cell.claim)}" data-disagrees="{str(cell.disagrees).lower()}" '
            f'title="{_esc(tip)}">{STATUS_LABELS[cell.status]}{flag}</td>')


def timeline_html(timeline: DistrictTimeline, key: str) -> str:
    """One district's timeline table and its (empty) detail box, ``key`` naming both."""
    planned = set(timeline.plan_years)
    head = '<th class="area">focus area (latest title)</th>' + "".join(
        f'<th class="year{"" if y in planned else " noplan"}">{y}'
        f'{"" if y in planned else "<br><small>no plan</small>"}</th>' for y in timeline.years)
    rows = []
    for thread in timeline.threads:
        cells = "".join(_cell_html(thread.cells.get(y), y, key, y in planned)
                        for y in timeline.years)
        rows.append(f'<tr data-thread="{_esc(thread.thread_id)}"><td class="area">'
                    f'{_esc(thread.title)}</td>{cells}</tr>')
    counts = timeline.counts()
    summary = ", ".join(f"{STATUS_LABELS[s]} {counts[s]}" for s in STATUS_LABELS if s in counts)
    return (f'<div class="district" id="timeline-{key}"><h3>{_esc(timeline.district)}</h3>'
            f'<p class="note">{len(timeline.threads)} focus areas over {len(planned)} plans: '
            f'{_esc(summary)}.</p><div class="scroll"><table class="timeline"><thead><tr>{head}'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
            f'<div class="detail" id="detail-{key}" hidden></div></div>')


KEY_HTML = ('<p class="key">' + "".join(
    f'<span class="{"st-" + s}">{label}</span>' for s, label in STATUS_LABELS.items())
    + '<span>⚠ the plan claims otherwise</span><span class="noplan">no plan</span></p>')
