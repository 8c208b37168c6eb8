"""Checking on a Dask cluster: `phrasecheck check --dask ADDRESS` (or `local`), docs/api.md.

JSON Lines files (local, or URLs fsspec reads: `s3://…`) are cut at line ends into partitions
of about `blocksize` bytes, as `dask.bytes.read_bytes` cuts them; other local files are a
partition each. A worker reads, checks (api.Checker, rebuilt there once) and writes each
partition under a fixed name (`part-NNNNN.jsonl`, or a part in each table's folder), so a
partition Dask computes again after losing a worker is written again, never twice. Line
numbers are the file's own: small tasks count the lines of the partitions before (a file of
one partition is never counted). The client merges the summaries in order into `summary.json`.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sys
import uuid
from dataclasses import dataclass, field
from typing import Any

from .readers.base import MAX_LINE_BYTES, TOO_LONG, Source
from .summary import Summary

DEFAULT_BLOCKSIZE = 64 * 2 ** 20  # a partition: ~7,000 calls with transcripts, ~15 s of one core
FORMATS = ("jsonl", "parquet")


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


def require() -> None:
    """Dask is an optional extra: a clear error without it."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
        import fsspec  # noqa: F401
    except ImportError as exc:
        raise DaskRunError(f"--dask needs Dask ({exc.name} is not installed): "
                           "pip install 'phrasecheck[dask]'") from None


def block_size(text: str | None) -> int:
    """--dask-blocksize: bytes, or a size such as 64MiB or 500kB (Dask's own reading of sizes)."""
    if text is None:
        return DEFAULT_BLOCKSIZE
    from dask.utils import parse_bytes

    try:
        size = parse_bytes(text)
    except (ValueError, TypeError):
        size = 0
    if size < 1:
        raise DaskRunError(f"--dask-blocksize «{text}»: expected a size such as 64MiB")
    return size


def local_inputs(paths: list[str]) -> list[str]:
    """Local arguments, a quoted glob (`'night/*.jsonl'`) expanded as the shell would."""
    out = []
    for path in paths:
        matches = sorted(glob.glob(path)) if glob.has_magic(path) and not os.path.exists(path) else []
        out.extend(matches or [path])
    return out


def remote_inputs(urls: list[str]) -> list[str]:
    """The JSON Lines files of URLs: files, folders searched, globs expanded (fsspec)."""
    import fsspec

    files = []
    for url in urls:
        try:
            fs, _, paths = fsspec.core.get_fs_token_paths(url)
        except (ImportError, ValueError) as exc:  # no such protocol, or its package is missing
            raise DaskRunError(f"{url}: {exc}") from None
        if not paths:
            raise DaskRunError(f"{url}: no such file")
        for path in paths:
            found = sorted(p for p in fs.find(path) if p.endswith(".jsonl")) if fs.isdir(path) else [path]
            files.extend(fs.unstrip_protocol(p) for p in found)
    return files


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
    """The block's lines as the file reader reads them: split at «\\n» only, each kept
    with it, one longer than MAX_LINE_BYTES as TOO_LONG (reported, not read)."""
    lines = block.split(b"\n")
    last = lines.pop()  # after the last «\n»: b"", or a last line without one
    lines = [line + b"\n" for line in lines]
    if last:
        lines.append(last)
    return [TOO_LONG if len(line) > MAX_LINE_BYTES else line for line in lines]


def check_partition(checker, partition: Partition, earlier: list[int], output: str, fmt: str) -> Done:
    """Read, check and write one partition (in a worker); `earlier`, the line counts of
    the file's partitions before it."""
    from .model import FileResult
    from .readers.base import reason

    if partition.part is None:
        result = checker.check_source(Source(partition.path))
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


def _write(result, index: int, output: str, fmt: str) -> Done:
    import fsspec

    fs, root = fsspec.core.url_to_fs(output)
    if fmt == "jsonl":
        from .reporters.jsonreport import JsonLinesReporter

        rendered = JsonLinesReporter.render([result])
        _put(fs, f"{root}/part-{index:05d}.jsonl", rendered.data)
        return Done(rendered.summary, rendered.errors)
    from .api import Result
    from .reporters.parquet import encoded

    for table, data in encoded([result]).items():
        _put(fs, f"{root}/{table}.parquet/part-{index:05d}.parquet", data)
    part = Result([result])
    return Done(part.summary, part.errors)


