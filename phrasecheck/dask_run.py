"""Checking on a Dask cluster: `phrasecheck check --dask ADDRESS` (or `local`), docs/api.md.

The client's side: which files, cut into which partitions (dask_tasks.py), a task for
each on the cluster (and small tasks counting the lines of a file's partitions before the
last, for line numbers that are the file's own), then the partitions' summaries merged in
order into `summary.json`: exactly one run's. Dask schedules, retries a lost worker's
tasks and shows progress; its modules are imported only here, and only with --dask.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sys
import uuid
from typing import Any

from .dask_tasks import DaskRunError, Partition, check_partition, count_lines, partitions, put
from .summary import Summary

__all__ = ["DEFAULT_BLOCKSIZE", "FORMATS", "DaskRunError", "run"]

DEFAULT_BLOCKSIZE = 64 * 2 ** 20  # a partition: ~14,000 calls of 285 words, ~30 s of one core
FORMATS = ("jsonl", "parquet")


def plan(output: str | None, fmt: str, blocksize: str | None, *, rewrites: bool) -> int:
    """What --dask cannot go with, said before any rule is loaded: the bytes per partition.
    `rewrites`: --fix, --diff, --redact or --summary-only, which need the whole run's results."""
    if rewrites:
        raise DaskRunError("--dask writes every result as it is: not with --fix, --diff, --redact or --summary-only")
    if output is None or fmt not in FORMATS:
        raise DaskRunError("--dask writes a folder of partitions: give --format jsonl or parquet and --output FOLDER")
    require()
    return block_size(blocksize)


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
            fs, root = fsspec.core.url_to_fs(url)
            paths = sorted(fs.glob(root)) if glob.has_magic(root) else [root] if fs.exists(root) else []
        except (ImportError, ValueError, OSError) as exc:  # no such protocol, its package missing, no access
            raise DaskRunError(f"{url}: {exc}") from None
        if not paths:
            raise DaskRunError(f"{url}: no such file")
        for path in paths:
            found = sorted(p for p in fs.find(path) if p.endswith(".jsonl")) if fs.isdir(path) else [path]
            files.extend(fs.unstrip_protocol(p) for p in found)
    return files


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
    put(fs, f"{root}/summary.json", text.encode("utf-8", "backslashreplace"))


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


def run(checker, paths: list[str], collect, address: str, output: str, fmt: str, *,
        blocksize: int = DEFAULT_BLOCKSIZE, workers: int = 2, quiet: bool = False, tell=print) -> Summary:
    """Check the inputs on the cluster: local paths (`collect` finds their files, as a run on one
    machine does) and URLs; write each partition's results and the merged summary into the
    `output` folder; the summary."""
    require()
    if fmt not in FORMATS:
        raise DaskRunError(f"--dask writes --format jsonl or parquet, not {fmt}")
    local = local_inputs([p for p in paths if "://" not in p])
    files = [*(collect(local) if local else []), *remote_inputs([p for p in paths if "://" in p])]
    parts = partitions(files, blocksize)
    shown, output = output, output if "://" in output else os.path.abspath(output)  # workers run elsewhere
    prepare_output(output, fmt, shown)
    with connect(address, workers) as client:
        summary = gather(submit(client, checker, parts, output, fmt), parts, quiet, tell)
    write_summary(output, summary)
    tell(f"phrasecheck: {summary.files} files, {summary.calls} calls, {summary.violations} violations, "
         f"{summary.unreadable} unreadable: {shown}")
    return summary
