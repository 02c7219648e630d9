"""The library API: what the command line and the tests call, and what a notebook imports.

    import pipeline
    doc, rows = pipeline.extract("raw_pdfs/plan_ssj_2017.pdf")   # one PDF, nothing written
    result = pipeline.run("raw_pdfs", "extracted")                # the batch: tables on disk
    tables = pipeline.read_tables("extracted")                    # {name: DataFrame}, typed

Each function is a few lines over one stage folder (``pdf/`` → ``facts/`` → ``batch/`` →
``quality/``, ``views/``); see docs/ARCHITECTURE.md.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

import pandas as pd

from pipeline.batch import runner, store, watchdog
from pipeline.batch.runner import RunResult, Rows
from pipeline.batch.store import UsageError, WriteError
from pipeline.model import Document, DocumentError
from pipeline.quality import evaluate as evaluation
from pipeline.views import diff as diff_view
from pipeline.views import inspect as inspect_view
from pipeline.views.report import build_report

__all__ = ["Document", "RunResult", "UsageError", "WriteError", "diff", "evaluate", "extract", "inspect", "pipeline_version",
           "read_tables", "report", "run"]


def pipeline_version() -> str:
    """The package version plus a hash of the code and data files (it names the cache)."""
    return runner.pipeline_version()


def extract(path: str | Path) -> tuple[Document, Rows]:
    """One PDF through every stage: its Document and its rows per table. Nothing is written;
    a bad file raises ``DocumentError`` with a one-line ``reason``."""
    doc = runner.analyse_file(path)
    return doc, runner.extract_rows(doc)


def run(raw_dir: str | Path = "raw_pdfs", out_dir: str | Path = "extracted", workers: int = 1,
        force: bool = False, echo: Optional[Callable[[str], None]] = None, prune: bool = False,
        retry_failed: bool = False, progress: Optional[runner.Progress] = None,
        timeout: Optional[float] = None, max_memory_mb: Optional[int] = None,
        csv_excel_safe: bool = False) -> RunResult:
    """Extract every PDF under ``raw_dir`` into the tables in ``out_dir`` (incremental and
    additive, a bad file never stops the batch). ``echo`` receives one line per failed file and
    each warning (default: stderr); ``progress`` is told about every file done. Raises
    ``timeout`` (s) and ``max_memory_mb`` bound each file (its process is killed). Raises
    ``UsageError`` when ``raw_dir`` holds no PDF (nothing is touched), ``WriteError`` when the
    tables cannot be written (the previous ones are intact)."""
    kwargs = {"echo": echo} if echo is not None else {}
    return runner.run(raw_dir, out_dir, workers=workers, force=force, prune=prune,
                      retry_failed=retry_failed, progress=progress, timeout=timeout,
                      max_memory_mb=max_memory_mb, csv_excel_safe=csv_excel_safe, **kwargs)


def read_tables(out_dir: str | Path = "extracted") -> dict[str, pd.DataFrame]:
    """Every table ``run`` wrote to ``out_dir``, with its schema types (missing ones left out)."""
    tables = {}
    for name in store.schema():
        try:
            tables[name] = store.read_table(out_dir, name)
        except FileNotFoundError:
            continue
    return tables


def inspect(path: str | Path, png_dir: Optional[str | Path] = None,
            timeout: Optional[float] = None,
            max_memory_mb: Optional[int] = None) -> tuple[str, list[Path]]:
    """What ``pipeline inspect`` prints for one PDF, and the page images written to ``png_dir``.
    Runs in its own process under the same hard limits as a batch file (a hostile PDF cannot
    hang it); a bad file raises ``DocumentError`` with a one-line ``reason``."""
    limits = (runner.FILE_TIMEOUT if timeout is None else timeout,
              runner.MAX_MEMORY_MB if max_memory_mb is None else max_memory_mb)
    ((_, result, reason),) = watchdog.run_isolated(_inspect_in_child, [(path, (path, png_dir))],
                                                   1, *limits)
    if result is None:
        raise DocumentError(str(path), reason)
    return result


def _inspect_in_child(path: str | Path, png_dir: Optional[str | Path]) -> tuple[object, str]:
    try:
        doc, rows = extract(path)
    except DocumentError as exc:
        return None, exc.reason
    images = inspect_view.draw(Path(path), doc, Path(png_dir)) if png_dir is not None else []
    return (inspect_view.describe(doc, rows), images), ""


def evaluate(out_dir: str | Path = "extracted", gold_dir: str | Path = "tests/gold") -> str:
    """The scores of ``out_dir``'s tables against the gold annotations, as printed text."""
    return evaluation.format_report(evaluation.evaluate(Path(out_dir), Path(gold_dir)))


def diff(out_dir: str | Path = "extracted", district: Optional[str] = None,
         from_year: Optional[int] = None, to_year: Optional[int] = None, fmt: str = "table",
         color: bool = False) -> str:
    """The year-to-year changes of focus areas, rendered. ``UsageError`` before any run, for an
    unknown district (with the closest name) or a year not in the data (with those present)."""
    require_tables(out_dir, "area_changes")
    changes = diff_view.load_changes(out_dir)
    district = diff_view.check_filters(changes, district, from_year, to_year)
    return diff_view.render_diff(changes, district, from_year, to_year, fmt=fmt, color=color)


def report(out_dir: str | Path = "extracted") -> Path:
    """Write the self-contained HTML report to ``out_dir/report.html``; returns its path
    (``UsageError`` when ``out_dir`` holds no extracted documents)."""
    require_tables(out_dir, "documents")
    return build_report(Path(out_dir))


def require_tables(out_dir: str | Path, table: str) -> None:
    """``UsageError`` with the reason unless ``out_dir`` holds a written ``table`` with rows
    (documents: at least one document)."""
    out = Path(out_dir)
    if not out.is_dir():
        raise UsageError(f"no {table} table: {out} does not exist; run "
                         f"`pipeline run RAW_DIR --out {out}` first")
    try:
        df = store.read_table(out, table)
    except FileNotFoundError:
        raise UsageError(f"no {table} table in {out}: run `pipeline run RAW_DIR --out {out}` "
                         "first") from None
    if table == "documents" and df.empty:
        raise UsageError(f"{out} holds no extracted documents ({table} is empty): nothing to "
                         "report")
