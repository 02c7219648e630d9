"""The issue-11 measures on randomised minutes (corpus/minutes_random.py), development and
held-back shapes apart.

    .venv/bin/python benchmarks/random_minutes.py --n 100 [--seed 1] [--out DIR] [--show-fails]

Generates the PDFs (deterministic per seed), runs every stage on each (pipeline.api.extract),
and prints right/total per measure. With ``--show-fails`` it lists development failures only:
held-back documents are scored, never shown.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # corpus/ is not installed

from corpus import minutes_random  # noqa: E402
from pipeline import api  # noqa: E402
from pipeline.quality.evaluate import format_minutes_measures, minutes_measures  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--show-fails", action="store_true")
    args = ap.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="random_minutes_"))
    docs = minutes_random.generate(out, args.n, args.seed)
    pairs = []
    for path, gold in docs:
        doc, rows = api.extract(path)
        pairs.append((gold, rows))
        if args.show_fails and not gold["heldout_style"]:
            show_fails(path, gold, rows)
    held = sum(bool(g["heldout_style"]) for g, _ in pairs)
    print(f"{len(pairs)} randomised minutes (seed {args.seed}): {len(pairs) - held} dev, {held} held-back shapes")
    print(format_minutes_measures(minutes_measures(pairs)))


def show_fails(path: Path, gold: dict, rows: dict) -> None:
    single = minutes_measures([(gold, rows)])
    bad = {m: v for m, v in single.get("dev", {}).items() if v[0] < v[1]}
    if bad:
        wrong = ", ".join(f"{m} {int(a)}/{int(b)}" for m, (a, b) in bad.items())
        print(f"{path.name} {gold['shapes']}: {wrong}", file=sys.stderr)


if __name__ == "__main__":
    main()
