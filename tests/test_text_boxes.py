"""pipeline.pdf.text_boxes: a span of Page.text back to the boxes of the words it came from."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from pipeline import api
from pipeline.model import BBox, Block, Line, Page, Word
from pipeline.pdf.text_boxes import add_boxes, find_text, span_box, span_line_boxes, word_spans

ROOT = Path(__file__).resolve().parents[1]


def _line(y: float, *texts: str, x: float = 50.0) -> Line:
    words = []
    for text in texts:
        words.append(Word(text, x, y, x + 6 * len(text), y + 10))
        x += 6 * len(text) + 4
    box = words[0].bbox
    for w in words[1:]:
        box = box.union(w.bbox)
    return Line(words, box)


def _block(text: str, *lines: Line, kind: str = "body", order: int = 0) -> Block:
    box = lines[0].bbox
    for ln in lines[1:]:
        box = box.union(ln.bbox)
    return Block(kind, list(lines), box, page=1, text=text, order=order)


def _page(*blocks: Block) -> Page:
    page = Page(1, 595, 842, blocks=list(blocks))
    page.text = "\n\n".join(b.text for b in blocks)
    return page


@pytest.fixture
def page() -> Page:
    heading = _block("Indsatsområde 1: Indbrud", _line(60, "Indsatsområde", "1:", "Indbrud"),
                     kind="heading", order=0)
    body = _block("Politiet og kommunerne styrker samarbejdet. Lokalrådene rapporterer i 2015.",
                  _line(100, "Politiet", "og", "kommunerne", "styrker", "sam-"),
                  _line(112, "arbejdet.", "Lokalrådene", "rapporterer"),
                  _line(124, "i", "2015."), order=1)
    return _page(heading, body)


def test_a_sentence_span_gets_the_union_of_its_words_boxes(page: Page) -> None:
    start = page.text.index("Lokalrådene")
    box = span_box(page, start, page.text.index("2015.") + 5)
    words = {w.text: w for _, _, w in word_spans(page)}
    # from "Lokalrådene rapporterer" (line 2) to "i 2015." (line 3, from the left edge)
    assert box == BBox(words["i"].x0, words["Lokalrådene"].top, words["rapporterer"].x1,
                       words["2015."].bottom)
    assert box.x0 == 50 and box.top == 112 and box.bottom == 134


def test_line_boxes_leave_out_the_rest_of_a_first_line(page: Page) -> None:
    start = page.text.index("Lokalrådene")
    lines = span_line_boxes(page, start, page.text.index("2015.") + 5)
    words = {w.text: w for _, _, w in word_spans(page)}
    assert lines == [BBox(words["Lokalrådene"].x0, 112, words["rapporterer"].x1, 122),
                     BBox(50, 124, words["2015."].x1, 134)]
    assert lines[0].x0 > words["arbejdet."].x1  # "arbejdet." ends the sentence before


def test_a_word_rejoined_across_a_line_end_is_found_in_both_lines(page: Page) -> None:
    start = page.text.index("samarbejdet")
    box = span_box(page, start, start + len("samarbejdet"))
    assert box is not None and box.top == 100 and box.bottom == 122  # "sam-" and "arbejdet."


def test_table_words_read_across_cells_are_placed_by_word_pairs() -> None:
    # The block's lines run across both cells; its text has the cells one after the other.
    table = _block("Godkendelse af dagsorden\n\nDagsordenen blev godkendt",
                   _line(200, "Godkendelse", "af", "Dagsordenen", "blev"),
                   _line(212, "dagsorden", "godkendt"), kind="table")
    page = _page(table)
    start = page.text.index("Dagsordenen")
    box = span_box(page, start, len(page.text))
    placed = {w.text for s, e, w in word_spans(page) if s >= start}
    assert placed == {"Dagsordenen", "blev", "godkendt"}
    assert box is not None and box.x0 > 50  # the first cell's words are not in the box


def test_rows_take_their_offsets_else_their_sentence_and_rows_without_page_get_no_box(
        page: Page) -> None:
    from pipeline.model import Document

    doc = Document("x.pdf", "0" * 64, "d1", pages=[page])
    by_offset = {"page": 1, "char_start": 0, "char_end": len("Indsatsområde 1: Indbrud")}
    by_text = {"page": 1, "sentence": "Lokalrådene   rapporterer i 2015."}  # other spacing
    nowhere = {"page": 1, "sentence": "Står ikke på siden."}
    person = {"name": "Anna Hansen"}  # attendees carry no page: no box columns
    add_boxes(doc, [by_offset, by_text, nowhere, person])
    assert (by_offset["top"], by_offset["bottom"]) == (60, 70)
    assert by_text["top"] == 112 and by_text["bottom"] == 134
    assert by_text["line_boxes"].count(";") == 1  # two printed lines
    assert [nowhere[c] for c in ("x0", "top", "x1", "bottom", "line_boxes")] == [None] * 5
    assert "x0" not in person


def test_a_span_whose_words_cannot_be_placed_takes_its_blocks_box() -> None:
    # A scanned table: the block's own OCR words are garbage, the text comes from the table OCR.
    table = _block("Faggruppe | Ansatte\nPolitiuddannede | 752", _line(300, "uridisk", "AO"),
                   kind="table")
    doc_page = _page(table)
    from pipeline.model import Document

    row = {"page": 1, "context": "Politiuddannede | 752"}
    add_boxes(Document("x.pdf", "0" * 64, "d1", pages=[doc_page]), [row])
    assert (row["x0"], row["top"], row["x1"], row["bottom"]) == (
        table.bbox.x0, table.bbox.top, table.bbox.x1, table.bbox.bottom)


def test_find_text_matches_across_line_breaks() -> None:
    assert find_text("a\nb  c d", "b c") == (2, 6)
    assert find_text("abc", "") is None


def test_focus_area_boxes_hold_the_printed_heading_of_a_real_plan() -> None:
    doc, rows = api.extract(ROOT / "raw_pdfs" / "plan_ssj_2017.pdf")
    areas = rows["focus_areas"]
    assert areas and all(a["x0"] is not None for a in areas)
    with pdfplumber.open(ROOT / "raw_pdfs" / "plan_ssj_2017.pdf") as pdf:
        for area in areas:
            page = pdf.pages[area["page_start"] - 1]
            inside = page.crop((area["x0"] - 1, area["top"] - 1, area["x1"] + 1,
                                area["bottom"] + 1)).extract_text()
            assert area["title"].split()[0] in inside and area["title"].split()[-1] in inside


def test_inspect_png_draws_each_fact_box_on_its_page(tmp_path: Path) -> None:
    from PIL import Image

    from pipeline.views.inspect import draw
    from pipeline.views.page_images import FACT_COLOUR

    pdf = ROOT / "raw_pdfs" / "plan_ssj_2017.pdf"
    doc, rows = api.extract(pdf)
    draw(pdf, doc, tmp_path, rows)
    area = rows["focus_areas"][0]
    image = Image.open(tmp_path / f"plan_ssj_2017-p{area['page_start']}.png").convert("RGB")
    # 72 dpi: one pixel per point; the box's left edge is stroked in the fact colour
    pixel = image.getpixel((round(area["x0"]), round((area["top"] + area["bottom"]) / 2)))
    assert all(abs(a - b) <= 8 for a, b in zip(pixel, FACT_COLOUR))
