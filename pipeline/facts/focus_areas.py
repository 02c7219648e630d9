"""Focus-area stage: find the focus areas of a cooperation plan, with title, pages and text.

A plan lists its areas under a collective label that varies from district to district
("Indsatsområder", "Fokusområder", "Særlige indsatser" ...). The area is its heading plus all
text up to the next heading of the same or a higher level. Some plans number the areas
("Indsatsområde 3: ...") without a container heading; a few only list them in a foreword.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.datafiles import load

from pipeline.model import Document
from pipeline.facts.structure import Section, TextUnit, all_sections
from pipeline.lang.nlp import lemmas



@dataclass
class FocusArea:
    area_id: str
    title: str
    heading: str            # the heading as printed, numbering included
    page_start: int
    page_end: int
    units: list[TextUnit] = field(default_factory=list)
    declared_status: str = "unknown"
    declared_from_year: int | None = None
    status_evidence: str = ""
    category: str = "other"

    @property
    def text(self) -> str:
        return "\n\n".join(u.text for u in self.units if u.kind != "heading" or u.text != self.heading)


@lru_cache(maxsize=1)
def _config() -> dict:
    cfg = dict(load("focus_areas.yaml"))
    cfg["_prefixes"] = [re.compile(p, re.IGNORECASE) for p in cfg["title_prefixes"]]
    return cfg


def lemma_set(text: str) -> list[str]:
    return [l.lower() for l in lemmas(text)]


def _has_sequence(lems: list[str], seq: list[str]) -> bool:
    """True when the lemmas of ``seq`` occur in ``lems`` in order (a compound may end in one)."""
    pos = 0
    for want in seq:
        while pos < len(lems) and not (lems[pos] == want or lems[pos].endswith(want)):
            pos += 1
        if pos == len(lems):
            return False
        pos += 1
    return True


def is_container(heading: str) -> bool:
    lems = lemma_set(heading)
    cfg = _config()
    if any(_has_sequence(lems, s) for s in cfg["not_areas"]):
        return False
    return any(_has_sequence(lems, s) for s in cfg["container_headings"])


def clean_title(heading: str) -> str:
    """The heading without printed numbering such as "Indsatsområde 2:" or "3.1"."""
    title = heading.strip()
    for rx in _config()["_prefixes"]:
        stripped = rx.sub("", title, count=1)
        if stripped != title and stripped.strip():
            title = stripped.strip()
            break
    return re.sub(r"\s+", " ", title)


_NUMBERED_AREA = re.compile(r"^\s*(?:indsats|fokus)område\s*(?:nr\.?\s*)?\d+", re.IGNORECASE)


def find_focus_areas(doc: Document) -> list[FocusArea]:
    """The focus areas of a plan, in document order. Empty for documents that are not plans."""
    sections = all_sections(doc)
    areas = _areas_under_container(sections) or _numbered_areas(sections)
    result = [_to_area(doc, i, s) for i, s in enumerate(areas, start=1)]
    return result


def _areas_under_container(sections: list[Section]) -> list[Section]:
    """Children of the container heading that has the most area-like children."""
    best: list[Section] = []
    for section in sections:
        if not is_container(section.title):
            continue
        kids = [c for c in section.children if _looks_like_area(c)]
        if len(kids) > len(best):
            best = kids
    return best


def _numbered_areas(sections: list[Section]) -> list[Section]:
    return [s for s in sections if _NUMBERED_AREA.match(s.title)]


def _looks_like_area(section: Section) -> bool:
    cfg = _config()
    words = section.title.split()
    if not words or len(words) > cfg["max_title_words"]:
        return False
    lems = lemma_set(section.title)
    return not any(_has_sequence(lems, s) and len(lems) <= len(s) + 1 for s in cfg["not_areas"])


def _to_area(doc: Document, index: int, section: Section) -> FocusArea:
    return FocusArea(
        area_id=f"{doc.doc_id}-a{index:02d}",
        title=clean_title(section.title),
        heading=section.title,
        page_start=section.page_start,
        page_end=section.page_end,
        units=[u for u in section.units],
    )


def area_for(areas: list[FocusArea], page: int, start: int) -> FocusArea | None:
    """The area whose text holds the given position (page, offset into Page.text)."""
    for area in areas:
        for unit in area.units:
            if unit.page == page and unit.start <= start < max(unit.end, unit.start + 1):
                return area
    return None
