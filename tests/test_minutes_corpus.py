"""The minutes / handleplan corpus generator (corpus/minutes.py): deterministic, and its gold
agrees with what is really on the pages."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest

from corpus import minutes
from corpus.common import validate_gold


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[Path], dict[str, dict]]:
    root = tmp_path_factory.mktemp("minutes")
    paths = minutes.generate(root / "raw", root / "gold")
    golds = {p.stem: json.loads((root / "gold" / f"{p.stem}.json").read_text(encoding="utf-8"))
             for p in paths}
    return paths, golds


def page_texts(path: Path) -> list[str]:
    """Whitespace-normalised page text plus the text of every table cell on the page (a ruled
    table's row is interleaved in extract_text). A line ending in a hard hyphen is glued to the
    next line without a space (the writer breaks "SSP-|samarbejdet" as Word does)."""
    def glue(t: str) -> str:
        return norm(re.sub(r"(?<=\w-)\n(?!og |eller |samt |til )", "", t or ""))

    with pdfplumber.open(path) as pdf:
        return [" | ".join([glue(p.extract_text())] + [glue(c) for t in p.extract_tables()
                                                       for row in t for c in row if c])
                for p in pdf.pages]


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def body_text(path: Path, gold: dict) -> str:
    """The document's running text without running headers and page numbers."""
    with pdfplumber.open(path) as pdf:
        texts = [p.extract_text() or "" for p in pdf.pages]
    lines = [ln for t in texts for ln in t.splitlines()
             if ln not in gold["furniture"] and not re.fullmatch(r"(Side )?\d+( af \d+)?", ln)]
    return norm(re.sub(r"(?<=\w-) (?!og |eller |samt |til )", "", " ".join(lines)))


def born_digital(corpus):
    paths, golds = corpus
    return [(p, golds[p.stem]) for p in paths if golds[p.stem]["style"] != "scanned"]


def test_generation_is_deterministic(corpus, tmp_path):
    paths, _ = corpus
    again = minutes.generate(tmp_path / "raw", tmp_path / "gold")
    assert [p.name for p in again] == [p.name for p in paths]
    for a, b in zip(paths, again):
        assert a.read_bytes() == b.read_bytes(), a.name
        gold_a = json.loads((a.parent.parent / "gold" / f"{a.stem}.json").read_text("utf-8"))
        gold_b = json.loads((tmp_path / "gold" / f"{b.stem}.json").read_text("utf-8"))
        assert {**gold_a, "file": ""} == {**gold_b, "file": ""}  # file: the tmp dirs differ


def test_counts_and_valid_gold(corpus):
    paths, golds = corpus
    docs = [g["document"] for g in golds.values()]
    assert sum(d["doc_type"] == "referat" and d["council"] == "kredsråd" for d in docs) >= 7
    assert sum(d["doc_type"] == "referat" and d["council"] == "lokalråd" for d in docs) >= 3
    assert sum(d["doc_type"] == "handleplan" for d in docs) >= 3
    assert {g["style"] for g in golds.values()} >= {"minutes_table", "minutes_prose", "scanned",
                                                    "handleplan"}
    for p in paths:
        g = golds[p.stem]
        assert validate_gold(g) == []
        with pdfplumber.open(p) as pdf:
            assert len(pdf.pages) == g["document"]["n_pages"]
        if g["document"]["council"] == "lokalråd":
            assert g["document"]["municipality"].endswith(" Kommune")


def test_agenda_titles_sentences_and_facts_are_on_their_gold_page(corpus):
    for path, g in born_digital(corpus):
        pages = page_texts(path)
        on = lambda text, page: norm(text) in pages[page - 1]  # noqa: E731
        for it in g["agenda_items"]:
            assert on(it["title"], it["page"]), (path.name, it)
        body = body_text(path, g)
        for s in g["sentences"]:  # may start at the foot of its page and end overleaf
            assert on(s["text"].split()[0], s["page"]), (path.name, s)
            assert norm(s["text"]) in body, (path.name, s)
        for d in g["deadlines"]:  # a due text may start at the foot of a page and end overleaf
            assert on(d["due_text"].split()[0], d["page"]), (path.name, d)
            assert (on(d["due_text"], d["page"])
                    or norm(d["due_text"]) in body_text(path, g)), (path.name, d)
        for f in g["figures"]:
            assert re.search(rf"(?<![\d.]){re.escape(minutes.danish_number(f['value']))}(?![\d])",
                             pages[f["page"] - 1]), (path.name, f)
        assert on(g["document"]["title"], 1)


def test_table_cells_are_not_sentences(corpus):
    for path, g in born_digital(corpus):
        cells = {norm(c) for t in g["tables"] for row in t["rows"] for c in row}
        assert not [s for s in g["sentences"] if norm(s["text"]) in cells], path.name


def test_scanned_minutes_have_no_text_layer_but_visible_ink(corpus):
    paths, golds = corpus
    scans = [p for p in paths if golds[p.stem]["style"] == "scanned"]
    assert scans
    for p in scans:
        assert golds[p.stem]["document"]["ocr"] is True
        assert 2 <= golds[p.stem]["document"]["n_pages"] <= 3
        with pdfplumber.open(p) as pdf:
            assert all(not page.chars for page in pdf.pages)
            assert all(page.images for page in pdf.pages)
            img = pdf.pages[0].to_image(resolution=40).original.convert("L")
        lo, hi = img.getextrema()
        assert hi - lo > 100  # text is visible, not a flat grey page


def test_an_agenda_table_continues_across_two_pages(corpus):
    spanning = []
    for path, g in born_digital(corpus):
        if g["style"] != "minutes_table":
            continue
        pages = sorted({it["page"] for it in g["agenda_items"]})
        if len(pages) >= 2:
            spanning.append(path)
            texts = page_texts(path)
            for it in g["agenda_items"]:
                assert norm(it["title"]) in texts[it["page"] - 1]
            with pdfplumber.open(path) as pdf:  # ruled table found on both pages
                assert all(pdf.pages[p - 1].find_tables() for p in pages[:2])
    assert len(spanning) >= 1


def test_handleplan_deadlines_have_area_and_category(corpus):
    _, golds = corpus
    plans = [g for g in golds.values() if g["style"] == "handleplan"]
    for g in plans:
        titles = {a["title"] for a in g["focus_areas"]}
        in_areas = [d for d in g["deadlines"] if d["area_title"] is not None]
        assert in_areas and all(d["area_title"] in titles and d["category"] for d in in_areas)
        # the closing "Opfølgning" duties belong to no focus area
        assert any(d["area_title"] is None and d["forum"] == "kredsrådet" for d in g["deadlines"])
        assert not any(d["due_text"].lower() == "løbende" for d in g["deadlines"])


def test_a_table_row_is_split_across_a_page_break(corpus):
    """Word breaks a tall row between lines: the next page starts with the rest of the row,
    whose Pkt. cell is empty."""
    split = []
    for path, g in born_digital(corpus):
        for frag in (t for t in g["tables"] if t.get("continued")):
            split.append(path.name)
            rest = frag["rows"][1 if frag["rows"][0][0] == "Pkt." else 0]
            assert rest[0] == "" and any(rest)
            with pdfplumber.open(path) as pdf:
                rows = [r for t in pdf.pages[frag["page"] - 1].extract_tables() for r in t]
            assert any(norm(r[0] or "") == "" and any(r) for r in rows)
    assert split
