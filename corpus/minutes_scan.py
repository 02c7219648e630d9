"""Image-only "scanned" copy of a PDF, private to the minutes generator.

corpus.common.rasterise_pdf exists, but at the time of writing its speckle mask is inverted (a
threshold of `v < 253` selects almost every pixel), so every page comes out as flat grey with no
visible text. Until that is fixed this module does the same job with sparse dark specks.
"""
from __future__ import annotations

import io
import random
from pathlib import Path

from reportlab.lib.utils import ImageReader

from corpus.common import new_canvas


def rasterise(src: Path, dst: Path, dpi: int = 200, seed: int = 0) -> Path:
    """Render each page grey, tilt it a fraction of a degree, add specks and a soft blur, and
    place it as a JPEG on a page of the same size: no text layer, byte-identical per seed."""
    import pypdfium2 as pdfium

    rng = random.Random(seed)
    pdf = pdfium.PdfDocument(str(src))
    sizes = [pdf[i].get_size() for i in range(len(pdf))]
    c = new_canvas(dst, sizes[0])
    for i, (w, h) in enumerate(sizes):
        img = _age(pdf[i].render(scale=dpi / 72).to_pil().convert("L"), rng)
        jpg = io.BytesIO()  # in memory: a temp file name would leak into the PDF
        img.save(jpg, "JPEG", quality=70)
        jpg.seek(0)
        c.setPageSize((w, h))
        c.drawImage(ImageReader(jpg), 0, 0, width=w, height=h)
        c.showPage()
    c.save()
    pdf.close()
    return Path(dst)


def _age(img, rng: random.Random):
    from PIL import Image, ImageDraw, ImageFilter

    img = img.rotate(rng.uniform(0.2, 0.7) * rng.choice((-1, 1)), resample=Image.BICUBIC,
                     fillcolor=255)
    img = img.point(lambda v: int(28 + v * 0.85))  # toner is never black, paper never white
    draw = ImageDraw.Draw(img)
    for _ in range(img.size[0] * img.size[1] // 4000):  # dust and toner specks
        x, y = rng.randrange(img.size[0]), rng.randrange(img.size[1])
        draw.point((x, y), fill=rng.randrange(40, 160))
    return img.filter(ImageFilter.GaussianBlur(0.6))
