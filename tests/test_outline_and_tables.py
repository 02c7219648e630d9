"""Issue 10 unit behaviours: the declared outline (table of contents), table figures without a
header row or with a header over two rows, heading levels of OCR sizes."""
from __future__ import annotations

from pipeline.facts.figures import table_figures
from pipeline.model import BBox, Line, TableData, Word
from pipeline.pdf.layout import _size_ranks
from pipeline.pdf.outline import contents_entries, title_key


def _line(text: str, x0: float, top: float) -> Line:
    words = [Word(t, x0 + 40 * i, top, x0 + 40 * i + 30, top + 9, size=9.0)
             for i, t in enumerate(text.split())]
    return Line(words, BBox(words[0].x0, top, words[-1].x1, top + 9))


def _table(rows):
    return TableData(3, BBox(0, 0, 100, 100), rows)


def test_contents_rows_with_and_without_leaders_become_entries_with_indent_levels():
    rows = [_line("Indhold", 50, 60), _line("Forord 3", 50, 80),
            _line("Fokusområder ........ 5", 50, 95), _line("2.1 Unge og kriminalitet 5", 64, 110),
            _line("Indbrud i private hjem . . . . 6", 64, 125), _line("Nøgletal 9", 50, 140)]
    entries = contents_entries([rows])
    assert [(e.key, e.level) for e in entries] == [
        ("forord", 1), ("fokusområder", 1), ("unge og kriminalitet", 2),
        ("indbrud i private hjem", 2), ("nøgletal", 1)]


def test_page_of_numbers_that_decrease_is_no_table_of_contents():
    rows = [_line(f"Kommune{i} {n}", 50, 60 + 15 * i) for i, n in enumerate([90, 12, 40, 7, 30])]
    assert contents_entries([rows]) == []


def test_title_key_ignores_numbering_case_and_punctuation():
    assert title_key("Indsatsområde 2: Trygt natteliv") == title_key("trygt natteliv")
    assert title_key("3.2 Indbrudsindsatsen fortsætter") == "indbrudsindsatsen fortsætter"


def test_table_without_header_row_labels_figures_by_row_and_keeps_first_row():
    figures, _ = table_figures(_table([["Køge", "257,2", "60.000"], ["Roskilde", "212,1", "88.000"]]))
    assert [(f["label"], f["value"]) for f in figures] == [
        ("Køge", 257.2), ("Køge", 60000), ("Roskilde", 212.1), ("Roskilde", 88000)]


def test_header_over_two_rows_is_joined_per_column():
    figures, _ = table_figures(_table([["Kommune", "Areal", "Indbyggere"], ["", "(km²)", "*)"],
                                       ["Køge", "257,2", "60.000"]]))
    assert [(f["label"], f["unit"]) for f in figures] == [("Køge – Areal (km²)", "km²"),
                                                          ("Køge – Indbyggere", "")]


def test_ocr_heading_sizes_close_together_share_a_level():
    ranks = _size_ranks([23.3, 16.6, 14.7, 13.8, 9.1, 8.6], tolerance=0.2)
    assert ranks[16.6] == ranks[14.7] == ranks[13.8] == 2
    assert ranks[9.1] == ranks[8.6] == 3 and ranks[23.3] == 1
    exact = _size_ranks([16.5, 14.0, 13.0], tolerance=0.0)
    assert len(set(exact.values())) == 3
