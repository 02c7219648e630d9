"""Shared fixtures: tiny PDFs built with reportlab in tmp_path (nothing binary is committed)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import pytest

DEFAULT_TEXT = "Samarbejdsplan 2014 for Midt- og Vestsjællands Politi"


def write_text_pdf(path: Path, pages: list[str] | None = None) -> Path:
    """A PDF with a text layer: one line of text per page."""
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path))
    for text in pages or [DEFAULT_TEXT, "Side to: indsatsområder og kredsrådet."]:
        c.setFont("Helvetica", 12)
        c.drawString(72, 720, text)
        c.showPage()
    c.save()
    return path


def write_scanned_pdf(path: Path, text: str = "Kredsrådet mødes i København") -> Path:
    """A one-page PDF whose only content is an image of ``text`` (no text layer), like a scan."""
    import reportlab
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    font = ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), 60)
    image = Image.new("L", (1800, 200), 255)  # 300 dpi over a 432 x 48 pt area
    ImageDraw.Draw(image).text((40, 60), text, font=font, fill=0)
    c = canvas.Canvas(str(path), pagesize=(500, 120))
    c.drawImage(ImageReader(image), 34, 36, width=432, height=48)
    c.showPage()
    c.save()
    return path


def damage_xref(source: Path, target: Path) -> Path:
    """Shift every offset of the xref table: pdfplumber then silently sees 0 pages."""
    data = source.read_bytes()
    start = data.rindex(b"\nxref") + 1
    table = re.sub(rb"(\d{10}) 00000 n",
                   lambda m: b"%010d 00000 n" % (int(m.group(1)) + 5), data[start:])
    target.write_bytes(data[:start] + table)
    return target


@pytest.fixture
def text_pdf(tmp_path: Path) -> Callable[..., Path]:
    """Factory: text_pdf("name.pdf", ["page 1 text", ...]) -> path of a new PDF in tmp_path."""
    def make(name: str = "plan.pdf", pages: list[str] | None = None) -> Path:
        return write_text_pdf(tmp_path / name, pages)
    return make
