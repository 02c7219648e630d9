"""The fast character path (pdfium) reads the same words and shapes as pdfplumber does."""
from collections import Counter
from pathlib import Path

import pytest

from pipeline.pdf.parse import load_document

ROOT = Path(__file__).resolve().parents[1]
# Two columns, hyphenated line ends, decorative words, coloured boxes, tables; and a minutes
# document laid out as a Word table in a standard-14 font.
FILES = ["plan_ssj_2017.pdf", "referat_fyn_2016_3.pdf"]


def _pages(name: str, reader: str):
    return load_document(ROOT / "raw_pdfs" / name, reader=reader).pages


@pytest.mark.parametrize("name", FILES)
def test_pdfium_reads_the_words_pdfplumber_reads(name):
    for ref, fast in zip(_pages(name, "pdfplumber"), _pages(name, "pdfium"), strict=True):
        assert Counter(w.text for w in fast.words) == Counter(w.text for w in ref.words)
        for a, b in zip(sorted(ref.words, key=lambda w: (w.text, w.top, w.x0)),
                        sorted(fast.words, key=lambda w: (w.text, w.top, w.x0))):
            assert abs(a.x0 - b.x0) < 0.5 and abs(a.top - b.top) < 0.5 and abs(a.x1 - b.x1) < 0.5
            assert a.size == b.size and a.bold == b.bold


def test_a_hyphen_at_a_line_end_is_read_as_a_hyphen():
    words = [w.text for p in _pages("plan_ssj_2017.pdf", "pdfium") for w in p.words]
    assert not any("\x02" in w for w in words)
    assert "Forebyggelses-" in words


@pytest.mark.parametrize("name", FILES)
def test_pdfium_finds_the_boxes_and_rules_pdfplumber_finds(name):
    for ref, fast in zip(_pages(name, "pdfplumber"), _pages(name, "pdfium"), strict=True):
        assert fast.n_rules == ref.n_rules
        assert [(round(r.x0), round(r.top), round(r.x1), round(r.bottom), r.fill is not None)
                for r in fast.rects] == [(round(r.x0), round(r.top), round(r.x1), round(r.bottom),
                                          r.fill is not None) for r in ref.rects]


def test_a_bullet_pdfminer_cannot_map_is_a_bullet_through_pdfium():
    ref = [w.text for p in _pages("handleplan_holbaek_2018.pdf", "pdfplumber") for w in p.words]
    fast = [w.text for p in _pages("handleplan_holbaek_2018.pdf", "pdfium") for w in p.words]
    assert "(cid:127)" in ref and "(cid:127)" not in fast and "•" in fast


def test_tables_are_found_on_the_pdfium_objects_without_reading_the_page_again(monkeypatch):
    from pipeline.batch import runner
    from pipeline.pdf import parse

    def tables(reader: str) -> list:
        monkeypatch.setattr(parse, "DEFAULT_READER", reader)
        doc = runner.analyse_file(ROOT / "raw_pdfs" / "plan_ssj_2017.pdf")
        return [(t.page, t.rows, [round(v) for v in (t.bbox.x0, t.bbox.top, t.bbox.x1, t.bbox.bottom)])
                for p in doc.pages for t in p.tables]

    reference = tables("pdfplumber")
    import pdfplumber

    def no_second_reading(page):
        raise AssertionError(f"pdfminer read page {page.page_number} again")

    monkeypatch.setattr(pdfplumber.page.Page, "parse_objects", no_second_reading)
    assert len(reference) >= 2 and tables("pdfium") == reference


def test_a_page_with_an_offset_media_box_is_left_to_pdfplumber(tmp_path):
    from pypdf import PdfReader, PdfWriter

    from pipeline.pdf.chars import plain_geometry

    source = ROOT / "raw_pdfs" / "plan_ssj_2017.pdf"
    writer = PdfWriter(clone_from=PdfReader(source))
    box = writer.pages[0].mediabox
    writer.pages[0].mediabox.lower_left = (box.left + 20, box.bottom + 20)
    shifted = tmp_path / "shifted.pdf"
    with open(shifted, "wb") as fh:
        writer.write(fh)
    assert plain_geometry(str(source)) and not plain_geometry(str(shifted))
    # read all the same, by the reference reader: the words are there, in pdfplumber's coordinates
    fast, reference = (load_document(shifted, reader=r).pages[0] for r in ("pdfium", "pdfplumber"))
    assert fast.words and [w.bbox for w in fast.words] == [w.bbox for w in reference.words]
