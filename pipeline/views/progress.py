"""Progress of `pipeline run`: a rich progress bar on a terminal, plain periodic lines otherwise.

A run over a real archive takes minutes to hours; silence makes a user kill it. Both displays
show files done of total, pages per second, the time left and the failures so far.
"""
from __future__ import annotations

import sys
import time
from typing import Callable, Optional, TextIO

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                           TimeRemainingColumn)

from pipeline.batch.catalogue import config
from pipeline.batch.runner import Progress as Silent


class _Counts:
    def __init__(self) -> None:
        self.total = self.done = self.pages = self.failed = 0
        self.started = time.monotonic()

    def add(self, pages: int, failed: bool) -> None:
        self.done += 1
        self.pages += pages
        self.failed += int(failed)

    def pages_per_second(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.pages / elapsed if elapsed > 0 else 0.0

    def seconds_left(self) -> Optional[float]:
        if not self.done:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed / self.done * (self.total - self.done)


class PlainProgress(Silent):
    """One line at most every ``interval`` seconds (and one at the end): for logs and pipes."""

    def __init__(self, write: Callable[[str], None], interval: float) -> None:
        self.write, self.interval = write, interval
        self.counts = _Counts()
        self.last = 0.0

    def start(self, total: int) -> None:
        self.counts = _Counts()
        self.counts.total = total
        self.last = time.monotonic()
        if total:
            self.write(f"progress: {total} files to extract")

    def advance(self, path: str, pages: int, failed: bool) -> None:
        self.counts.add(pages, failed)
        now = time.monotonic()
        if now - self.last >= self.interval or self.counts.done == self.counts.total:
            self.last = now
            self.write(self.line())

    def line(self) -> str:
        c = self.counts
        left = c.seconds_left()
        eta = "" if left is None or c.done == c.total else f", about {_duration(left)} left"
        return (f"progress: {c.done}/{c.total} files, {c.pages} pages, "
                f"{c.pages_per_second():.1f} pages/s, {c.failed} failed{eta}")


class BarProgress(Silent):
    """rich's progress bar on the terminal (stderr): files, pages/s, time left, failures."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.counts = _Counts()
        self.bar: Optional[Progress] = None
        self.task = None

    def start(self, total: int) -> None:
        self.counts = _Counts()
        self.counts.total = total
        if not total:
            return
        self.bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("files {task.fields[rate]}"), TextColumn("ETA"),
                            TimeRemainingColumn(), TextColumn("{task.fields[failed]}"),
                            console=self.console, transient=False)
        self.bar.start()
        self.task = self.bar.add_task("run", total=total, rate="", failed="")

    def advance(self, path: str, pages: int, failed: bool) -> None:
        self.counts.add(pages, failed)
        if self.bar is not None:
            failures = f"{self.counts.failed} failed" if self.counts.failed else ""
            self.bar.update(self.task, advance=1, failed=failures,
                            rate=f"{self.counts.pages_per_second():.1f} pages/s")

    def echo(self, line: str) -> None:
        """A message above the bar (printing past rich would tear the bar apart)."""
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def for_stream(stream: TextIO = sys.stderr, quiet: bool = False,
               write: Optional[Callable[[str], None]] = None) -> Silent:
    """The display for ``stream``: nothing when quiet, a bar on a terminal, else plain lines."""
    if quiet:
        return Silent()
    if stream.isatty():
        return BarProgress(Console(file=stream))
    interval = float(config()["progress_interval_seconds"])
    return PlainProgress(write or (lambda line: print(line, file=stream, flush=True)), interval)
