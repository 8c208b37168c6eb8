"""What a run writes is safe: a report never replaces an input, is written whole
or not at all (a full disk is an error naming the file, not a traceback and a
cut-off report), and a run stopped by SIGTERM or a closed pipe ends the way
Ctrl-C does: a finished report marked partial, or quietly."""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from conftest import run_cli, write

FORMATS = ("console", "json", "jsonl", "csv", "xlsx", "html", "sarif", "github")
CALL = ("# call_id: c-1\n# agent: Анна\n"
        "Оператор: Алло, слушаю. Подождите минуточку.\nКлиент: Здравствуйте.\n")


def make_call(n: int) -> str:
    return json.dumps({"call_id": f"c{n:05d}", "agent": ("Анна", "Игорь")[n % 2], "utterances": [
        {"speaker": "agent", "start": 0, "text": "Алло, слушаю. Подождите минуточку."},
        {"speaker": "client", "start": 2, "text": "Здравствуйте, не работает интернет."},
        {"speaker": "agent", "start": 5, "text": "Короче, это не ко мне."}]}, ensure_ascii=False)


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """Enough calls for a run of many seconds: long enough to be stopped in the middle."""
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    path.write_text("".join(make_call(n) + "\n" for n in range(20000)), encoding="utf-8")
    return path


# --- the report never replaces an input ------------------------------------------------

@pytest.mark.parametrize("as_output", ["calls.jsonl", "sub/../calls.jsonl", "link.jsonl", "hard.jsonl"])
def test_a_report_over_an_input_is_refused_and_the_input_kept(tmp_path, as_output):
    original = write(tmp_path / "calls.jsonl", make_call(1) + "\n").read_bytes()
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.jsonl").symlink_to("calls.jsonl")
    os.link(tmp_path / "calls.jsonl", tmp_path / "hard.jsonl")
    result = run_cli("check", "calls.jsonl", "-f", "jsonl", "-o", as_output, cwd=tmp_path)
    assert result.code == 2
    assert f"phrasecheck: {as_output}: the report would overwrite the input calls.jsonl" in result.err
    assert (tmp_path / "calls.jsonl").read_bytes() == original
    assert result.out == ""


def test_report_refuses_to_overwrite_the_results_it_reads(tmp_path):
    write(tmp_path / "c.txt", CALL)
    assert run_cli("check", "c.txt", "-f", "jsonl", "-o", "r.jsonl", cwd=tmp_path).code == 1
    saved = (tmp_path / "r.jsonl").read_bytes()
    result = run_cli("report", "r.jsonl", "-f", "html", "-o", "r.jsonl", cwd=tmp_path)
    assert result.code == 2
    assert "r.jsonl: the report would overwrite the results it is made from" in result.err
    assert (tmp_path / "r.jsonl").read_bytes() == saved


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_report_inside_the_folder_checked_is_not_read_back(tmp_path, fmt):
    write(tmp_path / "calls" / "a.jsonl", make_call(1) + "\n" + make_call(2) + "\n")
    for _ in range(2):  # the second run finds the first one's report in the folder
        result = run_cli("check", "calls", "-f", fmt, "-o", f"calls/report.{fmt}", cwd=tmp_path)
        assert result.code == 1, result.err
        assert result.err == ""  # the report is no «unreadable» input
        text = (tmp_path / "calls" / f"report.{fmt}").read_text(encoding="utf-8")
        summary = json.loads(text)["summary"] if fmt == "json" else json.loads(text.splitlines()[-1])
        assert (summary["files"], summary["calls"], summary["unreadable"]) == (1, 2, 0)


# --- written whole or not at all --------------------------------------------------------

@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_full_disk_is_a_clean_error(tmp_path, fmt):
    write(tmp_path / "c.txt", CALL)
    result = run_cli("check", "c.txt", "-f", fmt, "-o", "/dev/full", cwd=tmp_path)
    assert result.code == 2
    assert result.err.strip().splitlines()[-1] == \
        "phrasecheck: /dev/full: cannot write the report: No space left on device"
    assert "Traceback" not in result.err and "Exception ignored" not in result.err


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "html"])
def test_a_failed_write_keeps_the_old_report_and_leaves_no_temporary_file(tmp_path, fmt):
    write(tmp_path / "c.txt", CALL * 3)
    old = write(tmp_path / "out" / f"report.{fmt}", "the last good report\n").read_bytes()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "phrasecheck", "check", "c.txt", "-f", fmt, "-o",
                           f"out/report.{fmt}"], cwd=tmp_path, capture_output=True, text=True, env=env,
                          preexec_fn=_limit_file_size, timeout=120)
    assert proc.returncode == 2
    assert f"phrasecheck: out/report.{fmt}: cannot write the report: File too large" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "out" / f"report.{fmt}").read_bytes() == old
    assert os.listdir(tmp_path / "out") == [f"report.{fmt}"]


def test_an_unwritable_output_fails_before_checking(tmp_path):
    write(tmp_path / "c.txt", CALL)
    result = run_cli("check", "c.txt", "-f", "json", "-o", "no/such/folder/r.json", cwd=tmp_path)
    assert result.code == 2
    assert "phrasecheck: no/such/folder/r.json: cannot write the report: No such file or directory" in result.err
    (tmp_path / "adir").mkdir()
    result = run_cli("check", "c.txt", "-o", "adir", cwd=tmp_path)
    assert result.code == 2 and "adir: cannot write the report: Is a directory" in result.err


def test_a_new_report_file_gets_the_usual_permissions(tmp_path):
    write(tmp_path / "c.txt", CALL)
    assert run_cli("check", "c.txt", "-f", "json", "-o", "r.json", cwd=tmp_path).code == 1
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "r.json").stat().st_mode & 0o777 == 0o666 & ~mask  # not a temporary file's 0600


