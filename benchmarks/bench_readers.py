"""The two word readers side by side: pdfium (the fast character path, pipeline/pdf/chars.py)
against pdfplumber (the reference), on the same files, in turn, twice.

    .venv/bin/python benchmarks/bench_readers.py [RAW_DIR]

Prints pages per CPU-second of each reader, for parsing alone (words, rects, rules) and for the
whole extraction of a file (layout, tables, facts: ``runner.process_file``), and how many words
of pdfplumber the pdfium path gives with the same text and a box within {TOL} pt. Image-only files
are left out (neither reader has words there).
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.batch import runner  # noqa: E402
from pipeline.pdf import parse  # noqa: E402
from pipeline.pdf.parse import load_document  # noqa: E402

TOL = 0.5  # points


def _files(raw: Path) -> list[Path]:
    return [f for f in sorted(raw.glob("*.pdf"))
            if any(p.words for p in load_document(f, reader="pdfium").pages)]


def speed(files: list[Path], reader: str) -> tuple[int, float]:
    start, pages = time.process_time(), 0
    for f in files:
        pages += len(load_document(f, reader=reader).pages)
    return pages, time.process_time() - start


def extraction(files: list[Path], reader: str) -> tuple[int, float]:
    parse.DEFAULT_READER = reader
    start, pages = time.process_time(), 0
    for f in files:
        pages += runner.process_file(f)["documents"][0]["n_pages"]
    return pages, time.process_time() - start


def agreement(files: list[Path]) -> tuple[int, int]:
    same = total = 0
    for f in files:
        for a, b in zip(load_document(f, reader="pdfplumber").pages, load_document(f, reader="pdfium").pages):
            ref = Counter((w.text, round(w.x0 / TOL), round(w.top / TOL)) for w in a.words)
            new = Counter((w.text, round(w.x0 / TOL), round(w.top / TOL)) for w in b.words)
            near = Counter((w.text, round(w.x0 / TOL) + dx, round(w.top / TOL) + dy)
                           for w in b.words for dx in (-1, 0, 1) for dy in (-1, 0, 1))
            total += sum(ref.values())
            same += sum((ref & near).values()) if ref != new else sum(ref.values())
    return same, total


def main() -> None:
    raw = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "raw_pdfs"
    files = _files(raw)
    shown = raw.relative_to(ROOT) if raw.is_relative_to(ROOT) else raw
    print(f"files: {len(files)} born-digital PDFs in {shown}")
    for _ in range(2):
        for reader in ("pdfplumber", "pdfium"):
            pages, cpu = speed(files, reader)
            print(f"parse      {reader:<10}: {pages:5d} pages in {cpu:6.2f} CPU s = "
                  f"{pages / cpu:6.1f} pages per CPU-second")
    for _ in range(2):
        for reader in ("pdfplumber", "pdfium"):
            pages, cpu = extraction(files, reader)
            print(f"extraction {reader:<10}: {pages:5d} pages in {cpu:6.2f} CPU s = "
                  f"{pages / cpu:6.1f} pages per CPU-second")
    same, total = agreement(files)
    print(f"words: {same} of pdfplumber's {total} ({same / total:.4f}) read by pdfium with the "
          f"same text, box within {TOL} pt")


if __name__ == "__main__":
    main()
