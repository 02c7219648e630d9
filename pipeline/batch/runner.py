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

import errno
import fcntl
import functools
import hashlib
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import pandas as pd

from pipeline.datafiles import DATA_DIR, load
from pipeline.version import __version__
from pipeline.lang import gazetteer, nlp, numbers, periods
from pipeline.pdf import ocr
from pipeline.pdf.parse import file_sha256
from pipeline.batch import catalogue, store, watchdog
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

CACHE_DIR = catalogue.CACHE_DIR
# Hard limits per file (``--timeout``, ``--max-memory``; 0 = none), enforced by the watchdog that
# kills the file's process. Generous: a 25-page scanned plan needs about a minute of OCR on one
# core and well under 1 GB.
FILE_TIMEOUT = 300
MAX_MEMORY_MB = 2000
FAILURES = "failures"
LOCK_NAME = ".pipeline.lock"


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
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)  # doc_ids
    kept_absent: int = 0   # documents of earlier runs whose file is not in RAW_DIR: kept
    pruned: int = 0        # ... dropped by --prune
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


def _work(path: str, sha256: Optional[str] = None,
          shown: Optional[str] = None) -> tuple[Optional[Rows], str]:
    """(rows, "") or (None, reason): never raises, so one bad file cannot stop the batch.
    ``shown``: the path as the tables store it (printable, valid UTF-8)."""
    try:
        rows = process_file(path, sha256)
        for row in rows.get("documents", []):
            row["source_path"] = shown or safe_text(str(row.get("source_path", "")))
        return rows, ""
    except DocumentError as exc:
        return None, safe_text(exc.reason)
    except MemoryError:
        raise  # the watchdog's child turns it into "needed more than N MB"
    except Exception as exc:  # a bug or an unexpected PDF: recorded, the batch goes on
        message = " ".join(str(exc).split()) or "(no message)"
        return None, safe_text(f"internal error: {type(exc).__name__}: {message}")


# ---------------------------------------------------------------- files

def find_pdfs(raw_dir: str | Path, problems: Optional[list[tuple[str, str]]] = None) -> list[Path]:
    """Every file named *.pdf (any case) under raw_dir, recursively, in a stable order. Symbolic
    links to folders are not followed (no loops); what cannot be read is appended to
    ``problems`` as (shown path, reason): unreadable folders, dangling links, link loops."""
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        if problems is not None:
            problems.append((display_path(Path(exc.filename or raw_dir)),
                             f"cannot read folder: {exc.strerror or exc}"))

    for folder, _, names in os.walk(raw_dir, onerror=unreadable):
        for name in names:
            path = Path(folder) / name
            if path.suffix.lower() != ".pdf":
                continue
            if path.is_file():
                found.append(path)
            elif problems is not None and path.is_symlink():
                problems.append((display_path(path), _link_problem(path)))
    return sorted(found)


def _link_problem(path: Path) -> str:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return "symbolic link loop"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        return "dangling symbolic link (its target does not exist)"
    return "symbolic link to something that is not a file"


def display_path(path: Path) -> str:
    """Path as users see it and the tables store it: relative to the working directory when below
    it; bytes that are not UTF-8 (a Latin-1 name from an old zip) as \\xNN, control characters
    escaped, so a name can neither break a message or a CSV line nor forge a FAILED line."""
    try:  # abspath, not resolve: a symbolic link is shown as itself, not as its target
        shown = Path(os.path.abspath(path)).relative_to(os.path.abspath(os.getcwd()))
    except ValueError:
        shown = path
    return safe_text(os.fsencode(shown).decode("utf-8", "backslashreplace"))


