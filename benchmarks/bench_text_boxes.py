"""How well the fact boxes (x0, top, x1, bottom) hold the fact's words, over a run's tables.

    .venv/bin/python benchmarks/bench_text_boxes.py OUT_DIR

For every fact row with a box: the PDF's own words (pdfplumber; none on scanned pages, which are
skipped) whose centre lies in the box. Prints per table and per house style of the document
(documents.csv source_path -> the gold's style): rows boxed; "inside" = share of the fact's
tokens (its sentence, table row or title) found among the words in its box (1.0 = the box holds
all of them); "own" = share of the words in the box that are tokens of the fact (low = the box
is much larger than the fact, e.g. a paragraph's box standing in); "own/lines" the same for the
words in its line_boxes (what the report highlights). Held-out style reported apart.
"""
from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pdfplumber

TOKEN = re.compile(r"\w+")
TEXT = {"focus_areas": "title", "deadlines": "sentence", "figures": "context",
        "agenda_items": "title"}
PAGE = {"focus_areas": "page_start"}


def tokens(text: str) -> list[str]:
    return [t.casefold() for t in TOKEN.findall(text or "")]


def style_of(source_path: str) -> str:
    gold = Path("tests/gold") / f"{Path(source_path).stem}.json"
    if not gold.exists():
        return "unknown"
    data = json.loads(gold.read_text(encoding="utf-8"))
    return ("heldout:" if data.get("heldout_style") else "") + str(data.get("style"))


def _inside(words: list[dict], boxes: list[tuple]) -> list[str]:
    """The words whose centre lies in one of ``boxes`` (1 pt of slack)."""
    return [w["text"] for w in words if any(
        x0 - 1 <= (w["x0"] + w["x1"]) / 2 <= x1 + 1 and top - 1 <= (w["top"] + w["bottom"]) / 2 <= bottom + 1
        for x0, top, x1, bottom in boxes)]


def main(out: Path) -> None:
    docs = pd.read_csv(out / "documents.csv", dtype=str).fillna("")
    paths = dict(zip(docs["doc_id"], docs["source_path"]))
    scores: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for table, column in TEXT.items():
        rows = pd.read_csv(out / f"{table}.csv")
        page_col = PAGE.get(table, "page")
        for doc_id, group in rows.groupby("doc_id"):
            style = style_of(paths.get(doc_id, ""))
            with pdfplumber.open(paths[doc_id]) as pdf:
                page_words: dict[int, list[dict]] = {}
                for row in group.itertuples(index=False):
                    key = (table, style)
                    counts[key][1] += 1
                    if pd.isna(row.x0):
                        continue
                    counts[key][0] += 1
                    number = int(getattr(row, page_col))
                    if number not in page_words:
                        page_words[number] = pdf.pages[number - 1].extract_words()
                    words = page_words[number]
                    if not words:  # scanned page: no text layer to check against
                        continue
                    fact = tokens(str(getattr(row, column)))
                    boxed = tokens(" ".join(_inside(words, [(row.x0, row.top, row.x1, row.bottom)])))
                    lines = [tuple(map(float, b.split(","))) for b in
                             str(getattr(row, "line_boxes", "") or "").split(";") if b.count(",") == 3]
                    in_lines = tokens(" ".join(_inside(words, lines))) if lines else boxed
                    if not fact or not boxed:
                        scores[key].append((0.0, 0.0, 0.0))
                        continue
                    bag = set(boxed)
                    scores[key].append((sum(t in bag for t in fact) / len(fact),
                                        sum(t in set(fact) for t in boxed) / len(boxed),
                                        sum(t in set(fact) for t in in_lines) / max(len(in_lines), 1)))
    print(f"{'table':13} {'style':18} {'boxed':>10} {'checked':>8} {'inside':>7} {'own':>6} {'own/lines':>9}")
    for key in sorted(counts):
        got = scores.get(key, [])
        inside = sum(s[0] for s in got) / len(got) if got else float("nan")
        own = sum(s[1] for s in got) / len(got) if got else float("nan")
        own_lines = sum(s[2] for s in got) / len(got) if got else float("nan")
        boxed, total = counts[key]
        print(f"{key[0]:13} {key[1]:18} {boxed:>4}/{total:<5} {len(got):>8} {inside:7.3f} {own:6.3f}"
              f" {own_lines:9.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "extracted"))
