"""Parse stage: words with font, size, weight and colour per page, plus the page's rectangles.

Words are extracted once per page (pdfplumber ``extract_words``); everything later works on them.
Opening problems are classified by ``pipeline.pdf.validate`` before this stage runs; here a failure
of pdfplumber itself becomes a ``DocumentError``.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Optional

import pdfplumber
import pypdfium2 as pdfium

from pipeline.model import Document, DocumentError, Page, Rect, Word
from pipeline.pdf import chars

_BOLD = re.compile(r"bold|black|heavy|semibold|demibold", re.I)
_CID = re.compile(r"\(cid:\d+\)")
_EXTRA = ["fontname", "size", "non_stroking_color"]
# Rect thinner than this (points) is a rule, not a box.
_RULE_THICKNESS = 2.0


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def is_bold(fontname: str) -> bool:
    return bool(_BOLD.search(fontname or ""))


def _colour(value) -> Optional[tuple]:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return (float(value),)
    try:
        return tuple(float(v) for v in value)
    except (TypeError, ValueError):
        return None  # pattern colours and other exotic spaces


def _word(raw: dict) -> Word:
    return Word(text=raw["text"], x0=raw["x0"], top=raw["top"], x1=raw["x1"],
                bottom=raw["bottom"], fontname=raw.get("fontname", ""),
                size=round(float(raw.get("size", 0.0)), 2),
                bold=is_bold(raw.get("fontname", "")),
                color=_colour(raw.get("non_stroking_color")))


def _rects(raw_rects: list[dict], n_lines: int) -> tuple[list[Rect], int]:
    """(boxes, number of rules) from rectangles and straight lines as pdfplumber shapes them."""
    rects, rules = [], n_lines
    for r in raw_rects:
        thin = min(r["width"], r["height"]) < _RULE_THICKNESS
        if thin:
            rules += 1
            continue
        fill = _colour(r.get("non_stroking_color")) if r.get("fill") else None
        rects.append(Rect(r["x0"], r["top"], r["x1"], r["bottom"], fill, bool(r.get("stroke"))))
    return rects, rules


def parse_page(plumber_page, number: int) -> Page:
    """One pdfplumber page as a model Page (words, rects, text-layer and cid checks)."""
    page = Page(number=number, width=float(plumber_page.width), height=float(plumber_page.height))
    raw = plumber_page.extract_words(extra_attrs=_EXTRA, keep_blank_chars=False)
    return _page_from(page, raw, *_rects(plumber_page.rects, len(plumber_page.lines)))


def parse_pdfium_page(pdfium_page, number: int, plumber_page=None) -> Page:
    """The same Page read through the fast character path (``pdf/chars.py``). The characters and
    shapes are also handed to ``plumber_page`` (the same page opened by pdfplumber), whose table
    finder the layout stage runs, so pdfminer never reads the page again."""
    width, height = pdfium_page.get_size()
    page = Page(number=number, width=float(width), height=float(height))
    page_chars = chars.read_chars(pdfium_page)
    shapes = chars.page_shapes(pdfium_page)
    if plumber_page is not None:
        # pdfplumber computes Page.objects once and keeps them in ``_objects``.
        plumber_page._objects = chars.plumber_objects(page_chars, shapes,
                                                      float(plumber_page.initial_doctop), number)
    return _page_from(page, chars.words(page_chars), *_rects(shapes["rect"], len(shapes["line"])))


def _page_from(page: Page, raw: list[dict], rects: list[Rect], n_rules: int) -> Page:
    # Rotated words (vertical margin labels) are decoration and would come out letter by letter.
    page.words = [_word(w) for w in raw if w["text"].strip() and w.get("upright", True)]
    page.rects, page.n_rules = rects, n_rules
    page.has_text_layer = bool(page.words)
    n_cid = sum(1 for w in page.words if _CID.search(w.text))
    if n_cid and n_cid >= 0.2 * len(page.words):
        # A font without a Unicode map: the text layer is glyph ids, useless; OCR must read it.
        page.warnings.append(f"page {page.number}: font without Unicode map ((cid:NN) text), needs OCR")
        page.has_text_layer = False
        page.words = []
    return page


READERS = ("pdfium", "pdfplumber")
# pdfium reads the words 3x faster and gives the same words (benchmarks/bench_readers.py);
# pdfplumber stays the reference path, and the reader of tables.
DEFAULT_READER = "pdfium"


def load_document(path: str | Path, pdf=None, sha256: Optional[str] = None,
                  reader: Optional[str] = None) -> Document:
    """Read ``path`` into a Document; ``pdf`` may be an already open pdfplumber.PDF of it and
    ``sha256`` the file's hash when the caller has it already. ``reader`` chooses how the words
    and shapes are read: "pdfium" (the fast character path) or "pdfplumber" (the reference)."""
    path = str(path)
    sha = sha256 or file_sha256(path)
    doc = Document(path=path, sha256=sha, doc_id=sha[:16])
    try:
        fast = (reader or DEFAULT_READER) == "pdfium" and _fill_pdfium(doc, path, pdf)
        if not fast and pdf is not None:
            _fill(doc, pdf)
        elif not fast:
            with pdfplumber.open(path) as opened:
                _fill(doc, opened)
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on broken input
        reason = str(exc).strip() or type(exc).__name__
        raise DocumentError(path, f"cannot parse PDF: {reason}") from exc
    return doc


def _fill(doc: Document, pdf) -> None:
    for i, plumber_page in enumerate(pdf.pages, start=1):
        _add(doc, parse_page(plumber_page, i))


def _fill_pdfium(doc: Document, path: str, plumber_pdf=None) -> bool:
    """Read the pages through pdfium; False (nothing read) for a file whose page geometry the
    fast path does not handle, which the caller then reads with pdfplumber."""
    pdf = pdfium.PdfDocument(path)
    try:
        if not chars.plain_geometry(pdf):
            return False
        for i in range(len(pdf)):
            pdfium_page = pdf[i]
            plumber_page = plumber_pdf.pages[i] if plumber_pdf is not None else None
            try:
                _add(doc, parse_pdfium_page(pdfium_page, i + 1, plumber_page))
            finally:
                pdfium_page.close()
        return True
    finally:
        pdf.close()


def _add(doc: Document, page: Page) -> None:
    for message in page.warnings:
        doc.warn(message)
    doc.pages.append(page)