def safe_text(text: str) -> str:
    """``text`` with control characters as escapes (\\n, \\r, \\x1b) and nothing unprintable."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


# ---------------------------------------------------------------- the batch

def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


class Progress:
    """What the runner reports while it works; this base reports nothing (``--quiet``)."""

    def start(self, total: int) -> None:
        """``total`` files are to be extracted (the cached ones are not counted)."""

    def advance(self, path: str, pages: int, failed: bool) -> None:
        """One file is done (``pages`` read), or failed."""

    def finish(self) -> None:
        """All files are done (also called when the run is interrupted)."""


def run(raw_dir: str | Path, out_dir: str | Path, workers: int = 1, force: bool = False,
        echo: Callable[[str], None] = _stderr, prune: bool = False, retry_failed: bool = False,
        progress: Optional[Progress] = None, timeout: Optional[float] = None,
        max_memory_mb: Optional[int] = None, csv_excel_safe: bool = False) -> RunResult:
    """Extract every PDF under ``raw_dir`` into the tables in ``out_dir``; see the module doc.

    Raises ``store.UsageError`` before touching ``out_dir`` when ``raw_dir`` holds no PDF."""
    started = time.perf_counter()
    out = Path(out_dir)
    problems: list[tuple[str, str]] = []
    paths = find_pdfs(raw_dir, problems)
    if not paths and not problems:
        raise store.UsageError(f"no PDF files in {raw_dir} (looked for *.pdf in it and its "
                               f"subfolders): nothing was changed in {out}")
    check_out_dir(out)
    with _locked(out):
        return _run(paths, problems, out, workers, force, echo, prune, retry_failed, progress,
                    (FILE_TIMEOUT if timeout is None else timeout,
                     MAX_MEMORY_MB if max_memory_mb is None else max_memory_mb), started,
                    csv_excel_safe)


def check_out_dir(out: Path) -> None:
    """``UsageError`` with the reason unless ``out`` (and its cache folder) can be written: a
    file, a read-only mount or a folder without permission is found before any work."""
    for folder in (out, out / CACHE_DIR):
        if folder.exists() and not folder.is_dir():
            raise store.UsageError(f"--out {folder} is a file, not a folder")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".write-test-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise store.UsageError(f"cannot write to {folder}: {exc.strerror or exc}") from None


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """An advisory lock on the output folder: two runs into one folder would race (last writer
    wins), so the second one stops at once."""
    handle = open(out / LOCK_NAME, "a+b")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise store.UsageError(f"another run is writing to {out}: try again when it is "
                                   "done") from None
        yield
    finally:
        handle.close()  # closing releases the lock


def _run(paths: list[Path], problems: list[tuple[str, str]], out: Path, workers: int, force: bool, echo: Callable[[str], None],
         prune: bool, retry_failed: bool, progress: Optional[Progress],
         limits: tuple[float, int], started: float, csv_excel_safe: bool = False) -> RunResult:
    ocr.new_run()
    version = pipeline_version()
    result = RunResult(out_dir=out)
    warnings: list[str] = []
    entries = catalogue.load_entries(out, version, warnings)
    for message in warnings:
        echo(f"warning: {message}")
    for shown, reason in problems:
        result.files += 1
        result.failures.append(Failure(shown, "", reason))
        echo(f"FAILED {shown}: {reason}")
    files, real = _hash_files(paths, result, echo)
    rows_by_sha, todo = _from_catalogue(files, entries, out, version, force, retry_failed,
                                        result, echo)
    progress = progress or Progress()
    progress.start(len(todo))
    try:
        with _sigterm_as_interrupt():
            for path, sha, rows, reason in _execute(todo, real, workers, *limits):
                if rows is not None:
                    if not _ocr_missing(rows):
                        # Without OCR the rows are incomplete: extract again once Tesseract is
                        # there. Saved as each file finishes: an interrupted run keeps its work.
                        catalogue.save_entry(out, catalogue.Entry(sha, version, rows, files[sha]))
                    rows_by_sha[sha] = rows
                    result.extracted += 1
                else:  # recorded at once: a re-run does not try (and hang on) it again
                    catalogue.record_failure(out, sha, version, path, reason)
                    _record_failure(result, path, sha, reason, entries.get(sha), rows_by_sha, echo)
                progress.advance(path, _n_pages(rows), rows is None)
    finally:
        progress.finish()
    _warn_ocr_once(rows_by_sha, todo)
    _keep_earlier_documents(entries, files, rows_by_sha, version, prune, result)
    _write(result, out, [_annotated(rows_by_sha[sha], sha, files, entries, version, result)
                         for sha in _catalogue_order(files, entries, rows_by_sha)], echo,
           csv_excel_safe)
    result.seconds = time.perf_counter() - started
    return result


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the run like Ctrl-C: the watchdog kills the workers, finished documents stay
    in the catalogue. Only the main thread can install handlers (elsewhere: as before)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _n_pages(rows: Optional[Rows]) -> int:
    docs = (rows or {}).get("documents") or [{}]
    return int(docs[0].get("n_pages") or 0)


def _hash_files(paths: list[Path], result: RunResult, echo: Callable[[str], None]
                ) -> tuple[dict[str, list[str]], dict[str, Path]]:
    """({sha256: [display paths]} of the readable files in path order, {display path: path}); the
    same bytes under two names are one document listed under both."""
    files: dict[str, list[str]] = {}
    real: dict[str, Path] = {}
    for path in paths:
        shown = display_path(path)
        real[shown] = path
        result.files += 1
        try:
            sha = file_sha256(path)
        except OSError as exc:
            result.failures.append(Failure(shown, "", f"cannot read file: {exc.strerror or exc}"))
            echo(f"FAILED {shown}: {result.failures[-1].reason}")
            continue
        if sha in files:
            result.duplicates.append((shown, files[sha][0]))
        files.setdefault(sha, []).append(shown)
    return files, real


def _from_catalogue(files: dict[str, list[str]], entries: dict[str, catalogue.Entry], out: Path,
                    version: str, force: bool, retry_failed: bool, result: RunResult,
                    echo: Callable[[str], None]) -> tuple[dict[str, Rows], list[tuple[str, str]]]:
    """(rows of the files with a current catalogue entry, (path, sha) still to extract). A file
    that failed under this pipeline version before is not tried again unless ``retry_failed``."""
    rows_by_sha: dict[str, Rows] = {}
    todo = []
    for sha, names in files.items():
        entry = entries.get(sha)
        if entry is not None and entry.version == version and not force:
            rows_by_sha[sha] = entry.rows
            result.reused += 1
            if entry.paths != names:  # renamed or copied: the catalogue follows the file
                catalogue.save_entry(out, catalogue.Entry(sha, version, entry.rows, names))
            continue
        earlier = None if retry_failed or force else catalogue.recorded_failure(out, sha, version)
        if earlier is not None:
            _record_failure(result, names[0], sha, earlier, entry, rows_by_sha, echo,
                            note="failed before; --retry-failed tries again")
        else:
            todo.append((names[0], sha))
    return rows_by_sha, todo


def _keep_earlier_documents(entries: dict[str, catalogue.Entry], files: dict[str, list[str]],
                            rows_by_sha: dict[str, Rows], version: str, prune: bool,
                            result: RunResult) -> None:
    """Documents of earlier runs whose file is not in RAW_DIR now: kept, or dropped by --prune."""
    absent = [sha for sha in entries if sha not in files and sha not in rows_by_sha]
    if prune:
        catalogue.prune(result.out_dir, absent)
        result.pruned = len(absent)
        return
    for sha in absent:
        rows_by_sha[sha] = entries[sha].rows
    result.kept_absent = len(absent)


def _catalogue_order(files: dict[str, list[str]], entries: dict[str, catalogue.Entry],
                     rows_by_sha: dict[str, Rows]) -> list[str]:
    """Files of this run in path order, then the documents of earlier runs by their path."""
    present = [sha for sha in files if sha in rows_by_sha]
    earlier = sorted((sha for sha in rows_by_sha if sha not in files),
                     key=lambda sha: (entries[sha].paths or [""])[0])
    return present + earlier


def _annotated(rows: Rows, sha: str, files: dict[str, list[str]],
               entries: dict[str, catalogue.Entry], version: str, result: RunResult) -> Rows:
    """The rows with their documents row telling where the file is and how fresh the rows are."""
    failed_now = {f.sha256 for f in result.failures}
    failed_paths = {f.path for f in result.failures}
    entry = entries.get(sha)
    paths = files.get(sha) or (entry.paths if entry else [])
    from_earlier_run = sha in failed_now or (sha not in files and entry is not None
                                             and entry.version != version)
    # A file replaced by an unreadable one: its last good rows stay, marked stale (until --prune).
    replaced = sha not in files and bool(set(paths) & failed_paths)
    documents = [dict(row, source_path=paths[0] if paths else row.get("source_path"),
                      other_paths="; ".join(paths[1:]), in_raw_dir=sha in files,
                      stale=from_earlier_run or replaced)
                 for row in rows.get("documents", [])]
    return {**rows, "documents": documents}


def _execute(files: list[tuple[str, str]], real: dict[str, Path], workers: int, timeout: float,
             max_memory_mb: int) -> Iterator[tuple[str, str, Optional[Rows], str]]:
    """(path, sha256, rows, reason) of ``_work`` for each of the (path, sha256) ``files``, as
    they finish: each in its own process under the watchdog (hard time and memory limit).
    Workers stay quiet about missing Tesseract: the parent prints the one warning of the run."""
    jobs = [((shown, sha), (str(real[shown]), sha, shown)) for shown, sha in files]
    if jobs:
        _warm_up()
    for (path, sha), rows, reason in watchdog.run_isolated(
            _work, jobs, workers, timeout, max_memory_mb, init=ocr.silence_warnings):
        yield path, sha, rows, reason


def _warm_up() -> None:
    """Load in the parent what every file needs (spaCy, the lemma table, the data files): each
    file's process is forked from it and would otherwise load them again, seconds per file."""
    sample = "Lokalrådene rapporterer til kredsrådet for Fyns Politi i 2. kvartal 2014: 12 sager."
    nlp.lemmas(sample)
    gazetteer.find_districts(sample)
    periods.find_periods(sample)
    numbers.find_figures(sample)
    for path in sorted(DATA_DIR.glob("*.yaml")):
        load(path.name)


