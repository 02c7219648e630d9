"""Deadlines in minutes (duties inside items, the meeting plan) and in handleplaner (activities)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from pipeline.lang.actors import council_forum
from pipeline.facts.deadlines import deadlines_in_sentence
from pipeline.facts.minutes.agenda import Item, description_of
from pipeline.datafiles import alternation
from pipeline.facts.minutes.text import (Event, clean, column_map, norm, phrases,
                                   sentence_texts)
from pipeline.lang.dehyphenate import join_lines
from pipeline.lang.dates import find_dates
from pipeline.model import Document, TableData
from pipeline.lang.periods import find_periods
from pipeline.lang.taxonomy import classify


def _row(doc: Document, page: int, sentence: str, due: dict, actor: str = "", forum: str = "") -> dict:
    return {"doc_id": doc.doc_id, "area_id": "", "actor": actor or due.get("actor", ""),
            "forum": forum or due.get("forum", ""), "due_text": due["due_text"],
            "due_start": due["due_start"], "due_end": due["due_end"], "precision": due["precision"],
            "page": page, "sentence": sentence, "category": "", "area_title": ""}


# ---------------------------------------------------------------- duties inside items

def item_deadlines(doc: Document, items: list[Item], year: Optional[int]) -> list[dict]:
    """Reporting duties named in the items (not in the meeting plan, which is read separately)."""
    rows: list[dict] = []
    for item in items:
        if is_meeting_plan(item):
            continue
        for sentence in sentence_texts(description_of(item)):
            if _is_next_meeting(sentence):
                continue
            rows += [_row(doc, item.page_of(due["due_text"]), sentence, due) for due in _future(doc, sentence, year)]
    return rows


def _future(doc: Document, sentence: str, year: Optional[int]) -> list[dict]:
    # A period that ended before the meeting is history, not a duty.
    after = doc.meta.meeting_date or ""
    return [d for d in deadlines_in_sentence(sentence, year, doc.meta.council) if not after or d["due_end"] >= after]


# ---------------------------------------------------------------- meeting plan

def is_meeting_plan(item: Item) -> bool:
    words = alternation(phrases()["meeting_plan_titles"])
    return bool(re.search(rf"\b(?:{words})", item.title, re.IGNORECASE))


def meeting_plan_deadlines(doc: Document, items: list[Item], events: list[Event],
                           year: Optional[int]) -> list[dict]:
    """Meeting dates are day deadlines of the council (the forum; nobody in particular acts):
    every date of a meeting-plan item and the date of "Næste møde ..." wherever it is printed."""
    rows: list[dict] = []
    for item in filter(is_meeting_plan, items):
        plan_year = _plan_year(item.title) or year
        for sentence in sentence_texts(join_lines([item.body, item.decision])) or [item.title]:
            rows += _meeting_rows(doc, item.page, sentence, plan_year)
    for page, sentence in _next_meeting_sentences(items, events):
        rows += _meeting_rows(doc, page, sentence, year)
    return _unique(rows)


def _meeting_rows(doc: Document, page: int, sentence: str, year: Optional[int]) -> list[dict]:
    forum = council_forum(doc.meta.council)
    rows = []
    for match in _dates(sentence, year):
        if doc.meta.meeting_date and match.iso <= doc.meta.meeting_date:
            continue
        due = {"due_text": match.text, "due_start": match.iso, "due_end": match.iso, "precision": "day"}
        rows.append(_row(doc, page, sentence, due, actor="", forum=forum))
    return rows


def _is_next_meeting(sentence: str) -> bool:
    return bool(re.search(rf"\b(?:{alternation(phrases()['next_meeting'])})\b", sentence, re.IGNORECASE))


def _next_meeting_sentences(items: list[Item], events: list[Event]) -> list[tuple[int, str]]:
    """"Næste møde holdes ..." in an item or in a line after the agenda table."""
    found = [(i.page, s) for i in items if not is_meeting_plan(i)
             for s in sentence_texts(description_of(i)) if _is_next_meeting(s)]
    found += [(e.page, s) for e in events if not e.is_table for s in sentence_texts(e.text) if _is_next_meeting(s)]
    return found


def _unique(rows: list[dict]) -> list[dict]:
    seen, out = set(), []
    for row in rows:
        if row["due_start"] not in seen:
            seen.add(row["due_start"])
            out.append(row)
    return out


def _plan_year(title: str) -> Optional[int]:
    m = re.search(r"\b(20\d\d)\b", title)
    return int(m.group(1)) if m else None


def _dates(text: str, year: Optional[int]) -> list:
    return find_dates(text, default_year=year)


# ---------------------------------------------------------------- handleplaner

@dataclass
class Activity:
    area: str
    text: str
    actor: str
    due_text: str
    page: int


def handleplan_activities(events: list[Event]) -> list[Activity]:
    """Activities of a handleplan: rows of activity tables under focus-area headings."""
    area, activities = "", []
    for ev in events:
        if ev.is_table:
            activities += _table_activities(ev.table, area)
            area = activities[-1].area if activities and _has_focus_column(ev.table) else area
        elif _is_area_heading(ev):
            area = _area_title(ev.text)
    return activities + _prose_activities(events)


def _is_area_heading(ev: Event) -> bool:
    labels = alternation(phrases()["focus_labels"])
    if re.match(rf"^\s*(?:{labels})\s*\d*\s*[:.\-–]", ev.text, re.IGNORECASE):
        return True
    return ev.kind == "heading" and not re.match(r"^\s*handleplan", ev.text, re.IGNORECASE)


def _area_title(text: str) -> str:
    labels = alternation(phrases()["focus_labels"])
    text = re.sub(rf"^\s*(?:{labels})\s*\d*\s*[:.\-–]\s*", "", text, flags=re.IGNORECASE)
    return clean(re.sub(r"^\d+[.)]\s*", "", text))


def _activity_columns(table: TableData) -> Optional[dict[str, int]]:
    if not table.rows:
        return None
    cols = column_map(table.rows[0], phrases()["handleplan_columns"])
    return cols if "due" in cols and ("activity" in cols or "actor" in cols) else None


def _has_focus_column(table: TableData) -> bool:
    cols = _activity_columns(table)
    return bool(cols and "focus" in cols)


def _table_activities(table: TableData, area: str) -> list[Activity]:
    cols = _activity_columns(table)
    if cols is None:
        return []
    out: list[Activity] = []
    for row in table.rows[1:]:
        cell = lambda k: join_lines((row[cols[k]] or "").splitlines()) if k in cols and cols[k] < len(row) else ""
        area = _area_title(cell("focus")) or area
        if not (cell("activity") or cell("due")):
            continue
        if out and not cell("due") and not cell("actor"):
            # A row with only activity text is the rest of the activity above (page break).
            out[-1].text = join_lines([out[-1].text, cell("activity")])
            continue
        out.append(Activity(area, cell("activity"), cell("actor"), cell("due"), table.page))
    return out


def _prose_activities(events: list[Event]) -> list[Activity]:
    """Activities written as lines: an activity (a bullet or "Aktivitet: ..."), then "Ansvarlig: ..."
    and "Tidsfrist: ..."; a label already filled starts the next activity."""
    cols = phrases()["handleplan_columns"]
    label = {k: alternation(cols[k]) for k in ("activity", "actor", "due")}
    area, candidate, current, out = "", "", None, []
    for ev in (e for e in events if not e.is_table):
        key, rest = _prose_label(ev.text, label)
        if key is None:
            if _is_area_heading(ev):
                area = _area_title(ev.text)
            candidate = _strip_bullet(ev.text)
            continue
        field_name = {"activity": "text", "actor": "actor", "due": "due_text"}[key]
        if key == "activity" or current is None or getattr(current, field_name):
            current = Activity(area, candidate if key != "activity" else "", "", "", ev.page)
            out.append(current)
        setattr(current, field_name, rest)
    return [a for a in out if a.due_text]


def _strip_bullet(text: str) -> str:
    # "(cid:127)" is an unmapped bullet glyph; "•", "-" are printed bullets.
    return clean(re.sub(r"^\s*(?:\(cid:\d+\)|[•·▪◦\-–*])\s*", "", text))


def _prose_label(text: str, label: dict[str, str]) -> tuple[Optional[str], str]:
    for key, words in label.items():
        m = re.match(rf"^\s*(?:{words})\s*:\s*(.*)$", text, re.IGNORECASE)
        if m:
            return key, clean(m.group(1))
    return None, ""


def handleplan_deadlines(doc: Document, events: list[Event], year: Optional[int]) -> list[dict]:
    """One deadline row per dated activity ("løbende" and other open answers give none), plus the
    duty sentences of the plan's own text (follow-up to the kredsråd)."""
    rows: list[dict] = []
    for act in handleplan_activities(events):
        if _no_deadline(act.due_text):
            continue
        for due in _periods(act.due_text, year):
            row = _row(doc, act.page, act.text or act.due_text, due, actor=act.actor)
            row["category"] = classify_area(act.area, act.text)
            row["area_title"] = act.area
            rows.append(row)
    return rows + _plan_sentence_deadlines(doc, events, year)


