"""OCR stage: Tesseract (Danish) words for pages without a usable text layer.

Pages are rendered with pypdfium2 at 300 dpi (Tesseract's sweet spot for body text) and read with
Tesseract's hOCR output so every word keeps its box (scaled back to PDF points, pdfplumber's
top-left origin) and its confidence. Tesseract is an external program: when it or its Danish data
is missing the pipeline still runs, the page stays empty and the document says why.
"""
from __future__ import annotations

import functools
import html
import os
import re
import sys
from pathlib import Path

from pipeline.datafiles import load
from pipeline.model import Document, Page, Word

LANG = "dan"
DPI = 300
# Words below this confidence are mostly speckles and table rules read as "|" or "—".
MIN_CONF = 30.0
# Mean confidence under this is worth telling the user about (bad scan, wrong language, ...).
LOW_MEAN_CONF = 60.0
UNAVAILABLE = "ocr unavailable: tesseract not installed"
NO_DANISH = "ocr unavailable: tesseract Danish language data (dan) not installed"

_warned = False


@functools.lru_cache(maxsize=1)
def _status() -> str:
    """"" when usable, else the warning that says what is missing."""
    try:
        import pytesseract

        pytesseract.get_tesseract_version()
    except Exception:  # not installed, not on PATH, or not runnable
        return UNAVAILABLE
    try:
        return "" if LANG in pytesseract.get_languages(config="") else NO_DANISH
    except Exception:
        return NO_DANISH


def tesseract_available() -> bool:
    """True when Tesseract and its Danish data can be used."""
    return _status() == ""


def warn_unavailable_once(message: str | None = None) -> None:
    """Tell the user once per process (= once per run) that OCR cannot be done."""
    global _warned
    if _warned:
        return
    _warned = True
    print(f"warning: {message or _status() or UNAVAILABLE} "
          "(pages without a text layer stay empty; run scripts/setup.sh)", file=sys.stderr)


def new_run() -> None:
    """The runner calls this at the start of a batch: the next missing-OCR case is announced."""
    global _warned
    _warned = False


def silence_warnings() -> None:
    """Worker processes call this: the parent process prints the one warning of the run."""
    global _warned
    _warned = True


def needs_ocr(doc: Document) -> bool:
    return any(not p.has_text_layer for p in doc.pages)


def apply_ocr(doc: Document, path: str | Path) -> Document:
    """Fill Page.words (and Page.ocr=True) of every page that has no text layer."""
    pages = [p for p in doc.pages if not p.has_text_layer and not p.ocr]
    if not pages:
        return doc
    if not tesseract_available():
        doc.warn(_status())
        warn_unavailable_once(_status())
        return doc
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        for page in pages:
            _ocr_page(pdf[page.number - 1], page, doc)
    finally:
        pdf.close()
    return doc


def _ocr_page(pdfium_page, page: Page, doc: Document) -> None:
    if not worth_ocr(pdfium_page):
        page.ocr = True
        doc.warn(f"page {page.number}: no text layer and no scanned image (blank or a logo only): "
                 "not read by OCR")
        return
    dpi = render_dpi(*pdfium_page.get_size())
    if dpi < DPI:
        width, height = pdfium_page.get_size()
        doc.warn(f"page {page.number}: {width:.0f} x {height:.0f} pt is too large to render at "
                 f"{DPI} dpi for OCR; rendered at {dpi:.0f} dpi")
    image = despeckle(pdfium_page.render(scale=dpi / 72).to_pil(), scan_dpi(pdfium_page), dpi)
    words, mean_conf = image_words(image, scale=72 / dpi)
    page.words = words
    page.ocr = True
    if words and mean_conf < LOW_MEAN_CONF:
        doc.warn(f"page {page.number}: OCR confidence low (mean {mean_conf:.0f})")
    if not words:
        doc.warn(f"page {page.number}: no text layer and OCR found no words")


def limits() -> dict:
    return load("limits.yaml")


def render_dpi(width_pt: float, height_pt: float) -> float:
    """DPI, or less when the page at DPI would exceed the OCR pixel budget (a poster-sized page
    would need gigabytes inside one C call that no timeout interrupts)."""
    budget = float(limits()["max_ocr_megapixels"]) * 1e6
    pixels = (width_pt * DPI / 72) * (height_pt * DPI / 72)
    return DPI if pixels <= budget else DPI * (budget / pixels) ** 0.5


def _images(pdfium_page) -> list:
    import pypdfium2.raw as pdfium_c

    return list(pdfium_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def _image_coverage(pdfium_page, image) -> float:
    """Share of the page's area the image is drawn over."""
    width, height = pdfium_page.get_size()
    left, bottom, right, top = image.get_bounds()
    return max(0.0, right - left) * max(0.0, top - bottom) / (width * height) if width * height else 0.0


def worth_ocr(pdfium_page) -> bool:
    """False for a page without text objects whose images are small (blank, a logo): cheap to
    tell, while Tesseract on it costs seconds to find nothing."""
    import pypdfium2.raw as pdfium_c

    if any(True for _ in pdfium_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=2)):
        return True  # text without a Unicode map ((cid:NN)): OCR is how to read it
    minimum = float(limits()["min_scan_image_coverage"])
    return any(_image_coverage(pdfium_page, img) >= minimum for img in _images(pdfium_page))


