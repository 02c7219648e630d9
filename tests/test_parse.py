import pytest

from pipeline.model import DocumentError
from pipeline.pdf.parse import is_bold, load_document, parse_page
from tests.fixtures.build import build_brochure, build_image_only


@pytest.fixture(scope="module")
def brochure(tmp_path_factory):
    path = tmp_path_factory.mktemp("parse") / "brochure.pdf"
    build_brochure(path)
    return path


def test_doc_id_is_prefix_of_file_sha256(brochure):
    import hashlib

    doc = load_document(brochure)
    assert doc.sha256 == hashlib.sha256(brochure.read_bytes()).hexdigest()
    assert doc.doc_id == doc.sha256[:16]


def test_pages_are_one_based_with_size_and_words(brochure):
    doc = load_document(brochure)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[0].width == pytest.approx(595.3, abs=1)
    assert doc.pages[0].has_text_layer and doc.pages[0].words


def test_words_carry_font_size_bold_and_colour(brochure):
    page = load_document(brochure).pages[0]
    heading = next(w for w in page.words if w.text == "Indledning")
    assert heading.bold and heading.size == pytest.approx(18)
    callout = next(w for w in page.words if w.text == "TRYGHED")
    assert callout.color is not None and min(callout.color) > 0.8


def test_filled_rects_are_kept_for_boxes(brochure):
    page = load_document(brochure).pages[0]
    assert any(r.fill is not None and r.fill != (1.0, 1.0, 1.0) for r in page.rects)


def test_bold_is_read_from_font_name():
    assert is_bold("ABCDEF+Helvetica-Bold") and is_bold("MyriadPro-Semibold")
    assert is_bold("Arial Black") and not is_bold("Helvetica")


def test_page_without_chars_has_no_text_layer(tmp_path):
    path = tmp_path / "image.pdf"
    build_image_only(path)
    doc = load_document(path)
    assert not doc.pages[0].has_text_layer


class _FakePage:
    width, height, lines, rects = 100, 100, [], []

    def extract_words(self, **_):
        word = {"x0": 1, "x1": 9, "top": 1, "bottom": 9, "fontname": "F", "size": 10,
                "non_stroking_color": (0,)}
        return [dict(word, text="(cid:12)(cid:40)"), dict(word, text="(cid:3)")]


def test_cid_text_means_no_text_layer_and_a_warning():
    page = parse_page(_FakePage(), 4)
    assert not page.has_text_layer and not page.words
    assert any("Unicode" in w for w in page.warnings)


def test_unreadable_file_raises_document_error(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"this is no pdf")
    with pytest.raises(DocumentError):
        load_document(path)
