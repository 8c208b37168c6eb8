"""Soak test: a long JSON Lines batch with bad lines in it, checked in constant memory.

    python benchmarks/soak.py                      # 1,000,000 calls, a bad line every 1,000th
    python benchmarks/soak.py --calls 100000       # fewer
    python benchmarks/soak.py --calls 20000 --every 100 --jobs 1

Writes the calls (streaming: never held in memory) to a temporary JSONL file;
every `--every`-th line is bad in one of several ways (broken JSON, wrong types,
a 5,000-digit integer, infinite or NaN times, bytes that are not UTF-8, nesting
too deep, an unmapped speaker, lone surrogates, an infinite answer delay). Then
runs `phrasecheck check FILE --format jsonl` with the report on a pipe, and
while it runs samples the resident memory of its whole process tree (parent and
workers, summed) from /proc. Prints wall time, calls per second, the peak memory
and the memory at 10 %, 25 %, 50 %, 75 %, 90 % and 100 % of the calls reported
(flat: a batch streams in constant memory), and checks that
the run survived: exit code 2, a closing summary, every good call reported, and
every bad line reported at its own line number — as an error, or (lone
surrogates, an infinite delay: a call that can still be checked) as a note on
the call of that line. Exits 1 if any of that fails. Linux only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from memory import tree_rss_kib  # noqa: E402  (the /proc sampling of a process tree)

ROOT = Path(__file__).resolve().parent.parent
AGENTS = [f"Оператор {n:02d}" for n in range(40)]
OPENINGS = ["Добрый день, компания ТОМТЕЛ, меня зовут {agent}, чем могу помочь?",
            "Алло, ТОМТЕЛ, {agent} слушает.", "Здравствуйте, ТОМТЕЛ, {agent}, слушаю вас."]
CLIENT = ["У меня не работает интернет уже второй день.", "Хочу узнать про тариф.",
          "Почему списали деньги со счёта?", "Да, понятно.", "Угу."]
AGENT = ["Минуточку, сейчас проверю ваш договор.", "Спасибо за ожидание, я всё проверила.",
         "Вы ошибаетесь, это не наша ошибка.", "Я передам заявку техническим специалистам.",
         "Скажите, пожалуйста, номер договора."]
CLOSINGS = ["Спасибо за обращение, хорошего дня!", "Всего доброго.", "До свидания."]

# Each kind of bad line: (name, how it is reported: "error" or "note", its bytes).
# A "note" line is a call that can still be checked: its call record carries the note.
UTTERANCE = '[{"speaker": "agent", "text": "Добрый день"}]'
BAD_LINES = [
    ("broken JSON", "error", b'{"call_id": "broken", "utterances": [{"speaker": "agent"'),
    ("utterances not a list", "error", b'{"call_id": "types", "utterances": "text"}'),
    ("text not a string", "error", b'{"utterances": [{"speaker": "agent", "text": 42}]}'),
    ("5,000-digit integer", "error", b'{"rings": ' + b"9" * 5000 + b', "utterances": ' + UTTERANCE.encode() + b"}"),
    ("infinite start", "error", b'{"utterances": [{"speaker": "agent", "text": "a", "start": 1e400}]}'),
    ("NaN end", "error", b'{"utterances": [{"speaker": "agent", "text": "a", "start": 0, "end": NaN}]}'),
    ("400-digit start", "error", b'{"utterances": [{"speaker": "agent", "text": "a", "start": ' + b"9" * 400 + b"}]}"),
    ("not UTF-8", "error", b'{"call_id": "\xff\xfe\xfd", "utterances": ' + UTTERANCE.encode() + b"}"),
    ("nested too deeply", "error", b"[" * 100_000 + b"]" * 100_000),
    ("not an object", "error", b"[1, 2, 3]"),
    ("unmapped speaker", "error", b'{"utterances": [{"speaker": "SPEAKER_07", "text": "a"}]}'),
    ("lone surrogates", "note",
     b'{"agent": "\\udc80", "utterances": [{"speaker": "agent", "text": "\\ud800 \\u0430\\u043b\\u043b\\u043e"}]}'),
    ("infinite answer_delay", "note", b'{"answer_delay": 1e309, "utterances": ' + UTTERANCE.encode() + b"}"),
]
NOTE_SIGNS = {"lone surrogates": "lone UTF-16 surrogates", "infinite answer_delay": "answer_delay «inf»"}


def bad_line(number: int, every: int) -> tuple[str, str, bytes] | None:
    """The bad line written at line `number`, if it is one."""
    if number % every:
        return None
    return BAD_LINES[(number // every - 1) % len(BAD_LINES)]


def good_call(rng: random.Random, number: int) -> dict:
    agent = rng.choice(AGENTS)
    texts = [("agent", rng.choice(OPENINGS).format(agent=agent.split()[0]))]
    for _ in range(rng.randint(1, 3)):
        texts += [("client", rng.choice(CLIENT)), ("agent", rng.choice(AGENT))]
    texts.append(("agent", rng.choice(CLOSINGS)))
    clock, utterances = 0.0, []
    for speaker, text in texts:
        length = 1 + len(text) / 15
        utterances.append({"speaker": speaker, "start": round(clock, 1), "end": round(clock + length, 1),
                           "text": text})
        clock += length + rng.uniform(0.2, 3)
    return {"call_id": f"soak-{number}", "agent": agent, "company": "ТОМТЕЛ", "direction": "inbound",
            "started_at": f"2026-05-16T{9 + number % 10:02d}:{number % 60:02d}:00+03:00",
            "rings": rng.randint(1, 5), "utterances": utterances}


def write_calls(path: Path, calls: int, every: int, seed: int) -> dict[str, int]:
    """Write `calls` lines, streaming; returns how many lines of each bad kind."""
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    with path.open("wb") as out:
        for number in range(1, calls + 1):
            bad = bad_line(number, every)
            if bad:
                counts[bad[0]] = counts.get(bad[0], 0) + 1
                out.write(bad[2] + b"\n")
            else:
                out.write(json.dumps(good_call(rng, number), ensure_ascii=False).encode() + b"\n")
    return counts


class Reading:
    """What the report on the pipe says, read as it comes (only what the check needs is parsed)."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.calls = 0
        self.errors: dict[int, str] = {}  # line → error
        self.noted: dict[int, str] = {}  # line → the note a bad but checkable line got
        self.other_errors: list[str] = []
        self.summary: dict | None = None
        self.after_summary = 0
        self.malformed = 0

    def read(self, stream) -> None:
        for raw in stream:
            if self.summary is not None:
                self.after_summary += 1
            if raw.startswith(b'{"record": "call"'):
                self.calls += 1
                if b"lone UTF-16" in raw or b"answer_delay" in raw:
                    self._note(json.loads(raw))
            elif raw.startswith(b'{"record": "error"'):
                self._error(json.loads(raw)["error"])
            elif raw.startswith(b'{"record": "summary"'):
                self.summary = json.loads(raw)
            elif not raw.startswith(b'{"record": "violation"'):
                self.malformed += 1

    def _error(self, text: str) -> None:
        head, _, _ = text.partition(":")
        number = int(head[5:]) if head.startswith("line ") and head[5:].isdigit() else None
        if number is None or number % self.every:
            self.other_errors.append(text)
        else:
            self.errors[number] = text

    def _note(self, record: dict) -> None:
        line = record.get("line")
        for note in record.get("notes", ()):
            if any(sign in note for sign in NOTE_SIGNS.values()):
                if isinstance(line, int) and line % self.every == 0:
                    self.noted[line] = note
                else:
                    self.other_errors.append(f"line {line}: an unexpected note: {note}")


