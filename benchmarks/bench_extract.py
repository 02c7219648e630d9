"""How much the extraction stages add to the layout stage (issue 3: at most 50 %).

Prints, over the born-digital PDFs of a folder: seconds for parse + layout + metadata, seconds for
the extract stages (plan facts and minutes), and their ratio. Scanned files are left out: OCR
would dwarf both numbers. The lemma table and spaCy are loaded before timing starts, once, as a
batch run pays that cost once too.

    .venv/bin/python benchmarks/bench_extract.py [RAW_DIR]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from pipeline.batch import runner
from pipeline.lang.nlp import lemmas, sentences


def main(raw_dir: str = "raw_pdfs") -> None:
    lemmas("indsatsområderne videreføres"), sentences("Opvarmning. Igen.")
    layout_s = extract_s = 0.0
    pages = 0
    for path in sorted(Path(raw_dir).glob("*.pdf")):
        t0 = time.perf_counter()
        doc = runner.analyse_file(path)
        t1 = time.perf_counter()
        if doc.ocr:
            continue
        for stage in runner.EXTRACT_STAGES:
            stage(doc)
        t2 = time.perf_counter()
        layout_s += t1 - t0
        extract_s += t2 - t1
        pages += doc.n_pages
    print(f"born-digital pages:         {pages}")
    print(f"parse+layout+metadata:      {layout_s:7.2f} s  ({pages / layout_s:6.1f} pages/s)")
    print(f"extract stages:             {extract_s:7.2f} s  ({pages / extract_s:6.1f} pages/s)")
    print(f"extraction / layout:        {extract_s / layout_s:7.2f}  (target <= 0.50)")


if __name__ == "__main__":
    main(*sys.argv[1:])
