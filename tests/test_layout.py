import re

import pdfplumber
import pytest

from pipeline.pdf.layout import analyse, find_furniture, fragments, find_gutters
from pipeline.model import Document, Page, Word
from pipeline.pdf.parse import load_document
from tests.fixtures.build import CALLOUT, HEADER, LAW, ONE_COLUMN, PAGE2, PARAGRAPHS, TABLE, build_brochure


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    path = tmp_path_factory.mktemp("layout") / "brochure.pdf"
    build_brochure(path)
    with pdfplumber.open(path) as pdf:
        return analyse(load_document(path, pdf), pdf)


def _sentences(paragraphs):
    return [s for p in paragraphs for s in re.split(r"(?<=\.) (?=[A-ZÆØÅ])", p)]


def test_every_printed_sentence_is_intact_in_page_text(doc):
    text = _norm(" ".join(p.text for p in doc.pages))
    for sentence in _sentences(PARAGRAPHS + ONE_COLUMN + [LAW]):
        assert sentence in text


def test_running_header_and_page_numbers_are_labelled_not_in_text(doc):
    for page in doc.pages:
        assert HEADER not in page.text
        kinds = {b.kind for b in page.blocks}
        assert {"header", "page_number"} <= kinds
        assert not page.text.rstrip().endswith(str(page.number))


def test_callout_word_is_labelled_and_kept_out_of_text(doc):
    page = doc.pages[0]
    assert [b.text for b in page.blocks_of("callout")] == [CALLOUT]
    assert CALLOUT not in page.text


def test_law_box_is_its_own_paragraph_after_the_body(doc):
    page = doc.pages[0]
    assert [b.text for b in page.blocks_of("box")] == [_norm(LAW)]
    assert page.text.endswith("\n\n" + _norm(LAW))


def test_two_columns_are_read_left_column_first(doc):
    page = doc.pages[0]
    assert len(page.columns) == 2
    left_last = page.text.index("Nabohjælp og forebyggelsesbesøg")
    right_first = page.text.index("Radikaliseringsforebyggelsen")
    assert left_last < right_first


def test_full_width_heading_is_level_one_on_its_own_line(doc):
    heading = doc.pages[0].body_blocks()[0]
    assert heading.kind == "heading" and heading.level == 1 and heading.column is None
    assert doc.pages[0].text.startswith("1. Indledning og samarbejdets organisering\n\n")


def test_smaller_numbered_headings_get_a_lower_level(doc):
    levels = {b.text: b.level for b in doc.headings()}
    assert levels["2. Indsatsområder"] == 2


def test_paragraph_cut_by_column_end_is_one_block(doc):
    bodies = [b.text for b in doc.pages[1].blocks_of("body")]
    assert len(bodies) == len(PAGE2)  # one paragraph runs from the left into the right column
    assert all(b.count("\n") == 0 for b in bodies)


def test_ruled_table_is_found_and_read_once_in_text_as_rows(doc):
    page = doc.pages[2]
    assert [t.rows for t in page.tables] == [TABLE]
    # pages.text keeps what is printed: the table row by row, its words not also as loose lines
    assert " | ".join(TABLE[-1]) in page.text
    assert page.text.count("Roskilde") == 1 and page.text.count("145.000") == 1


def test_table_is_read_where_it_stands_between_paragraphs():
    from pipeline.pdf.layout import _with_tables_in_place
    from pipeline.model import Block, BBox
    above = Block("body", [], BBox(50, 100, 500, 150), 1, text="før")
    below = Block("body", [], BBox(50, 400, 500, 450), 1, text="efter")
    table = Block("table", [], BBox(50, 200, 500, 350), 1, text="a | b")
    assert [b.text for b in _with_tables_in_place([above, below], [table])] == ["før", "a | b", "efter"]


def test_suspended_hyphens_and_compound_hyphens_survive(doc):
    text = _norm(" ".join(p.text for p in doc.pages))
    assert "Syd- og Sønderjyllands" in text and "Sydog" not in text
    assert "SSP-samarbejde" in text and "rocker-/bandemiljøet" in text


def _w(text, x0, top, size=10.0):
    return Word(text, x0, top, x0 + 0.5 * size * len(text), top + size, "Helvetica", size)


def test_fragments_do_not_cross_a_column_gutter():
    words = [_w("venstre", 50, 100), _w("spalte", 90, 100), _w("højre", 300, 100)]
    assert [f.text for f in fragments(words)] == ["venstre spalte", "højre"]


def test_running_footer_is_matched_across_pages_with_digits_normalised():
    doc = Document("x.pdf", "0" * 64, "0" * 16)
    for n in (1, 2, 3):
        page = Page(n, 600, 800, words=[_w("Samarbejdsplan", 50, 780), _w(f"201{n}", 123, 780),
                                        _w("Tekst", 50, 400)])
        doc.pages.append(page)
    frags = {p.number: fragments(p.words) for p in doc.pages}
    labels = find_furniture(doc, frags)
    kinds = [labels.get(id(f)) for p in doc.pages for f in frags[p.number]]
    assert kinds.count("footer") == 3 and kinds.count(None) == 3


