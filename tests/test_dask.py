"""check --dask on a real dask.distributed LocalCluster of 2 workers: the same records and
summary as one process, a worker killed mid-run costing nothing, a broken line located."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import EXAMPLES, ROOT, run_cli, write

distributed = pytest.importorskip("distributed")  # the [dask] extra; CI installs it
pq = pytest.importorskip("pyarrow.parquet")

FILES, CALLS, BLOCKSIZE = 6, 50, "64kB"  # 6 files of ~230 kB: 24 partitions
BROKEN = ("day-2.jsonl", 40)  # a line cut short, in the file's third partition


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Generated calls in JSON Lines files, one line broken; and the one-process report of them."""
    folder = tmp_path_factory.mktemp("dask")
    for day in range(FILES):
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--calls", str(CALLS),
                        "--seed", str(day), "--out", str(folder / "corpus" / f"day-{day}.jsonl")],
                       check=True, capture_output=True)
    broken = folder / "corpus" / BROKEN[0]
    lines = broken.read_bytes().splitlines(keepends=True)
    lines[BROKEN[1] - 1] = lines[BROKEN[1] - 1][:200] + b"\n"
    broken.write_bytes(b"".join(lines))
    shutil.copy(EXAMPLES / "calls" / "2026-05-16-0001.txt", folder / "corpus" / "transcript.txt")  # a partition
    single = run_cli("check", "corpus", "-f", "jsonl", "-o", "single.jsonl", "-q", cwd=folder)
    assert single.code == 2, single.err
    return folder


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 worker processes and a client of it."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as local, distributed.Client(local) as client:
        yield local.scheduler_address, client


