"""How `check --dask` scales with workers on this machine (docs/scale.md).

    python benchmarks/dask_scale.py --calls 4000 --files 8 --workers 1 2

Generates a seeded corpus (generate.py) in JSON Lines files, starts a
dask.distributed LocalCluster of N single-threaded worker processes, warms the
workers up (each builds its rules once) and times `dask_run.run` over the corpus:
words of speech per second, N workers. Needs the [dask] extra.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

from phrasecheck import dask_run  # noqa: E402
from phrasecheck.api import Checker  # noqa: E402


def corpus(folder: Path, calls: int, files: int) -> tuple[list[str], int]:
    """`calls` generated calls in `files` JSON Lines files; their words of speech."""
    words, paths = 0, []
    records = list(generate.calls(calls, seed=1))
    for index in range(files):
        path = folder / f"part-{index}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for record in records[index::files]:
                words += sum(len(u["text"].split()) for u in record["utterances"])
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        paths.append(str(path))
    return paths, words


def timed(client_address: str, checker, paths: list[str], out: Path, blocksize: int) -> float:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    dask_run.run(checker, paths, list, client_address, str(out), "jsonl", blocksize=blocksize, quiet=True,
                 tell=lambda _: None)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=4000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--blocksize", default="1MiB")
    args = parser.parse_args()
    from dask.utils import parse_bytes
    from distributed import Client, LocalCluster

    folder = Path(tempfile.mkdtemp(prefix="phrasecheck-dask-scale-"))
    paths, words = corpus(folder, args.calls, args.files)
    checker = Checker.from_config()
    print(f"{args.calls} calls, {words:,} words in {args.files} files; load {os.getloadavg()[0]:.2f}")
    for workers in args.workers:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster:
            timed(cluster.scheduler_address, checker, paths[:1], folder / "warm", parse_bytes("64kB"))
            with Client(cluster) as client:  # the workers' own CPU time: what the load on the machine leaves out
                before = sum(client.run(time.process_time).values())
                seconds = timed(cluster.scheduler_address, checker, paths, folder / "out",
                                parse_bytes(args.blocksize))
                cpu = sum(client.run(time.process_time).values()) - before
        print(f"{workers} worker(s): {seconds:.2f} s, {words / seconds:,.0f} words/s; workers' CPU {cpu:.2f} s, "
              f"{words / cpu:,.0f} words per CPU-second; load {os.getloadavg()[0]:.2f}")
    for jobs in args.workers:  # the same corpus on one machine, without Dask, for comparison
        start, children = time.perf_counter(), os.times()
        subprocess.run([sys.executable, "-m", "phrasecheck", "check", *paths, "-f", "jsonl", "-q", "-j", str(jobs),
                        "-o", str(folder / "single.jsonl")], check=False, capture_output=True)
        seconds, after = time.perf_counter() - start, os.times()
        cpu = after.children_user + after.children_system - children.children_user - children.children_system
        print(f"without Dask, --jobs {jobs}: {seconds:.2f} s (start-up included), {words / seconds:,.0f} words/s; "
              f"CPU {cpu:.2f} s, {words / cpu:,.0f} words per CPU-second; load {os.getloadavg()[0]:.2f}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
