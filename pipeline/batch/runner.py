"""Batch runner: every PDF under a folder -> all output tables, incrementally and robustly.

Per file: sha256 -> cache hit (``OUT/cache/<sha256>-<version>.json``) or
validate -> parse -> ocr -> layout -> metadata -> extract stages -> rows -> cache.
Then all rows of all CURRENT files are gathered from their caches, post-stages run over the whole
batch (later: the year-to-year comparison) and ``store.write_tables`` writes everything atomically.

A failing file never stops the batch: it is printed as one ``FAILED <path>: <reason>`` line and
listed in ``failures.csv``. If the same content was extracted successfully before (a cache of any
pipeline version), its earlier rows are kept, so a bad run never removes good output.

Adding an extract stage = appending one function ``Document -> {table: [row dict]}`` to
``EXTRACT_STAGES``; a batch-wide step = one function ``{table: DataFrame} -> {table: DataFrame}``
in ``POST_STAGES``.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import pandas as pd

from pipeline.version import __version__
from pipeline.pdf import ocr
from pipeline.pdf.parse import file_sha256
from pipeline.batch import store
from pipeline.facts import document_rows as tables_out
from pipeline.facts import records
from pipeline.model import Document, DocumentError
from pipeline.batch import compare
from pipeline.facts import plan as extract
from pipeline.facts.minutes import extract as minutes
from pipeline.pdf import layout, metadata, parse, validate

Rows = dict[str, list[dict]]
Stage = Callable[[Document], Rows]
PostStage = Callable[[dict[str, pd.DataFrame]], dict[str, pd.DataFrame]]

# Extract stages, in order. Each returns rows for one or more tables; later issues add e.g.
# extract.extract_plan_facts (focus_areas, deadlines, figures) and minutes.extract_minutes.
EXTRACT_STAGES: list[Stage] = []  # filled at the end of this module
# Batch-wide stages over the gathered tables (later: compare.compare_years -> area_changes).
POST_STAGES: list[PostStage] = []  # filled at the end of this module
# Called with the open DuckDB connection after the tables are in (later: compare.create_views).
DUCKDB_HOOK: Optional[Callable] = None

CACHE_DIR = "cache"
# Seconds one file may take before it is recorded as failed (0 = no limit). Generous: a 25-page
# scanned plan needs about a minute of OCR on one core.
FILE_TIMEOUT = 600
FAILURES = "failures"


@functools.lru_cache(maxsize=1)
def pipeline_version() -> str:
    """Package version + a hash of the pipeline's code and data files.

    WHY the hash: the cache must not serve rows made by different code; developers rarely bump
    __version__, so any change to a .py or data file invalidates the caches by itself."""
    root = Path(__file__).parents[1]  # the whole package, not only batch/
    digest = hashlib.sha256()
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".json",
                                                                             ".txt", ".csv")
                   and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}.{digest.hexdigest()[:10]}"


@dataclass
class Failure:
    path: str
    sha256: str
    reason: str
    kept_earlier_rows: bool = False


@dataclass
class RunResult:
    out_dir: Path
    files: int = 0
    documents: int = 0
    pages: int = 0
    extracted: int = 0
    reused: int = 0
    failures: list[Failure] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, same content as)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0


# ---------------------------------------------------------------- one file

def analyse_file(path: str | Path, sha256: Optional[str] = None) -> Document:
    """validate -> parse -> ocr -> layout -> metadata: the Document of one PDF (``sha256``: the
    file's hash when the caller has it already, so the file is read for it once)."""
    with validate.open_checked(path) as (pdf, check):
        doc = parse.load_document(path, pdf=pdf, sha256=sha256)
        for message in check.warnings:
            doc.warn(message)
        if ocr.needs_ocr(doc):
            ocr.apply_ocr(doc, path)
        layout.analyse(doc, pdf)
    return metadata.detect(doc)


def extract_rows(doc: Document, stages: Iterable[Stage] | None = None) -> Rows:
    """Rows of every extract stage, then documents/pages (last: they carry all warnings)."""
    rows: Rows = {}
    for stage in [*(EXTRACT_STAGES if stages is None else stages), tables_out.base_tables]:
        for table, table_rows in stage(doc).items():
            records.check(table, table_rows, getattr(stage, "__qualname__", str(stage)))
            rows.setdefault(table, []).extend(table_rows)
    return rows


def process_file(path: str | Path, sha256: Optional[str] = None) -> Rows:
    """All rows of one PDF (raises DocumentError for a bad file)."""
    return extract_rows(analyse_file(path, sha256))


class FileTimeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Raise FileTimeout after ``seconds``: a pathological PDF can keep pdfminer busy for hours.

    SIGALRM only works in the main thread (the CLI, and each pool worker); elsewhere no limit."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise FileTimeout(f"timed out after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _work(path: str, timeout: int = 0, sha256: Optional[str] = None) -> tuple[Optional[Rows], str]:
    """(rows, "") or (None, reason): never raises, so one bad file cannot stop a worker pool."""
    try:
        with _time_limit(timeout):
            return process_file(path, sha256), ""
    except DocumentError as exc:
        return None, exc.reason
    except FileTimeout as exc:
        return None, str(exc)
    except Exception as exc:  # a bug or an unexpected PDF: recorded, the batch goes on
        message = " ".join(str(exc).split()) or "(no message)"
        return None, f"internal error: {type(exc).__name__}: {message}"


# ---------------------------------------------------------------- files and cache

def find_pdfs(raw_dir: str | Path) -> list[Path]:
    """Every file named *.pdf (any case) under raw_dir, recursively, in a stable order."""
    root = Path(raw_dir)
    return sorted(p for p in root.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())


def display_path(path: Path) -> str:
    """Path as users see it: relative to the working directory when below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def cache_path(out_dir: Path, sha: str) -> Path:
    return out_dir / CACHE_DIR / f"{sha}-{pipeline_version()}.json"


def load_cache(path: Path) -> Optional[Rows]:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)["rows"]
    except (OSError, ValueError, KeyError):  # missing or unreadable: extract again
        return None


def earlier_cache(out_dir: Path, sha: str) -> Optional[Rows]:
    """Rows of the newest cache of this content from ANY pipeline version."""
    candidates = sorted((out_dir / CACHE_DIR).glob(f"{sha}-*.json"),
                        key=lambda p: p.stat().st_mtime, reverse=True)
    for candidate in candidates:
        rows = load_cache(candidate)
        if rows is not None:
            return rows
    return None


def save_cache(out_dir: Path, sha: str, source: str, rows: Rows) -> None:
    """Atomic: a crash leaves either no cache file or a complete one."""
    target = cache_path(out_dir, sha)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    payload = {"sha256": sha, "source_path": source, "version": pipeline_version(), "rows": rows}
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False, default=str)
    os.replace(tmp, target)
    for older in target.parent.glob(f"{sha}-*.json"):  # other versions: superseded
        if older != target:
            older.unlink(missing_ok=True)


# ---------------------------------------------------------------- the batch

def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def run(raw_dir: str | Path, out_dir: str | Path, workers: int = 1, force: bool = False,
        echo: Callable[[str], None] = _stderr) -> RunResult:
    """Extract every PDF under ``raw_dir`` into the tables in ``out_dir``; see the module doc."""
    started = time.perf_counter()
    ocr.new_run()
    out = Path(out_dir)
    result = RunResult(out_dir=out)
    files = _hash_files(find_pdfs(raw_dir), result, echo)
    rows_by_path, todo = _from_cache(files, out, force, result)
    for (path, sha), (rows, reason) in zip(todo, _execute(todo, workers)):
        if rows is not None:
            if not _ocr_missing(rows):
                # Without OCR the rows are incomplete: extract again once Tesseract is there.
                save_cache(out, sha, path, rows)
            rows_by_path[path] = rows
            result.extracted += 1
        else:
            _record_failure(result, out, path, sha, reason, rows_by_path, echo)
    _warn_ocr_once(rows_by_path, todo)
    _write(result, out, [rows_by_path[p] for p, _ in files if p in rows_by_path])
    result.seconds = time.perf_counter() - started
    return result


def _hash_files(paths: list[Path], result: RunResult,
                echo: Callable[[str], None]) -> list[tuple[str, str]]:
    """(display path, sha256) of each readable file; same content twice is processed once."""
    seen: dict[str, str] = {}
    files = []
    for path in paths:
        shown = display_path(path)
        result.files += 1
        try:
            sha = file_sha256(path)
        except OSError as exc:
            result.failures.append(Failure(shown, "", f"cannot read file: {exc.strerror or exc}"))
            echo(f"FAILED {shown}: {result.failures[-1].reason}")
            continue
        if sha in seen:
            result.duplicates.append((shown, seen[sha]))
            continue
        seen[sha] = shown
        files.append((shown, sha))
    return files


def _from_cache(files: list[tuple[str, str]], out: Path, force: bool,
                result: RunResult) -> tuple[dict[str, Rows], list[tuple[str, str]]]:
    """(rows of the files with a current cache, files still to extract)."""
    rows_by_path: dict[str, Rows] = {}
    todo = []
    for path, sha in files:
        cached = None if force else load_cache(cache_path(out, sha))
        if cached is None:
            todo.append((path, sha))
        else:
            rows_by_path[path] = _relocate(cached, path)
            result.reused += 1
    return rows_by_path, todo


def _execute(files: list[tuple[str, str]], workers: int) -> Iterator[tuple[Optional[Rows], str]]:
    """Results of ``_work`` for the (path, sha256) ``files`` in their order, in a process pool
    when workers > 1."""
    if workers <= 1 or len(files) <= 1:
        yield from (_work(p, FILE_TIMEOUT, sha) for p, sha in files)
        return
    paths = [p for p, _ in files]
    hashes = dict(files)
    results: dict[str, tuple[Optional[Rows], str]] = {}
    crashed = []
    # Workers stay quiet about missing Tesseract: the parent prints the one warning of the run.
    with ProcessPoolExecutor(max_workers=workers, initializer=ocr.silence_warnings) as pool:
        futures = {p: pool.submit(_work, p, FILE_TIMEOUT, hashes[p]) for p in paths}
        for path, future in futures.items():
            try:
                results[path] = future.result()
            except BrokenProcessPool:  # some worker died (native crash): who is to blame?
                crashed.append(path)
    for path in crashed:  # each suspect alone, so only the file that kills its process fails
        results[path] = _isolated(path, hashes[path])
    for path in paths:
        yield results[path]


def _isolated(path: str, sha256: str) -> tuple[Optional[Rows], str]:
    with ProcessPoolExecutor(max_workers=1, initializer=ocr.silence_warnings) as pool:
        try:
            return pool.submit(_work, path, FILE_TIMEOUT, sha256).result()
        except BrokenProcessPool:
            return None, "internal error: the process reading this file crashed"


def _relocate(rows: Rows, path: str) -> Rows:
    """Cached rows of the same content found under another name: point to the current file."""
    for row in rows.get("documents", []):
        row["source_path"] = path
    return rows


def _record_failure(result: RunResult, out: Path, path: str, sha: str, reason: str,
                    rows_by_path: dict[str, Rows], echo: Callable[[str], None]) -> None:
    earlier = earlier_cache(out, sha)
    if earlier is not None:
        rows_by_path[path] = _relocate(earlier, path)
    result.failures.append(Failure(path, sha, reason, kept_earlier_rows=earlier is not None))
    suffix = " (kept the rows of an earlier run)" if earlier is not None else ""
    echo(f"FAILED {path}: {reason}{suffix}")


def _ocr_missing(rows: Rows) -> str:
    """The "ocr unavailable ..." warning of a document's rows, or ""."""
    for row in rows.get("documents", []):
        for warning in (row.get("warnings") or "").split(tables_out.WARNING_SEPARATOR):
            if warning.startswith("ocr unavailable"):
                return warning
    return ""


def _warn_ocr_once(rows_by_path: dict[str, Rows], todo: list[tuple[str, str]]) -> None:
    for path, _ in todo:
        warning = _ocr_missing(rows_by_path.get(path, {}))
        if warning:
            ocr.warn_unavailable_once(warning)
            return


def gather(all_rows: list[Rows]) -> dict[str, pd.DataFrame]:
    """One DataFrame per table (every schema table, empty ones too) from the rows of all files."""
    names = list(store.schema()) + sorted({t for rows in all_rows for t in rows} - set(store.schema()))
    names.remove(FAILURES)
    return {name: store.frame(name, [r for rows in all_rows for r in rows.get(name, [])])
            for name in names}


def _write(result: RunResult, out: Path, all_rows: list[Rows]) -> None:
    tables = gather(all_rows)
    for post in POST_STAGES:
        tables.update(post(tables))
    tables[FAILURES] = store.frame(FAILURES, [
        {"path": f.path, "sha256": f.sha256, "reason": f.reason} for f in result.failures])
    store.write_tables(tables, out, duckdb_hook=DUCKDB_HOOK)
    result.rows = {name: len(df) for name, df in tables.items()}
    result.documents = result.rows.get("documents", 0)
    result.pages = result.rows.get("pages", 0)


def _register_stages() -> None:
    # Imported here, not at the top: the stages import the model and nlp, not the runner.
    global DUCKDB_HOOK

    EXTRACT_STAGES.extend([extract.extract_plan_facts, minutes.extract_minutes])
    POST_STAGES.append(compare.compare_stage)
    DUCKDB_HOOK = compare.create_views


_register_stages()
