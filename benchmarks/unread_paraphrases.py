"""Score status and deadline rules on a paraphrase set the developers have not read.

    .venv/bin/python benchmarks/unread_paraphrases.py /work/heldout_eval/independent_set.yaml

The set is written by someone else (format: plan_year, status_sentences and status_headings as
[status, from_year, text], deadline_sentences as {text, due: [[start, end, precision]]}) and kept
outside the repository. This script prints counts only, never a sentence, so running it does not
turn the set into development material.
"""
from __future__ import annotations

import sys

import yaml

from pipeline.facts.deadlines import deadlines_in_sentence
from pipeline.facts.status import classify_heading, classify_sentence


def _outcome(verdict) -> tuple:
    if verdict is None:
        return ("none", None)
    return (verdict.status, verdict.from_year if verdict.status == "continued" else None)


def main(path: str) -> None:
    data = yaml.safe_load(open(path, encoding="utf-8"))
    year = data["plan_year"]
    for key, classify in (("status_sentences", classify_sentence), ("status_headings", classify_heading)):
        rows = data[key]
        right = sum(_outcome(classify(text, year)) == (status, from_year) for status, from_year, text in rows)
        print(f"{key:20s} {right:3d} / {len(rows)} right (status and from-year)")
    rows = data["deadline_sentences"]
    right = sum([[d["due_start"], d["due_end"], d["precision"]] for d in deadlines_in_sentence(r["text"], year)]
                == [[str(a), str(b), p] for a, b, p in r["due"]] for r in rows)
    print(f"{'deadline_sentences':20s} {right:3d} / {len(rows)} right (every period, none extra)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/heldout_eval/independent_set.yaml")