def _records(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_same_as_one_process(corpus, out):
    """The partitions hold the one-process report's records, each kind in the same order, and
    summary.json is its summary."""
    single = _records(corpus / "single.jsonl")
    parts = sorted(out.glob("part-*.jsonl"))
    assert len(parts) >= 8
    records = [record for part in parts for record in _records(part)]
    for kind in ("violation", "practice", "call", "error"):
        assert [r for r in records if r["record"] == kind] == [r for r in single if r["record"] == kind]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8")) == single[-1]
    assert sorted(p.name for p in out.iterdir()) == [p.name for p in parts] + ["summary.json"]  # no leftovers
    calls = [r for r in records if r["record"] == "call"]
    assert len(calls) == FILES * CALLS == len({(r["path"], r["line"]) for r in calls})  # a line broken, a .txt
    assert calls[-1]["path"] == "corpus/transcript.txt"


def test_partitions_on_a_cluster_give_the_one_process_report(corpus, cluster):
    address, _ = cluster
    result = run_cli("check", "corpus", "--dask", address, "--dask-blocksize", BLOCKSIZE, "-f", "jsonl",
                     "-o", "night", "-q", cwd=corpus)
    assert result.code == 2  # the broken line, as in one process
    assert_same_as_one_process(corpus, corpus / "night")
    path, line = f"corpus/{BROKEN[0]}", BROKEN[1]
    assert f"{path}: unreadable: line {line}: not valid JSON" in result.err
    errors = [r for p in sorted((corpus / "night").glob("part-*.jsonl")) for r in _records(p) if r["record"] == "error"]
    assert [(e["path"], e["error"].split(":")[0]) for e in errors] == [(path, f"line {line}")]
    assert f"phrasecheck: {FILES + 1} files, {FILES * CALLS} calls" in result.err


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(corpus, cluster):
    address, client = cluster
    pids = list(client.run(os.getpid).values())
    out = corpus / "killed"
    run = subprocess.Popen([sys.executable, "-m", "phrasecheck", "check", "corpus", "--dask", address,
                            "--dask-blocksize", BLOCKSIZE, "-f", "jsonl", "-o", str(out), "-q"],
                           cwd=corpus, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(out.glob("part-*.jsonl")) and time.monotonic() < deadline:
        time.sleep(0.02)
    written = len(list(out.glob("part-*.jsonl")))
    os.kill(pids[0], signal.SIGKILL)
    _, err = run.communicate(timeout=120)
    assert 0 < written < 16, "the worker was to be killed in the middle of the run"
    assert run.returncode == 2, err
    assert_same_as_one_process(corpus, out)
    client.wait_for_workers(2, timeout=60)  # the nanny started another


def test_parquet_partitions_on_a_cluster(corpus, cluster):
    single = run_cli("check", "corpus", "-f", "parquet", "-o", "single", "-q", cwd=corpus)
    result = run_cli("check", "corpus", "--dask", cluster[0], "--dask-blocksize", BLOCKSIZE,
                     "-f", "parquet", "-o", "night.pq", "-q", cwd=corpus)
    assert result.code == single.code == 2, result.err
    for table in ("violations", "practices", "calls", "errors"):
        parts = sorted((corpus / "night.pq" / f"{table}.parquet").glob("part-*.parquet"))
        assert len(parts) >= 8
        rows = [row for part in parts for row in pq.read_table(part).to_pylist()]
        assert rows == pq.read_table(corpus / "single" / f"{table}.parquet").to_pylist()
    assert (corpus / "night.pq" / "summary.json").read_text() == (corpus / "single" / "summary.json").read_text()


def test_a_local_cluster_of_its_own(corpus):
    result = run_cli("check", "corpus/day-0.jsonl", "--dask", "local", "-j", "1", "--dask-blocksize", BLOCKSIZE,
                     "-f", "jsonl", "-o", "local", "-q", cwd=corpus)
    assert result.code == 1, result.err
    records = [r for p in sorted((corpus / "local").glob("part-*.jsonl")) for r in _records(p)]
    single = [r for r in _records(corpus / "single.jsonl") if r.get("path") == "corpus/day-0.jsonl"]
    for kind in ("violation", "practice", "call"):
        assert [r for r in records if r["record"] == kind] == [r for r in single if r["record"] == kind]
    assert json.loads((corpus / "local" / "summary.json").read_text(encoding="utf-8"))["calls"] == CALLS


def test_dask_runs_refuse_what_they_cannot_write(corpus, tmp_path):
    result = run_cli("check", corpus / "corpus", "--dask", "local", "-f", "console", cwd=tmp_path)
    assert result.code == 2
    assert ("phrasecheck: --dask writes a folder of partitions: give --format jsonl or parquet and "
            "--output FOLDER") in result.err
    write(tmp_path / "old" / "part-00000.jsonl", "{}\n")
    result = run_cli("check", corpus / "corpus", "--dask", "local", "-f", "jsonl", "-o", "old", cwd=tmp_path)
    assert result.code == 2
    assert "phrasecheck: old: not empty; give a new folder (results are never written over)" in result.err
    assert (tmp_path / "old" / "part-00000.jsonl").read_text() == "{}\n"
    result = run_cli("check", corpus / "corpus", "--dask", "local", "--dask-blocksize", "huge", "-f", "jsonl",
                     "-o", "new", cwd=tmp_path)
    assert result.code == 2
    assert "phrasecheck: --dask-blocksize «huge»: expected a size such as 64MiB" in result.err


def test_urls_and_globs_are_read_through_fsspec(corpus, cluster):
    url = f"file://{corpus}/corpus/day-[01].jsonl"  # as s3://bucket/… would be, with s3fs installed
    result = run_cli("check", url, "--dask", cluster[0], "--dask-blocksize", BLOCKSIZE, "-f", "jsonl",
                     "-o", "from-urls", "-q", cwd=corpus)
    assert result.code == 1, result.err
    calls = [r for p in sorted((corpus / "from-urls").glob("part-*.jsonl")) for r in _records(p)
             if r["record"] == "call"]
    assert [(c["path"], c["line"]) for c in calls] == [
        (f"file://{corpus}/corpus/day-{day}.jsonl", line) for day in (0, 1) for line in range(1, CALLS + 1)]
    single = [r for r in _records(corpus / "single.jsonl") if r["record"] == "call"][:2 * CALLS]
    assert [c["score"] for c in calls] == [c["score"] for c in single]
    missing = run_cli("check", "file:///no/such/*.jsonl", "--dask", cluster[0], "-f", "jsonl", "-o", "none",
                      cwd=corpus)
    assert missing.code == 2
    assert "phrasecheck: file:///no/such/*.jsonl: no such file" in missing.err
