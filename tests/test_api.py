"""The Python API (phrasecheck.api): the same records and totals as the CLI's JSON Lines
report, summaries that merge in any grouping, a Checker that pickles for workers."""

from __future__ import annotations

import gc
import json
import pickle
import subprocess
import sys

import pytest

from conftest import ROOT, run_cli, write
from phrasecheck.api import Checker, SetupError, merge

CALL = {"call_id": "c-1", "agent": "Анна", "utterances": [
    {"speaker": "agent", "text": "Добрый день, компания ТОМТЕЛ, меня зовут Анна.", "start": 0.0, "end": 3.0},
    {"speaker": "client", "text": "У меня не работает интернет, это безобразие.", "start": 3.5, "end": 6.0},
    {"speaker": "agent", "text": "Щас гляну, подождите, типа, минуточку.", "start": 6.5, "end": 9.0},
]}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """90 generated calls (benchmarks/generate.py), one JSON Lines file."""
    path = tmp_path_factory.mktemp("api") / "calls.jsonl"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--calls", "90", "--seed", "7",
                    "--out", str(path)], check=True, capture_output=True)
    return path


@pytest.fixture(scope="module")
def checker():
    return Checker.from_config()


@pytest.fixture(scope="module")
def cli_report(corpus):
    """The CLI's JSON Lines report of the corpus: (records, summary record)."""
    result = run_cli("check", corpus, "--format", "jsonl", "--quiet", cwd=corpus.parent)
    records = result.records()
    assert records[-1]["record"] == "summary"
    return records[:-1], records[-1]


def test_records_of_a_file_are_the_cli_reports(checker, corpus, cli_report):
    records, summary = cli_report
    result = checker.check_path(corpus)
    assert result.records() == records
    expected = {k: v for k, v in summary.items() if k not in ("record", "tool", "version")}
    assert result.summary.to_dict() == expected
    assert {r["record"] for r in records} == {"violation", "practice", "call"}


def test_a_call_as_a_dict_is_checked_as_its_line_in_a_file(checker, tmp_path):
    write(tmp_path / "one.jsonl", json.dumps(CALL, ensure_ascii=False) + "\n")
    expected = run_cli("check", "one.jsonl", "-f", "jsonl", cwd=tmp_path).records()[:-1]
    result = checker.check_call(CALL, path="one.jsonl")
    assert result.records() == expected
    assert [v.rule for v in result.violations] == [r["rule"] for r in expected if r["record"] == "violation"]
    assert any(r["record"] == "violation" and r["rule"] == "diminutives" for r in expected)
    assert result.calls[0].call_id == "c-1"
    assert checker.check_line(json.dumps(CALL).encode(), path="one.jsonl").records() == expected


def test_a_broken_line_is_an_error_record_not_an_exception(checker):
    result = checker.check_lines([json.dumps(CALL), '{"call_id": "c-2", "utterances": [', json.dumps(CALL)],
                                 path="night.jsonl", first_line=41)
    assert result.errors == [("night.jsonl", "line 42: not valid JSON: expecting value (column 35)")]
    assert [r["line"] for r in result.records() if r["record"] == "call"] == [41, 43]
    assert result.summary.unreadable == 1 and result.summary.calls == 2


def test_summaries_of_parts_merge_to_the_whole_in_any_grouping(checker, corpus, cli_report):
    lines = corpus.read_bytes().splitlines(keepends=True)
    cuts = [0, 13, 40, 41, 77, len(lines)]
    parts = [checker.check_lines(lines[a:b], path=corpus.name, first_line=a + 1, part=i).summary
             for i, (a, b) in enumerate(zip(cuts, cuts[1:]))]
    whole = checker.check_lines(lines, path=corpus.name).summary.to_dict()
    a, b, c, d, e = parts
    assert merge(parts).to_dict() == whole
    assert merge([merge([a, b]), merge([c, merge([d, e])])]).to_dict() == whole
    assert merge([a, merge([merge([b, c]), d]), e]).to_dict() == whole
    agents = whole["agents"]
    assert len(agents) > 3 and all(row["average_score"] is not None for row in agents)
    expected = {k: v for k, v in cli_report[1].items() if k not in ("record", "tool", "version")}
    assert whole == expected


def test_a_checker_pickles_and_is_rebuilt_once_a_process(checker):
    data = pickle.dumps(checker)
    assert len(data) < 10_000  # its settings, not its rules
    first, second = pickle.loads(data), pickle.loads(data)
    assert first is second
    assert first.check_call(CALL).records() == checker.check_call(CALL).records()


def test_overrides_and_config_files(tmp_path):
    config = write(tmp_path / "phrasecheck.yaml", "select: [diminutives]\n")
    only_slang = Checker.from_config(config)
    assert {v.rule for v in only_slang.check_call(CALL).violations} == {"diminutives"}
    closing = Checker.from_config(config, select=["closing-*"])
    assert {v.rule for v in closing.check_call(CALL).violations} == {"closing-thanks"}


def test_bad_settings_are_setup_errors_that_say_what(tmp_path):
    with pytest.raises(SetupError, match=r"unknown setting «selekt» \(did you mean «select»\?\)"):
        Checker.from_config(selekt=["slang"])
    with pytest.raises(SetupError, match="«timezone» must be a time zone name"):
        Checker.from_config(timezone="Mars/Olympus")
    rules = write(tmp_path / "bad.yaml", "rules:\n  - id: x\n    type: nope\n")
    with pytest.raises(SetupError) as raised:
        Checker.from_config(rules=[str(rules)], builtin=False)
    assert raised.value.message.endswith("problems in rules or options")
    assert all(str(problem).startswith(f"{rules}:") for problem in raised.value.details)
    assert any("«nope»" in str(problem) for problem in raised.value.details)


def test_lines_need_a_json_lines_path(checker):
    with pytest.raises(ValueError, match=r"path «export.json»: lines are read as JSON Lines, so their path must end"):
        checker.check_line(json.dumps(CALL), path="export.json")
    assert checker.check_call({"utterances": []}).calls[0].call_id == "<call>:1"


def test_checking_one_file_imports_neither_dask_nor_pyarrow(tmp_path):
    """The extras cost nothing unless used: a one-file check starts as fast as before."""
    script = write(tmp_path / "s.md", "Оператор: Одну минуточку.\n")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "phrasecheck", "check", str(script)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    imported = {line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert "phrasecheck" in imported
    assert not imported & {"dask", "distributed", "pyarrow", "fsspec", "duckdb"}


def test_lines_are_bounded_and_need_not_be_utf8_as_in_a_file(checker):
    huge = checker.check_line(b'{"utterances": ["' + b"a" * (16 * 2 ** 20) + b'"]}', path="big.jsonl")
    assert huge.errors == [("big.jsonl", "line 1: longer than 16 MiB: not read")]
    lone = checker.check_line('{"utterances": [], "agent": "\ud800"}', path="odd.jsonl")
    assert lone.errors[0][1].startswith("line 1: not UTF-8")


def test_checking_calls_leaves_no_reference_cycles(corpus):
    # A checked call's turns, tokens and matcher states are freed at once, by reference
    # counting. Left in cycles, every call's objects waited for a garbage collection: more
    # memory, and a sixth of a run's time spent finding them.
    checker = Checker.from_config(None)
    inputs = [corpus, *sorted((ROOT / "eval" / "calls").rglob("*.*"))]
    for path in inputs:  # caches filled and modules imported first: they live on anyway
        checker.check_path(path)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds is kept in gc.garbage, to look at
    try:
        results = [checker.check_path(path) for path in inputs]
        del results
        gc.collect()
        left = [type(o).__qualname__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert left == []
