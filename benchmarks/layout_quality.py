"""Layout quality against the corpus gold (tests/gold/*.json), per house style.

    .venv/bin/python benchmarks/layout_quality.py [--gold tests/gold] [--style brochure] [--heldout]

Prints per style: documents, sentences found intact in the whitespace-normalised concatenation of
Page.text, furniture lines left in the text, hyphenated words left broken, suspended hyphens joined
("Sydog"), callouts inside the text. The held-out style is skipped unless --heldout is given, and
then only reported: never tune on it.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Optional

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.pdf.layout import analyse  # noqa: E402
from pipeline.pdf.parse import load_document  # noqa: E402


def norm(text: str) -> str:
    return " ".join(text.split())


def layout_text(pdf_path: Path) -> tuple[list[str], str, dict]:
    """Page texts, the text of all table cells (where words can also be broken), and the
    tables found per page (rows with cells stripped)."""
    with pdfplumber.open(pdf_path) as pdf:
        doc = analyse(load_document(pdf_path, pdf), pdf)
    cells = " ".join(c for p in doc.pages for t in p.tables for r in t.rows for c in r if c)
    tables = {p.number: [_rows(t.rows) for t in p.tables] for p in doc.pages}
    return [p.text for p in doc.pages], cells, tables


def _rows(rows: list) -> list:
    return [[(c or "").strip() for c in r] for r in rows]


def _without(text: str, sentences: list[str]) -> str:
    """The text with every gold sentence cut out: furniture words inside sentences (the district's
    name) are not furniture."""
    for sentence in sentences:
        text = text.replace(sentence, " | ")
    return text


def score(gold: dict, pages: list[str], cells: str = "", tables: Optional[dict] = None) -> dict:
    text = norm(" ".join(pages))
    anywhere = norm(text + " " + cells)
    sentences = [norm(s["text"]) for s in gold.get("sentences", [])]
    missing = [s for s in sentences if s not in text]
    # Stricter: the sentence inside one paragraph (what per-paragraph extractors see).
    paragraphs = " ¶ ".join(norm(par) for p in pages for par in p.split("\n\n"))
    split = [s for s in sentences if s in text and s not in paragraphs]
    furniture = sum(1 for f in gold.get("furniture", []) for p in pages
                    if norm(f) in _without(norm(p), sentences))
    broken = [h["word"] for h in gold.get("hyphenated", []) if h["word"] not in anywhere]
    joined = [s for s in gold.get("suspended", []) if norm(s) not in anywhere]
    callouts = [c for c in gold.get("callouts", []) if re.search(rf"(?<!\w){re.escape(c)}(?!\w)", text)]
    found = tables or {}
    exact = sum(1 for t in gold.get("tables", []) if _rows(t["rows"]) in found.get(t["page"], []))
    return {"tables": len(gold.get("tables", [])), "tables_exact": exact, "sentences": len(sentences), "intact": len(sentences) - len(missing),
            "missing": missing, "split": len(split), "furniture": furniture, "hyphenated": len(gold.get("hyphenated", [])),
            "broken": broken, "suspended": len(gold.get("suspended", [])), "joined": joined,
            "callouts": callouts}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=str(ROOT), help="where the gold's relative file paths start")
    ap.add_argument("--gold", default=None, help="gold directory (default ROOT/tests/gold)")
    ap.add_argument("--style", default=None)
    ap.add_argument("--heldout", action="store_true", help="also report the held-out style")
    ap.add_argument("--show", type=int, default=3, help="examples of misses to print per style")
    args = ap.parse_args()
    totals: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    examples: dict[str, list] = defaultdict(list)
    root = Path(args.root)
    for gold_path in sorted(Path(args.gold or root / "tests" / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        style = gold.get("style", "?") + (" (held-out)" if gold.get("heldout_style") else "")
        if (gold.get("heldout_style") and not args.heldout) or (args.style and gold.get("style") != args.style):
            continue
        pdf_path = root / gold["file"]
        if not pdf_path.exists() or gold.get("style") == "scanned":
            continue
        s = score(gold, *layout_text(pdf_path))
        t = totals[style]
        t["docs"] += 1
        for key in ("sentences", "intact", "split", "furniture", "hyphenated", "suspended",
                    "tables", "tables_exact"):
            t[key] += s[key]
        for key in ("broken", "joined", "callouts"):
            t[key] += len(s[key])
        examples[style] += [(gold_path.stem, m) for m in s["missing"][:2] + s["broken"][:2] + s["joined"][:2] + s["callouts"][:2]]
    print(f"{'style':24} docs sentences intact% in1par%  furniture broken/hyph joined/susp callouts tables exact/gold")
    for style, t in sorted(totals.items()):
        share = 100.0 * t["intact"] / t["sentences"] if t["sentences"] else 100.0
        one = 100.0 * (t["intact"] - t["split"]) / t["sentences"] if t["sentences"] else 100.0
        print(f"{style:24} {t['docs']:4} {t['sentences']:9} {share:7.2f} {one:7.2f}  {t['furniture']:9} "
              f"{t['broken']:6}/{t['hyphenated']:<4} {t['joined']:6}/{t['suspended']:<4} {t['callouts']:8} "
              f"{t['tables_exact']:8}/{t['tables']}")
    for style, ex in sorted(examples.items()):
        for stem, miss in ex[: args.show]:
            print(f"  [{style}] {stem}: {miss[:140]}")


if __name__ == "__main__":
    main()