def test_label_value_rows_are_not_mistaken_for_columns():
    words = []
    for i, (label, value) in enumerate([("Tid:", "kl. 16.00 til 18.00"), ("Sted:", "Rådhuset i Køge, mødelokale 2"),
                                        ("Dato:", "mandag den 3. marts 2014"), ("Referent:", "Jens Hansen fra Køge Kommune")]):
        words.append(_w(label, 50, 100 + 14 * i))
        x = 150
        for part in value.split():
            words.append(_w(part, x, 100 + 14 * i))
            x += 0.5 * 10 * len(part) + 3
    assert find_gutters(fragments(words)) == []


def test_hyphen_across_a_page_break_is_completed_on_the_first_page():
    doc = Document("x.pdf", "0" * 64, "0" * 16)
    doc.pages = [Page(1, 600, 800, words=[_w("Det", 50, 100), _w("er", 80, 100), _w("kriminalitets-", 100, 100)]),
                 Page(2, 600, 800, words=[_w("forebyggende", 50, 100), _w("arbejde.", 130, 100)])]
    analyse(doc)
    assert doc.pages[0].text == "Det er kriminalitetsforebyggende"
    assert doc.pages[1].text == "arbejde."


def test_unruled_table_of_aligned_numbers_is_found_with_its_header(tmp_path):
    from tests.fixtures.build import UNRULED, UNRULED_TEXT, build_unruled_table

    path = tmp_path / "unruled.pdf"
    build_unruled_table(path)
    with pdfplumber.open(path) as pdf:
        page = analyse(load_document(path, pdf), pdf).pages[0]
    assert [t.rows for t in page.tables] == [UNRULED]
    assert UNRULED_TEXT in page.text and page.text.count("Jurister") == 1
    assert " | ".join(UNRULED[1]) in page.text      # read once, as a row of the table


def test_regions_are_read_top_region_first_and_callout_between_paragraphs_is_dropped(tmp_path):
    from tests.fixtures.build import REGION_TEXT, build_regions

    path = tmp_path / "regions.pdf"
    build_regions(path)
    with pdfplumber.open(path) as pdf:
        page = analyse(load_document(path, pdf), pdf).pages[0]
    starts = [page.text.index(REGION_TEXT[k]) for k in ("TL", "TR")]
    starts += [page.text.index("Indbrud\n")]
    starts += [page.text.index(REGION_TEXT[k]) for k in ("BL", "BR")]
    assert starts == sorted(starts)
    assert "NABOHJÆLP" not in page.text and page.blocks_of("callout")


def test_prose_table_cells_are_in_page_text_once(tmp_path):
    from tests.fixtures.build import MINUTES_ROWS, build_minutes_table

    path = tmp_path / "minutes.pdf"
    build_minutes_table(path)
    with pdfplumber.open(path) as pdf:
        page = analyse(load_document(path, pdf), pdf).pages[0]
    assert page.tables and page.tables[0].prose and page.tables[0].rows == MINUTES_ROWS
    assert page.text.count("Kredsrådet tog orienteringen til efterretning.") == 1
    assert "Politidirektøren orienterede om udviklingen i indbrudskriminaliteten i kredsen." in page.text


def test_data_table_cells_stay_out_of_page_text(doc):
    assert not doc.pages[2].tables[0].prose


def test_office_header_halves_and_side_x_af_y_footer_are_furniture(tmp_path):
    from tests.fixtures.build import OFFICE_PARAS, build_office

    path = tmp_path / "office.pdf"
    build_office(path)
    with pdfplumber.open(path) as pdf:
        doc = analyse(load_document(path, pdf), pdf)
    for page in doc.pages:
        assert "Samarbejdsplan 2015" not in page.text and "Side " not in page.text
        assert "Midt- og Vestsjællands Politi" not in page.text
        assert sorted(b.kind for b in page.blocks if b.order < 0) == ["header", "header", "page_number"]
        assert page.text.startswith(f"{page.number}. Indsatsområde nummer {page.number}\n\n")
    assert all(p in doc.pages[0].text for p in OFFICE_PARAS)


def test_diagram_box_labels_are_captions_not_body(tmp_path):
    from tests.fixtures.build import DIAGRAM_LABELS, DIAGRAM_TEXT, build_diagram

    path = tmp_path / "diagram.pdf"
    build_diagram(path)
    with pdfplumber.open(path) as pdf:
        page = analyse(load_document(path, pdf), pdf).pages[0]
    assert page.text == DIAGRAM_TEXT
    assert sorted(b.text for b in page.blocks_of("caption")) == sorted(DIAGRAM_LABELS)
    assert not page.tables