def _plan_sentence_deadlines(doc: Document, events: list[Event], year: Optional[int]) -> list[dict]:
    rows = []
    for page, para in _paragraphs(events):
        for sentence in sentence_texts(para):
            for due in deadlines_in_sentence(sentence, year, doc.meta.council):
                rows.append(_row(doc, page, sentence, due))
    return rows


def _paragraphs(events: list[Event]) -> list[tuple[int, str]]:
    """Running-text paragraphs (label lines and tables left out: activities are read above)."""
    label = alternation(sum(phrases()["handleplan_columns"].values(), []))
    paras: list[tuple[int, int, list[str]]] = []
    for ev in events:
        if ev.is_table or ev.kind == "heading" or re.match(rf"^\s*(?:{label})\s*:", ev.text, re.IGNORECASE):
            continue
        if paras and paras[-1][1] == ev.block:
            paras[-1][2].append(ev.text)
        else:
            paras.append((ev.page, ev.block, [ev.text]))
    return [(page, join_lines(lines)) for page, _, lines in paras]


def _no_deadline(due_text: str) -> bool:
    key = norm(due_text)
    return not key or any(key == norm(str(w)) or key.startswith(norm(str(w)) + " ")
                          for w in phrases()["no_deadline"] if norm(str(w)))


def _periods(text: str, year: Optional[int]) -> list[dict]:
    return [{"due_text": p.text, "due_start": p.due_start.isoformat(), "due_end": p.due_end.isoformat(),
             "precision": p.precision} for p in find_periods(text, default_year=year)]


def classify_area(title: str, text: str) -> str:
    return classify(title, text).category
