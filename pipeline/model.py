"""The one document model every stage takes and returns.

Layered like pdfplumber's objects: Document -> Page -> Word / Line / Block / TableData.
Coordinates are pdfplumber's: points, origin at the top-left of the page, ``top`` grows downwards.
Pages are 1-based everywhere (the SPEC's ``page`` column).

Stages (one module each) fill in more of the model:
    parse.load_document   -> pages with words (and page size), doc_id, sha256
    ocr.apply_ocr         -> words for pages without a text layer (Page.ocr = True)
    layout.analyse        -> lines, blocks with kinds, columns, reading order, tables, Page.text
    metadata.detect       -> Document.meta
    (later) enrich stages -> facts with provenance (doc_id, page, char offsets into Page.text)
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
from typing import Literal, Optional

BlockKind = Literal[
    "body",        # running text of the page, in reading order
    "heading",     # a heading; Block.level says its depth (1 = top)
    "header",      # running header repeated across pages (kept out of Page.text)
    "footer",      # running footer repeated across pages (kept out of Page.text)
    "page_number", # printed page number (kept out of Page.text)
    "callout",     # big decorative word(s) in a margin or between paragraphs (kept out of Page.text)
    "box",         # a framed or coloured side box (e.g. a law quote): text kept, never spliced into body
    "table",       # the words of a detected table (the cells are in Page.tables)
    "caption",     # small text under/over a figure, diagram labels
]

FURNITURE_KINDS = frozenset({"header", "footer", "page_number"})


@dataclass
class BBox:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2

    def union(self, other: "BBox") -> "BBox":
        return BBox(min(self.x0, other.x0), min(self.top, other.top),
                    max(self.x1, other.x1), max(self.bottom, other.bottom))

    def holds_center_of(self, other: "BBox", pad: float = 0.0) -> bool:
        """Is the centre of ``other`` inside this box grown by ``pad`` on every side? (How a
        word or line is assigned to a box, table or cell: by where most of it lies.)"""
        cx, cy = other.center
        return self.x0 - pad <= cx <= self.x1 + pad and self.top - pad <= cy <= self.bottom + pad


@dataclass
class Rect:
    """A rectangle drawn on the page (coloured box background, frame, table rule)."""
    x0: float
    top: float
    x1: float
    bottom: float
    fill: Optional[tuple] = None  # non-stroking colour when filled, else None
    stroke: bool = False

    @property
    def bbox(self) -> BBox:
        return BBox(self.x0, self.top, self.x1, self.bottom)


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    fontname: str = ""
    size: float = 0.0
    bold: bool = False
    color: Optional[tuple] = None  # non-stroking colour as pdfplumber reports it

    @property
    def bbox(self) -> BBox:
        return BBox(self.x0, self.top, self.x1, self.bottom)


@dataclass
class Line:
    words: list[Word]
    bbox: BBox

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Block:
    kind: BlockKind
    lines: list[Line]
    bbox: BBox
    page: int
    text: str = ""             # the block's text after dehyphenation, lines joined by spaces
    level: Optional[int] = None   # heading depth, 1 = top
    column: Optional[int] = None  # 0-based column index within its region, None = full width
    order: int = -1            # reading-order index on the page; -1 for furniture


@dataclass
class TableData:
    page: int
    bbox: BBox
    rows: list[list[Optional[str]]]
    # A layout table of running text (e.g. minutes set as Pkt | Emne | Beslutning): its cells are
    # also in Page.text, one paragraph per cell, because they are the document's prose.
    prose: bool = False

    def to_dataframe(self, header: bool = True):
        """The table as a pandas DataFrame; the first row becomes the column names when header=True."""
        import pandas as pd

        if not self.rows:
            return pd.DataFrame()
        if header and len(self.rows) > 1:
            cols = [c if c else f"col{i}" for i, c in enumerate(self.rows[0])]
            return pd.DataFrame(self.rows[1:], columns=cols)
        return pd.DataFrame(self.rows)


@dataclass
class Page:
    number: int                # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    tables: list[TableData] = field(default_factory=list)
    columns: list[BBox] = field(default_factory=list)  # detected column/region boxes, for debugging
    text: str = ""             # clean reading-order text (SPEC `pages.text`)
    ocr: bool = False
    has_text_layer: bool = True
    warnings: list[str] = field(default_factory=list)
    rects: list[Rect] = field(default_factory=list)  # filled and framed rects (boxes, diagrams)
    n_rules: int = 0           # straight ruling segments (lines, thin rects): table finder hint

    def blocks_of(self, *kinds: str) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds]

    def body_blocks(self) -> list[Block]:
        """Blocks that belong to the page's text, in reading order."""
        return sorted((b for b in self.blocks if b.order >= 0), key=lambda b: b.order)


@dataclass
class DocumentMeta:
    doc_type: str = "other"    # samarbejdsplan | referat | handleplan | aarsberetning | other
    district: str = ""         # one of the 12 canonical "<name> Politi" names, or "" if unknown
    year: Optional[int] = None
    title: str = ""
    council: str = ""          # kredsråd | lokalråd | ""
    municipality: str = ""     # "X Kommune" for lokalråd documents
    meeting_date: str = ""     # ISO YYYY-MM-DD for minutes
    meeting_no: str = ""       # "N/YYYY" where printed


@dataclass
class Document:
    path: str
    sha256: str
    doc_id: str
    pages: list[Page] = field(default_factory=list)
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    warnings: list[str] = field(default_factory=list)

    @property
    def n_pages(self) -> int:
        return len(self.pages)

    @property
    def ocr(self) -> bool:
        return any(p.ocr for p in self.pages)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def headings(self) -> list[Block]:
        return [b for p in self.pages for b in p.body_blocks() if b.kind == "heading"]


class DocumentError(Exception):
    """A file that cannot be read as a PDF document. ``reason`` is one clear line for the user."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def as_dict(obj) -> dict:
    return asdict(obj)