def _line_words(text, x0, top, size=10.0):
    words, x = [], x0
    for part in text.split():
        words.append(_w(part, x, top, size))
        x += 0.5 * size * len(part) + 3
    return words


def test_big_callout_word_beside_a_body_line_is_its_own_fragment():
    words = _line_words("valtning og politi.", 50, 200) + [_w("FÆLLESSKAB", 160, 184, size=26.0)]
    assert sorted(f.text for f in fragments(words)) == ["FÆLLESSKAB", "valtning og politi."]


def _two_column_page(number, rows, top=100):
    words = []
    for i in range(rows):
        words += _line_words(f"venstre linje nummer {number} {i} med tekst", 50, top + 13 * i)
        words += _line_words(f"højre linje nummer {number} {i} med tekst", 320, top + 13 * i)
    return Page(number, 600, 800, words=words)


def test_page_with_two_short_columns_uses_the_documents_column_grid():
    doc = Document("x.pdf", "0" * 64, "0" * 16)
    doc.pages = [_two_column_page(1, 20), _two_column_page(2, 20), _two_column_page(3, 2)]
    analyse(doc)
    text = doc.pages[2].text
    assert text.index("venstre linje nummer 3 1") < text.index("højre linje nummer 3 0")


def test_table_across_the_gutter_ends_the_region_above_it():
    from pipeline.pdf.layout import reading_segments
    from pipeline.model import BBox

    words = []
    for i in range(4):
        words += _line_words(f"øverst venstre {i} med lidt tekst", 50, 100 + 13 * i)
        words += _line_words(f"øverst højre {i} med lidt tekst", 320, 100 + 13 * i)
        words += _line_words(f"nederst venstre {i} med lidt tekst", 50, 400 + 13 * i)
        words += _line_words(f"nederst højre {i} med lidt tekst", 320, 400 + 13 * i)
    segments, _ = reading_segments(fragments(words), 10.0, barriers=[BBox(50, 200, 550, 380)])
    firsts = [lines[0].text.split()[:2] for _, lines in segments]
    assert firsts == [["øverst", "venstre"], ["øverst", "højre"], ["nederst", "venstre"], ["nederst", "højre"]]


def test_unruled_table_header_wider_than_its_numbers_stays_one_cell():
    from pipeline.pdf.tables import unruled_tables

    words = [_w("Kommune", 54, 100), _w("Areal", 200, 100), _w("(km²)", 230, 100),
             _w("Indbyggere", 300, 100)]
    for i, (name, area, people) in enumerate([("Holbæk", "577,3", "70.016"), ("Lejre", "239,3", "27.311"),
                                              ("Sorø", "308,5", "29.790")]):
        top = 115 + 15 * i
        words += [_w(name, 54, top), _w(area, 255 - 25, top), _w(people, 350 - 30, top)]
    page = Page(1, 600, 800, words=words)
    rows = unruled_tables(page)[0].rows
    assert rows[0] == ["Kommune", "Areal (km²)", "Indbyggere"]
    assert rows[1] == ["Holbæk", "577,3", "70.016"]


def test_number_in_a_table_row_near_the_page_bottom_is_not_a_page_number():
    doc = Document("x.pdf", "0" * 64, "0" * 16)
    doc.pages = [Page(1, 600, 800, words=[_w("Tekst", 50, 300), _w("Øvrige", 50, 760), _w("35", 300, 760),
                                          _w("1", 295, 785)])]
    frags = {1: fragments(doc.pages[0].words)}
    labels = find_furniture(doc, frags)
    assert {f.text: labels.get(id(f)) for f in frags[1]} == {"Tekst": None, "Øvrige": None, "35": None,
                                                            "1": "page_number"}


def test_debug_pages_are_drawn_as_png(doc, tmp_path):
    from pipeline.views.page_images import draw_pages

    paths = draw_pages(doc.path, doc, tmp_path, pages=[1], resolution=30)
    assert [p.name for p in paths] == ["brochure-p1.png"] and paths[0].stat().st_size > 0


def _ocr_line(text: str, size: float = 11.0):
    from pipeline.model import BBox, Line, Word

    words, x = [], 50.0
    for token in text.split():
        words.append(Word(token, x, 100, x + 6 * len(token), 100 + size, fontname="OCR", size=size))
        x += 6 * len(token) + 4
    return Line(words, BBox(50, 100, x, 100 + size))


def test_short_numbered_ocr_line_is_a_heading_because_ocr_cannot_see_bold():
    from pipeline.pdf.layout import _heading_like

    assert _heading_like(_ocr_line("3.1 Ungdomskriminalitet"), body=11.0)
    assert not _heading_like(_ocr_line("1. Politiet og kommunerne mødes hver måned."), body=11.0)
    assert not _heading_like(_ocr_line("Ungdomskriminalitet er faldet"), body=11.0)