def run(path: Path, expected: int, every: int, jobs: int | None):
    """Check the file; returns (exit code, seconds, reading, [(seconds, calls, MiB)], stderr)."""
    command = [sys.executable, "-m", "phrasecheck", "check", str(path), "--format", "jsonl", "-q"]
    command += ["--jobs", str(jobs)] if jobs else []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reading = Reading(every)
    reader = threading.Thread(target=reading.read, args=(proc.stdout,), daemon=True)
    reader.start()
    errors: list[bytes] = []
    drain = threading.Thread(target=lambda: errors.extend(proc.stderr), daemon=True)
    drain.start()
    samples = []
    while proc.poll() is None:
        total, _ = tree_rss_kib(proc.pid)
        samples.append((time.perf_counter() - start, reading.calls, total / 1024))
        time.sleep(0.5)
    seconds = time.perf_counter() - start
    reader.join()
    drain.join()
    return proc.returncode, seconds, reading, samples, b"".join(errors).decode(errors="replace")


def at_share(samples, expected: int, share: float) -> float:
    """The memory when `share` of the calls had been reported (the first sample past it)."""
    for _, calls, mib in samples:
        if calls >= share * expected:
            return mib
    return samples[-1][2] if samples else 0.0


def verdict(code, reading: Reading, counts: dict[str, int], good: int, stderr: str) -> list[str]:
    """What went wrong, if anything."""
    kinds = {name: how for name, how, _ in BAD_LINES}
    want_errors = sum(n for name, n in counts.items() if kinds[name] == "error")
    want_notes = sum(n for name, n in counts.items() if kinds[name] == "note")
    problems = []
    if code != 2:
        problems.append(f"exit code {code}, not 2")
    if "Traceback" in stderr or "internal error" in stderr:
        problems.append("a traceback or an internal error: " + stderr[-400:])
    if reading.summary is None or reading.after_summary:
        problems.append("the report does not end with its summary")
    elif reading.summary["calls"] != reading.calls or reading.summary["unreadable"] != len(reading.errors):
        problems.append(f"the summary counts {reading.summary['calls']} calls and "
                        f"{reading.summary['unreadable']} unreadable, the report has {reading.calls} and "
                        f"{len(reading.errors)}")
    if reading.calls != good + want_notes:
        problems.append(f"{reading.calls:,} calls reported, {good + want_notes:,} expected")
    if len(reading.errors) != want_errors or reading.other_errors:
        problems.append(f"{len(reading.errors)} bad lines reported as errors at their line, {want_errors} "
                        f"expected; {len(reading.other_errors)} other errors: {reading.other_errors[:3]}")
    if len(reading.noted) != want_notes:
        problems.append(f"{len(reading.noted)} bad lines noted on their call, {want_notes} expected")
    if reading.malformed:
        problems.append(f"{reading.malformed} report lines are no records")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1_000_000, help="lines to write (default 1,000,000)")
    parser.add_argument("--every", type=int, default=1000, help="every N-th line is bad (default 1000)")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for the check (default: every core)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="phrasecheck-soak-") as tmp:
        path = Path(tmp) / "soak.jsonl"
        began = time.perf_counter()
        counts = write_calls(path, args.calls, args.every, args.seed)
        bad = sum(counts.values())
        print(f"wrote {args.calls:,} lines ({bad:,} bad, {path.stat().st_size / 1e6:,.0f} MB) "
              f"in {time.perf_counter() - began:.0f} s", flush=True)
        code, seconds, reading, samples, stderr = run(path, args.calls - bad, args.every, args.jobs)
    good = args.calls - bad
    peak = max((mib for _, _, mib in samples), default=0.0)
    shares = ", ".join(f"{share:.0%}: {at_share(samples, reading.calls, share):,.0f} MiB"
                       for share in (0.1, 0.25, 0.5, 0.75, 0.9, 1.0))
    print(f"checked in {seconds:,.0f} s: {reading.calls / seconds:,.0f} calls/s, exit code {code}")
    print(f"resident memory of all processes: peak {peak:,.0f} MiB; with this share of the calls reported: "
          f"{shares} (at 100 % the workers may have ended)")
    print(f"bad lines: {bad:,} written; {len(reading.errors):,} reported as errors at their line, "
          f"{len(reading.noted):,} as notes on the call of their line")
    print("bad lines by kind: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    problems = verdict(code, reading, counts, good, stderr)
    for problem in problems:
        print("FAILED:", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
