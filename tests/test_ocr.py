"""ocr.apply_ocr: Danish words with boxes for image-only pages; a clear warning without Tesseract."""
from __future__ import annotations

import os

import pytest

from conftest import write_scanned_pdf
from pipeline.pdf import ocr, parse


@pytest.fixture
def unwarned(monkeypatch):
    """A fresh 'run': the once-per-run warning has not been printed yet."""
    monkeypatch.setattr(ocr, "_warned", False)


@pytest.fixture
def no_tesseract(monkeypatch, unwarned):
    monkeypatch.setattr(ocr, "_status", lambda: ocr.UNAVAILABLE)


needs_tesseract = pytest.mark.skipif(not ocr.tesseract_available(),
                                     reason="Tesseract with Danish data not installed")


@needs_tesseract
def test_scanned_page_gets_danish_words_with_boxes_in_points(tmp_path):
    path = write_scanned_pdf(tmp_path / "scan.pdf", "Kredsrådet mødes i København")
    doc = parse.load_document(path)
    assert not doc.pages[0].has_text_layer
    ocr.apply_ocr(doc, path)
    page = doc.pages[0]
    assert page.ocr and doc.ocr
    assert [w.text for w in page.words] == ["Kredsrådet", "mødes", "i", "København"]
    for word in page.words:  # the image spans x 34..466, top 36..84 points on a 500x120 page
        assert 34 <= word.x0 < word.x1 <= 466 and 36 <= word.top < word.bottom <= 84
        assert 8 < word.size < 20


def test_pages_with_a_text_layer_are_not_ocred(text_pdf, monkeypatch):
    path = text_pdf()
    doc = parse.load_document(path)
    monkeypatch.setattr(ocr, "image_words", lambda *a, **k: pytest.fail("OCR was called"))
    ocr.apply_ocr(doc, path)
    assert not doc.ocr and doc.pages[0].words


def test_tesseract_runs_with_one_thread(tmp_path, monkeypatch):
    import pytesseract

    seen = {}

    def fake_hocr(image, lang, extension):
        seen["threads"], seen["lang"] = os.environ.get("OMP_THREAD_LIMIT"), lang
        return b"<html></html>"

    monkeypatch.setattr(pytesseract, "image_to_pdf_or_hocr", fake_hocr)
    monkeypatch.setattr(ocr, "tesseract_available", lambda: True)
    path = write_scanned_pdf(tmp_path / "scan.pdf")
    ocr.apply_ocr(parse.load_document(path), path)
    assert seen == {"threads": "1", "lang": "dan"}


def test_missing_tesseract_leaves_page_empty_with_a_document_warning(tmp_path, no_tesseract):
    path = write_scanned_pdf(tmp_path / "scan.pdf")
    doc = ocr.apply_ocr(parse.load_document(path), path)
    assert doc.pages[0].words == [] and not doc.ocr
    assert "ocr unavailable: tesseract not installed" in doc.warnings


def test_missing_tesseract_is_announced_once_per_run(tmp_path, no_tesseract, capsys):
    for name in ("a.pdf", "b.pdf"):
        path = write_scanned_pdf(tmp_path / name)
        ocr.apply_ocr(parse.load_document(path), path)
    assert capsys.readouterr().err.count("ocr unavailable") == 1


def test_unavailable_when_tesseract_binary_is_missing(monkeypatch):
    import pytesseract

    def missing():
        raise pytesseract.TesseractNotFoundError()

    monkeypatch.setattr(pytesseract, "get_tesseract_version", missing)
    ocr._status.cache_clear()
    try:
        assert ocr.tesseract_available() is False
    finally:
        ocr._status.cache_clear()


HOCR = """<div class='ocr_page'>
 <span class='ocr_header' id='line_1_1' title="bbox 100 100 400 140; baseline 0 -2; x_size 48; x_descenders 9; x_ascenders 12">
  <span class='ocrx_word' id='word_1_1' title='bbox 100 104 160 140; x_wconf 95'>1.</span>
  <span class='ocrx_word' id='word_1_2' title='bbox 170 100 400 140; x_wconf 93'>Forord</span>
 </span>
 <span class='ocr_line' id='line_1_2' title="bbox 100 200 900 245; baseline 0 -9; x_size 36; x_descenders 8; x_ascenders 9">
  <span class='ocrx_word' id='word_1_3' title='bbox 100 200 300 245; x_wconf 91'>Politiet</span>
  <span class='ocrx_word' id='word_1_4' title='bbox 310 200 400 245; x_wconf 12'>&amp;?</span>
  <span class='ocrx_word' id='word_1_5' title='bbox 410 200 600 245; x_wconf 90'>&#230;ndrer</span>
 </span>
</div>"""


def test_hocr_words_take_the_line_font_size_so_headings_stand_out():
    words, mean_conf = ocr.hocr_words(HOCR, scale=0.5)
    assert [w.text for w in words] == ["1.", "Forord", "Politiet", "ændrer"]
    assert words[1].size == 24.0 and words[2].size == 18.0
    # vertical extent from the line: baseline 140-2, descenders 9 -> bottom 147, top 147-48
    assert (words[1].x0, words[1].top, words[1].bottom) == (85.0, 49.5, 73.5)
    assert words[2].top == words[3].top  # one line, one band
    assert mean_conf == pytest.approx((95 + 93 + 91 + 90) / 4)


def test_despeckle_removes_isolated_specks_but_keeps_strokes():
    from PIL import Image, ImageDraw

    img = Image.new("L", (60, 60), 255)
    draw = ImageDraw.Draw(img)
    draw.rectangle((10, 10, 40, 16), fill=0)      # a stroke 7 px thick
    for xy in ((50, 50), (5, 45), (30, 40)):       # single-pixel specks
        img.putpixel(xy, 0)
    clean = ocr.despeckle(img, native_dpi=200)     # 200-dpi scan rendered at 300 dpi: window 5
    assert clean.mode == "L"
    assert all(clean.getpixel(xy) == 255 for xy in ((50, 50), (5, 45), (30, 40)))
    assert clean.getpixel((25, 13)) == 0


def test_despeckle_window_follows_the_scan_resolution():
    from PIL import Image, ImageDraw

    img = Image.new("L", (40, 40), 255)
    ImageDraw.Draw(img).rectangle((10, 10, 30, 11), fill=0)   # 2 px: survives a window of 3 only
    assert ocr.despeckle(img, native_dpi=300).getpixel((20, 11)) == 0
    assert ocr.despeckle(img, native_dpi=200).getpixel((20, 11)) == 255
