"""--redact: no personal data in any field of any report — numbers however they
are spelled, e-mail addresses, call ids, agent names, file names, metadata notes
and error messages — while the report still adds up."""

from __future__ import annotations

import json
import re

import openpyxl
import pytest

from conftest import run_cli, write
from html_helpers import readable

FORMATS = ("console", "json", "jsonl", "csv", "xlsx", "html", "sarif", "github", "parquet")
PHONE_FILE = "client-79161234567.jsonl"
CALLS = [
    {"call_id": "call-79161234567", "agent": "Анна Петрова", "started_at": "звонил с +7 916 123-45-67",
     "utterances": [
         {"speaker": "agent", "start": 0, "text": "Алло, слушаю. Меня зовут Анна."},
         {"speaker": "client", "start": 2, "text": "Пишите: ivan.petrov@example.ru, или лучше 8_916_555_44_33."},
         {"speaker": "agent", "start": 4, "text": "Подождите минуточку, записываю."}]},
    {"call_id": "call-2", "agent": "Анна Петрова",
     "utterances": [{"speaker": "agent", "start": 0, "text": "Алло, да."}]},
    {"call_id": "broken", "utterances": [{"speaker": "SPEAKER_89161234567", "text": "Алло"}]},
]
# what must not be left anywhere: the numbers, the e-mail, the call id, the agent's name
SECRETS = re.compile(r"9161234567|916.?(123|555)|555.?44|ivan|petrov|example\.ru|Анна|Петров", re.IGNORECASE)


def report_text(path, fmt: str) -> str:
    if fmt == "parquet":  # every value of every table, and the summary
        import pyarrow.parquet as pq

        tables = [str(pq.read_table(path / f"{t}.parquet").to_pylist()) for t in ("violations", "calls", "errors")]
        return "\n".join([*tables, (path / "summary.json").read_text(encoding="utf-8")])
    if fmt == "xlsx":
        return "\n".join(str(v) for ws in openpyxl.load_workbook(path) for row in ws.iter_rows(values_only=True)
                         for v in row if v is not None)
    if fmt == "html":
        return readable(path.read_text(encoding="utf-8"))
    return path.read_text(encoding="utf-8-sig")


@pytest.fixture(scope="module")
def calls(tmp_path_factory):
    root = tmp_path_factory.mktemp("redact")
    write(root / PHONE_FILE, "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in CALLS))
    return root


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_field_is_masked_in_every_format(calls, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")  # the [dask] extra; CI installs it
    out = calls / f"report.{fmt}"
    plain = run_cli("check", PHONE_FILE, "-f", fmt, "-o", out, cwd=calls)
    assert plain.code == 2  # a line is unreadable; the rest is reported
    assert SECRETS.search(report_text(out, fmt) + plain.err)  # there is something to mask
    result = run_cli("check", PHONE_FILE, "--redact", "-f", fmt, "-o", out, cwd=calls)
    assert result.code == 2, result.err
    text = report_text(out, fmt)
    assert "allo" in text  # the violations are still reported
    assert SECRETS.search(text) is None, SECRETS.search(text)
    assert SECRETS.search(result.err) is None  # the unreadable line as told on standard error too


def test_pseudonyms_keep_the_report_adding_up(calls):
    result = run_cli("check", PHONE_FILE, "--redact", "-f", "json", cwd=calls)
    report = result.json()
    assert [c["call_id"] for c in report["calls"]] == ["call-1", "call-2"]
    assert {c["agent"] for c in report["calls"]} == {"agent-1"}  # the same agent, the same pseudonym
    assert [(a["agent"], a["calls"]) for a in report["summary"]["agents"]] == [("agent-1", 2)]
    assert {v["call_id"] for v in report["violations"]} == {"call-1", "call-2"}
    assert report["calls"][0]["path"] == "client-***********.jsonl"
    assert report["calls"][0]["notes"] == [
        "started_at «звонил с ** *** *********» is not an ISO 8601 date and time; the checks that need it are skipped"]
    assert report["errors"][0]["error"].startswith("line 3: utterance 0: speaker «SPEAKER_***********»")
    spoken = {v["context"] for v in report["violations"] if v["rule"] == "allo"}
    assert "Алло, слушаю. Меня зовут ****." in spoken  # the agent's name, where it is said
    # the same report again: the same pseudonyms (a redacted report can be compared with the last one)
    assert run_cli("check", PHONE_FILE, "--redact", "-f", "json", cwd=calls).json() == report


def test_redact_keep_leaves_the_fields_asked_for(calls):
    report = run_cli("check", PHONE_FILE, "--redact", "--redact-keep", "call_id", "--redact-keep", "path",
                     "-f", "json", cwd=calls).json()
    assert [c["call_id"] for c in report["calls"]] == ["call-79161234567", "call-2"]
    assert report["calls"][0]["path"] == PHONE_FILE
    assert report["calls"][0]["agent"] == "agent-1"
    assert "ivan" not in json.dumps(report, ensure_ascii=False)
    bad = run_cli("check", PHONE_FILE, "--redact", "--redact-keep", "name", cwd=calls)
    assert bad.code == 2 and "Invalid value for '--redact-keep'" in bad.err


def test_report_redacts_saved_results(calls):
    assert run_cli("check", PHONE_FILE, "-f", "jsonl", "-o", "saved.jsonl", cwd=calls).code == 2
    result = run_cli("report", "saved.jsonl", "--redact", "-f", "csv", cwd=calls)
    assert result.code == 2 and "allo" in result.out
    assert SECRETS.search(result.out) is None


# how people and speech recognition write numbers and addresses, and what must stay
SPELLINGS = {
    "8 9 1 6 1 2 3 4 5 6 7": "* * * * * * * * * * *",
    "плюс 7 916 123 45 67": "плюс * *** *** ** **",
    "8_916_123_45_67": "***************",
    "8–916–123–45–67": "***************",  # en dashes
    "+7 (916) 123—45—67": "** ***** *********",  # em dashes
    "8, 9, 1, 6, 1, 2, 3": "** ** ** ** ** ** *",  # dictated one digit at a time
    "восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь":
        "****** ********* *********** *** ******** *** ***** **** ********** ****",
    "плюс семь 916 сто двадцать три 45 67": "плюс **** *** *** ******** *** ** **",
    '"ivan petrov"@mail.ru': "***** ***************",
    "ivan@localhost": "**************",
    "admin@[10.0.0.1]": "****************",
    "иван точка петров собака мейл точка ру": "**** ***** ****** ****** **** ***** **",
    # left as they are: times, counts, prices, years
    "через пять минут": "через пять минут",
    "сорок пять рублей": "сорок пять рублей",
    "сто двадцать тысяч триста рублей": "сто двадцать тысяч триста рублей",
    "в 2014, 2015 годах": "в 2014, 2015 годах",
    "с 9 до 18": "с 9 до 18",
}


def test_numbers_and_addresses_however_spelled(tmp_path):
    utterances = [{"speaker": "client", "start": i, "text": text} for i, text in enumerate(SPELLINGS)]
    call = {"call_id": "c", "utterances": [{"speaker": "agent", "start": 0, "text": "Алло"}, *utterances]}
    write(tmp_path / "c.json", json.dumps(call, ensure_ascii=False))
    result = run_cli("check", "c.json", "--redact", "-f", "jsonl", cwd=tmp_path)
    transcript = next(r for r in result.records() if r["record"] == "call")["transcript"]
    assert {u["text"]: None for u in transcript[1:]}.keys() == set(SPELLINGS.values())
    assert [u["text"] for u in transcript[1:]] == list(SPELLINGS.values())
