"""Fuzzing the report writers: any text in any field — control characters,
escape sequences, Rich markup, lone surrogates, bidirectional marks, CSV and
formula starts, GitHub command syntax — is written by every format without an
error, into a report its reader reads (JSON parses, CSV has one row shape, the
workbook opens), with no raw escape character in what reaches a terminal.

The bulk goes through the reporters' public entry point (reporters.create), a
few examples through the CLI."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phrasecheck import reporters
from phrasecheck.model import CallResult, Deduction, FileResult, Finding, Severity, Skip
from phrasecheck.redact import Redactor
from phrasecheck.reporters.csvreport import COLUMNS
from phrasecheck.summary import Summary

NASTY = ["\x1b[31m", "\x1b]0;title\x07", "\x9b2J", "\x00", "\r", "\n", "\t", "\x7f", "[/bold]", "[red]x[/red]",
         ":smile:", "\ud800", "\udcff", "\u202e", "\u200f", "\u2066", "=HYPERLINK(1)", "+7 916 123-45-67",
         "%0A::error::x", ",:", "<script>", "&amp;", '"', "\\", "\ufeff", "8 9 1 6 1 2 3", "a@b", "…"]
TERMINAL_UNSAFE = {chr(c) for c in [*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0)]} | {"\u202e", "\u2066"}
text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(st.characters(exclude_categories=()), max_size=6)),
                max_size=5).map("".join)
severity = st.sampled_from(list(Severity))
# every format; parquet where its extra (pyarrow) is installed, as CI installs it
FORMATS = [f for f in reporters.FORMATS if f != "parquet" or importlib.util.find_spec("pyarrow")]


@st.composite
def file_results(draw) -> FileResult:
    path = draw(text.filter(bool))
    calls, findings = [], []
    for index in range(draw(st.integers(1, 2))):
        call_id = draw(st.one_of(st.none(), text))
        said = [draw(text) for _ in range(draw(st.integers(1, 3)))]
        calls.append(CallResult(
            path, call_id, line=index + 1, agent=draw(st.one_of(st.none(), text)), score=draw(st.sampled_from([None, 0.0, 55.5, 100.0])),
            deductions=[Deduction(draw(text), "warning", 5.0, 0, draw(text))], skipped=[Skip(draw(text), draw(text))],
            notes=[draw(text)], transcript=[(draw(st.sampled_from(["agent", "client", "\x1b"])), 1.0, None, t, 1)
                                            for t in said]))
        for number, context in enumerate(said):
            start = draw(st.integers(0, len(context)))
            end = draw(st.integers(start, len(context)))
            findings.append(Finding(path, index + 1, start + 1, draw(text.filter(bool)), call_id, number,
                                    draw(st.sampled_from([None, 0.0, 3725.5])), "agent", draw(severity), draw(text),
                                    context[start:end], tuple(draw(st.lists(text, max_size=2))), context, (start, end),
                                    draw(st.one_of(st.none(), text))))
    return FileResult(path, calls, findings, draw(st.lists(text, max_size=2)))


def write_report(fmt: str, results: list[FileResult], out: Path, partial: bool) -> None:
    reporter = reporters.create(fmt, out)
    summary = Summary(partial=partial)
    for result in results:
        summary.add(result)
        reporter.file(result)
    reporter.finish(summary)
    reporter.close()


def check_report(fmt: str, out: Path, results: list[FileResult]) -> None:
    """The report reads back as its format says; JSON keeps every string as it was."""
    if fmt == "xlsx":
        assert openpyxl.load_workbook(out).sheetnames
        return
    if fmt == "parquet":  # a folder of tables, every row there, nothing half written
        import pyarrow.parquet as pq

        assert sorted(os.listdir(out)) == ["calls.parquet", "errors.parquet", "practices.parquet", "summary.json",
                                           "violations.parquet"]
        assert pq.read_table(out / "violations.parquet").num_rows == sum(len(r.findings) for r in results)
        assert pq.read_table(out / "calls.parquet").column("line").to_pylist() == [
            c.line for r in results for c in r.calls]
        return
    data = out.read_bytes().decode("utf-8")  # valid UTF-8, surrogates and all
    if fmt == "json":
        document = json.loads(data)
        assert [v["text"] for v in document["violations"]] == [f.text for r in results for f in r.findings]
        assert [c["agent"] for c in document["calls"]] == [c.agent for r in results for c in r.calls]
    elif fmt in ("jsonl", "sarif"):
        records = [json.loads(line) for line in data.splitlines()] if fmt == "jsonl" else [json.loads(data)]
        assert records
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.lstrip("\ufeff"), newline="")))
        assert rows[0] == list(COLUMNS) and all(len(row) == len(COLUMNS) for row in rows)
    elif fmt == "html":
        assert data.rstrip().endswith("</html>") and "<script>alert" not in data
    elif fmt == "github":
        assert all(line.startswith("::") for line in data.splitlines())
    if fmt in ("console", "github"):  # what a terminal or a CI log shows
        assert not TERMINAL_UNSAFE & set(data), [c for c in data if c in TERMINAL_UNSAFE]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(results=st.lists(file_results(), min_size=1, max_size=2), partial=st.booleans(), redact=st.booleans())
def test_every_format_writes_any_text(results, partial, redact):
    if redact:
        redactor = Redactor()
        results = [redactor.result(r) for r in results]
    with tempfile.TemporaryDirectory() as folder:
        for fmt in FORMATS:
            out = Path(folder) / f"report.{fmt}"
            write_report(fmt, results, out, partial)
            check_report(fmt, out, results)
        assert sorted(os.listdir(folder)) == sorted(f"report.{fmt}" for fmt in FORMATS)  # no temporary left


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agent=text, call_id=text, said=text)
def test_the_cli_reports_any_call(tmp_path_factory, agent, call_id, said):
    folder = tmp_path_factory.mktemp("cli")
    call = {"call_id": call_id, "agent": agent, "utterances": [
        {"speaker": "agent", "start": 0, "text": f"Алло, {said} минуточку"},
        {"speaker": "client", "start": 2, "text": said}]}
    (folder / "c.jsonl").write_text(json.dumps(call) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for args in (["--redact"], ["-f", "json"]):
        proc = subprocess.run([sys.executable, "-m", "phrasecheck", "check", "c.jsonl", *args], cwd=folder,
                              capture_output=True, env=env, timeout=120)
        assert proc.returncode == 1, proc.stderr
        assert b"Traceback" not in proc.stderr
        if args[0] == "-f":
            assert json.loads(proc.stdout)["summary"]["calls"] == 1
        else:
            assert not TERMINAL_UNSAFE & set(proc.stdout.decode())
