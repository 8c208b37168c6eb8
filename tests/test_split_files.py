"""Files checked in parts: a JSON Lines file longer than one part of lines is
split for the workers, yet reports, counts and rebuilds it as one file."""

from __future__ import annotations

import json

import pytest

from conftest import write
from phrasecheck.batch import LINES_PER_TASK
from phrasecheck.readers import ReaderOptions, ReadError, Source, parts, read_calls, read_source

BAD, CLEAN = "Подождите минуточку.", "Спасибо за ожидание."
ONE_RULE = ("--select", "diminutives")


def call_line(n: int, text: str) -> str:
    return json.dumps({"call_id": f"c{n}", "utterances": [{"speaker": "agent", "text": text}]},
                      ensure_ascii=False)


@pytest.fixture
def inputs(tmp_path):
    """A text file, a JSONL file of three parts whose first part is clean, and another text file."""
    count = 2 * LINES_PER_TASK + 10
    bad = {LINES_PER_TASK + 5, LINES_PER_TASK + 300, 2 * LINES_PER_TASK + 3}  # in the second and third parts only
    write(tmp_path / "big.jsonl", "".join(call_line(n, BAD if n in bad else CLEAN) + "\n" for n in range(count)))
    write(tmp_path / "a.txt", f"Оператор: {BAD}\n")
    write(tmp_path / "z.txt", f"Оператор: {BAD}\n")
    return tmp_path, count


def headings(out: str) -> list[str]:
    return [line for line in out.splitlines() if line in ("a.txt", "big.jsonl", "z.txt")]


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("redact", [[], ["--redact"]])
def test_a_file_checked_in_parts_has_one_heading_and_counts_as_one_file(cli, inputs, jobs, redact):
    _root, count = inputs
    result = cli("check", "a.txt", "big.jsonl", "z.txt", *ONE_RULE, "--jobs", jobs, *redact)
    assert result.code == 1, result.err
    assert headings(result.out) == ["a.txt", "big.jsonl", "z.txt"]
    assert [line.split(":")[:2] for line in result.out.splitlines() if "[diminutives]" in line] == [
        ["a.txt", "1"], ["big.jsonl", str(LINES_PER_TASK + 6)], ["big.jsonl", str(LINES_PER_TASK + 301)],
        ["big.jsonl", str(2 * LINES_PER_TASK + 4)], ["z.txt", "1"]]
    assert result.out.splitlines()[-1] == f"Checked 3 files, {count + 2} calls: 5 violations (5 warnings)"


def test_the_summary_counts_a_file_in_parts_once_in_every_format(cli, inputs):
    _root, count = inputs
    report = cli("check", "a.txt", "big.jsonl", "z.txt", *ONE_RULE, "--format", "json").json()
    assert (report["summary"]["files"], report["summary"]["calls"]) == (3, count + 2)


def test_saved_results_of_a_file_in_parts_rebuild_the_same_report(cli, inputs):
    root, _count = inputs
    files = ("a.txt", "big.jsonl", "z.txt")
    saved = cli("check", *files, *ONE_RULE, "--format", "jsonl", "--output", "saved.jsonl")
    assert saved.code == 1, saved.err
    direct, rebuilt = cli("check", *files, *ONE_RULE, "--format", "json"), cli("report", "saved.jsonl", "-f", "json")
    assert rebuilt.code == direct.code == 1
    assert rebuilt.json() == direct.json()
    console = cli("report", "saved.jsonl")
    assert headings(console.out) == list(files)
    assert console.out.splitlines()[-1] == cli("check", *files, *ONE_RULE).out.splitlines()[-1]


# --- how the readers split a file -------------------------------------------------------------

def test_a_jsonl_file_is_read_in_parts_of_lines_that_together_are_the_whole_file(inputs):
    root, count = inputs
    path = str(root / "big.jsonl")
    pieces = list(parts(path, LINES_PER_TASK))
    assert [(p.part, len(p.lines)) for p in pieces] == [(0, LINES_PER_TASK), (1, LINES_PER_TASK), (2, 10)]
    assert [number for p in pieces for number, _raw in p.lines] == list(range(1, count + 1))
    by_parts = [(c.call_id, c.line) for p in pieces for c in read_source(p, ReaderOptions())]
    assert by_parts == [(c.call_id, c.line) for c in read_calls(path, ReaderOptions())]


def test_whole_file_formats_are_one_source(inputs):
    root, _count = inputs
    write(root / "list.json", "[" + ",".join(call_line(n, CLEAN) for n in range(LINES_PER_TASK + 1)) + "]")
    for name in ("a.txt", "list.json"):
        path = str(root / name)
        assert list(parts(path, LINES_PER_TASK)) == [Source(path)]
    assert len(list(read_source(Source(str(root / "list.json")), ReaderOptions()))) == LINES_PER_TASK + 1


def test_a_jsonl_file_that_cannot_be_opened_is_one_source_that_says_why(tmp_path):
    path = str(tmp_path / "gone.jsonl")
    assert list(parts(path, LINES_PER_TASK)) == [Source(path)]
    with pytest.raises(ReadError, match="^No such file or directory$"):
        list(read_source(Source(path), ReaderOptions()))
