"""Self-contained HTML report over the extracted tables (SPEC: ``pipeline report [--out DIR]``).

``build_report(out_dir)`` reads ``out_dir/*.csv`` and writes ``out_dir/report.html``: first each
district's focus areas followed across the years (continued / renamed / new / dropped, the plan's
own claim beside the comparison's verdict), then summary counts, the plans per district and year,
focus areas per category/district/year, the year-to-year changes, deadlines over time, meetings
per council and year, figures, and the row count of every table. Charts are inline SVG, style
and script inline, and the pages that carry facts are embedded as small images: the file can be
mailed or archived alone and opened offline.

Every fact row names its document (district and year, not an id) and page; a click shows the
page with the fact's box (``x0, top, x1, bottom``) drawn on it, or opens the PDF at that page.

Why CSV and not DuckDB/Parquet: CSV is what every run writes and what a reader can open to check
a number; reading everything as text keeps "empty = unknown" (SPEC) instead of NaN.
Any table may be missing, empty or lack columns (older run, failed batch): each section then says
so, and a section that fails anyway is replaced by a note, so a report is always produced.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

import pandas as pd

from pipeline.batch.store import read_text_table
from pipeline.lang.gazetteer import districts
from pipeline.pdf.text_boxes import BOX_COLUMNS
from pipeline.views.report_assets import SCRIPT, STYLE
from pipeline.views.sources import pdf_link, render_pages, resolve_pdf
from pipeline.views.svg import palette_for, stacked_bar
from pipeline.views.timeline import KEY_HTML, district_timelines, timeline_html

REPORT_NAME = "report.html"
REPORT_MODE = 0o644  # readable by everyone who can read the folder: the report is for sharing
TABLE_NAMES = ("documents", "pages", "focus_areas", "deadlines", "figures", "agenda_items",
               "attendees", "area_changes", "area_threads", "failures")
# Long text columns are never shown; not loading them keeps a full corpus's pages.csv cheap.
SKIP_COLUMNS = {"pages": {"text"}, "focus_areas": {"text"}}
MAX_ROWS = 300        # detail tables: beyond this the CSV is the place to look
MAX_CELL_CHARS = 300  # sentences and contexts are cut; the CSV has them whole
UNKNOWN = "unknown"   # label for an empty cell in counts (SPEC: empty = unknown)
STATUS_ORDER = ("continued", "new", "dropped")
# Okabe-Ito: bluish green, orange, vermillion - told apart with the common colour-vision deficiencies
STATUS_COLOURS = {"continued": "#009E73", "new": "#E69F00", "dropped": "#D55E00"}
PRECISION_ORDER = ("day", "month", "quarter", "half", "year")
MAX_QUARTERS = 80  # 20 years: beyond that only quarters with deadlines are plotted
PLAN_TYPE = "samarbejdsplan"
MINUTES_TYPE = "referat"


# --------------------------------------------------------------------------- loading

@dataclass
class Table:
    """One output table as read from ``NAME.csv``; every cell a string, "" = unknown."""
    name: str
    df: pd.DataFrame
    problem: str = ""  # why nothing can be shown: "missing", "empty (0 bytes)", "unreadable: …"

    @property
    def status(self) -> str:
        if self.problem:
            return self.problem
        return "header only (no rows)" if self.df.empty else "ok"

    @property
    def usable(self) -> bool:
        return not self.problem and not self.df.empty

    def missing_columns(self, columns: Iterable[str]) -> list[str]:
        return [c for c in columns if c not in self.df.columns]


def read_table(out_dir: Path, name: str) -> Table:
    """``out_dir/name.csv`` as a Table; never raises for a missing or broken file."""
    skip = SKIP_COLUMNS.get(name, set())
    try:
        df = read_text_table(out_dir, name, usecols=lambda col: col not in skip)
    except pd.errors.EmptyDataError:
        return Table(name, pd.DataFrame(), "empty (0 bytes)")
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError, OSError) as exc:
        return Table(name, pd.DataFrame(), f"unreadable: {exc}")
    if df is None:
        return Table(name, pd.DataFrame(), "missing")
    return Table(name, df.fillna(""))


def load_tables(out_dir: Path) -> dict[str, Table]:
    return {name: read_table(out_dir, name) for name in TABLE_NAMES}


# --------------------------------------------------------------------------- small helpers

def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _labels(series: pd.Series) -> pd.Series:
    """Cells as count labels: "" becomes ``UNKNOWN`` so unknowns are counted, not dropped."""
    return series.astype(str).str.strip().replace("", UNKNOWN)


def _year_labels(series: pd.Series) -> pd.Series:
    # "2014", "2014.0" (a float column written by an older run) and "" all map cleanly.
    years = pd.to_numeric(series, errors="coerce").round().astype("Int64")
    return years.astype(str).replace("<NA>", UNKNOWN)


def _sort_key(label: object) -> tuple:
    """Numbers (years) in numeric order, other labels alphabetically, unknown/other last."""
    text = str(label)
    if text.isdigit():
        return (0, int(text), "")
    return (2 if text in (UNKNOWN, "other") else 1, 0, text.casefold())


def _sorted(labels: Iterable[object]) -> list:
    return sorted(set(labels), key=_sort_key)


def _truthy(series: pd.Series) -> pd.Series:
    return series.astype(str).str.strip().str.lower().isin(("true", "1", "yes"))


def _falsy(series: pd.Series) -> pd.Series:
    return series.astype(str).str.strip().str.lower().isin(("false", "0", "no"))


def count_by(df: pd.DataFrame, index: str, columns: Optional[str] = None) -> pd.DataFrame:
    """Counts of ``index`` (x ``columns``, then with a total column), labels sorted (_sort_key)."""
    if columns is None:
        counts = df.groupby(index).size().to_frame("count")
        return counts.loc[_sorted(counts.index)]
    counts = pd.crosstab(df[index], df[columns])
    counts = counts.loc[_sorted(counts.index), _sorted(counts.columns)]
    counts["total"] = counts.sum(axis=1)
    return counts


# --------------------------------------------------------------------------- HTML pieces

def _cell(value: object) -> str:
    # A list in a cell is several traceable items (e.g. doc_ids), one per line.
    if isinstance(value, (list, tuple)):
        return "<br>".join(esc(v) for v in value)
    text = str(value)
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS] + " …"
    return esc(text)


def _fact_attrs(row: pd.Series) -> str:
    """data-* attributes that let a click show the row's fact on its page (doc, page, box)."""
    doc, page = str(row.get("doc_id", "")), str(row.get("page", row.get("page_start", "")))
    if not doc or not page.strip():
        return ""
    box = _box_text(row)
    attrs = f' data-doc="{esc(doc)}" data-page="{esc(_int_text(page))}"'
    if box:
        attrs += f' data-box="{esc(box)}"'
    caption = next((str(row[c]) for c in ("sentence", "context", "title") if str(row.get(c, ""))), "")
    return attrs + (f' data-caption="{esc(caption[:MAX_CELL_CHARS])}"' if caption else "")


