"""Minutes (referater) and handleplaner as data: agenda items, attendees, deadlines.

    extract_minutes(doc) -> {"agenda_items": [...], "attendees": [...], "deadlines": [...]}

Works on the shared model only (Page.blocks / Page.text / Page.tables), so it runs the same on
born-digital, table-laid-out and OCR'd minutes. Phrase lists live in data/minutes.yaml.
"""
from __future__ import annotations

import re
from typing import Optional

from pipeline.minutes_agenda import Item, Minutes, Walker, decision_of
from pipeline.minutes_deadlines import handleplan_deadlines, item_deadlines, meeting_plan_deadlines
from pipeline.minutes_people import Person, resolve_initials
from pipeline.minutes_score import score_minutes  # noqa: F401  (public API lives here too)
from pipeline.minutes_text import clean, meeting_year, stream
from pipeline.model import Document

MINUTES_TYPES = ("referat", "handleplan")


def extract_minutes(doc: Document) -> dict[str, list[dict]]:
    """SPEC rows for a referat or handleplan; {} for every other document type."""
    if doc.meta.doc_type not in MINUTES_TYPES:
        return {}
    check_meeting_no(doc)
    if doc.meta.doc_type == "referat":
        check_meeting_date(doc)
    events = stream(doc)
    year = meeting_year(doc)
    if doc.meta.doc_type == "handleplan":
        return {"agenda_items": [], "attendees": [], "deadlines": handleplan_deadlines(doc, events, year)}
    minutes = Walker().walk(events)
    deadlines = item_deadlines(doc, minutes.items, year) + meeting_plan_deadlines(doc, minutes.items, events, year)
    return {
        "agenda_items": agenda_rows(doc, minutes),
        "attendees": attendee_rows(doc, minutes.people),
        "deadlines": deadlines,
    }


def agenda_rows(doc: Document, minutes: Minutes) -> list[dict]:
    return [{"doc_id": doc.doc_id, "meeting_date": doc.meta.meeting_date, "item_no": item.no,
             "title": clean(item.title), "decision": clean(decision_of(item)), "page": item.page,
             "responsible": item.responsible, "presenter": presenter(item, minutes.people)}
            for item in minutes.items]


def presenter(item: Item, people: list[Person]) -> str:
    """Who presented the item: initials in the Ansvarlig cell or opening the text ("PHS orienterede")."""
    for text in (item.responsible, *item.lines[:3]):
        name = resolve_initials(text, people)
        if name:
            return name
    return ""


def attendee_rows(doc: Document, people: list[Person]) -> list[dict]:
    """One row per person; a name listed twice keeps its first status (Afbud after Til stede is rare)."""
    seen: dict[str, dict] = {}
    for p in people:
        key = p.name.lower()
        if key in seen:
            row = seen[key]
            row["role"] = row["role"] or p.role
            row["organisation"] = row["organisation"] or p.organisation
            continue
        seen[key] = {"doc_id": doc.doc_id, "name": p.name, "role": p.role,
                     "organisation": p.organisation or _hinted_org(doc, p.hint),
                     "status": p.status, "initials": p.initials}
    return list(seen.values())


def check_meeting_date(doc: Document) -> Optional[str]:
    """Fill meta.meeting_date from the first dated line of page 1 when metadata left it empty.

    The minutes header names the meeting date before anything else that carries a date."""
    if doc.meta.meeting_date or not doc.pages:
        return doc.meta.meeting_date or None
    try:
        from pipeline.dates import find_dates
    except ImportError:
        return None
    head = [doc.meta.title] + (doc.pages[0].text or "").splitlines()[:12]
    for line in head:
        found = find_dates(line or "")
        if found:
            doc.meta.meeting_date = found[0].iso
            doc.warn("meeting date taken from the minutes header (metadata found none)")
            return doc.meta.meeting_date
    return None


def _hinted_org(doc: Document, label: str) -> str:
    # "Fra politiet:" / "Fra kommunen:" lists name the document's own police district or municipality.
    if "politi" in label:
        return doc.meta.district
    if "kommune" in label:
        return doc.meta.municipality
    return ""


MEETING_NO = re.compile(r"\bmøde\s+(?:nr\.?\s*)?(\d{1,2})\s*/\s*(\d{4}|\d{2})\b", re.IGNORECASE)


def check_meeting_no(doc: Document) -> Optional[str]:
    """Fill meta.meeting_no ("N/YYYY") from the first page when metadata left it empty."""
    if doc.meta.meeting_no or not doc.pages:
        return doc.meta.meeting_no or None
    m = MEETING_NO.search(doc.pages[0].text or " ".join(b.text for b in doc.pages[0].blocks))
    if not m:
        return None
    year = m.group(2) if len(m.group(2)) == 4 else "20" + m.group(2)
    doc.meta.meeting_no = f"{int(m.group(1))}/{year}"
    return doc.meta.meeting_no
