"""Checking many inputs on every core, in constant memory, in a fixed order.

Inputs become tasks: a handful of small files, or one part of a file the readers
split into parts of lines (read only when a worker is about to be free, so a file
of any size streams). Workers are forked with the engine already built; results
come back in task order whatever the number of jobs, so reports are the same for
--jobs 1 and 8.
"""

from __future__ import annotations

import itertools
import os
import signal
from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator

from . import readers
from .model import FileResult
from .readers import Source

FILES_PER_TASK = 16
LINES_PER_TASK = 400


@dataclass
class Task:
    sources: list[Source]  # whole files, or one part of a file
    size: int = 0  # bytes, for progress


def tasks(paths: Iterable[str]) -> Iterator[Task]:
    whole, size = [], 0
    for path in paths:
        for source in readers.parts(path, LINES_PER_TASK):
            if source.part is not None:  # a part of a large file: a task of its own
                if whole:
                    yield Task(whole, size)
                    whole, size = [], 0
                yield Task([source], source.size)
                continue
            whole.append(source)
            size += size_of(path)
            if len(whole) == FILES_PER_TASK:
                yield Task(whole, size)
                whole, size = [], 0
    if whole:
        yield Task(whole, size)


def size_of(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def check_task(engine, task: Task) -> list[FileResult]:
    return [_checked(engine, source) for source in task.sources]


def _checked(engine, source: Source) -> FileResult:
    """A source's results; a bug of ours that escapes the engine's own boundaries
    costs this source only, and says it is a bug."""
    try:
        return engine.check_source(source)
    except Exception as exc:
        return failed(source, exc)


def failed(source: Source, exc: BaseException) -> FileResult:
    """The result of a source whose check broke down: an error that names the bug."""
    return FileResult(source.path, errors=[readers.internal_error(exc)], continues=bool(source.part))


_worker_engine = None  # a worker's engine: set once by _start_worker


def _start_worker(engine) -> None:
    """A worker's start. The engine comes with the fork (it is never pickled);
    Ctrl-C is the parent's to handle: it stops the pool and writes what is finished."""
    global _worker_engine
    _worker_engine = engine
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_in_worker(task: Task) -> list[FileResult]:
    return check_task(_worker_engine, task)


def run(engine, paths: Iterable[str], jobs: int) -> Iterator[tuple[Task, list[FileResult]]]:
    """(task, its results) in input order."""
    work = tasks(paths)
    first = list(itertools.islice(work, 2))
    work = itertools.chain(first, work)
    if jobs <= 1 or len(first) < 2 or not hasattr(os, "fork"):
        # one task (a pre-commit run on a few scripts): starting workers would cost more than it saves
        for task in work:
            yield task, check_task(engine, task)
        return
    import multiprocessing  # only here: a one-file run should not pay for importing it

    context = multiprocessing.get_context("fork")
    pool = context.Pool(jobs, initializer=_start_worker, initargs=(engine,))
    try:
        pending: deque = deque()
        window = jobs * 4  # tasks in flight: enough to keep every core busy, few enough to bound memory
        for task in work:
            pending.append((task, pool.apply_async(_check_in_worker, (task,))))
            if len(pending) >= window:
                yield _collected(*pending.popleft())
        while pending:
            yield _collected(*pending.popleft())
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _collected(task: Task, result) -> tuple[Task, list[FileResult]]:
    """A task's results from its worker; results that cannot come back (they
    would not pickle) are an error of each of its sources, not the end of the run."""
    try:
        return task, result.get()
    except Exception as exc:
        return task, [failed(source, exc) for source in task.sources]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
