"""Benchmark phrasecheck end to end: the real CLI, run as a subprocess, on a generated corpus.

    python benchmarks/run.py              # 20,000 calls (and 10,000 as .txt files)
    python benchmarks/run.py --quick      # 2,000 calls (and 1,000 as .txt files)

Prints a Markdown report (figures, machine, exact commands) and writes it to
benchmarks/results.md.  See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / ".data"
SHARDS = 8  # several files, so a checker that parallelises per file can use every core
WORD_RE = re.compile(r"[0-9a-zа-яё]+(?:-[0-9a-zа-яё]+)*", re.IGNORECASE)
TIME = "/usr/bin/time"
PHRASECHECK = [sys.executable, "-m", "phrasecheck"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


# ------------------------------------------------------------------ inputs

def cached(kind: str, calls: int, seed: int, build) -> Path:
    """A generated corpus in DATA, cached until generate.py changes; `build(calls, seed, work)`
    fills a new folder, which gets the cached name only once it is complete."""
    version = hashlib.sha1((HERE / "generate.py").read_bytes()).hexdigest()[:8]
    folder = DATA / f"{kind}-{calls}-seed{seed}-{version}"
    if folder.is_dir():
        return folder
    log(f"generating {calls} calls ({kind}) → {rel(folder)}")
    DATA.mkdir(exist_ok=True)
    for stale in DATA.glob(f"{kind}-{calls}-seed{seed}-*"):  # made by an older generate.py
        shutil.rmtree(stale)
    work = Path(tempfile.mkdtemp(dir=DATA))
    build(calls, seed, work)
    work.rename(folder)
    return folder


def generate(calls: int, seed: int, fmt: str, out: Path) -> None:
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--calls", str(calls), "--seed", str(seed),
                    "--format", fmt, "--out", str(out)], check=True)


def jsonl_shards(calls: int, seed: int, work: Path) -> None:
    whole = work / "all.jsonl"
    generate(calls, seed, "jsonl", whole)
    lines = whole.read_text(encoding="utf-8").splitlines(keepends=True)
    whole.unlink()
    size = -(-len(lines) // SHARDS)
    for i in range(SHARDS):
        (work / f"part-{i:02d}.jsonl").write_text("".join(lines[i * size:(i + 1) * size]), encoding="utf-8")


def corpus(calls: int, seed: int) -> Path:
    """The generated calls as JSONL shards."""
    return cached("calls", calls, seed, jsonl_shards)


def text_corpus(calls: int, seed: int) -> Path:
    """The generated calls as one .txt transcript each, in one folder."""
    return cached("txt", calls, seed, lambda calls, seed, work: generate(calls, seed, "txt", work))


# A transcript line that opens an utterance: `[hh:mm:ss.s] Label: ` before the speech.
TEXT_HEAD_RE = re.compile(r"^\[[^\]]*\] [^:]+: ")


def count_text_words(folder: Path) -> tuple[int, int, int]:
    """Calls, utterances and words of the speech in .txt transcripts: `# key: value` headers,
    timestamps and speaker labels are not speech, the lines that continue an utterance are."""
    calls = utterances = words = 0
    for path in sorted(folder.glob("*.txt")):
        calls += 1
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            head = TEXT_HEAD_RE.match(line)
            utterances += head is not None
            words += len(WORD_RE.findall(line[head.end():] if head else line))
    return calls, utterances, words


def count_words(folder: Path) -> tuple[int, int, int]:
    calls = utterances = words = 0
    for shard in sorted(folder.glob("*.jsonl")):
        with shard.open(encoding="utf-8") as f:
            for line in f:
                calls += 1
                for u in json.loads(line)["utterances"]:
                    utterances += 1
                    words += len(WORD_RE.findall(u["text"]))
    return calls, utterances, words


def rule_pack(k: int, seed: int) -> Path:
    version = hashlib.sha1((HERE / "rules_scale.py").read_bytes()).hexdigest()[:8]
    path = DATA / f"rules-{k}-seed{seed}-{version}.yaml"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "rules_scale.py"), "--rules", str(k), "--seed", str(seed),
                        "--out", str(path)], check=True)
    return path


def builtin_forbidden_rules() -> int:
    """Rows of `phrasecheck rules list` whose type column is `forbidden` (wide, so rows do not wrap)."""
    listing = subprocess.run(PHRASECHECK + ["rules", "list"], capture_output=True, text=True, cwd=ROOT,
                             env={**os.environ, "COLUMNS": "400"}, check=True).stdout
    return sum(1 for line in listing.splitlines() if line.split()[1:2] == ["forbidden"])


def has_jobs_option() -> bool:
    help_text = subprocess.run(PHRASECHECK + ["check", "--help"], capture_output=True, text=True, cwd=ROOT,
                               env={**os.environ, "COLUMNS": "200"}).stdout
    return re.search(r"--jobs\b", help_text) is not None


# ------------------------------------------------------------------ one run

class Run:
    """One `phrasecheck check` subprocess: wall time, peak RSS, violations written."""

    def __init__(self, label: str, args: list[str], out_dir: Path):
        self.label = label
        self.output = out_dir / (re.sub(r"\W+", "-", label).strip("-") + ".jsonl")
        self.command = PHRASECHECK + ["check", *args, "--format", "jsonl", "--output", str(self.output)]
        self.seconds = self.rss_kib = self.violations = None
        self.error = ""

    def execute(self) -> "Run":
        timed = ([TIME, "-v"] if os.access(TIME, os.X_OK) else []) + self.command
        start = time.perf_counter()
        proc = subprocess.Popen(timed, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        stderr = proc.stderr.read()
        proc.stderr.close()
        # wait4 gives this child's own peak RSS (the largest process of its tree), unlike
        # RUSAGE_CHILDREN, which would also count the generator run earlier.
        _, status, usage = os.wait4(proc.pid, 0)
        self.seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
        self.rss_kib = int(found.group(1)) if found else usage.ru_maxrss
        # Exit 1 only says that violations were found; a traceback also exits with 1.
        if code not in (0, 1) or "Traceback" in stderr or not self.output.exists():
            self.error = f"exit {code}: " + " ".join(stderr.strip().splitlines()[-3:])[-300:]
            return self
        with self.output.open(encoding="utf-8") as f:  # violation lines; newer versions add other records
            records = (json.loads(line) for line in f if line.strip())
            self.violations = sum(1 for r in records if "rule" in r and r.get("record", "violation") == "violation")
        return self


def source_digest() -> str:
    """A digest of phrasecheck's code and rules: the package is editable, so a change made while the
    benchmark runs would silently mix two versions into one table."""
    digest = hashlib.sha1()
    for path in sorted([*(ROOT / "phrasecheck").rglob("*.py"), *(ROOT / "rules").rglob("*.yaml")]):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


# ------------------------------------------------------------------ report

def machine(digest: str, load: tuple[float, ...]) -> list[str]:
    cpu = "unknown"
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = found.group(1).strip() if found else cpu
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    return [
        f"- nproc: {len(os.sched_getaffinity(0))} (os.cpu_count: {os.cpu_count()})",
        f"- CPU: {cpu}",
        f"- Python: {platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        f"- OS: {platform.platform()}",
        f"- phrasecheck {metadata.version('phrasecheck')}, git HEAD {commit.strip() or '?'}, "
        f"sources digest {digest} (phrasecheck/**/*.py and rules/**/*.yaml, uncommitted changes included)",
        f"- run at {dt.datetime.now().astimezone().isoformat(timespec='seconds')}; load average before the run "
        f"{' '.join(f'{x:.2f}' for x in load)} (other work on the machine slows every row)",
        f"- PYTHONDONTWRITEBYTECODE {'set' if os.environ.get('PYTHONDONTWRITEBYTECODE') else 'unset'}; "
        f"phrasecheck's modules byte-compiled before the runs, as an install does",
    ]


def row(run: Run | None, words: int, label: str) -> str:
    if run is None:
        return f"| {label} | n/a | n/a | n/a | n/a |"
    if run.error:
        return f"| {run.label} | failed: {run.error.replace('|', '/')} | | | |"
    return (f"| {run.label} | {words / run.seconds:,.0f} | {run.seconds:.2f} | {run.rss_kib / 1024:.0f} | "
            f"{run.violations:,} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true", help="2,000 calls, for a fast run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="run each corpus check N times, keep the fastest")
    parser.add_argument("--text-calls", type=int, default=10_000, help="calls of the .txt folder row")
    args = parser.parse_args(argv)
    calls = 2_000 if args.quick else args.calls
    text_calls = 1_000 if args.quick else args.text_calls

    digest, load = source_digest(), os.getloadavg()
    # byte-compiled as an install does it (pip compiles what it installs): a checkout run with
    # PYTHONDONTWRITEBYTECODE set would otherwise compile every module at every start
    compileall.compile_dir(str(ROOT / "phrasecheck"), quiet=1)
    folder = corpus(calls, args.seed)
    n_calls, n_utterances, words = count_words(folder)
    texts = text_corpus(text_calls, args.seed)
    text_counts = count_text_words(texts)
    forbidden = builtin_forbidden_rules()
    jobs = has_jobs_option()
    packs = {k: rule_pack(k, args.seed) for k in (10 * forbidden, 100 * forbidden)}
    out_dir = Path(tempfile.mkdtemp(prefix="phrasecheck-bench-"))

    # The files themselves, not their folder: .data/ is git-ignored, and a folder search may skip it.
    inputs = [rel(p) for p in sorted(folder.glob("*.jsonl"))]
    plan = [Run("built-in pack, default jobs", inputs, out_dir)]
    if jobs:
        plan.append(Run("built-in pack, --jobs 1", [*inputs, "--jobs", "1"], out_dir))
    for k, pack in packs.items():
        plan.append(Run(f"built-in + {k} generated rules ({k // forbidden}×)", [*inputs, "--rules", rel(pack)],
                        out_dir))
    # A folder of small files: what finding, opening and reading each file costs, beside checking it.
    # --no-gitignore: .data/ is git-ignored, and the folder is the input here.
    plan.append(Run(f"{text_counts[0]:,} .txt calls in a folder, default jobs", [rel(texts), "--no-gitignore"],
                    out_dir))
    for i, run in enumerate(plan, 1):
        log(f"[{i}/{len(plan)}] {run.label} …")
        best, peak = None, 0
        for _ in range(args.repeat):  # the fastest run is the one least disturbed by other load
            run.execute()
            log(f"    {run.error or f'{run.seconds:.1f} s'}")
            if run.error:
                break
            peak = max(peak, run.rss_kib)
            best = min(best or run.seconds, run.seconds)
        if not run.error:
            run.seconds, run.rss_kib = best, peak
        if run.violations == 0:  # the corpus always holds violations: nothing found means nothing was read
            run.error = "no violations reported: were the inputs read?"

    script = ROOT / "examples" / "scripts" / "hold.md"
    small = [Run(f"small script {i}", [rel(script)], out_dir).execute() for i in range(5)]
    small_ok = [r.seconds for r in small if not r.error]
    changed = source_digest() != digest

    lines = [
        f"# phrasecheck benchmark ({'quick' if args.quick else 'full'})",
        "",
        f"Corpus: {n_calls:,} generated calls (seed {args.seed}), {n_utterances:,} utterances, {words:,} words, "
        f"in {SHARDS} JSONL files (`{rel(folder)}`). Built-in forbidden rules: {forbidden}.",
        "",
        "| run | words/s | wall s | peak RSS MiB | violations |",
        "|---|---:|---:|---:|---:|",
        row(plan[0], words, ""),
        row(plan[1] if jobs else None, words, "built-in pack, --jobs 1 (`check --help` lists no --jobs)"),
        *(row(run, words, "") for run in plan[1 + jobs:-1]),
        row(plan[-1], text_counts[2], ""),
        "",
        f"The .txt row: {text_counts[0]:,} of the same generated calls, one transcript each "
        f"(`# key: value` headers, `[hh:mm:ss.s] Label: text`, long lines wrapped), in one folder "
        f"(`{rel(texts)}`): {text_counts[1]:,} utterances, {text_counts[2]:,} words of speech.",
        "",
        f"Small script `{rel(script)}`, 5 runs: "
        + (f"best {min(small_ok):.3f} s, median {statistics.median(small_ok):.3f} s, "
           f"peak RSS {small[0].rss_kib / 1024:.0f} MiB." if small_ok else f"failed: {small[0].error}"),
        "",
        f"Each corpus row is {'one run' if args.repeat == 1 else f'the fastest of {args.repeat} runs'}; "
        "wall time includes interpreter start-up and rule loading. Peak RSS is "
        f"that of the largest process of the run ({'GNU time -v' if os.access(TIME, os.X_OK) else 'wait4'}).",
        "",
        *(["**Warning: phrasecheck's sources changed while the benchmark ran; the rows may measure "
            "different versions. Run it again.**", ""] if changed else []),
        "## Machine",
        "",
        *machine(digest, load),
        "",
        "## Commands",
        "",
        "```",
        f"cd {ROOT}",
        *(shlex.join(run.command) for run in plan),
        shlex.join(small[0].command) + "   # ×5",
        "```",
        "",
        f"Reproduce: `python benchmarks/run.py{' --quick' if args.quick else f' --calls {calls}'}"
        f"{f' --text-calls {text_calls}' if not args.quick and text_calls != 10_000 else ''}"
        f"{f' --seed {args.seed}' if args.seed != 1 else ''}{f' --repeat {args.repeat}' if args.repeat > 1 else ''}`.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    (HERE / "results.md").write_text(report, encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
