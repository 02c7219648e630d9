"""Ruled tables on scanned pages: rules found in a (skewed, noisy) image, OCR words put in cells."""
import math

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pipeline.model import Page, Word
from pipeline.pdf.scan_tables import build_grid, find_rules, fix_ocr, ink_mask, rule_groups, tables_from_mask

SCALE = 2.0  # pixels per point (144 dpi)
# a 3 x 3 table: x rules at 50, 200, 280, 360 pt; y rules at 100, 120, 140, 160 pt
XS = [50, 200, 280, 360]
YS = [100, 120, 140, 160]


def _table_image(angle_deg: float, noise: float = 0.004, seed: int = 1, gray: int = 150) -> Image.Image:
    img = Image.new("L", (int(600 * SCALE), int(400 * SCALE)), 240)
    d = ImageDraw.Draw(img)
    for y in YS:
        d.line([(XS[0] * SCALE, y * SCALE), (XS[-1] * SCALE, y * SCALE)], fill=gray, width=2)
    for x in XS:
        d.line([(x * SCALE, YS[0] * SCALE), (x * SCALE, YS[-1] * SCALE)], fill=gray, width=2)
    # some text-like blobs (short strokes) that must not become rules
    for k in range(12):
        d.rectangle([60 * SCALE + k * 12, 250 * SCALE, 60 * SCALE + k * 12 + 6, 262 * SCALE], fill=20)
    img = img.rotate(angle_deg, resample=Image.BILINEAR, center=(0, 0), fillcolor=240)
    arr = np.asarray(img).copy()
    rng = np.random.default_rng(seed)
    specks = rng.random(arr.shape) < noise
    arr[specks] = 60
    gaps = rng.random(arr.shape) < 0.03  # broken toner along the rules
    arr[gaps] = 240
    return Image.fromarray(arr)


def _rotate_pt(x: float, y: float, angle_deg: float) -> tuple[float, float]:
    """Where PIL's rotate (counter-clockwise on screen, centre 0,0) moves a point, in points."""
    a = math.radians(angle_deg)
    return x * math.cos(a) + y * math.sin(a), -x * math.sin(a) + y * math.cos(a)


def _word(text: str, x: float, y: float, angle: float) -> Word:
    cx, cy = _rotate_pt(x, y, angle)
    w = 6 * len(text) / 2
    return Word(text, cx - w, cy - 4, cx + w, cy + 4, fontname="OCR", size=8)


@pytest.mark.parametrize("angle", [0.0, 0.5, -0.6])
def test_rules_and_grid_of_a_skewed_noisy_scan(angle):
    mask = ink_mask(_table_image(angle), 50)
    t, hs, vs = find_rules(mask, None, SCALE)
    assert abs(math.degrees(math.atan(t)) + angle) < 0.15 or abs(math.degrees(math.atan(t)) - angle) < 0.15
    groups = rule_groups(hs, vs, 6)
    assert len(groups) == 1
    grid = build_grid(*groups[0], 5)
    assert len(grid.rows) == 4 and len(grid.cols) == 4
    # the text-like blobs are not rules
    assert all(h.pos < 200 * SCALE for h in groups[0][0])


@pytest.mark.parametrize("angle", [0.0, 0.6, -0.5])
def test_words_land_in_their_cells(angle):
    mask = ink_mask(_table_image(angle), 50)
    cells = {  # (row, col): words with their unrotated centre
        (0, 0): [("Kommune", 90, 110)],
        (0, 1): [("Areal", 230, 110)],
        (0, 2): [("Indbyggere", 320, 110)],
        (1, 0): [("Faxe", 80, 130)],
        (1, 1): [("405,0", 260, 130)],
        (1, 2): [("34.786", 340, 130)],
        (2, 0): [("I", 60, 150), ("alt", 75, 150)],
        (2, 2): [("369.820", 335, 150)],
    }
    words = [_word(text, x, y, angle) for ws in cells.values() for text, x, y in ws]
    words.append(_word("Outside", 100, 200, angle))  # body text under the table
    tables = tables_from_mask(mask, words, SCALE, number=4)
    assert len(tables) == 1
    table = tables[0]
    assert table.page == 4
    assert table.rows == [["Kommune", "Areal", "Indbyggere"],
                          ["Faxe", "405,0", "34.786"],
                          ["I alt", "", "369.820"]]
    assert table.bbox.x0 == pytest.approx(50, abs=3) and table.bbox.x1 == pytest.approx(360, abs=5)
    assert table.bbox.top == pytest.approx(100, abs=5) and table.bbox.bottom == pytest.approx(160, abs=5)


def test_a_spanning_cell_and_an_open_frame():
    """A header cell across two columns (no rule between them) and no outer side rules."""
    img = Image.new("L", (int(400 * SCALE), int(250 * SCALE)), 240)
    d = ImageDraw.Draw(img)
    for y in YS:
        d.line([(XS[0] * SCALE, y * SCALE), (XS[-1] * SCALE, y * SCALE)], fill=40, width=2)
    for x in XS[1:-1]:  # inner rules only; the one between columns 1 and 2 skips the header row
        top = YS[1] if x == XS[2] else YS[0]
        d.line([(x * SCALE, top * SCALE), (x * SCALE, YS[-1] * SCALE)], fill=40, width=2)
    words = [_word("Tal", 280, 110, 0), _word("Navn", 80, 110, 0), _word("A", 80, 130, 0),
             _word("1", 240, 130, 0), _word("2", 320, 130, 0)]
    tables = tables_from_mask(ink_mask(img, 50), words, SCALE, number=1)
    assert len(tables) == 1
    assert tables[0].rows[:2] == [["Navn", "Tal", None], ["A", "1", "2"]]


def test_no_rules_no_tables():
    img = Image.new("L", (400, 300), 240)
    ImageDraw.Draw(img).text((20, 20), "Ingen tabel her", fill=0)
    assert tables_from_mask(ink_mask(img, 50), [], 1.0, number=1) == []


def test_fix_ocr_of_units_and_footnote_markers():
    assert fix_ocr("Areal (km?)") == "Areal (km²)"
    assert fix_ocr("Indbyggere +)") == "Indbyggere *)"
    assert fix_ocr("1.042") == "1.042"


def test_find_tables_uses_the_image_on_ocr_pages(monkeypatch):
    """find_tables sends OCR pages to the image rules (pdfplumber's finder sees no rules there)."""
    from pipeline.pdf import tables

    class FakePlumberPage:
        width = 600.0
        height = 400.0

        def to_image(self, resolution):
            image = _table_image(0.3).resize((int(600 * resolution / 72), int(400 * resolution / 72)))
            return type("Img", (), {"original": image})()

    words = [_word("Kommune", 90, 110, 0.3), _word("Areal", 230, 110, 0.3), _word("Ind", 320, 110, 0.3),
             _word("Faxe", 80, 130, 0.3), _word("405,0", 260, 130, 0.3), _word("34.786", 340, 130, 0.3)]
    page = Page(number=2, width=600, height=400, words=words, ocr=True, has_text_layer=False)
    monkeypatch.setattr("pipeline.pdf.ocr.tesseract_available", lambda: False)
    found = tables.find_tables(FakePlumberPage(), page)
    assert [t.rows for t in found] == [[["Kommune", "Areal", "Ind"], ["Faxe", "405,0", "34.786"]]]
