"""Structure stage: the heading outline of a document and the text under each heading.

The layout stage labels blocks (heading with a level, body, box ...) page by page. Facts need more:
which heading a sentence sits under, across page breaks, and where in ``Page.text`` it is. This
module walks the body blocks of all pages in reading order and builds

* ``Section``: one heading with every block up to the next heading of the same or a higher level
  (so a level-1 section contains its subsections), with page range and character spans;
* ``TextUnit``: one paragraph (block) with its page and its character offsets in ``Page.text``,
  which is the provenance every extracted fact carries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from pipeline.model import Block, Document


@dataclass
class TextUnit:
    """A heading or paragraph with its place: page and character offsets into that page's text."""

    kind: str
    text: str
    page: int
    start: int  # offset into Page.text; -1 when the block's text was not found there
    end: int
    level: int | None = None


@dataclass
class Section:
    heading: TextUnit
    level: int
    units: list[TextUnit] = field(default_factory=list)  # body units, subsection headings included
    children: list["Section"] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.heading.text

    @property
    def page_start(self) -> int:
        return self.heading.page

    @property
    def page_end(self) -> int:
        return max([self.heading.page] + [u.page for u in self.units])

    @property
    def text(self) -> str:
        return "\n\n".join(u.text for u in self.units)

    def walk(self) -> Iterator["Section"]:
        yield self
        for child in self.children:
            yield from child.walk()


def text_units(doc: Document) -> list[TextUnit]:
    """All headings and paragraphs of the document in reading order, located in Page.text."""
    units: list[TextUnit] = []
    for page in doc.pages:
        cursor = 0
        for block in page.body_blocks():
            if block.kind not in ("heading", "body", "box"):
                continue
            unit, cursor = _locate(block, page.text, cursor)
            units.append(unit)
    return units


def _locate(block: Block, page_text: str, cursor: int) -> tuple[TextUnit, int]:
    text = block.text.strip()
    start = page_text.find(text, cursor) if text else -1
    if start < 0:
        start = page_text.find(text) if text else -1
    end = start + len(text) if start >= 0 else -1
    unit = TextUnit(block.kind, text, block.page, start, end, block.level)
    return unit, (end if end >= 0 else cursor)


NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+\S")


def numbering_depth(heading: str) -> int:
    """1 for "5. Titel", 2 for "5.1 Titel", 0 for an unnumbered heading."""
    match = NUMBERED.match(heading)
    return match.group(1).count(".") + 1 if match else 0


def harmonise_levels(units: list[TextUnit]) -> None:
    """Printed numbering outranks font size: "5.1" sits under "5." even when the layout stage
    gave it a bigger font (and so a higher level). Numbered headings get the level of the
    shallowest numbered headings plus their extra depth; unnumbered ones keep theirs."""
    numbered = [(u, numbering_depth(u.text)) for u in units if u.kind == "heading"]
    numbered = [(u, d) for u, d in numbered if d]
    if len(numbered) < 2:
        return
    top = min(d for _, d in numbered)
    base = min((u.level or 1) for u, d in numbered if d == top)
    for unit, depth in numbered:
        unit.level = base + depth - top


def outline(doc: Document) -> list[Section]:
    """Top-level sections; each holds its subsections. Text before the first heading is dropped
    from the outline (it is the cover or preamble and still present in ``text_units``)."""
    roots: list[Section] = []
    stack: list[Section] = []
    units = text_units(doc)
    harmonise_levels(units)
    for unit in units:
        if unit.kind == "heading":
            level = unit.level or 1
            section = Section(unit, level)
            while stack and stack[-1].level >= level:
                stack.pop()
            if stack:
                stack[-1].children.append(section)
                for parent in stack:
                    parent.units.append(unit)
            else:
                roots.append(section)
            stack.append(section)
        else:
            for parent in stack:
                parent.units.append(unit)
    return roots


def all_sections(doc: Document) -> list[Section]:
    return [s for root in outline(doc) for s in root.walk()]
