"""Peak memory of checking one large JSONL file: it must not grow with the input.

    python benchmarks/memory.py               # a 1 GB file (built from the 20,000-call corpus)
    python benchmarks/memory.py --mb 200      # a smaller one, to compare

The file repeats the generated corpus (run.py's cache, made if missing) up to
the size asked for.  While `phrasecheck check FILE --format jsonl --output
OUT` runs with every core, the resident memory of its whole process tree (the
parent and its workers, summed) is sampled from /proc every 0.1 s; the peak
of that sum is what the machine must have.  Linux only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (the corpus cache and the CLI command)


def big_file(folder: Path, megabytes: int, out: Path) -> int:
    """Write `out` by repeating the corpus shards; returns its number of calls."""
    shards = [p.read_bytes() for p in sorted(folder.glob("*.jsonl"))]
    target, written, calls = megabytes * 1_000_000, 0, 0
    with out.open("wb") as handle:
        while written < target:
            for shard in shards:
                handle.write(shard)
                written += len(shard)
                calls += shard.count(b"\n")
                if written >= target:
                    break
    return calls


def tree_rss_kib(root: int) -> tuple[int, int]:
    """(summed, largest) resident memory of `root` and its descendants, in KiB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/status") as f:
                found = next((line for line in f if line.startswith("VmRSS:")), None)
        except OSError:  # the process has just ended
            continue
        children.setdefault(parent, []).append(int(entry))
        rss[int(entry)] = int(found.split()[1]) if found else 0
    total = largest = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        largest = max(largest, rss.get(pid, 0))
        stack.extend(children.get(pid, ()))
    return total, largest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=1000, help="size of the JSONL file in MB (default 1000)")
    parser.add_argument("--calls", type=int, default=20_000, help="corpus to repeat (default 20,000 calls)")
    args = parser.parse_args()

    folder = bench.corpus(args.calls, 1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "calls.jsonl"
        calls = big_file(folder, args.mb, path)
        size = path.stat().st_size
        command = bench.PHRASECHECK + ["check", str(path), "--format", "jsonl", "--output", str(Path(tmp) / "out.jsonl")]
        bench.log(f"checking {size / 1e6:,.0f} MB, {calls:,} calls …")
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=bench.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        peak_total = peak_one = 0
        while proc.poll() is None:
            total, largest = tree_rss_kib(proc.pid)
            peak_total, peak_one = max(peak_total, total), max(peak_one, largest)
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        error = proc.stderr.read().decode(errors="replace")
        if proc.returncode not in (0, 1) or "Traceback" in error:
            sys.exit(f"check failed (exit {proc.returncode}): {error[-500:]}")
    print(f"{size / 1e6:,.0f} MB JSONL, {calls:,} calls, {os.cpu_count()} cores: {seconds:.0f} s; "
          f"peak resident memory {peak_total / 1024:.0f} MiB for all processes together "
          f"(largest one {peak_one / 1024:.0f} MiB)")
    print("command:", " ".join(command).replace(tmp, "$TMP"))


if __name__ == "__main__":
    main()
