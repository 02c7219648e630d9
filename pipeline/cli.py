"""Command line: a thin click layer over the library (``pipeline`` / ``python -m pipeline``).

Exit codes (SPEC): 0 all good; 1 some documents failed; 2 usage error.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from pipeline import api
from pipeline.batch.store import UsageError, WriteError
from pipeline.model import DocumentError
from pipeline.views import progress as progress_view

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Libraries that log every repaired xref or odd object as a WARNING: our own messages say
# what matters (one line per failed file), so keep their chatter out of the terminal.
_NOISY_LOGGERS = ("pdfminer", "pypdf", "pdfplumber", "PIL")


def _quiet_libraries() -> None:
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def _print_version(ctx: click.Context, _param, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    # The full version names the cache files: it changes with every code or data change.
    click.echo(f"pipeline {api.pipeline_version()}")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_print_version, help="Show the pipeline version and exit.")
def main() -> None:
    """Extract structured data from Danish police cooperation plans (samarbejdsplaner) and
    council minutes (2012-2019) into tables (CSV, Parquet, DuckDB)."""
    _quiet_libraries()


@main.command()
@click.argument("raw_dir", default="raw_pdfs",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", default="extracted", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for the tables.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Files processed in parallel (processes).")
@click.option("--force", is_flag=True, help="Re-extract every file, ignoring the cache.")
@click.option("--prune", is_flag=True,
              help="Drop the documents of earlier runs whose file is no longer in RAW_DIR.")
@click.option("--retry-failed", is_flag=True,
              help="Try again the files that failed before under this pipeline version.")
@click.option("--timeout", default=300, show_default=True, type=click.FloatRange(min=0),
              help="Seconds one file may take before its process is killed and the file "
              "listed as failed (0 = no limit).")
@click.option("--max-memory", default=2000, show_default=True, type=click.IntRange(min=0),
              help="MB of memory one file may use before its process is killed (0 = no limit).")
@click.option("--csv-excel-safe", is_flag=True,
              help="Write CSV text cells that a spreadsheet would run as a formula (starting with "
              "= + - @) with a leading ' ; the default CSV keeps the exact data.")
@click.option("--quiet", "-q", is_flag=True, help="No progress output (FAILED lines and the "
              "summary are still printed).")
def run(raw_dir: Path, out_dir: Path, workers: int, force: bool, prune: bool,
        retry_failed: bool, timeout: float, max_memory: int, csv_excel_safe: bool,
        quiet: bool) -> None:
    """Extract every PDF under RAW_DIR (default raw_pdfs/) into the tables in --out.

    Per PDF: document metadata, clean page text, focus areas with declared status and
    category, deadlines, figures, and for minutes the agenda items and attendees; then each
    district's plans are compared year to year (area_changes, area_threads). Tables are written
    as CSV, Parquet and OUT/pipeline.duckdb (columns: docs/DATA_DICTIONARY.md).

    Additive and incremental: --out is a catalogue of every document processed (OUT/cache, keyed
    by content hash); documents whose file left RAW_DIR stay until --prune, unchanged files are
    not read again. A bad file is reported as one FAILED line and in OUT/failures.csv and not
    tried again (--retry-failed); the batch goes on. Exit code 0 if all files were read, 1 if
    some failed, 2 for a usage error (e.g. no PDF in RAW_DIR: nothing is changed)."""
    display = progress_view.for_stream(sys.stderr, quiet=quiet,
                                       write=lambda line: click.echo(line, err=True))
    echo = getattr(display, "echo", None) or (lambda line: click.echo(line, err=True))
    try:
        result = api.run(raw_dir, out_dir, workers=workers, force=force, prune=prune,
                         retry_failed=retry_failed, echo=echo, progress=display,
                         timeout=timeout, max_memory_mb=max_memory,
                         csv_excel_safe=csv_excel_safe)
    except KeyboardInterrupt:
        click.echo("pipeline run: interrupted; the documents finished so far are kept in "
                   f"{out_dir}/cache (run again to go on); the tables were not rewritten", err=True)
        sys.exit(130)
    except UsageError as exc:
        _usage_error("run", exc)
    except WriteError as exc:
        click.echo(f"pipeline run: {exc} (the previous tables are unchanged)", err=True)
        sys.exit(EXIT_FAILED)
    for path, same in result.duplicates:
        click.echo(f"same file: {path} has the same bytes as {same}: one document, both paths "
                   "listed (documents.other_paths)", err=True)
    click.echo(_summary(result))
    sys.exit(result.exit_code)


def _usage_error(command: str, exc: Exception) -> None:
    click.echo(f"pipeline {command}: {exc}", err=True)
    sys.exit(EXIT_USAGE)


def _summary(result) -> str:
    failed = len(result.failures)
    lines = [
        f"documents: {result.documents} ({result.pages} pages) from {result.files} files "
        f"- extracted {result.extracted}, from cache {result.reused}",
        f"failures: {failed}" + (f" (listed in {result.out_dir / 'failures.csv'})" if failed else ""),
    ]
    if result.kept_absent:
        lines.append(f"{result.kept_absent} documents from earlier runs are not in RAW_DIR: kept; "
                     "`--prune` drops them")
    if result.pruned:
        lines.append(f"pruned: {result.pruned} documents of earlier runs whose file is gone")
    if result.near_duplicates:
        lines.append(f"near duplicates: {len(result.near_duplicates)} (documents.duplicate_of; "
                     "left out of the comparisons and counts)")
    lines += [
        "tables: " + ", ".join(f"{name} {n}" for name, n in result.rows.items()),
        f"written to {result.out_dir}/ in {result.seconds:.1f} s",
    ]
    return "\n".join(lines)


@main.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--png", "png_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write page images showing the layout decisions into this folder.")
def inspect(pdf: Path, png_dir: Path | None) -> None:
    """Show what was found in one PDF: metadata, heading outline, tables, warnings, facts.

    Nothing is cached or written (except the --png images). Exit code 1 if the file cannot
    be read."""
    try:
        text, images = api.inspect(pdf, png_dir)
    except DocumentError as exc:
        click.echo(f"FAILED {pdf}: {exc.reason}", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(text)
    if png_dir is not None:
        click.echo(f"\n{len(images)} page images written to {png_dir}/")


@main.command()
@click.option("--out", "out_dir", default="extracted", show_default=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with the extracted tables.")
@click.option("--gold", "gold_dir", default="tests/gold", show_default=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with the gold annotations (one JSON per PDF).")
def evaluate(out_dir: Path, gold_dir: Path) -> None:
    """Score the extracted tables against the gold annotations and print the report."""
    click.echo(api.evaluate(out_dir, gold_dir))


@main.command(short_help="Year-to-year changes of focus areas.")
@click.option("--out", "out_dir", default="extracted", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--district", help="Only this district: any of its names, ASCII spellings too "
              "(\"Fyn\", \"sonderjylland\"); an unknown name is an error naming the closest.")
@click.option("--from", "from_year", type=int, help="Only year pairs starting in or after this year.")
@click.option("--to", "to_year", type=int, help="Only year pairs ending in or before this year.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="table for people, csv or json for scripts.")
def diff(out_dir: Path, district: str | None, from_year: int | None, to_year: int | None,
         fmt: str) -> None:
    """Print the year-to-year changes of focus areas from the extracted tables: per district and
    pair of plan years, which areas were continued, new or dropped, and where a plan's own claim
    ("videreført fra 2013", "nyt") disagrees with what the comparison found (marked with ⚠)."""
    try:
        text = api.diff(out_dir, district, from_year, to_year, fmt=fmt, color=sys.stdout.isatty())
    except (UsageError, FileNotFoundError) as exc:
        _usage_error("diff", exc)
    click.echo(text, nl=False)


@main.command(short_help="HTML report with plots.")
@click.option("--out", "out_dir", default="extracted", show_default=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path))
def report(out_dir: Path) -> None:
    """Write a self-contained HTML report with plots to OUT/report.html: documents, focus areas
    by category and year, year-to-year changes, deadlines, meetings, failures; every listed row
    carries doc_id and page."""
    try:
        click.echo(f"wrote {api.report(out_dir)}")
    except UsageError as exc:
        _usage_error("report", exc)
