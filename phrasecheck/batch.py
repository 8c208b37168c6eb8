"""Checking many inputs on every core, in constant memory, in a fixed order.

Inputs become tasks: a handful of small files, or a chunk of lines of a JSONL
file (read only when a worker is about to be free, so a file of any size streams).
Workers are forked with the engine already built; results come back in task
order whatever the number of jobs, so reports are the same for --jobs 1 and 8.
"""

from __future__ import annotations

import itertools
import os
import signal
from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator

from .model import FileResult
from .readers import ReadError, line_chunks

FILES_PER_TASK = 16
LINES_PER_TASK = 400


@dataclass
class Task:
    files: list[str]  # whole files
    path: str | None = None  # or: one chunk of this JSONL file
    lines: list | None = None
    size: int = 0  # bytes, for progress


def tasks(paths: Iterable[str]) -> Iterator[Task]:
    batch, size = [], 0
    for path in paths:
        if path.lower().endswith(".jsonl"):
            if batch:
                yield Task(batch, size=size)
                batch, size = [], 0
            yield from _jsonl_tasks(path)
            continue
        batch.append(path)
        size += size_of(path)
        if len(batch) == FILES_PER_TASK:
            yield Task(batch, size=size)
            batch, size = [], 0
    if batch:
        yield Task(batch, size=size)


def _jsonl_tasks(path: str) -> Iterator[Task]:
    try:
        for chunk in line_chunks(path, LINES_PER_TASK):
            yield Task([], path, chunk, sum(len(raw) for _, raw in chunk))
    except ReadError:
        yield Task([path], size=0)  # the worker reports why it cannot be read


def size_of(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


_engine = None  # the worker's engine, inherited from the parent when it forks


def _run(task: Task) -> list[FileResult]:
    if task.path is not None:
        return [_engine.check_file(task.path, task.lines)]
    return [_engine.check_file(path) for path in task.files]


def _ignore_interrupts() -> None:
    # Ctrl-C is the parent's to handle: it stops the pool and writes what is finished
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run(engine, paths: Iterable[str], jobs: int) -> Iterator[tuple[Task, list[FileResult]]]:
    """(task, its results) in input order."""
    global _engine
    _engine = engine
    work = tasks(paths)
    first = list(itertools.islice(work, 2))
    work = itertools.chain(first, work)
    if jobs <= 1 or len(first) < 2 or not hasattr(os, "fork"):
        # one task (a pre-commit run on a few scripts): starting workers would cost more than it saves
        for task in work:
            yield task, _run(task)
        return
    import multiprocessing  # only here: a one-file run should not pay for importing it

    context = multiprocessing.get_context("fork")
    pool = context.Pool(jobs, initializer=_ignore_interrupts)
    try:
        pending: deque = deque()
        window = jobs * 4  # tasks in flight: enough to keep every core busy, few enough to bound memory
        for task in work:
            pending.append((task, pool.apply_async(_run, (task,))))
            if len(pending) >= window:
                done, result = pending.popleft()
                yield done, result.get()
        while pending:
            done, result = pending.popleft()
            yield done, result.get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