def _number(value: object) -> str:
    """A CSV number as printed for a reader: 40.0 -> "40", 2858.8 stays."""
    try:
        number = float(str(value))
    except ValueError:
        return str(value)
    return f"{number:.0f}" if number.is_integer() else f"{number:g}"


def _int_text(value: str) -> str:
    # "7.0" (a float column of an older run) -> "7"
    try:
        return str(int(float(value)))
    except ValueError:
        return value


def table_html(df: pd.DataFrame, columns: Optional[Sequence[str]] = None, source: str = "",
               limit: int = MAX_ROWS, index: bool = False, css_class: str = "data",
               facts: bool = False) -> str:
    """An escaped HTML table of ``df`` (``columns`` that exist, in that order); at most ``limit``
    rows with a note pointing to ``source`` (the CSV) for the rest. Class "data" tables are
    sortable and filterable in the browser; with ``facts`` each row opens its fact on its page
    (from the row's doc_id, page and box, shown or not)."""
    if index:
        df = df.reset_index()
    shown = df[[c for c in columns if c in df.columns]] if columns is not None else df
    if shown.empty:
        return _note("No rows.")
    head = "".join(f"<th>{esc(c)}</th>" for c in shown.columns)
    rows = []
    for (_, full), row in zip(df.head(limit).iterrows(), shown.head(limit).itertuples(index=False)):
        attrs = _fact_attrs(full) if facts else ""
        rows.append(f"<tr{attrs}>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>")
    more = ""
    if len(df) > limit:
        where = f" (all rows in {source})" if source else ""
        more = _note(f"First {limit} of {len(df)} rows shown{where}.")
    attr = f' class="{esc(css_class)}"' if css_class else ""
    return (f'<div class="scroll"><table{attr}><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>{more}')


def _note(text: str, kind: str = "note") -> str:
    return f'<p class="{kind}">{esc(text)}</p>'


def _h3(text: str) -> str:
    return f"<h3>{esc(text)}</h3>"


def _details(summary: str, inner: str) -> str:
    # Long row lists stay folded so the aggregate view reads first.
    return f"<details><summary>{esc(summary)}</summary>{inner}</details>"


def _unavailable(table: Table, what: str) -> str:
    return _note(f"{what}: {table.name}.csv: {table.status}.", "warn")


def _lacks(table: Table, columns: Iterable[str]) -> str:
    """A warning if ``table`` cannot serve ``columns``; "" if it can."""
    if not table.usable:
        return _unavailable(table, "Nothing to show")
    missing = table.missing_columns(columns)
    if missing:
        return _note(f"{table.name}.csv lacks the columns {', '.join(missing)} "
                     "(written by an older pipeline?).", "warn")
    return ""


# --------------------------------------------------------------------------- data views

