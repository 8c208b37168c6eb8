"""Benchmark the HTML report of a night: its size, how long it takes to write, and how soon
headless Chromium shows its first rows.

    python benchmarks/html_night.py                 # 20,000 generated calls
    python benchmarks/html_night.py --calls 2000    # a quicker look

Generates the calls (benchmarks/generate.py, cached in benchmarks/.data), checks them to JSON
Lines, rebuilds the report with `phrasecheck report … -f html` (one page, then a folder of pages
per agent), and opens the page in Chromium several times: the wall time of a
`chromium --dump-dom` run (start-up, parsing, the first rows drawn) and the time the page itself
says its first rows were shown (`<body data-ready>`, ms from navigation). Then it opens a call
(`#selftest&open=first`) to see that its transcript is drawn. Prints a Markdown section,
with the load (`uptime`) before and after, for benchmarks/results.md.
"""

from __future__ import annotations

import os
import sys

if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]  # this file is named html.py: the standard library's `html` must stay reachable

import argparse  # noqa: E402 - after the path is set right
import hashlib  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from html import unescape  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / ".data"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def corpus(calls: int, seed: int) -> Path:
    version = hashlib.sha1((HERE / "generate.py").read_bytes()).hexdigest()[:8]
    path = DATA / f"html-{calls}-seed{seed}-{version}.jsonl"
    if not path.exists():
        log(f"generating {calls} calls → {path}")
        DATA.mkdir(exist_ok=True)
        part = path.with_suffix(".part")
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--calls", str(calls), "--seed", str(seed),
                        "--format", "jsonl", "--out", str(part)], check=True)
        part.rename(path)
    return path


def phrasecheck(*args) -> float:
    """Run the CLI from this checkout; its wall time in seconds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "phrasecheck", *map(str, args)], env=env, capture_output=True,
                          text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"phrasecheck {' '.join(map(str, args))}: exit {proc.returncode}\n{proc.stderr}")
    return time.perf_counter() - started


def chromium(url: str, virtual: bool = False, screenshot: bool = False) -> tuple[float, str]:
    """(wall seconds, the DOM) of one headless Chromium run with a fresh profile: the DOM dumped
    once the page has loaded, or (`screenshot`) only a picture of it taken once it is drawn, which
    spares writing out a DOM of many megabytes."""
    with tempfile.TemporaryDirectory() as profile:
        extra = ["--virtual-time-budget=30000"] if virtual else []
        action = [f"--screenshot={Path(profile) / 'page.png'}", "--window-size=1400,1000"] if screenshot else [
            "--dump-dom"]
        started = time.perf_counter()
        proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, *action, url],
                              capture_output=True, text=True, timeout=300)
        return time.perf_counter() - started, proc.stdout


def attribute(dom: str, name: str) -> str:
    match = re.search(rf'<body[^>]* {name}="([^"]*)"', dom)
    if not match:
        raise SystemExit(f"the page set no {name}: {dom[-2000:]}")
    return unescape(match.group(1))


def seconds(runs: list[float]) -> str:
    return f"{statistics.median(runs):.2f} s ({', '.join(f'{w:.2f}' for w in runs)})"


def mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.0f} kB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="times the page is opened")
    args = parser.parse_args()
    source = corpus(args.calls, args.seed)
    before = uptime()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        results, page, pages = work / "results.jsonl", work / "night.html", work / "pages"
        check = phrasecheck("check", source, "-f", "jsonl", "-o", results, "-q")
        write = phrasecheck("report", results, "-f", "html", "-o", page)
        folder = phrasecheck("report", results, "-f", "html", "-o", f"{pages}/")
        records = [json.loads(line) for line in results.open(encoding="utf-8")]
        violations = sum(r["record"] == "violation" for r in records)
        practices = sum(r["record"] == "practice" for r in records)
        blank = [chromium("about:blank", screenshot=True)[0] for _ in range(args.runs)]
        shots = [chromium(page.as_uri(), screenshot=True)[0] for _ in range(args.runs)]
        opened = [chromium(page.as_uri()) for _ in range(args.runs)]
        walls = [wall for wall, _ in opened]
        ready = [int(attribute(dom, "data-ready")) for _, dom in opened]
        _, dom = chromium(page.as_uri() + "#selftest&open=first", virtual=True)
        selftest = json.loads(attribute(dom, "data-selftest"))
        agent_pages = sorted(p.stat().st_size for p in pages.glob("agent-*.html"))
        sizes = (page.stat().st_size, results.stat().st_size, source.stat().st_size,
                 (pages / "index.html").stat().st_size)
    after = uptime()
    shown = selftest["opened"][0] if selftest["opened"] else {}
    rows = [("page (`report -f html -o night.html`)", mb(sizes[0])),
            ("written in (`report`, wall)", f"{write:.1f} s"),
            ("checked to JSONL first (wall)", f"{check:.1f} s"),
            (f"Chromium `--screenshot` of the page, wall (median of {args.runs})", seconds(shots)),
            ("the same of `about:blank` (Chromium's own start and stop)", seconds(blank)),
            ("Chromium `--dump-dom` (the whole DOM written out), wall", seconds(walls)),
            ("first rows shown (`data-ready`, ms from navigation; median)",
             f"{statistics.median(ready):,} ms ({', '.join(map(str, ready))})"),
            ("folder (`-o DIR/`): index; agent pages, smallest–largest; written in",
             f"{mb(sizes[3])}; {len(agent_pages)} pages, {mb(agent_pages[0])}–{mb(agent_pages[-1])}; {folder:.1f} s")]
    print(f"""## HTML report of a night

`python benchmarks/html_night.py --calls {args.calls}`: {args.calls:,} generated calls (seed {args.seed}),
{violations:,} violations, {practices:,} practices; the calls {mb(sizes[2])}, their JSONL results {mb(sizes[1])}.

| figure | value |
|---|---:|
""" + "".join(f"| {name} | {value} |\n" for name, value in rows) + f"""
Opening a call (`#selftest&open=first`): {shown.get('utterances', 0)} utterances drawn, the violation's
utterance marked: {bool(shown.get('target'))}, its message beside it:
{selftest.get('openedMessage') in shown.get('notes', [])}; errors: {selftest['errors'] or 'none'}.

Load: before `{before}`; after `{after}`.
""")

if __name__ == "__main__":
    main()
