"""The sample-corpus generator: deterministic bytes, honest gold pages, a real scan, valid gold."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pdfplumber
import pytest

from corpus.common import GOLD_KEYS, DOCUMENT_KEYS, validate_gold
from corpus.plans import plan_jobs, render_plan
from corpus.plans_styles import make_style

REPO = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO / "tests" / "gold"


def _job(style: str) -> dict:
    return next(j for j in plan_jobs() if j["style"] == style)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """One plan per style, rendered once for the whole module."""
    out = tmp_path_factory.mktemp("plans")
    made = {}
    for style in ("brochure", "office", "sidebar", "scanned"):
        job = _job(style)
        pdf = render_plan(job, out, out / "gold")
        made[style] = (pdf, json.loads((out / "gold" / f"{pdf.stem}.json").read_text("utf-8")))
    return made


@pytest.mark.parametrize("style", ["office", "scanned"])
def test_deterministic_bytes(tmp_path, style):
    """Same bytes whatever the output directory (paths must not leak into the PDF)."""
    job = _job(style)
    digests = []
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        pdf = render_plan(job, tmp_path / sub, None)
        digests.append(hashlib.sha256(pdf.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def _page_words(pdf: Path) -> dict[int, list[str]]:
    with pdfplumber.open(pdf) as doc:
        return {i + 1: [w["text"] for w in p.extract_words()] for i, p in enumerate(doc.pages)}


def _starts_on(word: str, words: list[str]) -> bool:
    """The word is printed on the page whole, or as the head of a line-end break."""
    return word in words or any(t.endswith("-") and len(t) > 2 and word.startswith(t[:-1])
                                for t in words)


@pytest.mark.parametrize("style", ["brochure", "office", "sidebar"])
def test_gold_pages_hold_the_sentences(built, style):
    _check_gold_pages(*built[style])


def _check_gold_pages(pdf: Path, gold: dict) -> None:
    words = _page_words(pdf)
    assert gold["document"]["n_pages"] == len(words)
    misses = []
    for s in gold["sentences"]:
        first, second = s["text"].split()[:2]
        # the second word may open the next page when the sentence starts a page's last line
        later = words[s["page"]] + words.get(s["page"] + 1, [])
        if not (_starts_on(first, words[s["page"]]) and _starts_on(second, later)):
            misses.append((s["page"], s["text"][:50]))
    assert not misses, misses[:5]
    for a in gold["focus_areas"]:
        assert a["page_start"] <= a["page_end"]
        head = a["title"].split()[0]
        assert _starts_on(head, words[a["page_start"]]), a


def _lines(words: list[dict]) -> list[str]:
    """Words grouped into printed lines (tops within 3 pt), left to right."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(w["top"] - lines[-1][0]["top"]) <= 3:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [" ".join(w["text"] for w in sorted(ln, key=lambda w: w["x0"])) for ln in lines]


@pytest.fixture(scope="module")
def all_born_digital(tmp_path_factory) -> list[tuple[dict, Path, dict]]:
    out = tmp_path_factory.mktemp("all_plans")
    made = []
    for job in plan_jobs():
        if job["style"] != "scanned":
            pdf = render_plan(job, out, out / "gold")
            gold = json.loads((out / "gold" / f"{pdf.stem}.json").read_text("utf-8"))
            made.append((job, pdf, gold))
    return made


def test_nothing_is_drawn_outside_the_text_frame(all_born_digital):
    """Every word lies on the page and right of the frame's right edge; above and below the
    body frame (header and footer bands) there is only furniture: running lines, page numbers."""
    bad = []
    for job, pdf, gold in all_born_digital:
        s = make_style(job["style"])
        with pdfplumber.open(pdf) as doc:
            for n, page in enumerate(doc.pages, start=1):
                furniture = set(gold["furniture"]) | {str(n)}
                outside = []
                for w in page.extract_words():
                    where = (pdf.name, n, w["text"], round(w["x0"]), round(w["top"]))
                    if (w["x0"] < 0 or w["top"] < 0 or w["x1"] > page.width
                            or w["bottom"] > page.height):
                        bad.append(("off the page", *where))
                    elif w["x1"] > s.x1 + 1:
                        bad.append(("right of the frame", *where))
                    if w["bottom"] > s.bottom + 1 or w["top"] < s.top - 1:
                        outside.append(w)
                bad += [("body text in the header/footer band", pdf.name, n, ln)
                        for ln in _lines(outside) if ln not in furniture]
    assert not bad, bad[:5]


def test_gold_pages_hold_the_sentences_in_every_plan(all_born_digital):
    for _, pdf, gold in all_born_digital:
        _check_gold_pages(pdf, gold)


def test_brochure_is_hyphenated_and_gold_lists_breaks(built):
    pdf, gold = built["brochure"]
    words = _page_words(pdf)
    plain = [h for h in gold["hyphenated"] if not h.get("compound")]
    assert plain, "the brochure should break words at line ends"
    for h in plain[:20]:
        assert any(t.endswith("-") and h["word"].startswith(t[:-1]) for t in words[h["page"]]), h
    # a suspended hyphen is never reported as a broken word
    assert not any(h["word"].endswith("-") for h in gold["hyphenated"])


def test_scanned_pdf_has_no_text_layer(built):
    pdf, gold = built["scanned"]
    with pdfplumber.open(pdf) as doc:
        assert 1 <= len(doc.pages) <= 5
        assert all(not (p.extract_text() or "").strip() for p in doc.pages)
    assert gold["document"]["ocr"] is True and gold["style"] == "scanned"


def test_every_gold_file_is_valid():
    files = sorted(GOLD_DIR.glob("*.json"))
    if not files:
        pytest.skip("tests/gold not generated yet (python -m corpus.generate)")
    for f in files:
        gold = json.loads(f.read_text("utf-8"))
        assert validate_gold(gold) == [], f
        assert set(GOLD_KEYS) <= set(gold) and set(DOCUMENT_KEYS) <= set(gold["document"])
        assert (REPO / gold["file"]).exists(), f"{f.name}: {gold['file']} missing"
