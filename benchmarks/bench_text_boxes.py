"""How well the fact boxes (x0, top, x1, bottom) hold the fact's words, over a run's tables.

    .venv/bin/python benchmarks/bench_text_boxes.py OUT_DIR

For every fact row with a box: the PDF's own words (pdfplumber; none on scanned pages, which are
skipped) whose centre lies in the box. Prints per table and per house style of the document
(documents.csv source_path -> the gold's style): rows boxed; "inside" = share of the fact's
tokens (its sentence, table row or title) found among the words in its box (1.0 = the box holds
all of them); "own" = share of the words in the box that are tokens of the fact (low = the box
is much larger than the fact, e.g. a paragraph's box standing in). Held-out style reported apart.
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
                for row in group.itertuples(index=False):
                    key = (table, style)
                    counts[key][1] += 1
                    if pd.isna(row.x0):
                        continue
                    counts[key][0] += 1
                    page = pdf.pages[int(getattr(row, page_col)) - 1]
                    words = page.extract_words()
                    if not words:  # scanned page: no text layer to check against
                        continue
                    inside = [w["text"] for w in words
                              if row.x0 - 1 <= (w["x0"] + w["x1"]) / 2 <= row.x1 + 1
                              and row.top - 1 <= (w["top"] + w["bottom"]) / 2 <= row.bottom + 1]
                    fact = tokens(str(getattr(row, column)))
                    boxed = tokens(" ".join(inside))
                    if not fact or not boxed:
                        scores[key].append((0.0, 0.0))
                        continue
                    bag = set(boxed)
                    scores[key].append((sum(t in bag for t in fact) / len(fact),
                                        sum(t in set(fact) for t in boxed) / len(boxed)))
    print(f"{'table':13} {'style':18} {'boxed':>10} {'checked':>8} {'inside':>7} {'own':>6}")
    for key in sorted(counts):
        got = scores.get(key, [])
        inside = sum(s[0] for s in got) / len(got) if got else float("nan")
        own = sum(s[1] for s in got) / len(got) if got else float("nan")
        boxed, total = counts[key]
        print(f"{key[0]:13} {key[1]:18} {boxed:>4}/{total:<5} {len(got):>8} {inside:7.3f} {own:6.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "extracted"))
