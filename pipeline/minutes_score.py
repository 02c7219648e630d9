"""Scoring minutes extraction against tests/gold (docs/GOLD.md) and running the chain on a corpus.

    score_minutes(rows_by_doc, gold_dir) -> {"all": {...}, "<style>": {...}}

``rows_by_doc`` maps a PDF stem (or path) to the extract_minutes() output, optionally with
"meeting_date" / "meeting_no" keys (the documents row's values) next to the table lists.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Optional

from pipeline.minutes_text import norm

MINUTES_DOC_TYPES = ("referat", "handleplan")


def _item_key(no: str) -> str:
    return re.sub(r"^0+(?=\d)", "", str(no).strip().rstrip(".)").lower())


def _name_key(name: str) -> str:
    return norm(name)


def decision_matches(found: str, gold: str) -> bool:
    """Normalised equality or containment either way (a closing sentence may carry more words)."""
    a, b = norm(found), norm(gold)
    if not a or not b:
        return a == b
    return a == b or a in b or b in a


class Tally:
    """Counts for one style (or all)."""

    def __init__(self) -> None:
        self.c: dict[str, int] = defaultdict(int)

    def add(self, key: str, n: int = 1) -> None:
        self.c[key] += n

    def result(self) -> dict:
        c = self.c
        return {
            "docs": c["docs"],
            "meeting_date_acc": _ratio(c["date_ok"], c["date_n"]),
            "meeting_no_acc": _ratio(c["no_ok"], c["no_n"]),
            "agenda_p": _ratio(c["item_tp"], c["item_tp"] + c["item_fp"]),
            "agenda_r": _ratio(c["item_tp"], c["item_tp"] + c["item_fn"]),
            "title_acc": _ratio(c["title_ok"], c["item_tp"]),
            "page_acc": _ratio(c["page_ok"], c["item_tp"]),
            "decision_acc": _ratio(c["dec_ok"], c["item_tp"]),
            "attendees_p": _ratio(c["att_tp"], c["att_tp"] + c["att_fp"]),
            "attendees_r": _ratio(c["att_tp"], c["att_tp"] + c["att_fn"]),
            "status_acc": _ratio(c["status_ok"], c["att_tp"]),
            "role_acc": _ratio(c["role_ok"], c["att_tp"]),
            "org_acc": _ratio(c["org_ok"], c["att_tp"]),
            "deadlines_p": _ratio(c["dl_tp"], c["dl_tp"] + c["dl_fp"]),
            "deadlines_r": _ratio(c["dl_tp"], c["dl_tp"] + c["dl_fn"]),
            "deadline_actor_acc": _ratio(c["actor_ok"], c["dl_tp"]),
            "deadline_forum_acc": _ratio(c["forum_ok"], c["dl_tp"]),
            "deadline_category_acc": _ratio(c["cat_ok"], c["cat_n"]),
            "counts": dict(c),
        }


def _ratio(num: int, den: int) -> Optional[float]:
    return round(num / den, 4) if den else None


def score_minutes(rows_by_doc: dict[str, dict], gold_dir: str | Path) -> dict[str, dict]:
    """Meeting date, agenda items, decisions and attendees against the gold, per style and overall."""
    by_stem = {Path(k).stem: v for k, v in rows_by_doc.items()}
    tallies: dict[str, Tally] = defaultdict(Tally)
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if gold.get("document", {}).get("doc_type") not in MINUTES_DOC_TYPES:
            continue
        rows = by_stem.get(gold_path.stem, {})
        for tally in (tallies["all"], tallies[gold.get("style", "")]):
            _score_doc(tally, rows, gold)
    return {style: t.result() for style, t in sorted(tallies.items())}


def _score_doc(t: Tally, rows: dict, gold: dict) -> None:
    t.add("docs")
    gold_date = gold.get("document", {}).get("meeting_date", "")
    if gold_date:
        t.add("date_n")
        found = rows.get("meeting_date") or next((r["meeting_date"] for r in rows.get("agenda_items", [])), "")
        t.add("date_ok", found == gold_date)
    if "meeting_no" in rows and gold.get("document", {}).get("doc_type") == "referat":
        t.add("no_n")
        t.add("no_ok", rows["meeting_no"] == gold["document"].get("meeting_no", ""))
    _score_items(t, rows.get("agenda_items", []), gold.get("agenda_items", []))
    _score_people(t, rows.get("attendees", []), gold.get("attendees", []))
    _score_deadlines(t, rows.get("deadlines", []), gold.get("deadlines", []))


def _score_deadlines(t: Tally, found: list[dict], gold: list[dict]) -> None:
    """Deadlines match on the period they name (start, end, precision); each found row used once."""
    left = list(found)
    for g in gold:
        key = (g["due_start"], g["due_end"], g["precision"])
        hit = next((r for r in left if (r["due_start"], r["due_end"], r["precision"]) == key), None)
        if hit is None:
            t.add("dl_fn")
            continue
        left.remove(hit)
        t.add("dl_tp")
        t.add("actor_ok", norm(hit.get("actor", "")) == norm(g.get("actor") or ""))
        t.add("forum_ok", norm(hit.get("forum", "")) == norm(g.get("forum") or ""))
        if g.get("category"):
            t.add("cat_n")
            t.add("cat_ok", hit.get("category") == g["category"])
    t.add("dl_fp", len(left))


def _score_items(t: Tally, found: list[dict], gold: list[dict]) -> None:
    mine = {_item_key(r["item_no"]): r for r in found}
    theirs = {_item_key(g["item_no"]): g for g in gold}
    for key, g in theirs.items():
        r = mine.get(key)
        if r is None:
            t.add("item_fn")
            continue
        t.add("item_tp")
        t.add("title_ok", norm(r["title"]) == norm(g["title"]))
        t.add("page_ok", r.get("page") == g.get("page"))
        t.add("dec_ok", decision_matches(r.get("decision", ""), g.get("decision", "")))
    t.add("item_fp", len(set(mine) - set(theirs)))


def _score_people(t: Tally, found: list[dict], gold: list[dict]) -> None:
    mine = {_name_key(r["name"]): r for r in found}
    theirs = {_name_key(g["name"]): g for g in gold}
    for key, g in theirs.items():
        r = mine.get(key)
        if r is None:
            t.add("att_fn")
            continue
        t.add("att_tp")
        t.add("status_ok", r.get("status") == g.get("status"))
        t.add("role_ok", norm(r.get("role", "")) == norm(g.get("role", "")))
        t.add("org_ok", norm(r.get("organisation", "")) == norm(g.get("organisation", "")))
    t.add("att_fp", len(set(mine) - set(theirs)))


# ---------------------------------------------------------------- running the chain

def load_minutes_document(path: str | Path):
    """parse -> (ocr) -> layout (with the open PDF, for tables) -> metadata for one PDF."""
    import pdfplumber

    from pipeline import layout, metadata, parse

    doc = parse.load_document(str(path))
    try:
        from pipeline import ocr
        if any(not p.has_text_layer for p in doc.pages) and ocr.tesseract_available():
            doc = ocr.apply_ocr(doc, str(path))
    except ImportError:  # OCR stage not there: scanned pages simply stay empty
        pass
    with pdfplumber.open(str(path)) as pdf:
        doc = layout.analyse(doc, pdf)
    return metadata.detect(doc)


def run_minutes_corpus(raw_dir: str | Path, gold_dir: str | Path) -> dict[str, dict]:
    """extract_minutes on every PDF that has minutes gold; rows keyed by PDF stem."""
    from pipeline.minutes import extract_minutes

    out: dict[str, dict] = {}
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pdf = Path(raw_dir) / f"{gold_path.stem}.pdf"
        if gold.get("document", {}).get("doc_type") not in MINUTES_DOC_TYPES or not pdf.exists():
            continue
        doc = load_minutes_document(pdf)
        rows = extract_minutes(doc) or {}
        rows["meeting_date"], rows["meeting_no"] = doc.meta.meeting_date, doc.meta.meeting_no
        out[gold_path.stem] = rows
    return out


def main(raw_dir: str = "raw_pdfs", gold_dir: str = "tests/gold") -> None:
    """Print the minutes scores of the corpus: python -m pipeline.minutes_score [RAW_DIR GOLD_DIR]."""
    scores = score_minutes(run_minutes_corpus(raw_dir, gold_dir), gold_dir)
    for style, result in scores.items():
        shown = {k: v for k, v in result.items() if k != "counts" and v is not None}
        print(style, json.dumps(shown, ensure_ascii=False))


if __name__ == "__main__":
    import sys

    main(*sys.argv[1:3])
