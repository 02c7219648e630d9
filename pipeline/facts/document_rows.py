"""SPEC rows of the tables that come straight from the model: ``documents`` and ``pages``."""
from __future__ import annotations

from pipeline.model import Document

WARNING_SEPARATOR = "; "


def documents_rows(doc: Document) -> list[dict]:
    """The one ``documents`` row of ``doc`` (a list, like every stage's rows)."""
    meta = doc.meta
    return [{
        "doc_id": doc.doc_id, "source_path": doc.path, "sha256": doc.sha256,
        "doc_type": meta.doc_type, "district": meta.district, "year": meta.year,
        "title": meta.title, "n_pages": doc.n_pages, "council": meta.council,
        "municipality": meta.municipality, "meeting_date": meta.meeting_date,
        "meeting_no": meta.meeting_no, "ocr": doc.ocr,
        "warnings": WARNING_SEPARATOR.join(doc.warnings),
    }]


def pages_rows(doc: Document) -> list[dict]:
    """One ``pages`` row per page, 1-based, with the clean reading-order text."""
    return [{"doc_id": doc.doc_id, "page": p.number, "text": p.text} for p in doc.pages]


def base_tables(doc: Document) -> dict[str, list[dict]]:
    """Both tables; built LAST in the runner so the warnings of every stage are included."""
    return {"documents": documents_rows(doc), "pages": pages_rows(doc)}
