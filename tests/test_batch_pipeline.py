"""A JSON Lines report is made by the workers that checked the calls, with the
summary's figures; the run's own process writes it and adds the figures up. It
must be the report the run would write itself from the results, to a file or
standard output, in any encoding, with the same summary, exit code and notes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli, write
from phrasecheck.model import CallResult, Deduction, FileResult, Finding, Severity, Skip
from phrasecheck.summary import Summary

# weights whose sums depend on the order they are added in (0.1 + 0.7 + 0.2 …)
PACK = """pack: {name: odd}
rules:
  - {id: wait, type: forbidden, severity: warning, weight: 0.7, message: Ждать, phrases: [минуточку]}
  - {id: wrong, type: forbidden, severity: error, weight: 1.3, message: Неверно, phrases: [ошибаетесь]}
  - {id: slang, type: forbidden, severity: info, weight: 0.1, message: Короче, phrases: [короче]}
"""
LINES = ["Подождите минуточку.", "Вы ошибаетесь.", "Короче, это не ко мне.", "Спасибо, всего доброго!"]
AGENTS = ("Анна", "Игорь", "Ольга", None)


def make_call(n: int) -> dict:
    said = [LINES[(n + k) % len(LINES)] for k in range(n % 5)] + ["Добрый день!\u2028Слушаю вас."]
    call = {"call_id": f"c{n:04d}", "utterances": [{"speaker": "agent", "start": 2.5 * i + 0.1, "text": t}
                                                   for i, t in enumerate(said)]}
    if AGENTS[n % 4]:
        call["agent"] = AGENTS[n % 4]
    return call


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """Several JSON Lines files (a task each) with a broken line, and transcripts (16 to a task)."""
    root = tmp_path_factory.mktemp("day")
    write(root / "pack.yaml", PACK)
    for part in range(5):
        lines = [json.dumps(make_call(100 * part + n), ensure_ascii=False) for n in range(60)]
        if part == 2:
            lines[7] = '{"call_id": "broken", "utterances": [}'
        write(root / "calls" / f"export-{part}.jsonl", "\n".join(lines) + "\n")
    for n in range(40):
        write(root / "calls" / "txt" / f"call-{n:02d}.txt", f"# agent: {AGENTS[n % 3]}\nОператор: {LINES[n % 4]}\n")
    return root


def check(day, *args):
    return run_cli("check", "calls", "--rules", "pack.yaml", "--no-builtin", *args, cwd=day)


def test_the_workers_report_is_the_one_the_run_writes_from_the_results(day):
    """`phrasecheck report` writes the saved results again from FileResults, in its own process."""
    for jobs in ("2", "1"):
        assert check(day, "-f", "jsonl", "-o", f"saved-{jobs}.jsonl", "-j", jobs).code == 2
    saved = (day / "saved-2.jsonl").read_bytes()
    assert saved == (day / "saved-1.jsonl").read_bytes()
    assert run_cli("report", "saved-2.jsonl", "-f", "jsonl", "-o", "again.jsonl", cwd=day).code == 2
    assert (day / "again.jsonl").read_bytes() == saved
    assert saved.count(b'"record": "call"') == 5 * 60 - 1 + 40
    assert b"\\u2028" in saved and "\u2028".encode() not in saved  # one record, one line


def test_the_summary_added_up_from_the_workers_parts_is_the_runs(day):
    summary = check(day, "-f", "jsonl", "-j", "2").records()[-1]
    whole = check(day, "-f", "json", "-j", "2").json()["summary"]  # added up here, result by result
    assert [summary.pop(key) for key in ("record", "tool", "version")][0] == "summary"
    assert summary == whole
    assert (summary["files"], summary["calls"], summary["unreadable"]) == (45, 5 * 60 - 1 + 40, 1)
    assert {row["agent"] for row in summary["agents"]} == {"Анна", "Игорь", "Ольга", "—"}


@pytest.mark.parametrize("fail_on", ["info", "warning", "error", "never"])
def test_the_exit_code_and_the_notes_are_the_runs(day, fail_on):
    jsonl = check(day, "-f", "jsonl", "-o", "r.jsonl", "--fail-on", fail_on)
    json_report = check(day, "-f", "json", "-o", "r.json", "--fail-on", fail_on)
    assert jsonl.code == json_report.code == 2  # the broken line
    assert jsonl.err == json_report.err
    assert "export-2.jsonl: unreadable: line 8" in jsonl.err
    codes = [run_cli("check", f"calls/txt/call-0{n}.txt", "--rules", "pack.yaml", "--no-builtin", "-f", "jsonl",
                     "--fail-on", fail_on, cwd=day).code for n in (2, 0, 1)]  # info, warning, error found
    assert codes == {"info": [1, 1, 1], "warning": [0, 1, 1], "error": [0, 0, 1], "never": [0, 0, 0]}[fail_on]


def test_standard_output_gets_the_same_report_in_any_encoding(day):
    check(day, "-f", "jsonl", "-o", "file.jsonl")
    expected = (day / "file.jsonl").read_bytes()
    for encoding in ("utf-8", "cp1251", "ascii"):
        env = {**os.environ, "PYTHONIOENCODING": encoding}
        proc = subprocess.run([sys.executable, "-m", "phrasecheck", "check", "calls", "--rules", "pack.yaml",
                               "--no-builtin", "-f", "jsonl"], cwd=day, capture_output=True, env=env, timeout=120)
        assert proc.returncode == 2
        assert proc.stdout == expected.decode("utf-8").encode(encoding, "backslashreplace"), encoding


@settings(max_examples=200)
@given(st.lists(st.tuples(st.sampled_from(["Анна", "Игорь", None]), st.one_of(st.none(), st.floats(0, 100)),
                          st.sampled_from(["wait", "wrong", "slang"]), st.booleans()), min_size=1, max_size=30),
       st.lists(st.integers(0, 30), max_size=4))
def test_figures_added_up_part_by_part_are_those_added_result_by_result(calls, cuts):
    """As the workers' parts are merged: scores are floats, whose sum depends on the order of adding
    (0.1 + 0.2 + 0.3 is not 0.1 + (0.2 + 0.3)); what the html report's average is made of."""
    results = [FileResult(f"f{n}.jsonl", continues=n % 2 == 1, errors=["line 1: broken"] * (n % 3 == 0),
                          calls=[CallResult(f"f{n}.jsonl", f"c{n}", agent=agent, score=score, violations=1,
                                            deductions=[Deduction(rule, "warning", 0.7, 0, "")],
                                            skipped=[Skip(rule, "no time")] * skipped)],
                          findings=[Finding(f"f{n}.jsonl", 1, 1, rule, f"c{n}", 0, None, "agent", Severity.WARNING,
                                            "m", "t")])
               for n, (agent, score, rule, skipped) in enumerate(calls)]
    whole = Summary()
    for result in results:
        whole.add(result)
    merged, edges = Summary(), sorted({0, *cuts, len(results)})
    for start, end in zip(edges, edges[1:]):
        part = Summary(score_log={})
        for result in results[start:end]:
            part.add(result)
        merged.merge(part)
    assert merged.agents == whole.agents  # each agent's sum of scores too, to the last bit
    assert merged.to_dict() == whole.to_dict()
    assert list(merged.skipped) == list(whole.skipped)  # the order the summary record lists them in


def test_a_sum_of_scores_is_made_in_the_order_they_came():
    results = [FileResult("f", calls=[CallResult("f", f"c{k}", agent="Анна", score=score)])
               for k, score in enumerate([0.1, 0.2, 0.3])]
    merged = Summary()
    for chunk in (results[:1], results[1:]):
        part = Summary(score_log={})
        for result in chunk:
            part.add(result)
        merged.merge(part)
    assert merged.agents["Анна"]["score_sum"] == 0.1 + 0.2 + 0.3 != 0.1 + (0.2 + 0.3)