def plan_grid(documents: pd.DataFrame, districts: Sequence[str] = (),
              years: Iterable[int] = range(2012, 2020)) -> pd.DataFrame:
    """District x year: the doc_ids of the plans (samarbejdsplaner) of each cell, [] if none.
    All ``districts`` and ``years`` are rows/columns even without plans: a gap is a finding."""
    plans = documents[documents["doc_type"] == PLAN_TYPE].assign(
        district=lambda d: _labels(d["district"]), year=lambda d: _year_labels(d["year"]))
    rows = list(dict.fromkeys(list(districts) + _sorted(plans["district"])))
    cols = _sorted([str(y) for y in years] + list(plans["year"]))
    # Built column by column: a nested list literal would be read as a 3-D array.
    grid = pd.DataFrame({c: pd.Series([[] for _ in rows], index=rows, dtype=object) for c in cols},
                        index=rows, columns=cols)
    for plan in plans.itertuples(index=False):
        grid.at[plan.district, plan.year].append(plan.doc_id)
    grid.index.name = "district"
    return grid


def change_counts(changes: pd.DataFrame) -> pd.DataFrame:
    """Rows: district, from_year, to_year; columns: continued, new, dropped (then any other
    status)."""
    pair = _year_labels(changes["from_year"]) + "→" + _year_labels(changes["to_year"])
    df = changes.assign(district=_labels(changes["district"]), pair=pair,
                        status=_labels(changes["status"]))
    counts = pd.crosstab([df["district"], df["pair"]], df["status"])
    cols = [s for s in STATUS_ORDER if s in counts.columns]
    counts = counts[cols + [c for c in _sorted(counts.columns) if c not in cols]]
    for status in STATUS_ORDER:  # always the three SPEC columns, even when a status never occurs
        if status not in counts.columns:
            counts[status] = 0
    counts = counts.reset_index()
    counts[["from_year", "to_year"]] = counts["pair"].str.split("→", expand=True)
    order = sorted(range(len(counts)), key=lambda i: (_sort_key(counts["district"][i]),
                                                      _sort_key(counts["from_year"][i])))
    lead = ["district", "from_year", "to_year", *STATUS_ORDER]
    rest = [c for c in counts.columns if c not in lead and c != "pair"]
    return counts.loc[order, lead + rest].reset_index(drop=True)


def _area_locations(focus_areas: Table) -> pd.DataFrame:
    """area_id -> doc_id, page (page_start): where to check an area named in area_changes."""
    if not focus_areas.usable or focus_areas.missing_columns(["area_id", "doc_id", "page_start"]):
        return pd.DataFrame(columns=["doc_id", "page"])
    areas = focus_areas.df.drop_duplicates("area_id").set_index("area_id")
    return areas[["doc_id", "page_start"]].rename(columns={"page_start": "page"})


def trace_changes(changes: pd.DataFrame, focus_areas: Table) -> pd.DataFrame:
    """``changes`` with doc_id and page of the later area (the earlier one for dropped areas),
    taken from focus_areas, so every change row can be checked in a PDF."""
    where = _area_locations(focus_areas)
    area = changes.get("to_area_id", pd.Series("", index=changes.index)).astype(str)
    fallback = changes.get("from_area_id", pd.Series("", index=changes.index)).astype(str)
    area = area.where(area.str.strip() != "", fallback)
    out = changes.copy()
    out["doc_id"] = [where["doc_id"].get(a, "") for a in area]
    out["page"] = [where["page"].get(a, "") for a in area]
    return out


def disagreements(changes: pd.DataFrame, focus_areas: Table) -> pd.DataFrame:
    """Changes where the plan's own claim (declared_status) disagrees with the comparison."""
    return trace_changes(changes[_falsy(changes["agrees"])], focus_areas)


def deadline_quarters(deadlines: pd.DataFrame) -> pd.DataFrame:
    """Deadlines per quarter in which the named period begins (due_start) x precision; every
    quarter between the first and last is a row, so the time axis is not compressed."""
    starts = pd.to_datetime(deadlines["due_start"], errors="coerce", format="%Y-%m-%d")
    dated = deadlines.assign(quarter=starts.dt.to_period("Q"),
                             precision=_labels(deadlines["precision"]))[starts.notna()]
    if dated.empty:
        return pd.DataFrame()
    counts = pd.crosstab(dated["quarter"], dated["precision"])
    span = pd.period_range(counts.index.min(), counts.index.max(), freq="Q")
    if len(span) <= MAX_QUARTERS:  # a misread year (2104) must not stretch the axis to a century
        counts = counts.reindex(span, fill_value=0)
    cols = [p for p in PRECISION_ORDER if p in counts.columns]
    counts = counts[cols + [c for c in counts.columns if c not in cols]]
    counts.index = [str(q) for q in counts.index]
    counts.index.name = "due quarter"  # not "quarter": that is a precision column
    return counts


# --------------------------------------------------------------------------- names, not ids

