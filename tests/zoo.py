"""The bad-input zoo: hostile and broken files, regenerated from nothing (no binary in the repo).

    .venv/bin/python tests/zoo.py DIR      # writes every zoo file into DIR and lists them

Each entry is (file name, bytes, what the batch must say about it). Tests build the files they
need in tmp_path with :func:`write_zoo`; the README's bad-file examples come from here too.
"""
from __future__ import annotations

import io
import sys
import zlib
from pathlib import Path
from typing import Callable


def raw_pdf(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (object i+1 = objects[i]) with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, trailer_extra, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _page_pdf(page: bytes, more: list[bytes] = ()) -> bytes:
    """Catalog (1), Pages (2), the page (3), then ``more`` (4, 5, ...)."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, *more])


def self_referencing_resources() -> bytes:
    """A page whose /Resources dictionary contains itself (a cycle pdfminer walks for ever)."""
    content = _stream(b"BT /F1 12 Tf 72 720 Td (Samarbejdsplan) Tj ET")
    return _page_pdf(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 5 0 R "
                     b"/Contents 4 0 R >>",
                     [content, b"<< /Font << /F1 6 0 R >> /XObject 5 0 R /ExtGState 5 0 R "
                               b"/Self 5 0 R >>",
                      b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def mediabox_cycle() -> bytes:
    """The page inherits its MediaBox from a /Parent chain that loops."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 4 0 R >>",
                    b"<< /Type /Page /Parent 2 0 R >>",
                    b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>"])


def _image_page(width_pt: float, height_pt: float, px: tuple[int, int], drawn: tuple[float, float],
                pixels: bytes | None = None) -> bytes:
    w, h = px
    data = zlib.compress(pixels if pixels is not None else b"\x80" * (w * h))
    image = _stream(data, b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                          b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode " % (w, h))
    content = _stream(b"q %.2f 0 0 %.2f 36 36 cm /Im1 Do Q" % drawn)
    return _page_pdf(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.0f %.0f] "
                     b"/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>"
                     % (width_pt, height_pt), [content, image])


def one_pixel_image_page() -> bytes:
    """A text-less A4 page holding only a 1x1 px image (once: a despeckle window of 7,439 px)."""
    return _image_page(595, 842, (1, 1), (1, 1))


def logo_only_page() -> bytes:
    """A blank A4 page with a small logo: nothing for OCR to read (once: 57 s of Tesseract)."""
    return _image_page(595, 842, (120, 60), (60, 30))


def huge_image_page(side_pt: float = 14400) -> bytes:
    """An image-only page of ``side_pt`` x ``side_pt`` points (once: 10.5 GB to render at 300 dpi)."""
    return _image_page(side_pt, side_pt, (400, 400), (side_pt - 72, side_pt - 72))


def decompression_bomb(inflated_mb: int = 1024) -> bytes:
    """A few kilobytes of Flate applied twice that inflate to ``inflated_mb`` of zeros."""
    inner = zlib.compressobj(9)
    chunk = b"\0" * 2**20
    once = b"".join(inner.compress(chunk) for _ in range(inflated_mb)) + inner.flush()
    twice = zlib.compress(once, 9)
    content = _stream(twice, b"/Filter [/FlateDecode /FlateDecode] ")
    return _page_pdf(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                     [content])


def html_page() -> bytes:
    return b"<!DOCTYPE html><html><head><title>404</title></head><body>Siden findes ikke</body></html>"


def good_plan() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    for line in ("Samarbejdsplan 2016 for Fyns Politi",
                 "Indsatsområde 1: Indbrud i private boliger. Kredsrådet følger op i 2. kvartal 2016."):
        c.setFont("Helvetica", 12)
        c.drawString(72, 720, line)
        c.showPage()
    c.save()
    return buffer.getvalue()


def truncated() -> bytes:
    data = good_plan()
    return data[: len(data) // 2]


def encrypted() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(good_plan())).pages:
        writer.add_page(page)
    writer.encrypt(user_password="hemmelig", owner_password="hemmelig")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# (file name, maker, what the batch must report: a prefix of the FAILED reason, or a warning)
ZOO: list[tuple[str, Callable[[], bytes], str]] = [
    ("download_fejl.pdf", html_page, "not a PDF: looks like an HTML page"),
    ("plan_afbrudt.pdf", truncated, "truncated"),
    ("referat_beskyttet.pdf", encrypted, "encrypted (password protected)"),
    ("resources_cycle.pdf", self_referencing_resources, ""),
    ("mediabox_cycle.pdf", mediabox_cycle, ""),
    ("one_pixel.pdf", one_pixel_image_page, ""),
    ("logo_only.pdf", logo_only_page, ""),
    ("huge_page.pdf", huge_image_page, ""),
    ("bomb.pdf", decompression_bomb, "decompression bomb"),
]


def write_zoo(folder: Path, names: list[str] | None = None) -> list[Path]:
    """Write the zoo files (all, or those named) into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make, _ in ZOO:
        if names is None or name in names:
            (folder / name).write_bytes(make())
            written.append(folder / name)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/zoo.py DIR")
    for path in write_zoo(Path(sys.argv[1])):
        print(f"{path}  ({path.stat().st_size} bytes)")
