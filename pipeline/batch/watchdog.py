"""One process per file under a watchdog: a hard limit on time and memory, even with one worker.

Why a process per file and not a timer in the process: a hostile PDF keeps pdfminer, Pillow or
Tesseract inside one C call (a resource cycle, a decompression bomb, a huge page to render) that
no Python exception can interrupt, and an out-of-memory kill of the only process would take the
whole batch down. The parent only waits, watches the clock and each child's memory (its own and
that of its children, e.g. tesseract), and kills a child that goes over: that file fails with
"timed out after N s" or "needed more than N MB" and the batch goes on.
"""
from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

POLL_SECONDS = 0.1
CRASHED = "internal error: the process reading this file crashed"


@dataclass
class _Job:
    key: Any
    process: Any
    conn: Connection
    deadline: float


def run_isolated(work: Callable[..., tuple[Any, str]], jobs: list[tuple[Any, tuple]], workers: int,
                 timeout: float, max_memory_mb: int,
                 init: Optional[Callable[[], None]] = None) -> Iterator[tuple[Any, Any, str]]:
    """(key, result, reason) for each ``(key, args)`` of ``jobs``, as they finish: ``work(*args)``
    run in a fresh process, at most ``workers`` at a time. ``work`` returns (result, reason);
    a killed or crashed child gives (None, reason). On any exit (also KeyboardInterrupt) every
    running child is killed first."""
    context = multiprocessing.get_context("fork")  # the parent's loaded code and data, no re-import
    queue = list(jobs)
    running: list[_Job] = []
    try:
        while queue or running:
            while queue and len(running) < max(1, workers):
                key, args = queue.pop(0)
                running.append(_start(context, work, key, args, timeout, max_memory_mb, init))
            wait([job.conn for job in running] + [job.process.sentinel for job in running],
                 timeout=POLL_SECONDS)
            for job in list(running):
                outcome = _check(job, timeout, max_memory_mb)
                if outcome is not None:
                    running.remove(job)
                    yield (job.key, *outcome)
    finally:
        for job in running:
            _kill(job)


def _start(context, work, key, args, timeout: float, max_memory_mb: int,
           init: Optional[Callable[[], None]]) -> _Job:
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, work, args, max_memory_mb, init),
                              daemon=True)
    process.start()
    send.close()
    deadline = time.monotonic() + timeout if timeout > 0 else float("inf")
    return _Job(key, process, receive, deadline)


def _child(conn: Connection, work, args, max_memory_mb: int, init) -> None:
    # The parent decides about Ctrl-C and SIGTERM (it kills us); a child must not print a
    # traceback of its own or linger.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.setpgrp()  # our own group: the parent can kill us with tesseract and any other child
    if max_memory_mb > 0:
        # Address space on top of what the process holds already: a huge allocation in C fails
        # at once (MemoryError) instead of swapping the machine to death before the next poll.
        limit = _vm_size_mb(os.getpid()) + max_memory_mb
        resource.setrlimit(resource.RLIMIT_AS, (limit * 2**20, limit * 2**20))
    if init is not None:
        init()
    try:
        result = work(*args)
    except MemoryError:
        result = (None, f"needed more than {max_memory_mb} MB")
    conn.send(result)
    conn.close()


def _check(job: _Job, timeout: float, max_memory_mb: int) -> Optional[tuple[Any, str]]:
    """The job's (result, reason) when it is over, else None (still running within limits)."""
    if job.conn.poll():
        try:
            result = job.conn.recv()
        except (EOFError, OSError):
            result = (None, CRASHED)
        job.process.join(5)
        _kill(job)
        return result
    if not job.process.is_alive():
        _kill(job)
        return None, CRASHED
    if time.monotonic() > job.deadline:
        _kill(job)
        return None, f"timed out after {timeout:g} s"
    if max_memory_mb > 0 and _tree_rss_mb(job.process.pid) > max_memory_mb:
        _kill(job)
        return None, f"needed more than {max_memory_mb} MB"
    return None


def _kill(job: _Job) -> None:
    if job.process.is_alive():
        try:
            os.killpg(job.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            job.process.kill()
    job.process.join(5)
    job.conn.close()


def _status_mb(pid: int, field: str) -> int:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return 0


def _vm_size_mb(pid: int) -> int:
    return _status_mb(pid, "VmSize")


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                children = [int(c) for c in task.read_text().split()]
            except (OSError, ValueError):
                continue
            found += children
            todo += children
    return found


def _tree_rss_mb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants (Linux /proc; 0 elsewhere)."""
    return sum(_status_mb(p, "VmRSS") for p in [pid, *_descendants(pid)])