class Tables(dict):
    """The tables by name (``Table``), plus the page images of the facts (filled by
    build_report; empty when the report is rendered without them)."""

    pages: dict[str, list]   # "doc_id:page" -> [data URI, width pt, height pt]
    pdfs: dict[str, str]     # doc_id -> link to the PDF, relative to the report

    def __init__(self, tables: dict[str, Table]):
        super().__init__(tables)
        self.pages, self.pdfs = {}, {}


def _short_district(name: str) -> str:
    return name[:-len(" Politi")] if name.endswith(" Politi") else name


def doc_labels(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id -> how a reader names the document: district and year for a plan, council, place
    and date for minutes (SPEC: no hex ids in the main views)."""
    labels = {}
    for row in documents.to_dict("records"):
        get = lambda c: str(row.get(c, "") or "").strip()  # noqa: E731
        year = _int_text(get("year")) if get("year") else ""
        kind = get("doc_type")
        place = get("municipality") or _short_district(get("district"))
        if kind == PLAN_TYPE:
            label = f"{_short_district(get('district')) or 'plan'} {year}".strip()
        elif kind == MINUTES_TYPE:
            label = " ".join(x for x in (get("council") or "referat", place,
                                         get("meeting_date") or year) if x)
        elif kind:
            label = " ".join(x for x in (kind, place, year) if x)
        else:
            label = Path(get("source_path")).name or get("doc_id")
        labels[get("doc_id")] = label
    return labels


def _named(df: pd.DataFrame, t: Tables) -> pd.DataFrame:
    """``df`` with a "document" column (the doc's label) and, if it has area_id, an "area" column
    (the area's title); the ids stay in the frame for the rows' links."""
    out = df.copy()
    docs = t["documents"]
    labels = doc_labels(docs.df) if docs.usable and "doc_id" in docs.df.columns else {}
    if "doc_id" in out.columns:
        out["document"] = [labels.get(d, d) for d in out["doc_id"]]
    areas = t["focus_areas"]
    if "area_id" in out.columns and areas.usable and {"area_id", "title"} <= set(areas.df.columns):
        titles = dict(zip(areas.df["area_id"], areas.df["title"]))
        out["area"] = [titles.get(a, "") for a in out["area_id"]]
    return out


# --------------------------------------------------------------------------- sections

def _summary(t: Tables) -> str:
    docs = t["documents"]
    parts = [_key_numbers(t)]
    if docs.usable:
        df = docs.df
        if not docs.missing_columns(["doc_type", "year"]):
            parts += [_h3("Documents per type and year"),
                      table_html(count_by(df.assign(year=_year_labels(df["year"]),
                                                    doc_type=_labels(df["doc_type"])),
                                          "doc_type", "year"), index=True)]
        if not docs.missing_columns(["district", "doc_type"]):
            parts += [_h3("Documents per district and type"),
                      table_html(count_by(df.assign(district=_labels(df["district"]),
                                                    doc_type=_labels(df["doc_type"])),
                                          "district", "doc_type"), index=True)]
    else:
        parts.append(_unavailable(docs, "No document summary"))
    parts += [_h3("Failures"), _failures(t["failures"]), _h3("Warnings"), _warnings(t)]
    return "".join(parts)


def _warning_items(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per (doc_id, warning): the warnings cell joins them with '; '."""
    if "warnings" not in documents.columns:
        return pd.DataFrame(columns=["doc_id", "warning"])
    ids = documents["doc_id"] if "doc_id" in documents.columns else [""] * len(documents)
    rows = [(doc, w.strip()) for doc, cell in zip(ids, documents["warnings"])
            for w in str(cell).split("; ") if w.strip()]
    return pd.DataFrame(rows, columns=["doc_id", "warning"])


def _key_numbers(t: Tables) -> str:
    docs, pages, failures = t["documents"], t["pages"], t["failures"]
    df = docs.df

    def total(column: str, count: Callable[[pd.Series], object]) -> object:
        return int(count(df[column])) if column in df.columns else UNKNOWN

    rows = [("documents read", len(df) if docs.usable else docs.status),
            ("pages (rows in pages.csv)", len(pages.df) if pages.usable else pages.status),
            ("pages (sum of documents.n_pages)",
             total("n_pages", lambda c: pd.to_numeric(c, errors="coerce").sum())),
            ("documents read by OCR", total("ocr", lambda c: _truthy(c).sum())),
            ("documents with warnings", total("warnings", lambda c: (c.str.strip() != "").sum())),
            ("warnings", len(_warning_items(df))),
            ("failed files", len(failures.df) if failures.usable else failures.status)]
    return table_html(pd.DataFrame(rows, columns=["what", "count"]), css_class="")


def _failures(failures: Table) -> str:
    if not failures.usable:
        detail = ("no file failed" if failures.status.startswith("header only")
                  else f"failures.csv: {failures.status}")
        return _note(f"No failures listed ({detail}).")
    return table_html(failures.df, ["path", "reason"], source="failures.csv")


def _warnings(t: Tables) -> str:
    docs = t["documents"]
    if not docs.usable or "warnings" not in docs.df.columns:
        return _note("No warnings available.")
    items = _named(_warning_items(docs.df), t)
    if items.empty:
        return _note("No document has warnings.")
    grouped = (items.groupby("warning")["document"].agg(list).to_frame("document")
               .assign(documents=lambda g: g["document"].map(len))
               .sort_values(["documents"], ascending=False).reset_index())
    # Five examples say where to look; the per-document list below has them all.
    grouped["document"] = grouped["document"].map(lambda ids: ids[:5] + ["…"] * (len(ids) > 5))
    per_doc = _named(docs.df[docs.df["warnings"].str.strip() != ""], t)
    return (table_html(grouped, ["warning", "documents", "document"], source="documents.csv")
            + _details(f"Warnings per document ({len(per_doc)})",
                       table_html(per_doc, ["document", "source_path", "warnings"],
                                  source="documents.csv")))


def _row_counts(t: Tables) -> str:
    rows = [(name, f"{name}.csv", len(table.df) if not table.problem else "", table.status)
            for name, table in t.items()]
    return table_html(pd.DataFrame(rows, columns=["table", "file", "rows", "status"]))


def _plans(t: Tables) -> str:
    """District x year of the plans: each cell names its number of focus areas; districts
    without any document are listed, not drawn as empty rows."""
    docs = t["documents"]
    lacking = _lacks(docs, ["doc_id", "doc_type", "district", "year"])
    if lacking:
        return lacking
    grid = plan_grid(docs.df, _canonical_districts())
    has_docs = set(_labels(docs.df["district"]))
    absent = [d for d in grid.index if d not in has_docs]
    grid = grid.loc[[d for d in grid.index if d in has_docs]]
    areas = t["focus_areas"].df
    per_doc = areas["doc_id"].value_counts() if "doc_id" in areas.columns else pd.Series(dtype=int)
    n_plans = int(grid.map(len).to_numpy().sum())
    head = "".join(f'<th>{esc(c)}</th>' for c in ["district", *grid.columns])
    rows = []
    for district, cells in grid.iterrows():
        tds = []
        for ids in cells:
            if not ids:
                tds.append('<td class="none">–</td>')
                continue
            n = sum(int(per_doc.get(d, 0)) for d in ids)
            tds.append(f'<td class="has">plan · {n} areas</td>')
        rows.append(f"<tr><th>{esc(district)}</th>{''.join(tds)}</tr>")
    parts = [_note(f"{n_plans} plans ({PLAN_TYPE}) in {len(grid)} districts. Each cell is a "
                   "district's plan for the year with its number of focus areas; – is a year "
                   "without a plan in the corpus."),
             f'<div class="scroll"><table class="grid"><thead><tr>{head}</tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table></div>']
    if absent:
        parts.append(_note(f"No documents at all from {len(absent)} districts: "
                           + ", ".join(_short_district(d) for d in absent) + "."))
    return "".join(parts)


def _canonical_districts() -> list[str]:
    try:
        return districts()
    except Exception:  # noqa: BLE001 - the grid still works with the districts in the data
        return []


def _focus_areas(t: Tables) -> str:
    areas = t["focus_areas"]
    lacking = _lacks(areas, ["doc_id", "district", "year", "category"])
    if lacking:
        return lacking
    df = areas.df.assign(year=_year_labels(areas.df["year"]),
                         category=_labels(areas.df["category"]),
                         district=_labels(areas.df["district"]))
    per_year = count_by(df, "year", "category")
    parts = [_note(f"{len(df)} focus areas in {df['doc_id'].nunique()} documents."),
             stacked_bar(per_year, "Focus areas per category and year", "plan year",
                         colours=_category_colours(df["category"])),
             _h3("Per category and year"), table_html(per_year.T, index=True),
             _h3("Per district and category"), table_html(count_by(df, "district", "category"),
                                                          index=True)]
    if "declared_status" in df.columns:
        parts += [_h3("Declared status per year (what the plans say themselves)"),
                  table_html(count_by(df.assign(declared_status=_labels(df["declared_status"])),
                                      "year", "declared_status"), index=True)]
    parts.append(_details(f"All focus areas ({len(df)}) – click a row to see it on its page",
                          table_html(_named(df, t), [
                              "district", "year", "title", "category", "declared_status",
                              "declared_from_year", "page_start", "page_end"],
                              source="focus_areas.csv", facts=True)))
    return "".join(parts)


def _category_colours(categories: pd.Series) -> dict[str, str]:
    """The same colour for a category in every chart (order of the sorted category codes)."""
    return palette_for(_sorted(categories))


def _changes(t: Tables) -> str:
    changes = t["area_changes"]
    lacking = _lacks(changes, ["district", "from_year", "to_year", "status"])
    if lacking:
        return lacking
    df = changes.df
    counts = change_counts(df)
    totals = counts.assign(pair=counts["from_year"] + "→" + counts["to_year"]).groupby("pair")[
        [c for c in counts.columns if c not in ("district", "from_year", "to_year")]].sum()
    totals = totals.loc[_sorted(totals.index)]
    parts = [stacked_bar(totals, "Focus areas continued, new and dropped (all districts)",
                         "plan years compared", colours=STATUS_COLOURS),
             _h3("Per district and year pair"), table_html(counts, limit=len(counts)),
             _h3("Where a plan's own claim disagrees with the comparison"), _disagreements(t),
             _threads(t["area_threads"])]
    parts.append(_details(f"All changes ({len(df)})", table_html(
        _named(trace_changes(df, t["focus_areas"]), t),
        ["district", "from_year", "to_year", "status", "from_title", "to_title", "category",
         "similarity", "declared_status", "agrees", "document", "page"],
        source="area_changes.csv", facts=True)))
    return "".join(parts)


def _disagreements(t: Tables) -> str:
    df = t["area_changes"].df
    if "agrees" not in df.columns:
        return _note("area_changes.csv has no agrees column.", "warn")
    claims = int((df["agrees"].str.strip() != "").sum())
    bad = _named(disagreements(df, t["focus_areas"]), t)
    summary = _note(f"{claims} changes where the later plan states a status; {len(bad)} disagree. "
                    "Document and page locate the later plan's area (the earlier one for dropped).")
    return summary + table_html(
        bad, ["district", "from_year", "to_year", "status", "declared_status", "to_title",
              "from_title", "similarity", "document", "page"], source="area_changes.csv",
        facts=True)


def _threads(threads: Table) -> str:
    if not threads.usable or threads.missing_columns(["thread_id", "district", "year"]):
        return ""
    df = threads.df
    years = df.groupby(["district", "thread_id"])["year"].nunique().rename("plan years")
    spans = years.value_counts().sort_index().to_frame("threads")
    return (_h3("Area threads (one area followed across years)")
            + _note(f"{len(years)} threads over {len(df)} areas; threads per number of plan years:")
            + table_html(spans, index=True))


def _deadlines(t: Tables) -> str:
    dl = t["deadlines"]
    lacking = _lacks(dl, ["doc_id", "due_start", "precision", "page"])
    if lacking:
        return lacking
    df = dl.df.assign(precision=_labels(dl.df["precision"]))
    by_precision = count_by(df, "precision")
    by_precision = by_precision.loc[[p for p in PRECISION_ORDER if p in by_precision.index]
                                    + [p for p in by_precision.index if p not in PRECISION_ORDER]]
    quarters = deadline_quarters(df)
    undated = int(pd.to_datetime(df["due_start"], errors="coerce", format="%Y-%m-%d").isna().sum())
    parts = [_note(f"{len(df)} deadlines in {df['doc_id'].nunique()} documents; "
                   f"{undated} without a due_start."),
             _h3("By precision"), table_html(by_precision, index=True)]
    if not quarters.empty:
        parts += [stacked_bar(quarters, "Deadlines per quarter of due_start, by precision",
                              "quarter"),
                  _details("Deadlines per quarter (table)", table_html(quarters, index=True,
                                                                       limit=len(quarters)))]
    parts.append(_details(f"All deadlines ({len(df)}) – click a row to see it on its page",
                          table_html(_named(df, t), [
                              "document", "page", "area", "actor", "forum", "due_text",
                              "due_start", "due_end", "precision", "sentence"],
                              source="deadlines.csv", facts=True)))
    return "".join(parts)


def _meetings(t: Tables) -> str:
    docs = t["documents"]
    lacking = _lacks(docs, ["doc_id", "doc_type", "council", "year"])
    if lacking:
        return lacking
    minutes = docs.df[docs.df["doc_type"] == MINUTES_TYPE]
    if minutes.empty:
        return _note("No minutes (referat) among the documents.")
    df = minutes.assign(council=_labels(minutes["council"]), year=_year_labels(minutes["year"]))
    parts = [_note(f"{len(df)} minutes, one meeting each."), _h3("Meetings per council and year"),
             table_html(count_by(df, "council", "year"), index=True)]
    if "municipality" in df.columns and (df["council"] == "lokalråd").any():
        local = df[df["council"] == "lokalråd"]
        local = local.assign(municipality=_labels(local["municipality"]))
        parts += [_h3("Lokalråd meetings per municipality and year"),
                  table_html(count_by(local, "municipality", "year"), index=True)]
    parts.append(_details(f"All meetings ({len(df)})", table_html(
        _meeting_rows(df, t), ["meeting_date", "meeting_no", "council", "district",
                               "municipality", "agenda items", "present", "absent", "title"],
        source="documents.csv")))
    items = t["agenda_items"]
    if items.usable:
        parts.append(_details(f"Agenda items ({len(items.df)})", table_html(
            _named(items.df, t), ["document", "page", "meeting_date", "item_no", "title",
                                  "decision"], source="agenda_items.csv", facts=True)))
    return "".join(parts)


def _meeting_rows(minutes: pd.DataFrame, t: Tables) -> pd.DataFrame:
    """Minutes with their number of agenda items and present/absent attendees."""
    out = minutes.sort_values([c for c in ("meeting_date", "doc_id") if c in minutes.columns])
    items, people = t["agenda_items"].df, t["attendees"].df
    if "doc_id" in items.columns:
        out = out.assign(**{"agenda items": out["doc_id"].map(items["doc_id"].value_counts())
                            .fillna(0).astype(int)})
    if {"doc_id", "status"} <= set(people.columns):
        for status in ("present", "absent"):
            ids = people.loc[people["status"] == status, "doc_id"].value_counts()
            out[status] = out["doc_id"].map(ids).fillna(0).astype(int)
    return out


def _figures(t: Tables) -> str:
    figs = t["figures"]
    lacking = _lacks(figs, ["doc_id", "page"])
    if lacking:
        return lacking
    df = figs.df
    parts = [_note(f"{len(df)} numbers in {df['doc_id'].nunique()} documents.")]
    if "source" in df.columns:
        parts.append(table_html(count_by(df.assign(source=_labels(df["source"])), "source"),
                                index=True))
    parts.append(_details(f"All figures ({len(df)}) – click a row to see it on its page",
                          table_html(_named(df, t), [
                              "document", "page", "area", "label", "value", "unit", "source",
                              "context"], source="figures.csv", facts=True)))
    return "".join(parts)


def _timeline(t: Tables) -> str:
    threads, changes = t["area_threads"], t["area_changes"]
    lacking = _lacks(threads, ["thread_id", "district", "year", "area_id", "title"])
    if lacking:
        return lacking
    timelines = district_timelines(threads.df, changes.df if changes.usable else pd.DataFrame(),
                                   t["focus_areas"].df)
    nav = " · ".join(f'<a href="#timeline-{i}">{esc(_short_district(tl.district))}</a>'
                     for i, tl in enumerate(timelines))
    return (_note("One row per focus area followed across the district's plans (area_threads), "
                  "one column per year. The colour is the comparison's verdict (area_changes); "
                  "⚠ marks a cell where the plan's own claim disagrees with it. Click a cell for "
                  "the area's category, deadlines and figures, and to see it on its page.")
            + KEY_HTML + f"<p>{nav}</p>"
            + "".join(timeline_html(tl, str(i)) for i, tl in enumerate(timelines)))


def _box_text(row) -> str:
    """What the page viewer highlights: the fact's line boxes, else its one box, else ""
    ("x0,top,x1,bottom" per box, boxes joined by ";")."""
    lines = str(row.get("line_boxes", "") or "").strip()
    if lines:
        return lines
    box = [str(row.get(c, "") or "").strip() for c in BOX_COLUMNS]
    return ",".join(box) if all(box) else ""


def _facts_by_area(table: Table, text: Callable[[dict], str]) -> dict[str, list[dict]]:
    if not table.usable or table.missing_columns(["area_id", "doc_id", "page"]):
        return {}
    out: dict[str, list[dict]] = {}
    for row in table.df.to_dict("records"):
        if row["area_id"]:
            out.setdefault(row["area_id"], []).append(
                {"text": text(row), "doc": row["doc_id"], "page": _int_text(str(row["page"])),
                 "box": _box_text(row)})
    return out


def area_details(t: Tables) -> dict[str, dict]:
    """area_id -> what the timeline shows for a clicked cell: title, category, claim, place and
    box of the heading, and the area's deadlines and figures with theirs."""
    areas = t["focus_areas"]
    if not areas.usable or areas.missing_columns(["area_id", "doc_id", "title"]):
        return {}
    deadlines = _facts_by_area(t["deadlines"], lambda r: f"{r.get('due_text', '')}: "
                                                          f"{r.get('sentence', '')}")
    figures = _facts_by_area(t["figures"], lambda r: f"{_number(r.get('value', ''))} "
                                                     f"{r.get('unit', '')} – {r.get('label', '')}")
    out = {}
    for row in areas.df.to_dict("records"):
        get = lambda c: str(row.get(c, "") or "")  # noqa: E731
        out[get("area_id")] = {
            "title": get("title"), "category": get("category"), "district": get("district"),
            "year": _int_text(get("year")), "claim": get("declared_status"),
            "evidence": get("status_evidence")[:MAX_CELL_CHARS], "doc": get("doc_id"),
            "page": _int_text(get("page_start")), "box": _box_text(row),
            "deadlines": deadlines.get(get("area_id"), []),
            "figures": figures.get(get("area_id"), [])}
    return out


SECTIONS: list[tuple[str, str, Callable[[Tables], str]]] = [
    ("timeline", "Focus areas over the years, per district", _timeline),
    ("summary", "Summary", _summary),
    ("plans", "Plans per district and year", _plans),
    ("focus-areas", "Focus areas", _focus_areas),
    ("changes", "Year-to-year changes of focus areas", _changes),
    ("deadlines", "Deadlines", _deadlines),
    ("meetings", "Meetings", _meetings),
    ("figures", "Figures", _figures),
    ("tables", "Row count of every table", _row_counts),
]


def _section(anchor: str, title: str, build: Callable[[Tables], str], tables: Tables) -> str:
    try:
        body = build(tables)
    except Exception as exc:  # noqa: BLE001
        # One odd table must not cost the whole report; the note names the error for a bug report.
        last = traceback.extract_tb(exc.__traceback__)[-1]
        body = _note(f"This section could not be built: {type(exc).__name__}: {exc} "
                     f"({Path(last.filename).name}:{last.lineno})", "warn")
    return f'<section id="{esc(anchor)}"><h2>{esc(title)}</h2>{body}</section>'


# --------------------------------------------------------------------------- page

def _json_block(element_id: str, value: object) -> str:
    # "<" escaped: "</script>" or "<!--" in a title must not end or change the script element.
    text = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def render(tables: Tables, out_dir: Path) -> str:
    """The whole report as one HTML string."""
    nav = "".join(f'<a href="#{esc(a)}">{esc(title.split(",")[0])}</a>' for a, title, _ in SECTIONS)
    body = "".join(_section(a, title, build, tables) for a, title, build in SECTIONS)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    docs = tables["documents"]
    labels = doc_labels(docs.df) if docs.usable and "doc_id" in docs.df.columns else {}
    doc_data = {d: {"label": label, "pdf": tables.pdfs.get(d, "")} for d, label in labels.items()}
    data = (_json_block("docs-data", doc_data) + _json_block("pages-data", tables.pages)
            + _json_block("areas-data", area_details(tables)))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>Samarbejdsplaner – extraction report</title>"
            f"<style>{STYLE}</style></head><body>"
            "<h1>Samarbejdsplaner – extraction report</h1>"
            f"<p class=\"note\">Tables in {esc(out_dir)}; generated {esc(stamp)}. Click a row of a "
            "fact table or a timeline cell to see the fact on its page.</p>"
            f"<nav>{nav}</nav>{body}"
            '<aside id="viewer" hidden aria-label="source page"></aside>'
            f"{data}<script>{SCRIPT}</script></body></html>\n")


def _fact_pages(tables: Tables) -> dict[str, set[int]]:
    """doc_id -> the pages that carry a fact the report can show."""
    wanted: dict[str, set[int]] = {}
    for name, column in (("focus_areas", "page_start"), ("deadlines", "page"),
                         ("figures", "page"), ("agenda_items", "page")):
        table = tables[name]
        if not table.usable or table.missing_columns(["doc_id", column]):
            continue
        for doc, page in zip(table.df["doc_id"], pd.to_numeric(table.df[column], errors="coerce")):
            if pd.notna(page):
                wanted.setdefault(doc, set()).add(int(page))
    return wanted


def attach_sources(tables: Tables, out_dir: Path, page_images: bool = True) -> None:
    """Find each document's PDF (link, opened at the page) and, with ``page_images``, embed the
    images of the pages that carry facts."""
    docs = tables["documents"]
    if not docs.usable or docs.missing_columns(["doc_id", "source_path"]):
        return
    wanted = _fact_pages(tables)
    for doc, source in zip(docs.df["doc_id"], docs.df["source_path"]):
        pdf = resolve_pdf(source, out_dir)
        if pdf is None:
            continue
        tables.pdfs[doc] = pdf_link(pdf, out_dir, 1).split("#")[0]
        if not page_images or doc not in wanted:
            continue
        try:
            images = render_pages(pdf, wanted[doc])
        except Exception:  # noqa: BLE001 - a PDF changed or broken since the run: link only
            continue
        for number, image in images.items():
            tables.pages[f"{doc}:{number}"] = [image.src, image.width, image.height]


def build_report(out_dir: Path, page_images: bool = True) -> Path:
    """Write ``out_dir/report.html`` from the tables in ``out_dir`` and return its path.

    With ``page_images`` the pages that carry facts are embedded (from the PDFs named in
    documents.csv, where they still are) so each fact can be seen on its page.
    Missing, empty or broken tables are reported in the page, never raised. Raises
    FileNotFoundError only if ``out_dir`` itself does not exist (a mistyped --out)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise FileNotFoundError(f"no such output folder: {out_dir}")
    tables = Tables(load_tables(out_dir))
    attach_sources(tables, out_dir, page_images)
    page = render(tables, out_dir)
    target = out_dir / REPORT_NAME
    # Write-then-rename: a crash never leaves a half report in place of the previous one.
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".html", dir=out_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(page)
        # mkstemp makes the file private (0600); a report is for sharing.
        os.chmod(tmp, REPORT_MODE)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