def _record_failure(result: RunResult, path: str, sha: str, reason: str,
                    earlier: Optional[catalogue.Entry], rows_by_sha: dict[str, Rows],
                    echo: Callable[[str], None], note: str = "") -> None:
    if earlier is not None:
        rows_by_sha[sha] = earlier.rows
    result.failures.append(Failure(path, sha, reason, kept_earlier_rows=earlier is not None))
    notes = [n for n in (note, "kept the rows of an earlier run" if earlier else "") if n]
    echo(f"FAILED {path}: {reason}" + (f" ({'; '.join(notes)})" if notes else ""))


def _ocr_missing(rows: Rows) -> str:
    """The "ocr unavailable ..." warning of a document's rows, or ""."""
    for row in rows.get("documents", []):
        for warning in (row.get("warnings") or "").split(tables_out.WARNING_SEPARATOR):
            if warning.startswith("ocr unavailable"):
                return warning
    return ""


def _warn_ocr_once(rows_by_sha: dict[str, Rows], todo: list[tuple[str, str]]) -> None:
    for _, sha in todo:
        warning = _ocr_missing(rows_by_sha.get(sha, {}))
        if warning:
            ocr.warn_unavailable_once(warning)
            return


def gather(all_rows: list[Rows]) -> dict[str, pd.DataFrame]:
    """One DataFrame per schema table (empty ones too) from the rows of all documents."""
    names = [name for name in store.schema() if name != FAILURES]
    return {name: store.frame(name, [r for rows in all_rows for r in rows.get(name, [])])
            for name in names}


