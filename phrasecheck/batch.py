"""Checking many inputs on every core, in constant memory, in a fixed order.

Inputs become tasks: a handful of small files, or one part of a file the readers
split into parts of lines (read only when a worker is about to be free, so a file
of any size streams). Workers are forked with the engine already built; results
come back in task order whatever the number of jobs, so reports are the same for
--jobs 1 and 8. A worker may also make its results into what the run needs of
them (`prepare`: a report's part, already written), so that the run's own
process, which reads every input and writes the report, does little else.
"""

from __future__ import annotations

import itertools
import os
import signal
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

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


Prepare = Callable[[list[FileResult]], Any]  # a task's results → what the run takes of them


def _finished(engine, task: Task, prepare: Prepare | None):
    results = check_task(engine, task)
    return prepare(results) if prepare else results


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


_worker = None  # a worker's engine and prepare: set once by _start_worker


def _start_worker(engine, prepare: Prepare | None) -> None:
    """A worker's start. The engine and `prepare` come with the fork (they are never
    pickled); Ctrl-C is the parent's to handle: it stops the pool and writes what is finished."""
    global _worker
    _worker = engine, prepare
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_in_worker(task: Task):
    return _finished(_worker[0], task, _worker[1])


def run(engine, paths: Iterable[str], jobs: int, prepare: Prepare | None = None) -> Iterator[tuple[Task, Any]]:
    """(task, its results) in input order; with `prepare`, (task, prepare(its results)),
    made where they were checked (with --jobs 1 too)."""
    work = tasks(paths)
    first = list(itertools.islice(work, 2))
    work = itertools.chain(first, work)
    if jobs <= 1 or len(first) < 2 or not hasattr(os, "fork"):
        # one task (a pre-commit run on a few scripts): starting workers would cost more than it saves
        for task in work:
            yield task, _finished(engine, task, prepare)
        return
    import multiprocessing  # only here: a one-file run should not pay for importing it

    context = multiprocessing.get_context("fork")
    pool = context.Pool(jobs, initializer=_start_worker, initargs=(engine, prepare))
    try:
        pending: deque = deque()
        window = jobs * 4  # tasks in flight: enough to keep every core busy, few enough to bound memory
        for task in work:
            pending.append((task, pool.apply_async(_check_in_worker, (task,))))
            if len(pending) >= window:
                yield _collected(*pending.popleft(), prepare)
        while pending:
            yield _collected(*pending.popleft(), prepare)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _collected(task: Task, result, prepare: Prepare | None) -> tuple[Task, Any]:
    """A task's results from its worker; results that cannot come back (they
    would not pickle) are an error of each of its sources, not the end of the run."""
    try:
        return task, result.get()
    except Exception as exc:
        failures = [failed(source, exc) for source in task.sources]
        return task, prepare(failures) if prepare else failures


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
