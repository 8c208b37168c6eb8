"""The console report on a real terminal: the CLI runs in a pseudo-terminal (standard
output and standard error both the terminal, as when a person types the command), and
what it writes is played on a terminal emulator (pyte) to get the screen a person sees."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios

import pytest

pyte = pytest.importorskip("pyte")  # a test dependency (pyproject's `test` extra)

from conftest import ROOT  # noqa: E402

COLUMNS = 100
CALLS = 800  # enough for the bar to be drawn many times while the report prints
RUDE = "Мужчина, вы ошибаетесь, это не моя ошибка. Подождите минуточку, я посмотрю ваш тарифчик."


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("terminal")
    with open(folder / "calls.jsonl", "w", encoding="utf-8") as calls:
        for number in range(CALLS):
            utterances = [("agent", "Алло, слушаю."), ("client", f"У меня вопрос номер {number} по тарифу."),
                          ("agent", RUDE), ("client", "Хорошо."), ("agent", "Всё, до свидания.")]
            call = {"call_id": f"c-{number}", "agent": ["Анна", "Игорь"][number % 2],
                    "utterances": [{"speaker": who, "start": 5.0 * place, "end": 5.0 * place + 4, "text": text}
                                   for place, (who, text) in enumerate(utterances)]}
            calls.write(json.dumps(call, ensure_ascii=False) + "\n")
    return folder


def on_terminal(*args, cwd) -> tuple[int, str, list[str]]:
    """Run the CLI on a terminal COLUMNS wide: its exit code, everything it wrote, and
    the screen's lines when it is done (trailing blanks dropped)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, COLUMNS, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM")}
    env.update(TERM="xterm-256color", PYTHONIOENCODING="utf-8", PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]))
    proc = subprocess.Popen([sys.executable, "-m", "phrasecheck", *args], cwd=cwd, env=env,
                            stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    raw = bytearray()
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # the terminal is closed: the run has ended
            break
        if not chunk:
            break
        raw += chunk
    os.close(master)
    code = proc.wait(timeout=300)
    text = raw.decode("utf-8")
    screen = pyte.Screen(COLUMNS, text.count("\n") + 60)
    pyte.Stream(screen).feed(text)
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    return code, text, lines


def test_the_progress_bar_never_mixes_with_the_report_and_long_lines_wrap_at_words(batch):
    code, written, screen = on_terminal("check", "calls.jsonl", "--jobs", "2", "--select", "you-are-wrong",
                                        "--select", "not-my-job", "--select", "allo", cwd=batch)
    assert code == 1
    # the bar was drawn, and went on counting while the report was printed
    counts = [int(n) for n in re.findall(r"(\d+) calls \x1b", written)]
    assert len(set(counts)) >= 3 and counts == sorted(counts) and counts[-1] == CALLS
    # ... and none of it is left on the screen: not inside a report line, not after it
    assert not [line for line in screen if "calls/s" in line or re.search(r"[━╸]\s*\d+%", line)]
    assert screen[-1] == f"Checked 1 file, {CALLS} calls: {3 * CALLS} violations ({3 * CALLS} errors)"
    assert screen.count("calls.jsonl") == 1  # one heading

    # a message longer than the terminal is cut at spaces, its next rows indented
    heading = "calls.jsonl:7:10: error [you-are-wrong] "
    first = screen.index(next(line for line in screen if line.startswith(heading)))
    rows = [screen[first]]
    for line in screen[first + 1:]:
        if not line.startswith("    ") or line.startswith(("    Оператор:", "    →")):
            break
        rows.append(line)
    message = ("Нельзя говорить клиенту, что он не понял или ошибается: это перекладывает вину на него. "
               "Возьмите ответственность на себя: «Я неточно выразилась…», «Будьте любезны, уточните…».")
    assert len(rows) >= 2 and all(len(row) <= COLUMNS for row in rows)
    assert " ".join(row.strip() for row in rows) == heading + message  # no word cut in two
    # the next row's first word would not have fitted on the row before
    assert all(len(row) + 1 + len(after.split()[0]) > COLUMNS for row, after in zip(rows, rows[1:]))
    # the utterance is cut at a word too
    context = screen[screen.index(rows[-1]) + 1]
    assert context.startswith("    Оператор: Мужчина, вы ошибаетесь") and len(context) <= COLUMNS


def test_a_json_report_on_the_terminal_gets_no_progress_bar(batch):
    code, written, screen = on_terminal("check", "calls.jsonl", "-f", "jsonl", "--select", "allo", cwd=batch)
    assert code == 1
    assert "calls/s" not in written  # a bar would be drawn into the JSON on the screen
    records = [json.loads(line) for line in written.replace("\r\n", "\n").splitlines() if line]
    assert records[-1]["record"] == "summary" and records[-1]["calls"] == CALLS
