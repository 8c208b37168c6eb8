"""CSV for spreadsheets in locales that write a decimal comma (Russian): with `;` between
fields the fractions come with a comma, so `start` and `score` are read as numbers; a tab
can be the delimiter. The default comma-delimited CSV keeps its decimal point."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import write

CALL = {"call_id": "c-1", "utterances": [
    {"speaker": "agent", "start": 0.5, "end": 2.0, "text": "Алло, слушаю."},
    {"speaker": "agent", "start": 12.25, "end": 15.0, "text": "Подождите минуточку."}]}
SELECT = ("--select", "allo", "--select", "diminutives")


@pytest.fixture
def calls(tmp_path):
    write(tmp_path / "calls.jsonl", json.dumps(CALL, ensure_ascii=False) + "\n")
    return tmp_path / "calls.jsonl"


def rows(text: str, delimiter: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=delimiter))


def test_a_semicolon_csv_writes_fractions_with_a_decimal_comma(cli, calls):
    found = rows(cli("check", calls, "-f", "csv", "--csv-delimiter", ";", *SELECT).out, ";")
    assert [(r["rule"], r["start"], r["score"]) for r in found] == [("allo", "0,5", "85,0"),
                                                                   ("diminutives", "12,25", "85,0")]
    assert found[0]["line"] == "1" and found[0]["column"] == "1"  # whole numbers stay as they are


def test_the_default_csv_keeps_the_decimal_point(cli, calls):
    found = rows(cli("check", calls, "-f", "csv", *SELECT).out, ",")
    assert [(r["start"], r["score"]) for r in found] == [("0.5", "85.0"), ("12.25", "85.0")]


@pytest.mark.parametrize("name", ["tab", "\\t", "\t"])
def test_a_tab_delimiter_can_be_named(cli, calls, name):
    text = cli("check", calls, "-f", "csv", "--csv-delimiter", name, *SELECT).out
    assert text.splitlines()[0] == "\ufeffpath\tcall_id\tagent\tline\tcolumn\tutterance\tstart\tspeaker\trule\t" \
                                   "severity\ttext\tmessage\tsuggestions\tscore"
    assert [r["start"] for r in rows(text, "\t")] == ["0.5", "12.25"]


def test_the_decimal_separator_can_be_chosen_for_any_delimiter(cli, calls):
    comma = rows(cli("check", calls, "-f", "csv", "--csv-delimiter", "tab", "--decimal-comma", *SELECT).out, "\t")
    assert [r["start"] for r in comma] == ["0,5", "12,25"]
    point = rows(cli("check", calls, "-f", "csv", "--csv-delimiter", ";", "--decimal-point", *SELECT).out, ";")
    assert [r["start"] for r in point] == ["0.5", "12.25"]


def test_report_rebuilds_a_csv_for_the_locale_too(cli, calls, tmp_path):
    saved = tmp_path / "night.jsonl"
    cli("check", calls, "-f", "jsonl", "-o", saved, *SELECT)
    found = rows(cli("report", saved, "-f", "csv", "--csv-delimiter", ";").out, ";")
    assert [(r["start"], r["score"]) for r in found] == [("0,5", "85,0"), ("12,25", "85,0")]
    assert [r["start"] for r in rows(cli("report", saved, "-f", "csv", "--csv-delimiter", "tab").out, "\t")] \
        == ["0.5", "12.25"]


def test_a_delimiter_that_is_no_single_character_is_refused(cli, calls):
    result = cli("check", calls, "-f", "csv", "--csv-delimiter", "tabs")
    assert (result.code, result.out) == (2, "")
    assert result.err == "phrasecheck: --csv-delimiter must be one character (or tab), not «tabs»\n"
