"""Rendering of `pipeline diff`: the year-to-year changes of focus areas as rich tables, CSV or JSON.

One table per district and year pair; status coloured; a row where the plan's own claim
contradicts the comparison is marked ("⚠ claims continued"), because that is what a researcher
checking the plans wants to look at first.
"""
from __future__ import annotations

import difflib
import io
import re
import unicodedata
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.batch.store import UsageError, read_table
from pipeline.lang.gazetteer import canonical_district, districts

STATUS_STYLE = {"continued": "green", "new": "bold cyan", "dropped": "red"}
FORMATS = ("table", "csv", "json")


def load_changes(out_dir: str | Path) -> pd.DataFrame:
    """DIR/area_changes as written by `pipeline run` (FileNotFoundError if it was not)."""
    return read_table(out_dir, "area_changes")


def fold(text: str) -> str:
    """Lower case ASCII letters only, Danish letters folded the way people type them without a
    Danish keyboard: "Sønderjylland", "Soenderjylland" and "sonderjylland" fold alike."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z]+", "", text)
    return text.replace("ae", "a").replace("oe", "o").replace("aa", "a")


def resolve_district(query: str) -> str:
    """The canonical district ``query`` names ("Fyn", "sonderjylland", "Syd- og Sønderjyllands");
    ``UsageError`` with the closest of the 12 names when it names none (or several)."""
    exact = canonical_district(query)
    if exact:
        return exact
    key = fold(query)
    names = districts()
    hits = [name for name in names if key and key in fold(name)]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise UsageError(f"--district {query!r} matches several districts: {'; '.join(hits)}")
    by_fold = {fold(name.removesuffix(" Politi")): name for name in names}
    close = difflib.get_close_matches(key, list(by_fold), n=1, cutoff=0.0)
    hint = f"; did you mean {by_fold[close[0]]!r}?" if close else ""
    raise UsageError(f"unknown district {query!r}{hint} (the 12 districts: {'; '.join(names)})")


def check_filters(area_changes: pd.DataFrame, district: str | None, from_year: int | None,
                  to_year: int | None) -> str | None:
    """The canonical district to filter by (None for all), after checking every filter against
    the data: an unknown or absent district, a year no plan has, or --from after --to is a
    ``UsageError`` that says what is there instead."""
    canonical = resolve_district(district) if district else None
    present = sorted(set(area_changes["district"].dropna().astype(str)))
    if canonical and canonical not in present:
        raise UsageError(f"no year-to-year changes of {canonical} in the tables (districts with "
                         f"at least two plan years: {'; '.join(present) or 'none'})")
    rows = area_changes if canonical is None else area_changes[area_changes["district"] == canonical]
    years = sorted({int(y) for col in ("from_year", "to_year") for y in rows[col].dropna()})
    for option, year in (("--from", from_year), ("--to", to_year)):
        if year is not None and year not in years:
            where = f" of {canonical}" if canonical else ""
            raise UsageError(f"{option} {year}: no plan year {year}{where} in the tables (years "
                             f"present: {', '.join(map(str, years)) or 'none'})")
    if from_year is not None and to_year is not None and from_year >= to_year:
        raise UsageError(f"--from {from_year} must be before --to {to_year}")
    return canonical


def filter_changes(area_changes: pd.DataFrame, district: str | None = None,
                   from_year: int | None = None, to_year: int | None = None) -> pd.DataFrame:
    """Rows of the year pairs within [from_year, to_year] for districts matching ``district``
    (folded substring, so "fyn", "Fyns" or "sonderjylland" find their district)."""
    df = area_changes
    if district:
        key = fold(district)
        df = df[df["district"].astype(str).map(lambda name: key in fold(name))]
    if from_year is not None:
        df = df[df["from_year"].astype(int) >= int(from_year)]
    if to_year is not None:
        df = df[df["to_year"].astype(int) <= int(to_year)]
    return df


def claim_note(row: pd.Series) -> str:
    """"⚠ claims continued" when the plan's claim contradicts the comparison, else ""."""
    if _as_bool(row.get("agrees")) is not False:
        return ""
    return f"⚠ claims {row.get('declared_status')}"


def _as_bool(value) -> bool | None:
    """agrees as read back from parquet (boolean), CSV (bool/NaN) or CSV read as text."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().lower())
    return bool(value)


def diff_tables(area_changes: pd.DataFrame, district: str | None = None,
                from_year: int | None = None, to_year: int | None = None) -> list[Table]:
    """One rich Table per district and year pair (for a CLI that prints with its own Console)."""
    df = filter_changes(area_changes, district, from_year, to_year)
    tables = []
    for (name, y0, y1), group in df.groupby(["district", "from_year", "to_year"], sort=True):
        tables.append(_pair_table(str(name), int(y0), int(y1), group))
    return tables


def _pair_table(district: str, from_year: int, to_year: int, group: pd.DataFrame) -> Table:
    gap = _gap_caption(group)
    table = Table(title=f"{district}: {from_year} → {to_year}{gap}", title_justify="left",
                  show_lines=False, expand=False)
    table.add_column("status")
    table.add_column(str(from_year), overflow="fold")
    table.add_column(str(to_year), overflow="fold")
    table.add_column("category")
    table.add_column("sim", justify="right")
    table.add_column("plan says")
    for _, row in group.iterrows():
        status = str(row["status"])
        note = claim_note(row)
        table.add_row(Text(status, style=STATUS_STYLE.get(status, "")),
                      _cell(row["from_title"]), _cell(row["to_title"]), _cell(row["category"]),
                      f"{float(row['similarity']):.2f}",
                      Text(note, style="bold yellow") if note else _cell(row["declared_status"]))
    counts = group["status"].value_counts()
    table.caption = "  ".join(f"{s}: {int(counts.get(s, 0))}" for s in STATUS_STYLE)
    return table


def _gap_caption(group: pd.DataFrame) -> str:
    if "gap" not in group or pd.isna(group["gap"].iloc[0]) or int(group["gap"].iloc[0]) == 0:
        return ""
    return f"  (no plan for {group['gap_years'].iloc[0]})"


def _cell(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def render_diff(area_changes: pd.DataFrame, district: str | None = None,
                from_year: int | None = None, to_year: int | None = None,
                fmt: str = "table", color: bool = False, width: int = 120) -> str:
    """The changes as text: ``fmt`` is "table" (rich; ANSI colours when ``color``), "csv" or
    "json" (records). Filters as in :func:`filter_changes`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    df = filter_changes(area_changes, district, from_year, to_year)
    if fmt == "csv":
        return df.to_csv(index=False)
    if fmt == "json":
        return df.to_json(orient="records", force_ascii=False, indent=1)
    return _render_tables(diff_tables(df), color, width)


def _render_tables(tables: list[Table], color: bool, width: int) -> str:
    if not tables:
        return "No changes found for this selection.\n"
    console = Console(record=True, width=width, file=io.StringIO(),
                      force_terminal=color, color_system="standard" if color else None)
    for table in tables:
        console.print(table)
        console.print()
    text = console.export_text(styles=color)
    # rich pads every line to the console width; plain output is for pipes and diffs, so trim
    return text if color else "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