def _put(fs, path: str, data: bytes) -> None:
    """The file whole or not at all: a task that dies writing leaves no part of it."""
    temporary = f"{path}.{uuid.uuid4().hex}.tmp"
    fs.pipe_file(temporary, data)
    fs.mv(temporary, path)


def prepare_output(output: str, fmt: str, shown: str) -> None:
    """A new or empty folder: results of another run are never mixed in or written over."""
    import fsspec

    fs, root = fsspec.core.url_to_fs(output)
    if fs.exists(root):
        if not fs.isdir(root):
            raise DaskRunError(f"{shown}: --dask writes a folder of partitions; this is a file")
        if fs.ls(root):
            raise DaskRunError(f"{shown}: not empty; give a new folder (results are never written over)")
    fs.makedirs(root, exist_ok=True)
    if fmt == "parquet":
        from .reporters.parquet import TABLES

        for table in TABLES:
            fs.makedirs(f"{root}/{table}.parquet", exist_ok=True)


def write_summary(output: str, summary: Summary) -> None:
    import json

    import fsspec

    from .api import summary_record

    fs, root = fsspec.core.url_to_fs(output)
    for leftover in fs.glob(f"{root}/**/*.tmp"):  # of a task whose worker died writing it: done again since
        fs.rm(leftover)
    text = json.dumps(summary_record(summary), ensure_ascii=False, indent=2) + "\n"
    _put(fs, f"{root}/summary.json", text.encode("utf-8", "backslashreplace"))


@contextlib.contextmanager
def connect(address: str, workers: int):
    """A client of the scheduler at `address`, or of a new LocalCluster of `workers` processes."""
    import logging

    from distributed import Client, LocalCluster

    if address == "local":
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise DaskRunError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        yield client


def submit(client, checker, parts: list[Partition], output: str, fmt: str) -> list:
    """A task for each partition, and for each partition followed by another of its file
    a task counting its lines; the futures of the partitions, in order."""
    futures, counts = [], []
    for at, partition in enumerate(parts):
        if partition.part in (None, 0):
            counts = []
        futures.append(client.submit(check_partition, checker, partition, list(counts), output, fmt,
                                     key=f"phrasecheck-partition-{partition.index}-{uuid.uuid4().hex}"))
        following = parts[at + 1] if at + 1 < len(parts) else None
        if partition.part is not None and following is not None and following.part:
            counts.append(client.submit(count_lines, partition, pure=False))
    return futures


def gather(futures: list, parts: list[Partition], quiet: bool, tell) -> Summary:
    """The partitions' summaries merged in order (api.merge), their errors told as they come."""
    from distributed import progress

    from .api import merge

    if not quiet and sys.stderr.isatty():
        with contextlib.redirect_stdout(sys.stderr):  # Dask's own progress bar, beside the results
            progress(futures)
    done: list[Any] = []
    for future, partition in zip(futures, parts):
        try:
            part = future.result()
        except Exception as exc:  # a task Dask could not finish (a worker killed again and again)
            raise DaskRunError(f"{partition.path}: partition {partition.index} failed on the cluster: "
                               f"{type(exc).__name__}: {exc}") from None
        for path, error in part.errors:
            tell(f"{path}: unreadable: {error}")
        done.append(part.summary)
    return merge(done)


def run(checker, files: list[str], address: str, output: str, fmt: str, *, blocksize: int = DEFAULT_BLOCKSIZE,
        workers: int = 2, quiet: bool = False, tell=print) -> Summary:
    """Check `files` on the cluster, write each partition's results and the merged summary
    into the `output` folder; the summary."""
    require()
    if fmt not in FORMATS:
        raise DaskRunError(f"--dask writes --format jsonl or parquet, not {fmt}")
    parts = partitions(files, blocksize)
    shown, output = output, output if "://" in output else os.path.abspath(output)  # workers run elsewhere
    prepare_output(output, fmt, shown)
    with connect(address, workers) as client:
        summary = gather(submit(client, checker, parts, output, fmt), parts, quiet, tell)
    write_summary(output, summary)
    return summary
