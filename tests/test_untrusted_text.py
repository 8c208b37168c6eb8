"""Text from the inputs reaches the terminal and every report as text: escape
sequences and other controls are shown as escapes, Rich markup is printed, not
obeyed, and a lone surrogate or a file name in no valid encoding is written, not
a crash."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import openpyxl
import pytest

from conftest import run_cli, write

FORMATS = ("console", "json", "jsonl", "csv", "xlsx", "html", "sarif", "github")
ESC_NAME = "evil\x1b]0;owned\x07.txt"  # a file name that retitles the terminal window
HOSTILE_CALL = ("# call_id: id\x9b31m-1\n# agent: Агент\x1b[8m\u202e\n"
                "Оператор: Алло \x1b[2J\x1b]8;;http://x\x07ссылка\x1b]8;;\x07, минуточку\n"
                "Клиент: Здравствуйте.\n")
UNMAPPED = ('{"call_id": "u", "utterances": [{"speaker": "ag\\u001b[31ment", "text": "Алло"}]}\n'
            '{"call_id": "r", "utterances": [{"speaker": "agent", "text": "Алло, минуточку\\rстёрто"}]}\n')


def run_bytes(*args, cwd):
    """The CLI's output as the terminal would get it: bytes, undecoded."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "phrasecheck", *args], cwd=cwd, capture_output=True,
                          env=env, timeout=120)


def test_control_characters_reach_the_console_as_escapes(tmp_path):
    write(tmp_path / ESC_NAME, HOSTILE_CALL)
    write(tmp_path / "u.jsonl", UNMAPPED)
    proc = run_bytes("check", ESC_NAME, "u.jsonl", cwd=tmp_path)
    assert proc.returncode == 2
    for stream in (proc.stdout, proc.stderr):
        assert not set(stream) & {0x1b, 0x07, 0x0d}, stream  # no ESC, BEL or CR from the data
        assert "\x9b".encode() not in stream and "\u202e".encode() not in stream
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert "evil\\x1b]0;owned\\x07.txt:3:11: error [allo]" in out
    assert "    Оператор: Алло \\x1b[2J\\x1b]8;;http://x\\x07ссылка\\x1b]8;;\\x07, минуточку" in out
    assert "    Оператор: Алло, минуточку\\x0dстёрто" in out  # a carriage return would overwrite the line
    assert "меня зовут Агент\\x1b[8m\\u202e" in out  # the agent's name, in a suggestion
    assert "speaker «ag\\x1b[31ment» is not mapped" in out + err


def test_carets_stay_under_the_words_when_escapes_widen_the_line(tmp_path):
    write(tmp_path / "c.txt", "Оператор: \x1b\x1b Подождите минуточку.\n")
    lines = run_cli("check", "c.txt", "--select", "diminutives", cwd=tmp_path).out.splitlines()
    quote = next(i for i, line in enumerate(lines) if "минуточку" in line and line.startswith("    "))
    carets = lines[quote + 1]
    assert lines[quote][carets.index("^"):len(carets)] == "минуточку"


def test_github_annotations_carry_no_escape_sequences(tmp_path):
    write(tmp_path / ESC_NAME, HOSTILE_CALL)
    proc = run_bytes("check", ESC_NAME, "-f", "github", cwd=tmp_path)
    assert proc.returncode == 1
    assert 0x1b not in proc.stdout and 0x07 not in proc.stdout
    lines = proc.stdout.decode().splitlines()
    assert lines and all(line.startswith("::") for line in lines)
    assert "file=evil\\x1b]0;owned\\x07.txt" in lines[0]


def test_markup_in_the_data_is_printed_not_obeyed(tmp_path):
    for n, agent in enumerate(["[/bold]", "[red]Ольга[/red]"]):
        write(tmp_path / f"c{n}.txt", f"# agent: {agent}\nОператор: Алло, [bold]минуточку[/bold] :smile:\n")
    result = run_cli("check", "c0.txt", "c1.txt", cwd=tmp_path)  # two calls: the summary tables are printed
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    assert "[/bold]" in result.out and "[red]Ольга[/red]" in result.out
    assert "    Оператор: Алло, [bold]минуточку[/bold] :smile:" in result.out


def test_rules_commands_print_markup_as_text(tmp_path):
    write(tmp_path / "own.yaml", "pack: {name: own}\nrules:\n  - id: x\n    type: forbidden\n"
                                 "    message: \"[/red] \\e[31m :smile:\"\n    phrases: [тариф]\n")
    result = run_cli("rules", "show", "x", "--rules", "own.yaml", "--no-builtin", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "[/red] \\x1b[31m :smile:" in result.out
    listed = run_cli("rules", "list", "--rules", "own.yaml", "--no-builtin", cwd=tmp_path)
    assert listed.code == 0 and "\x1b" not in listed.out


SURROGATE_CALL = {"call_id": "id-\ud800", "agent": "Агент \udcff", "utterances": [
    {"speaker": "agent", "start": 0, "text": "Алло \ud800, минуточку"}]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_lone_surrogates_are_read_as_replacement_characters_and_every_report_is_written(tmp_path, fmt):
    """JSON allows «\\ud800», which no report can encode: the reader reads it as «�»
    with a note, and every writer writes a well-formed report."""
    write(tmp_path / "s.jsonl", json.dumps(SURROGATE_CALL) + "\n")
    out = tmp_path / f"r.{fmt}"
    result = run_cli("check", "s.jsonl", "-f", fmt, "-o", out, cwd=tmp_path)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    if fmt == "xlsx":
        cells = [v for ws in openpyxl.load_workbook(out) for row in ws.iter_rows(values_only=True) for v in row]
        assert "id-\ufffd" in cells
        return
    text = out.read_text(encoding="utf-8")  # valid UTF-8
    if fmt == "json":
        report = json.loads(text)
        assert report["calls"][0]["call_id"] == "id-\ufffd"
        assert any("surrogates" in note for note in report["calls"][0]["notes"])
    elif fmt in ("jsonl", "sarif"):
        json.loads(text.splitlines()[0] if fmt == "jsonl" else text)
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1][1] == "id-\ufffd"
    elif fmt == "github":  # annotations hold messages, not the call's own text
        assert all(line.startswith("::") for line in text.splitlines())
    else:
        assert "id-\ufffd" in text


@pytest.mark.skipif(shutil.which("git") is None or sys.platform == "win32", reason="needs git and bytes names")
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_name_in_no_valid_encoding_is_reported(tmp_path, fmt):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    folder = tmp_path / "calls"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"call-\xff\xfe.txt"), "wb") as handle:  # cp1251 bytes, say
        handle.write("Оператор: Алло, минуточку.\n".encode())
    write(tmp_path / ".gitignore", "ignored.txt\n")
    write(folder / "ignored.txt", "Оператор: Алло.\n")
    result = run_cli("check", "calls", "-f", fmt, "-o", tmp_path / f"r.{fmt}", cwd=tmp_path)
    assert result.code == 1, result.err
    if fmt == "json":
        report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        assert [c["path"] for c in report["calls"]] == [os.fsdecode(b"calls/call-\xff\xfe.txt")]  # git ignored one
    if fmt == "sarif":
        uri = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))["runs"][0]["results"][0][
            "locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "calls/call-%FF%FE.txt"  # the bytes on disk
