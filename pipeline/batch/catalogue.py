"""The output folder as a catalogue of every document ever processed, keyed by content hash.

``OUT/cache/<sha256>-<pipeline version>.json`` holds the rows of one document (any file with
those bytes); ``OUT/cache/<sha256>-<pipeline version>.failure`` records that this content failed
under this pipeline version, written the moment it fails, so a re-run does not try (and hang on)
it again. The tables are rebuilt from the catalogue on every run: a document stays in them after
its file left RAW_DIR, until ``pipeline run --prune``.

The cache is data, not code: an entry is used only if its name, its ``sha256`` and ``version``
fields agree, its tables are tables of the schema and its columns columns of those tables (or
plain identifiers); anything else is ignored with a warning (and re-extracted when the file is
still there).
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Iterable, Optional

import pandas as pd

from pipeline.batch import store
from pipeline.datafiles import load

CACHE_DIR = "cache"
ROWS, FAILURE = ".json", ".failure"
Rows = dict[str, list[dict]]
_SHA = re.compile(r"[0-9a-f]{64}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


@dataclass
class Entry:
    """One document of the catalogue: its rows and the paths its bytes were last seen under."""
    sha256: str
    version: str
    rows: Rows
    paths: list[str] = field(default_factory=list)


def config() -> dict:
    return load("batch.yaml")


def cache_dir(out_dir: Path) -> Path:
    return Path(out_dir) / CACHE_DIR


def entry_path(out_dir: Path, sha: str, version: str, suffix: str = ROWS) -> Path:
    return cache_dir(out_dir) / f"{sha}-{version}{suffix}"


def _split_name(path: Path) -> Optional[tuple[str, str, str]]:
    """(sha256, version, suffix) of a catalogue file name, None for anything else."""
    for suffix in (ROWS, FAILURE):
        if path.name.endswith(suffix):
            sha, _, version = path.name[: -len(suffix)].partition("-")
            if _SHA.fullmatch(sha) and version:
                return sha, version, suffix
    return None


def check_rows(rows: object) -> str:
    """"" when ``rows`` is a {schema table: [row dict with safe column names]}, else the reason."""
    if not isinstance(rows, dict):
        return "rows are not a mapping of tables"
    for table, table_rows in rows.items():
        if not (isinstance(table, str) and store.safe_table_name(table)):
            return f"unknown table {str(table)[:40]!r}"
        if not isinstance(table_rows, list) or not all(isinstance(r, dict) for r in table_rows):
            return f"table {table} is not a list of rows"
        known = store.columns(table)
        for row in table_rows:
            for column in row:
                if column not in known and not (isinstance(column, str)
                                                and _IDENTIFIER.fullmatch(column)):
                    return f"unknown column {str(column)[:40]!r} in {table}"
    return ""


def read_entry(path: Path, warn: list[str]) -> Optional[Entry]:
    """The entry stored in ``path`` if it is a well-formed catalogue file; else None, with the
    reason appended to ``warn`` (a missing file is no warning)."""
    named = _split_name(path)
    if named is None or named[2] != ROWS:
        return None
    sha, version, _ = named
    try:
        with open(path, encoding="utf-8") as fh:
            payload = json.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        warn.append(f"ignored cache file {path.name}: unreadable ({type(exc).__name__})")
        return None
    problem = ""
    if not isinstance(payload, dict):
        problem = "not a cache entry"
    elif payload.get("sha256") != sha or payload.get("version") != version:
        problem = "its sha256/version fields do not match its name"
    else:
        problem = check_rows(payload.get("rows"))
    if problem:
        warn.append(f"ignored cache file {path.name}: {problem}")
        return None
    paths = payload.get("paths") or [payload.get("source_path") or ""]
    return Entry(sha, version, payload["rows"], [str(p) for p in paths if isinstance(p, str)])


def load_entries(out_dir: Path, version: str, warn: list[str]) -> dict[str, Entry]:
    """{sha256: entry} of every document in the catalogue: the entry of ``version`` when there is
    one, else the newest entry of another version."""
    folder = cache_dir(out_dir)
    if not folder.is_dir():
        return {}
    found: dict[str, Entry] = {}
    mtimes: dict[str, float] = {}
    for path in sorted(folder.iterdir()):
        entry = read_entry(path, warn)
        if entry is None:
            continue
        current = found.get(entry.sha256)
        mtime = _mtime(path)
        better = (current is None or (entry.version == version and current.version != version)
                  or (current.version != version and mtime > mtimes[entry.sha256]))
        if better:
            found[entry.sha256], mtimes[entry.sha256] = entry, mtime
    return found


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def save_entry(out_dir: Path, entry: Entry) -> None:
    """Atomic: a crash leaves either no entry or a complete one; other versions of the same
    content (and a failure record of it) are superseded and removed."""
    payload = {"sha256": entry.sha256, "version": entry.version, "paths": entry.paths,
               "source_path": entry.paths[0] if entry.paths else "", "rows": entry.rows}
    target = entry_path(out_dir, entry.sha256, entry.version)
    _write_json(target, payload)
    for older in cache_dir(out_dir).glob(f"{entry.sha256}-*"):
        if older != target and _split_name(older) is not None:
            older.unlink(missing_ok=True)


def _write_json(target: Path, payload: dict) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False, default=str)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def record_failure(out_dir: Path, sha: str, version: str, path: str, reason: str) -> None:
    """Remember at once that this content failed under this pipeline version (the failure
    records of other versions are superseded; their good rows are kept)."""
    target = entry_path(out_dir, sha, version, FAILURE)
    _write_json(target, {"sha256": sha, "version": version, "path": path, "reason": reason})
    for older in cache_dir(out_dir).glob(f"{sha}-*{FAILURE}"):
        if older != target:
            older.unlink(missing_ok=True)


def recorded_failure(out_dir: Path, sha: str, version: str) -> Optional[str]:
    """The reason this content failed before under this pipeline version, or None."""
    try:
        with open(entry_path(out_dir, sha, version, FAILURE), encoding="utf-8") as fh:
            payload = json.load(fh)
    except (OSError, ValueError):
        return None
    reason = payload.get("reason") if isinstance(payload, dict) else None
    return reason if isinstance(reason, str) and payload.get("sha256") == sha else None


def forget_failure(out_dir: Path, sha: str, version: str) -> None:
    entry_path(out_dir, sha, version, FAILURE).unlink(missing_ok=True)


def prune(out_dir: Path, shas: Iterable[str]) -> None:
    """Drop these documents from the catalogue (every version, failure records too)."""
    for sha in shas:
        for path in cache_dir(out_dir).glob(f"{sha}-*"):
            if _split_name(path) is not None:
                path.unlink(missing_ok=True)


# ---------------------------------------------------------------- near duplicates

def near_duplicates(documents: pd.DataFrame, pages: pd.DataFrame) -> list[tuple[str, str, float]]:
    """(duplicate doc_id, kept doc_id, similarity) for documents that are the same publication
    downloaded twice with different bytes: same doc_type, district and year (meeting date for
    minutes), page text at least ``near_duplicate_min_similarity`` alike. Of each group the
    document with the most text is kept, then the one with the shorter path (a second download
    gets a suffix such as " (1)"), then the first path: the choice is stable."""
    if documents.empty:
        return []
    threshold = float(config()["near_duplicate_min_similarity"])
    words = _document_words(pages)
    docs = documents.assign(_key_date=documents["meeting_date"].astype("string").fillna(""),
                            _words=documents["doc_id"].map(lambda d: len(words.get(d, ()))),
                            _path_len=documents["source_path"].astype("string").str.len())
    docs = docs.sort_values(["_words", "_path_len", "source_path"], ascending=[False, True, True])
    found: list[tuple[str, str, float]] = []
    keys = ["doc_type", "district", "year", "_key_date"]
    for _, group in docs.dropna(subset=["doc_type", "district", "year"]).groupby(keys, sort=True):
        kept: list[str] = []
        for doc_id in group["doc_id"]:
            match = _best_match(words.get(doc_id, ()), kept, words, threshold)
            if match is None:
                kept.append(doc_id)
            else:
                found.append((doc_id, match[0], match[1]))
    return found


def _document_words(pages: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    ordered = pages.sort_values(["doc_id", "page"])
    return {doc_id: tuple(" ".join(group["text"].fillna("").astype(str)).lower().split())
            for doc_id, group in ordered.groupby("doc_id", sort=False)}


def _best_match(mine: tuple[str, ...], kept: list[str], words: dict[str, tuple[str, ...]],
                threshold: float) -> Optional[tuple[str, float]]:
    if not mine:
        return None
    for other in kept:
        matcher = SequenceMatcher(None, mine, words.get(other, ()), autojunk=False)
        # quick_ratio is an upper bound of ratio: most pairs are rejected without the full diff
        if matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold:
            return other, round(matcher.ratio(), 3)
    return None
