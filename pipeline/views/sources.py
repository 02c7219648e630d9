"""Page images of the source PDFs, so a fact in the report can be checked against its page.

The report embeds one small image per page that carries a fact it shows (grey-scale WebP; the
report stays one file) with the page's size in points: a fact's box (``x0, top, x1, bottom`` in
PDF points, top-left origin) is drawn over the image as a percentage of that size, so the
highlight fits at any zoom. Pages of PDFs that are no longer where ``documents.source_path`` says
are left out; the report then offers the PDF link only.
"""
from __future__ import annotations

import base64
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

import pypdfium2 as pdfium

SCALE = 1.25       # 90 dpi: body text stays legible in the viewer
QUALITY = 45       # WebP quality: grey text on white compresses well at this level


@dataclass
class PageImage:
    src: str       # data: URI
    width: float   # page size in PDF points
    height: float


def resolve_pdf(source_path: str, out_dir: Path) -> Optional[Path]:
    """The PDF of ``source_path`` (as recorded by the run: relative to where it ran, or absolute),
    tried from the working folder and from the output folder's parent."""
    if not source_path:
        return None
    path = Path(source_path)
    for candidate in (path, Path(out_dir).resolve().parent / path):
        if candidate.is_file():
            return candidate.resolve()
    return None


def pdf_link(pdf: Optional[Path], out_dir: Path, page: int) -> str:
    """A link from the report in ``out_dir`` to ``pdf`` opened at ``page`` (relative: the folder
    can be moved with its PDFs); "" without a PDF."""
    if pdf is None:
        return ""
    rel = os.path.relpath(pdf, Path(out_dir).resolve())
    return f"{Path(rel).as_posix()}#page={page}"


def render_pages(pdf: Path, pages: Iterable[int], scale: float = SCALE) -> dict[int, PageImage]:
    """Images of the 1-based ``pages`` of ``pdf``; a page that does not exist is left out."""
    out: dict[int, PageImage] = {}
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for number in sorted(set(pages)):
            if not 1 <= number <= len(doc):
                continue
            page = doc[number - 1]
            width, height = page.get_size()
            image = page.render(scale=scale, grayscale=True).to_pil()
            buf = io.BytesIO()
            image.save(buf, format="WEBP", quality=QUALITY, method=4)
            src = "data:image/webp;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
            out[number] = PageImage(src, round(width, 2), round(height, 2))
            page.close()
    finally:
        doc.close()
    return out