# --- stopped by a signal or a closed pipe -----------------------------------------------

def _stop_while_writing(tmp_path: Path, big: Path, fmt: str, group: bool = False) -> tuple[int, str, Path]:
    """Start a run, wait until it is writing its report, and send it SIGTERM
    (to it alone, or to its whole process group as `timeout` does)."""
    out = tmp_path / f"partial.{fmt}"
    proc = subprocess.Popen([sys.executable, "-m", "phrasecheck", "check", str(big), "-f", fmt, "-o", str(out),
                             "--jobs", "2"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    temp = f".partial.{fmt}.*.tmp"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(p.stat().st_size > 300 for p in tmp_path.glob(temp)):
        if fmt == "json" and any(tmp_path.glob(temp)):  # written at the end only: give it time to check some
            time.sleep(2)
            break
        time.sleep(0.05)
    (os.killpg if group else os.kill)(proc.pid, signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=60)  # a hang fails here
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    assert not list(tmp_path.glob(temp))
    return proc.returncode, err, out


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_sigterm_finishes_a_partial_report(tmp_path, big, fmt):
    code, err, out = _stop_while_writing(tmp_path, big, fmt)
    assert code == 130, err
    assert err.strip() == "phrasecheck: interrupted; the report holds what was finished"
    text = out.read_text(encoding="utf-8-sig")
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) > 2 and all(len(row) == len(rows[0]) for row in rows)
        assert rows[-1][0].startswith("# partial: the check was interrupted")
        return
    summary = json.loads(text)["summary"] if fmt == "json" else json.loads(text.splitlines()[-1])
    assert summary["partial"] is True and summary["calls"] < 20000
    if fmt == "jsonl":
        assert summary["calls"] == text.count('"record": "call"') > 0


def test_sigterm_to_every_process_of_the_run_stops_it_too(tmp_path, big):
    code, err, out = _stop_while_writing(tmp_path, big, "jsonl", group=True)
    assert code == 130, err
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[-1])["partial"] is True


@pytest.mark.parametrize("fmt", ["console", "jsonl"])
def test_a_closed_pipe_ends_the_run_quietly(tmp_path, big, fmt):
    proc = subprocess.Popen([sys.executable, "-m", "phrasecheck", "check", str(big), "-f", fmt, "-q"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline()  # `| head -1`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert err == ""


# --- every format says when it is partial -----------------------------------------------

@pytest.fixture(scope="module")
def partial_results(tmp_path_factory) -> Path:
    """Saved results of a run marked interrupted, as Ctrl-C leaves them."""
    root = tmp_path_factory.mktemp("partial")
    write(root / "c.txt", CALL)
    assert run_cli("check", "c.txt", "-f", "jsonl", "-o", "r.jsonl", cwd=root).code == 1
    lines = (root / "r.jsonl").read_text(encoding="utf-8").splitlines()
    summary = json.loads(lines[-1])
    summary["partial"] = True
    write(root / "r.jsonl", "\n".join([*lines[:-1], json.dumps(summary, ensure_ascii=False)]) + "\n")
    return root


def partial_marker(path: Path, fmt: str):
    """What a reader of each format sees first of an interrupted run."""
    if fmt == "xlsx":
        book = openpyxl.load_workbook(path)
        return book.sheetnames[0], next(book.worksheets[0].iter_rows(values_only=True))[0]
    text = path.read_text(encoding="utf-8-sig")
    if fmt == "json":
        return json.loads(text)["summary"]["partial"]
    if fmt == "jsonl":
        return json.loads(text.splitlines()[-1])["partial"]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert {len(row) for row in rows} == {14}  # still one table
        return rows[-1][0]
    if fmt == "sarif":
        invocation = json.loads(text)["runs"][0]["invocations"][0]
        return invocation["executionSuccessful"], invocation["toolExecutionNotifications"][-1]["message"]["text"]
    if fmt == "console":  # the line above the count
        return text.strip().splitlines()[-2]
    return text.strip().splitlines()[-1] if fmt == "github" else text


@pytest.mark.parametrize("fmt, marker", [
    ("console", "Interrupted: this report covers only the calls finished."),
    ("json", True),
    ("jsonl", True),
    ("csv", "# partial: the check was interrupted; this report covers only the calls finished"),
    ("xlsx", ("Прервано", "Проверка была прервана: книга содержит только завершённые звонки.")),
    ("sarif", (False, "interrupted: this report covers only the calls finished")),
    ("github", "::warning title=phrasecheck::Interrupted: this report covers only the calls finished."),
])
def test_every_format_marks_a_partial_report(partial_results, fmt, marker):
    out = partial_results / f"report.{fmt}"
    result = run_cli("report", "r.jsonl", "-f", fmt, "-o", out, cwd=partial_results)
    assert result.code == 1, result.err
    assert partial_marker(out, fmt) == marker


def test_html_marks_a_partial_report(partial_results):
    result = run_cli("report", "r.jsonl", "-f", "html", "-o", "r.html", cwd=partial_results)
    assert result.code == 1, result.err
    assert "Проверка была прервана: отчёт содержит только завершённые звонки." in \
        (partial_results / "r.html").read_text(encoding="utf-8")


def test_a_whole_report_has_no_partial_marker(partial_results):
    write(partial_results / "whole" / "c.txt", CALL)
    for fmt in ("csv", "github", "xlsx"):
        out = partial_results / "whole" / f"r.{fmt}"
        assert run_cli("check", "c.txt", "-f", fmt, "-o", out, cwd=partial_results / "whole").code == 1
        assert "nterrupted" not in str(partial_marker(out, fmt)) and "partial" not in str(partial_marker(out, fmt))
