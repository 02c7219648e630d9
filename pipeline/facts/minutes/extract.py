"""Minutes (referater) and handleplaner as data: agenda items, attendees, deadlines.

    extract_minutes(doc) -> {"agenda_items": [...], "attendees": [...], "deadlines": [...]}

Works on the shared model only (Page.blocks / Page.text / Page.tables), so it runs the same on
born-digital, table-laid-out and OCR'd minutes. Phrase lists live in data/minutes.yaml.
"""
from __future__ import annotations

from pipeline.facts.minutes.agenda import Item, Minutes, Walker, decision_of
from pipeline.facts.minutes.deadlines import handleplan_deadlines, item_deadlines, meeting_plan_deadlines
from pipeline.facts.minutes.people import Person, resolve_initials
from pipeline.facts.minutes.text import clean, meeting_year, stream
from pipeline.model import Document
from pipeline.facts.minutes.deadlines import _area_title, _is_area_heading, handleplan_activities
from pipeline.facts.status import classify_sentence, joined_paragraphs
from pipeline.facts.structure import TextUnit
from pipeline.lang.nlp import sentences

MINUTES_TYPES = ("referat", "handleplan")


def extract_minutes(doc: Document) -> dict[str, list[dict]]:
    """SPEC rows for a referat or handleplan; {} for every other document type."""
    if doc.meta.doc_type not in MINUTES_TYPES:
        return {}
    events = stream(doc)
    year = meeting_year(doc)
    if doc.meta.doc_type == "handleplan":
        deadlines = handleplan_deadlines(doc, events, year)
        areas = handleplan_areas(doc, events, deadlines, year)
        return {"agenda_items": [], "attendees": [], "deadlines": deadlines, "focus_areas": areas}
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
             "item_text": item.text,
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
            row["absence_reason"] = row["absence_reason"] or (p.reason if row["status"] == "absent" else "")
            continue
        seen[key] = {"doc_id": doc.doc_id, "name": p.name, "role": p.role or p.chair,
                     "organisation": p.organisation or _hinted_org(doc, p.hint),
                     "status": p.status, "initials": p.initials,
                     "absence_reason": p.reason if p.status == "absent" else ""}
    return list(seen.values())


def _hinted_org(doc: Document, label: str) -> str:
    # "Fra politiet:" / "Fra kommunen:" lists name the document's own police district or municipality.
    if "politi" in label:
        return doc.meta.district
    if "kommune" in label:
        return doc.meta.municipality
    return ""


def handleplan_areas(doc: Document, events: list, deadlines: list[dict], year) -> list[dict]:
    """The focus areas a handleplan is organised by, with the status its own text declares;
    links each activity deadline to its area (``area_id``)."""
    titles: list[str] = []
    pages: dict[str, list[int]] = {}
    for act in handleplan_activities(events):
        if act.area and act.area not in titles:
            titles.append(act.area)
        pages.setdefault(act.area, []).append(act.page)
    texts: dict[str, list[TextUnit]] = {t: [] for t in titles}
    current = ""
    for ev in events:
        if not ev.is_table and _is_area_heading(ev):
            current = _area_title(ev.text)
            pages.setdefault(current, []).append(ev.page)
        elif not ev.is_table and current in texts:
            texts[current].append(TextUnit("body", ev.text, ev.page, -1, -1))
    rows = []
    for i, title in enumerate(titles, start=1):
        verdicts = [v for para in joined_paragraphs(texts[title]) for _, _, sent in sentences(para)
                    if (v := classify_sentence(sent, year))]
        verdict = ([v for v in verdicts if v.from_year] or verdicts or [None])[-1]
        area_id = f"{doc.doc_id}-a{i:02d}"
        category = next((d["category"] for d in deadlines if d.get("area_title") == title and d.get("category")), "")
        for d in deadlines:
            if d.get("area_title") == title:
                d["area_id"] = area_id
        rows.append({
            "doc_id": doc.doc_id, "area_id": area_id, "district": doc.meta.district, "year": doc.meta.year,
            "title": title, "category": category or "other",
            "declared_status": verdict.status if verdict else "unknown",
            "declared_from_year": verdict.from_year if verdict and verdict.status == "continued" else None,
            "page_start": min(pages[title]), "page_end": max(pages[title]),
            "text": "\n\n".join(u.text for u in texts[title]),
            "status_evidence": verdict.evidence if verdict else "",
        })
    return rows
