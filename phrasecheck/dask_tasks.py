"""A partition of a `check --dask` run and what a worker does with it (dask_run.py runs them).

A partition is a part of a JSON Lines file cut at line ends as `dask.bytes.read_bytes` cuts
them (fsspec's `read_block`), or a whole local file of another kind. A worker reads it, checks
it (api.Checker, rebuilt there once) and writes its records under a fixed name: `part-NNNNN.jsonl`
or a part in each table's folder (`violations.parquet/part-NNNNN.parquet`). A partition done again
(its worker died) writes the same file again, whole: nothing is lost or doubled. Line numbers are
the file's own: a partition starts at 1 + the lines of the file's partitions before it.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field

from .readers.base import Source
from .summary import Summary


class DaskRunError(Exception):
    """A run that cannot start or finish on the cluster; the message says why."""


@dataclass(frozen=True)
class Partition:
    url: str  # where a worker reads it: an absolute path or an fsspec URL
    path: str  # the file as reports name it
    index: int  # its place in the run: its output's name
    part: int | None  # its place in its file; None: a whole file, read by its reader
    offset: int = 0
    length: int = 0


@dataclass
class Done:
    """What a partition's task gives back: its totals and errors (the records are written)."""

    summary: Summary
    errors: list[tuple[str, str]] = field(default_factory=list)


def partitions(files: list[str], blocksize: int) -> list[Partition]:
    """Every file's partitions, in order."""
    import fsspec

    out: list[Partition] = []
    for path in files:
        url = path if "://" in path else os.path.abspath(path)
        if not path.lower().endswith(".jsonl"):
            if "://" in path:
                raise DaskRunError(f"{path}: only JSON Lines files are read from URLs")
            out.append(Partition(url, path, len(out), None))
            continue
        try:
            fs, local = fsspec.core.url_to_fs(url)
            size = fs.size(local)
        except OSError:  # the reader says why, in the report
            out.append(Partition(url, path, len(out), None))
            continue
        for part, offset in enumerate(range(0, max(size, 1), blocksize)):
            out.append(Partition(url, path, len(out), part, offset, blocksize))
    return out


def _block(partition: Partition) -> bytes:
    import fsspec
    from fsspec.utils import read_block

    with fsspec.open(partition.url, "rb") as handle:
        return read_block(handle, partition.offset, partition.length, delimiter=b"\n")


def count_lines(partition: Partition) -> int:
    return _block(partition).count(b"\n")


def _lines(block: bytes) -> list[bytes]:
    """The block's lines as the file reader reads them: split at «\\n» only, each kept with it."""
    lines = [line + b"\n" for line in block.split(b"\n")]
    lines[-1] = lines[-1][:-1]  # after the last «\n»: b"", or a last line without one
    return lines if lines[-1] else lines[:-1]


def check_partition(checker, partition: Partition, earlier: list[int], output: str, fmt: str) -> Done:
    """Read, check and write one partition (in a worker); `earlier`, the line counts of
    the file's partitions before it."""
    from .model import FileResult
    from .readers.base import reason

    if partition.part is None:  # read where the worker finds it, reported as it was named
        result = _named(checker.check_source(Source(partition.url)), partition.path)
    else:
        try:
            lines = _lines(_block(partition))
        except OSError as exc:
            result = FileResult(partition.path, errors=[f"cannot read: {reason(exc)}"],
                                continues=bool(partition.part))
        else:
            result = checker.check_lines(lines, path=partition.path, first_line=1 + sum(earlier),
                                         part=partition.part).files[0]
    return _write(result, partition.index, output, fmt)


def _named(result, path: str):
    """A file's results under the name the run gave it (a worker reads it by its absolute path)."""
    from dataclasses import replace

    result.path = path
    result.findings = [replace(finding, path=path) for finding in result.findings]
    result.practices = [replace(practice, path=path) for practice in result.practices]
    for call in result.calls:
        call.path = path
    return result


def _write(result, index: int, output: str, fmt: str) -> Done:
    import fsspec

    fs, root = fsspec.core.url_to_fs(output)
    if fmt == "jsonl":
        from .reporters.jsonreport import JsonLinesReporter

        rendered = JsonLinesReporter.render([result])
        put(fs, f"{root}/part-{index:05d}.jsonl", rendered.data)
        return Done(rendered.summary, rendered.errors)
    from .api import Result
    from .reporters.parquet import encoded

    for table, data in encoded([result]).items():
        put(fs, f"{root}/{table}.parquet/part-{index:05d}.parquet", data)
    part = Result([result])
    return Done(part.summary, part.errors)


def put(fs, path: str, data: bytes) -> None:
    """The file whole or not at all: a task that dies writing leaves no part of it."""
    temporary = f"{path}.{uuid.uuid4().hex}.tmp"
    fs.pipe_file(temporary, data)
    fs.mv(temporary, path)
