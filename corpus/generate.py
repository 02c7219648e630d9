"""Entry point: python -m corpus.generate --out raw_pdfs --gold tests/gold

Generates the cooperation plans and, when corpus/minutes.py provides
generate(out_dir, gold_dir) -> list[Path], the minutes and handleplaner too.
"""
from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from corpus import plans


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m corpus.generate")
    ap.add_argument("--out", default="raw_pdfs", help="directory for the PDFs")
    ap.add_argument("--gold", default="tests/gold", help="directory for the gold JSON files")
    ap.add_argument("--only", choices=["plans", "minutes"], help="generate one family only")
    args = ap.parse_args(argv)
    out, gold = Path(args.out), Path(args.gold)
    t0 = time.time()
    made: list[Path] = []
    if args.only in (None, "plans"):
        made += plans.generate(out, gold)
        print(f"plans: {len(made)} PDFs ({time.time() - t0:.1f}s)")
    if args.only in (None, "minutes"):
        made += _minutes(out, gold)
    print(f"total: {len(made)} PDFs in {out}, gold in {gold} ({time.time() - t0:.1f}s)")
    return 0


def _minutes(out: Path, gold: Path) -> list[Path]:
    """The minutes generator is optional: it is owned by another engineer."""
    if importlib.util.find_spec("corpus.minutes") is None:
        print("minutes: corpus/minutes.py not found, skipped")
        return []
    mod = importlib.import_module("corpus.minutes")
    if not hasattr(mod, "generate"):
        print("minutes: corpus.minutes has no generate(), skipped")
        return []
    t0 = time.time()
    made = list(mod.generate(out, gold))
    print(f"minutes: {len(made)} PDFs ({time.time() - t0:.1f}s)")
    return made


if __name__ == "__main__":
    sys.exit(main())
