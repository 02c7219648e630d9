"""Throughput of the pipeline: pages/second of ``runner.run`` (forced, 1 worker) on a folder of
PDFs next to plain pdfplumber ``extract_words`` on the same files, and peak memory.

    .venv/bin/python benchmarks/bench_run.py [RAW_DIR]      (default raw_pdfs)

Peak memory is the maximum resident set size of this process (ru_maxrss), which is what a
1-worker run needs; the baseline runs first, so the pipeline's peak includes it.
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.batch import runner  # noqa: E402  (after the path fix, to run without installing)


def peak_mb() -> float:
    """Peak resident memory of this process or of any file's process (each file is extracted in
    a child process under the watchdog)."""
    return max(resource.getrusage(who).ru_maxrss
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024  # Linux: KiB


def plain_pdfplumber(files: list[Path]) -> tuple[int, float]:
    """(pages, seconds) for extract_words on every page of every readable file."""
    pages, started = 0, time.perf_counter()
    for path in files:
        try:
            with pdfplumber.open(str(path)) as pdf:
                for page in pdf.pages:
                    page.extract_words()
                    pages += 1
        except Exception:  # bad files are part of the corpus; the baseline just skips them
            continue
    return pages, time.perf_counter() - started


def pipeline_run(raw_dir: Path) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        result = runner.run(raw_dir, out, workers=1, force=True, echo=lambda line: None)
        return result.pages, time.perf_counter() - started


def main(raw_dir: Path) -> None:
    files = runner.find_pdfs(raw_dir)
    base_pages, base_s = plain_pdfplumber(files)
    base_peak = peak_mb()
    pipe_pages, pipe_s = pipeline_run(raw_dir)
    print(f"files: {len(files)} in {raw_dir}")
    print(f"pdfplumber extract_words : {base_pages:5d} pages in {base_s:7.2f} s = "
          f"{base_pages / max(base_s, 1e-9):7.1f} pages/s  (peak {base_peak:.0f} MB)")
    print(f"pipeline run (1 worker)  : {pipe_pages:5d} pages in {pipe_s:7.2f} s = "
          f"{pipe_pages / max(pipe_s, 1e-9):7.1f} pages/s  (peak {peak_mb():.0f} MB)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "raw_pdfs")
