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