def link_near_duplicates(tables: dict[str, pd.DataFrame],
                         echo: Callable[[str], None]) -> list[tuple[str, str, float]]:
    """Mark documents that nearly duplicate another (``duplicate_of``) and drop their facts from
    every other table, so comparisons and counts see each publication once; one warning each."""
    documents = tables["documents"]
    pairs = catalogue.near_duplicates(documents, tables["pages"])
    if not pairs:
        return []
    paths = dict(zip(documents["doc_id"], documents["source_path"]))
    kinds = dict(zip(documents["doc_id"], documents["doc_type"]))
    duplicate_of = {dup: kept for dup, kept, _ in pairs}
    tables["documents"] = documents.assign(
        duplicate_of=documents["doc_id"].map(duplicate_of).astype("string"))
    for name, df in tables.items():
        if name not in ("documents", "pages") and "doc_id" in df.columns:
            tables[name] = df[~df["doc_id"].isin(duplicate_of)].reset_index(drop=True)
    for dup, kept, similarity in pairs:
        echo(f"warning: near duplicate: {paths[dup]} is the same {kinds[dup]} as {paths[kept]} "
             f"(text {similarity:.2f} alike): linked with duplicate_of and left out of "
             "comparisons and counts")
    return pairs


def _with_doc_type(tables: dict[str, pd.DataFrame]) -> None:
    """focus_areas.doc_type: plan areas and handleplan areas told apart without a join."""
    kinds = dict(zip(tables["documents"]["doc_id"], tables["documents"]["doc_type"]))
    areas = tables["focus_areas"]
    tables["focus_areas"] = areas.assign(doc_type=areas["doc_id"].map(kinds).astype("string"))


def _write(result: RunResult, out: Path, all_rows: list[Rows],
           echo: Callable[[str], None] = _stderr, csv_excel_safe: bool = False) -> None:
    tables = gather(all_rows)
    result.near_duplicates = link_near_duplicates(tables, echo)
    _with_doc_type(tables)
    for post in POST_STAGES:
        tables.update(post(tables))
    tables[FAILURES] = store.frame(FAILURES, [
        {"path": f.path, "sha256": f.sha256, "reason": f.reason}
        for f in sorted(result.failures, key=lambda f: f.path)])
    store.write_tables(tables, out, duckdb_hook=DUCKDB_HOOK, csv_excel_safe=csv_excel_safe)
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