def scan_dpi(pdfium_page) -> float | None:
    """Resolution of the scan itself (the largest image that covers a real share of the page),
    in pixels per inch; None when there is no such image."""
    width_in = pdfium_page.get_size()[0] / 72
    minimum = float(limits()["min_scan_image_coverage"])
    sizes = [img.get_px_size() for img in _images(pdfium_page)
             if _image_coverage(pdfium_page, img) >= minimum]
    return max(w for w, _ in sizes) / width_in if sizes and width_in else None


def despeckle(image, native_dpi: float | None, dpi: float = DPI):
    """Grey scale and a median filter before Tesseract: specks and JPEG noise on scans turn
    into stray letters and accents ("Naåbohjælp") and break lines into pieces. The window spans
    about three pixels of the scan itself, so a 200-dpi scan rendered at 300 dpi gets 5, a
    300-dpi scan 3: big enough for a speck, too small to eat a stroke of the letters. Capped
    (limits.yaml): a tiny image must not ask for a window thousands of pixels wide."""
    from PIL import ImageFilter

    ratio = dpi / native_dpi if native_dpi else 1.0
    window = max(3, int(3 * ratio + 0.5) | 1)
    window = min(window, int(limits()["max_despeckle_window"]) | 1)
    return image.convert("L").filter(ImageFilter.MedianFilter(window))


LINE_SPAN = re.compile(r"<span class='ocr_(?:line|header|caption|textfloat)'[^>]*title=\"([^\"]*)\"")
WORD_SPAN = re.compile(r"<span class='ocrx_word'[^>]*title='bbox (\d+) (\d+) (\d+) (\d+); x_wconf (\d+)'[^>]*>(.*?)</span>", re.S)
X_SIZE = re.compile(r"x_size ([\d.]+)")
BBOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
BASELINE = re.compile(r"baseline (-?[\d.]+) (-?[\d.]+)")
DESCENDERS = re.compile(r"x_descenders ([\d.]+)")
# A low-confidence word is dropped only when it has no letter or digit ("|", "—", "~" from rules
# and specks): Tesseract gives clean, correctly read words a confidence of 0 now and then.
ALNUM = re.compile(r"[^\W_]")


def image_words(image, scale: float) -> tuple[list[Word], float]:
    """Tesseract words of a PIL image as model Words in points (``scale`` = points per pixel).

    Read from hOCR rather than image_to_data because hOCR gives each line Tesseract's own font
    size estimate (``x_size``); a word's or line's box height depends on which letters it has
    (a heading without descenders looks smaller than body text), so headings were missed."""
    import pytesseract

    # One thread per Tesseract: the runner already parallelises over files.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    hocr = pytesseract.image_to_pdf_or_hocr(image, lang=LANG, extension="hocr").decode("utf-8")
    return hocr_words(hocr, scale)


def hocr_words(hocr: str, scale: float) -> tuple[list[Word], float]:
    """Words with boxes in points and a per-line font size from a Tesseract hOCR page.

    The words of one Tesseract line share its vertical extent (descender to ascender line at the
    baseline), like the font boxes of a text layer: ink boxes differ by the letters in a word
    ("pressestrategi" reaches lower than "IE"), and on a tilted scan they drift along the line,
    so the layout stage would cut the line into several rows."""
    lines = [(m.start(), _x_size(m.group(1)), _line_band(m.group(1))) for m in LINE_SPAN.finditer(hocr)]
    words, confs, li = [], [], 0
    for m in WORD_SPAN.finditer(hocr):
        while li + 1 < len(lines) and lines[li + 1][0] < m.start():
            li += 1
        x0, top, x1, bottom, conf = (int(v) for v in m.groups()[:5])
        text = html.unescape(re.sub(r"<[^>]+>", "", m.group(6))).strip()
        if not text or (conf < MIN_CONF and not ALNUM.search(text)):
            continue
        _, x_size, band = lines[li] if lines and lines[li][0] < m.start() else (0, 0.0, None)
        size = x_size or bottom - top
        if band:
            top, bottom = band
        words.append(Word(text=text, x0=x0 * scale, top=top * scale, x1=x1 * scale,
                          bottom=bottom * scale, fontname="OCR", size=round(size * scale, 2)))
        confs.append(conf)
    return words, (sum(confs) / len(confs) if confs else 0.0)


def _line_band(title: str) -> tuple[float, float] | None:
    """(top, bottom) in pixels of an hOCR line: its descender line at the baseline's
    height in the middle of the line, and ``x_size`` above that; None without the numbers."""
    box, base = BBOX.search(title), BASELINE.search(title)
    size = _x_size(title)
    if not box or not base or not size:
        return None
    x0, _, x1, y1 = (int(v) for v in box.groups())
    slope, offset = float(base.group(1)), float(base.group(2))
    desc = DESCENDERS.search(title)
    bottom = y1 + offset + slope * (x1 - x0) / 2 + (float(desc.group(1)) if desc else 0.0)
    return bottom - size, bottom


def _x_size(title: str) -> float:
    match = X_SIZE.search(title)
    return float(match.group(1)) if match else 0.0
