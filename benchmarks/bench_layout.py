"""Speed and memory of parse+layout against plain pdfplumber extract_words on the same files.

    .venv/bin/python benchmarks/bench_layout.py [RAW_DIR] [--limit N]

Each file is opened fresh for each method (no shared pdfminer cache). Peak memory is measured in a
separate tracemalloc pass (tracemalloc slows Python down, so it is not used for the timing).
"""
from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.pdf.layout import analyse  # noqa: E402
from pipeline.pdf.parse import load_document  # noqa: E402


def plain(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
        return len(pdf.pages)


def ours(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        doc = analyse(load_document(path, pdf), pdf)
        return doc.n_pages


def timed(fn, files: list[Path]) -> tuple[int, float]:
    pages, start = 0, time.perf_counter()
    for f in files:
        pages += fn(f)
    return pages, time.perf_counter() - start


def peak(fn, files: list[Path]) -> float:
    tracemalloc.start()
    worst = 0
    for f in files:
        tracemalloc.reset_peak()
        fn(f)
        worst = max(worst, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    return worst / 2**20


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("raw_dir", nargs="?", default=str(ROOT / "raw_pdfs"))
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    files = sorted(Path(args.raw_dir).glob("**/*.pdf"))[: args.limit]
    files = [f for f in files if _readable(f)]
    from pipeline.lang.dehyphenate import lexicon
    lexicon()  # one-off word list load is not per-page cost
    ours(files[0]); plain(files[0])  # warm imports and caches
    # Interleaved repeats, best of each: the machine is shared, so single runs are noisy.
    runs = [(timed(plain, files), timed(ours, files)) for _ in range(args.repeat)]
    n = runs[0][0][0]
    t_plain = min(r[0][1] for r in runs)
    t_ours = min(r[1][1] for r in runs)
    print(f"files {len(files)}  pages {n}")
    print(f"pdfplumber extract_words: {n / t_plain:7.1f} pages/s  ({t_plain:.2f} s)")
    print(f"parse + layout:           {n / t_ours:7.1f} pages/s  ({t_ours:.2f} s)  ratio {t_ours / t_plain:.2f}x")
    print(f"peak traced memory per file: plain {peak(plain, files):.1f} MiB, ours {peak(ours, files):.1f} MiB")


def _readable(path: Path) -> bool:
    try:
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages) > 0
    except Exception:
        return False


if __name__ == "__main__":
    main()
