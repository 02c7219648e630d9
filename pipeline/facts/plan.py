"""Extraction stage for plans: focus areas, declared status, category, deadlines and figures.

Takes a Document after layout and metadata and returns rows for the SPEC tables ``focus_areas``,
``deadlines`` and ``figures``. Every fact keeps its provenance: page, and for sentence facts the
character offsets of the sentence in that page's ``Page.text`` (``char_start``/``char_end``).
"""
from __future__ import annotations

from pipeline.facts.deadlines import deadlines_in_sentence
from pipeline.facts.figures import strip_private, table_figures
from pipeline.facts.focus_areas import FocusArea, area_for, find_focus_areas
from pipeline.model import Document
from pipeline.pdf.text_boxes import add_boxes
from pipeline.facts.status import assign_status
from pipeline.facts.structure import TextUnit, all_sections, text_units
from pipeline.lang.dehyphenate import join_lines
from pipeline.lang.nlp import sentences
from pipeline.lang.numbers import find_figures
from pipeline.lang.taxonomy import classify

PLAN_TYPES = ("samarbejdsplan", "aarsberetning", "other")


def split_sentences(text: str) -> list[str]:
    return [s for _, _, s in sentences(text)]


def plan_areas(doc: Document) -> list[FocusArea]:
    """Focus areas with declared status and category (plans only; [] for other documents)."""
    if doc.meta.doc_type != "samarbejdsplan":
        return []
    areas = find_focus_areas(doc)
    assign_status(areas, all_sections(doc), doc.meta.year, split_sentences)

    for area in areas:
        area.category = classify(area.title, area.text)[0]
    return areas


def extract_plan_facts(doc: Document) -> dict[str, list[dict]]:
    areas = plan_areas(doc)
    tables = {
        "focus_areas": [_area_row(doc, a) for a in areas],
        "figures": _figures(doc, areas),
        "deadlines": _deadlines(doc, areas) if doc.meta.doc_type in PLAN_TYPES else [],
    }
    for rows in tables.values():
        add_boxes(doc, rows)
    return tables


def _area_row(doc: Document, area: FocusArea) -> dict:
    return {
        "doc_id": doc.doc_id, "area_id": area.area_id, "district": doc.meta.district,
        "year": doc.meta.year, "title": area.title, "category": area.category,
        "declared_status": area.declared_status, "declared_from_year": area.declared_from_year,
        "page_start": area.page_start, "page_end": area.page_end, "text": area.text,
        "status_evidence": area.status_evidence,
    }


def _sentences_with_place(units: list[TextUnit]):
    """(unit, sentence, char_start, char_end) for every sentence of the body units."""
    for unit in units:
        if unit.kind == "heading":
            continue
        for start, end, sentence in sentences(unit.text):
            offset = unit.start if unit.start >= 0 else 0
            yield unit, sentence, offset + start, offset + end


def _deadlines(doc: Document, areas: list[FocusArea]) -> list[dict]:
    rows = []
    for unit, sentence, start, end in _sentences_with_place(text_units(doc)):
        for fact in deadlines_in_sentence(sentence, doc.meta.year):
            area = area_for(areas, unit.page, unit.start)
            rows.append({"doc_id": doc.doc_id, "area_id": area.area_id if area else "", **fact,
                         "page": unit.page, "sentence": sentence,
                         "char_start": start, "char_end": end})
    return rows


def _figures(doc: Document, areas: list[FocusArea]) -> list[dict]:
    rows = []
    for unit, sentence, start, end in _sentences_with_place(text_units(doc)):
        area = area_for(areas, unit.page, unit.start)
        for fig in find_figures(sentence):
            rows.append({"doc_id": doc.doc_id, "area_id": area.area_id if area else "",
                         "label": fig.label, "value": fig.value, "unit": fig.unit,
                         "source": "text", "page": unit.page, "context": sentence,
                         "char_start": start, "char_end": end})
    rows += _prose_cell_figures(doc)
    for page in doc.pages:
        for table in page.tables:
            figures, warnings = table_figures(table)
            for warning in warnings:
                doc.warn(warning)
            for fig in strip_private(figures):
                rows.append({"doc_id": doc.doc_id, "area_id": "", **fig,
                             "char_start": None, "char_end": None})
    return rows


def _prose_cell_figures(doc: Document) -> list[dict]:
    """Counts written inside the sentences of prose tables (minutes laid out as Pkt. | Emne |
    Beslutning): the cells are text, not numbers, so table_figures does not see them."""
    rows = []
    for page in doc.pages:
        for table in (t for t in page.tables if t.prose):
            for row in table.rows[1:]:
                for cell in row:
                    text = join_lines((cell or "").splitlines())
                    for _, _, sentence in sentences(text):
                        start = page.text.find(sentence)
                        for fig in find_figures(sentence):
                            rows.append({"doc_id": doc.doc_id, "area_id": "", "label": fig.label,
                                         "value": fig.value, "unit": fig.unit, "source": "text",
                                         "page": page.number, "context": sentence,
                                         "char_start": start if start >= 0 else None,
                                         "char_end": start + len(sentence) if start >= 0 else None})
    return rows
