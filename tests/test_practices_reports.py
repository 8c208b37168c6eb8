"""Recommended techniques (practices) in the reports, through the CLI: the console's
«good practice» line per call and its table of techniques by agent, the JSON and
JSON Lines records, CSV, SARIF and GitHub with --practices (and unchanged without
it), `report` rebuilding them from JSON Lines, scores credited, --fail-on blind to
practices, and --redact masking them.

The calls (tests/fixtures/practices_console) are written the way speech
recognition writes them, against a pack of our own: two techniques, one with an
expectation (a refusal calls for a polite formula), and one forbidden word."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from sarif import loader

from conftest import FIXTURES, run_cli, write
from phrasecheck.reporters.csvreport import COLUMNS

RULES = ("--no-builtin", "--rules", "rules.yaml")
PARAPHRASE = "Оператор перефразирует, чтобы убедиться, что понял клиента"
THANKS = "Оператор благодарит за ожидание"
REFUSAL = "Оператор вежливо отказывает"
TABLE_TITLE = "Good practices by agent (calls that used the technique / calls)"
PRACTICE_FIELDS = {"path", "call_id", "line", "column", "utterance", "start", "speaker", "rule", "message",
                   "text", "context", "span"}


@pytest.fixture
def calls(tmp_path) -> Path:
    """A folder holding the pack (rules.yaml) and the calls (calls/): four files, six calls, three agents."""
    shutil.copytree(FIXTURES / "practices_console", tmp_path / "qa")
    return tmp_path / "qa"


def check(folder: Path, *args):
    return run_cli("check", *RULES, *args, cwd=folder)


def block(out: str, heading: str) -> list[str]:
    """The lines of one file's block of the console report, its heading first."""
    lines = out.splitlines()
    start = lines.index(heading)
    return lines[start:lines.index("", start)]


def table(out: str, title: str) -> list[list[str]]:
    """The body rows of a console table, cells stripped."""
    lines = out.splitlines()
    start = lines.index(title)
    rows = []
    for line in lines[start + 4:]:
        if not line.startswith("│"):
            break
        rows.append([cell.strip() for cell in line.strip("│").split("│")])
    return rows


def records(out: str, kind: str) -> list[dict]:
    return [r for r in map(json.loads, out.splitlines()) if r.pop("record") == kind]


# the console

def test_console_shows_a_good_practice_line_per_call_beside_its_violations(calls):
    result = check(calls, "calls")
    assert result.code == 1, result.err  # the violations fail the run, not the practices
    assert block(result.out, "calls/anna-1.txt") == [
        "calls/anna-1.txt",
        "calls/anna-1.txt:3:11: warning [allo] Вместо «алло» оператор представляется",
        "    Оператор: алло добрый день",
        "              ^^^^",
        "✓ good practice: paraphrase ×2, thanks-for-waiting  (+4)",
    ]
    # several calls in a file: each line names its call, in the calls' order (boris-1 has
    # no violation; boris-3 used no technique and has no line)
    assert block(result.out, "calls/boris.jsonl") == [
        "calls/boris.jsonl",
        "✓ good practice (call boris-1): paraphrase, polite-refusal  (+4)",
        "calls/boris.jsonl:2:1: warning [allo] Вместо «алло» оператор представляется",
        "    Оператор: алло",
        "              ^^^^",
        "✓ good practice (call boris-2): thanks-for-waiting  (+2)",
    ]
    # a file without violations is shown for its practices
    assert block(result.out, "calls/vera-1.txt") == [
        "calls/vera-1.txt", "✓ good practice: paraphrase, thanks-for-waiting  (+4)"]
    # a missed expectation is a violation of the technique's rule, no practice
    assert "good practice" not in "\n".join(block(result.out, "calls/anna-2.txt"))
    assert result.out.count("good practice") == 4


def test_console_table_of_techniques_by_agent_after_the_agents_table(calls):
    out = check(calls, "calls").out
    assert out.index("Agents") < out.index(TABLE_TITLE) < out.index("Scores")
    header = out.splitlines()[out.splitlines().index(TABLE_TITLE) + 2]
    assert [cell.strip() for cell in header.strip("┃").split("┃")] == ["technique", "Анна", "Борис", "Вера", "total"]
    assert table(out, TABLE_TITLE) == [
        ["paraphrase", "1/2", "1/3", "1/1", "3/6"],
        ["thanks-for-waiting", "1/2", "1/3", "1/1", "3/6"],
        ["polite-refusal", "—", "1/3", "—", "1/6"],
    ]


def test_summary_only_keeps_the_table_without_the_lines(calls):
    out = check(calls, "calls", "--summary-only").out
    assert "good practice" not in out
    assert table(out, TABLE_TITLE)[0] == ["paraphrase", "1/2", "1/3", "1/1", "3/6"]


def test_no_practices_turns_off_the_lines_and_the_table(calls):
    result = check(calls, "calls", "--no-practices")
    assert "good practice" not in result.out and TABLE_TITLE not in result.out
    assert "calls/vera-1.txt" not in result.out  # nothing else to show for it
    assert "calls/anna-1.txt:3:11: warning [allo]" in result.out
    # the scores keep their credits: the flag changes what is shown, not what is judged
    assert table(result.out, "Agents")[0] == ["Анна", "2", "97", "1", "allo"]
    summary_only = check(calls, "calls", "--no-practices", "--summary-only").out
    assert TABLE_TITLE not in summary_only and "Agents" in summary_only


def test_a_team_too_wide_for_one_table_gets_several(calls):
    lines = [json.dumps({"call_id": f"c{n}", "agent": f"Оператор номер {n}", "utterances": [
        {"speaker": "client", "text": "у меня списали дважды"},
        {"speaker": "agent", "text": "правильно ли я понимаю что списали два раза"}]}, ensure_ascii=False)
        for n in range(10)]
    write(calls / "team.jsonl", "\n".join(lines) + "\n")
    out = check(calls, "team.jsonl", "--summary-only").out
    widths = {len(line) for line in out.splitlines()}
    assert max(widths) <= 80  # a report file or a pipe is 80 columns wide
    headers = [line for line in out.splitlines() if line.startswith("┃ technique")]
    assert len(headers) > 1 and all(line.rstrip("┃ ").endswith("total") for line in headers)
    agents = [cell.strip() for line in headers for cell in line.strip("┃").split("┃")[1:-1]]
    assert agents == [f"Оператор номер {n}" for n in range(10)]


def test_console_escapes_what_comes_from_the_inputs(calls):
    write(calls / "odd.jsonl", json.dumps({"call_id": "[red]x\u001b[2J", "agent": "[bold]Зоя\u202e", "utterances": [
        {"speaker": "agent", "text": "верно я вас понял"}, {"speaker": "agent", "text": "алло"}]}) + "\n")
    out = check(calls, "odd.jsonl", "calls/vera-1.txt").out
    assert "\x1b" not in out and "\u202e" not in out
    assert "✓ good practice (call [red]x\\x1b[2J): paraphrase  (+2)" in out
    assert table(out, TABLE_TITLE)[0] == ["paraphrase", "1/1", "1/1", "2/2"]
    assert "[bold]Зоя\\u202e" in out


# JSON and JSON Lines

def test_jsonl_practice_records_and_the_calls_practices_and_credits(calls):
    out = check(calls, "calls", "--format", "jsonl").out
    practices = records(out, "practice")
    assert all(set(p) == PRACTICE_FIELDS for p in practices)  # no severity, suggestions or fix
    assert [(p["call_id"], p["rule"], p["line"], p["column"], p["text"]) for p in practices] == [
        ("anna-1", "paraphrase", 6, 15, "правильно ли я\nпонимаю"),  # said over two lines
        ("anna-1", "thanks-for-waiting", 10, 11, "спасибо за ожидание"),
        ("anna-1", "paraphrase", 11, 11, "верно я вас поняла"),
        ("boris-1", "paraphrase", 1, 1, "правильно ли я понимаю"),
        ("boris-1", "polite-refusal", 1, 1, "к сожалению"),
        ("boris-2", "thanks-for-waiting", 2, 1, "благодарю за ожидание"),
        ("vera-1", "paraphrase", 6, 11, "верно я вас поняла"),
        ("vera-1", "thanks-for-waiting", 10, 11, "благодарю за ожидание"),
    ]
    first = practices[0]
    assert (first["speaker"], first["utterance"], first["message"]) == ("agent", 2, PARAPHRASE)
    assert first["context"][slice(*first["span"])] == "правильно ли я понимаю"
    assert records(out, "practice")[4]["start"] == 9.5
    by_call = {c["call_id"]: c for c in records(out, "call")}
    assert by_call["anna-1"]["practices"] == {"paraphrase": 2, "thanks-for-waiting": 1}
    assert by_call["anna-1"]["credits"] == [{"rule": "paraphrase", "points": 2.0},
                                            {"rule": "thanks-for-waiting", "points": 2.0}]
    assert by_call["boris-3"]["practices"] == {} and by_call["boris-3"]["credits"] == []
    # a missed expectation is a violation record of the technique's rule
    assert [(v["call_id"], v["rule"], v["message"]) for v in records(out, "violation")
            if v["rule"] == "polite-refusal"] == [("anna-2", "polite-refusal", "Отказ без вежливой формулы")]


def test_json_practices_list_and_summary(calls):
    data = check(calls, "calls", "--format", "json").json()
    jsonl = records(check(calls, "calls", "--format", "jsonl").out, "practice")
    assert data["practices"] == jsonl
    assert all(p["rule"] != "allo" for p in data["practices"])
    assert data["summary"]["practices"] == {"paraphrase": {"uses": 4, "calls": 3},
                                            "polite-refusal": {"uses": 1, "calls": 1},
                                            "thanks-for-waiting": {"uses": 3, "calls": 3}}
    boris = next(a for a in data["summary"]["agents"] if a["agent"] == "Борис")
    assert boris["practices"] == {"paraphrase": 1, "polite-refusal": 1, "thanks-for-waiting": 1}


# scores

def test_scores_are_credited_and_never_above_100(calls):
    scores = {c["call_id"]: c["score"] for c in check(calls, "calls", "--format", "json").json()["calls"]}
    assert scores["anna-1"] == 99.0  # one warning −5, two techniques +2 +2 (paraphrase twice: once)
    assert scores["vera-1"] == 100.0  # nothing to make up for: 100, not 104
    assert scores["anna-2"] == 95.0  # the missed polite formula is a warning like any other
    write(calls / "phrasecheck.yaml", "credit_cap: 3\n")
    capped = check(calls, "calls", "--format", "json").json()["calls"]
    anna = next(c for c in capped if c["call_id"] == "anna-1")
    assert anna["score"] == 98.0
    assert anna["credits"] == [{"rule": "paraphrase", "points": 2.0}, {"rule": "thanks-for-waiting", "points": 1.0}]
    assert "✓ good practice: paraphrase ×2, thanks-for-waiting  (+3)" in check(calls, "calls").out


# --fail-on

def test_fail_on_info_passes_a_call_with_only_practices(calls):
    result = check(calls, "calls/vera-1.txt", "--fail-on", "info")
    assert result.code == 0, result.out + result.err
    assert "✓ good practice: paraphrase, thanks-for-waiting  (+4)" in result.out
    assert "no violations" in result.out
    check(calls, "calls/vera-1.txt", "--format", "jsonl", "--output", "vera.jsonl")
    for fmt in ("console", "csv", "sarif", "github"):
        rebuilt = run_cli("report", "vera.jsonl", "--format", fmt, "--practices", "--fail-on", "info", cwd=calls)
        assert rebuilt.code == 0, (fmt, rebuilt.err)
    # the same run with a violation fails
    assert check(calls, "calls/vera-1.txt", "calls/anna-2.txt", "--fail-on", "info").code == 1


def test_fail_on_counts_violations_only_with_workers_writing_jsonl(calls):
    # jsonl is written by the workers: the verdict comes from the summaries they send
    result = check(calls, "calls/vera-1.txt", "calls/boris.jsonl", "--format", "jsonl", "--jobs", "2",
                   "--fail-on", "info", "--ignore", "allo")
    assert result.code == 0, result.err
    assert len(records(result.out, "practice")) == 5


# CSV, SARIF, GitHub: violations only unless --practices

def csv_rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_has_practice_rows_and_a_kind_column_only_with_the_flag(calls):
    plain = check(calls, "calls", "--format", "csv").out
    assert plain[1:].splitlines()[0] == ",".join(COLUMNS)
    assert [(r["call_id"], r["rule"]) for r in csv_rows(plain)] == [
        ("anna-1", "allo"), ("anna-2", "polite-refusal"), ("boris-2", "allo")]
    rows = csv_rows(check(calls, "calls", "--format", "csv", "--practices").out)
    assert list(rows[0]) == [*COLUMNS, "kind"]
    assert [(r["call_id"], r["rule"], r["kind"]) for r in rows[:5]] == [
        ("anna-1", "allo", "violation"),
        ("anna-1", "paraphrase", "practice"),
        ("anna-1", "thanks-for-waiting", "practice"),
        ("anna-1", "paraphrase", "practice"),
        ("anna-2", "polite-refusal", "violation"),
    ]
    practice = rows[1]
    assert (practice["severity"], practice["suggestions"], practice["message"], practice["score"],
            practice["agent"], practice["text"]) == ("", "", PARAPHRASE, "99.0", "Анна", "правильно ли я\nпонимаю")
    assert sum(r["kind"] == "practice" for r in rows) == 8
    assert rows[4]["severity"] == "warning"


def test_sarif_practices_are_notes_with_their_own_rules_only_with_the_flag(calls):
    plain = json.loads(check(calls, "calls", "--format", "sarif").out)
    assert {r["level"] for r in plain["runs"][0]["results"]} == {"warning"}
    assert [r["id"] for r in plain["runs"][0]["tool"]["driver"]["rules"]] == ["allo", "polite-refusal"]
    result = check(calls, "calls", "--format", "sarif", "--practices", "--output", "report.sarif")
    assert result.code == 1, result.err
    run = json.loads((calls / "report.sarif").read_text(encoding="utf-8"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    notes = [r for r in run["results"] if r["level"] == "note"]
    assert [(r["ruleId"], r["properties"]["callId"], r["properties"]["quote"]) for r in notes] == [
        ("practice/paraphrase", "anna-1", "правильно ли я\nпонимаю"),
        ("practice/thanks-for-waiting", "anna-1", "спасибо за ожидание"),
        ("practice/paraphrase", "anna-1", "верно я вас поняла"),
        ("practice/paraphrase", "boris-1", "правильно ли я понимаю"),
        ("practice/polite-refusal", "boris-1", "к сожалению"),
        ("practice/thanks-for-waiting", "boris-2", "благодарю за ожидание"),
        ("practice/paraphrase", "vera-1", "верно я вас поняла"),
        ("practice/thanks-for-waiting", "vera-1", "благодарю за ожидание"),
    ]
    for item in run["results"]:  # every result points at its own descriptor
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
    described = {r["id"]: (r["shortDescription"]["text"], r["defaultConfiguration"]["level"]) for r in rules}
    assert described["practice/paraphrase"] == (PARAPHRASE, "note")
    assert described["practice/polite-refusal"] == (REFUSAL, "note")
    # the same rule's missed expectation keeps a descriptor of its own
    assert described["polite-refusal"] == ("Отказ без вежливой формулы", "warning")
    assert notes[2]["message"]["text"] == PARAPHRASE
    assert notes[2]["locations"][0]["physicalLocation"]["region"] == {"startLine": 11, "startColumn": 11,
                                                                      "endColumn": 29}
    sarif = loader.load_sarif_file(str(calls / "report.sarif"))
    assert sarif.get_result_count() == 3 + 8
    assert sorted({r["Severity"] for r in sarif.get_records()}) == ["note", "warning"]


def test_github_practices_are_notices_only_with_the_flag(calls):
    plain = check(calls, "calls", "--format", "github").out.splitlines()
    assert len(plain) == 3 and all(line.startswith("::warning ") for line in plain)
    lines = check(calls, "calls", "--format", "github", "--practices").out.splitlines()
    assert lines[:3] == [
        "::warning file=calls/anna-1.txt,line=3,col=11,title=allo::Вместо «алло» оператор представляется",
        f"::notice file=calls/anna-1.txt,line=6,col=15,title=good practice%3A paraphrase::{PARAPHRASE}",
        f"::notice file=calls/anna-1.txt,line=10,col=11,title=good practice%3A thanks-for-waiting::{THANKS}",
    ]
    assert sum(line.startswith("::notice ") for line in lines) == 8 and len(lines) == 11


def test_practices_flag_leaves_json_and_jsonl_as_they_are(calls):
    for fmt in ("json", "jsonl"):
        default = check(calls, "calls", "--format", fmt).out
        assert check(calls, "calls", "--format", fmt, "--practices").out == default
        assert check(calls, "calls", "--format", fmt, "--no-practices").out == default


# `report` rebuilds every format from the JSON Lines, practices included

@pytest.mark.parametrize("args", [(), ("--no-practices",), ("--summary-only",), ("--format", "csv", "--practices"),
                                  ("--format", "csv"), ("--format", "github", "--practices"),
                                  ("--format", "sarif", "--practices")])
def test_report_rebuilds_the_same_output_from_jsonl(calls, args):
    check(calls, "calls", "--format", "jsonl", "--output", "results.jsonl")
    direct = check(calls, "calls", *args)
    rebuilt = run_cli("report", "results.jsonl", *args, cwd=calls)
    assert rebuilt.out == direct.out
    assert rebuilt.code == direct.code == 1


# --redact

def test_redacted_run_keeps_the_practices_with_the_numbers_masked(calls):
    result = check(calls, "calls/vera-1.txt", "--redact", "--format", "jsonl")
    practices = records(result.out, "practice")
    assert [(p["rule"], p["call_id"], p["text"]) for p in practices] == [
        ("paraphrase", "call-1", "верно я вас поняла"), ("thanks-for-waiting", "call-1", "благодарю за ожидание")]
    assert practices[0]["context"] == "верно я вас поняла вам не перезвонили по договору *******"
    assert "4571298" not in result.out and '"vera-1"' not in result.out  # the call id (the path keeps it)
    call = records(result.out, "call")[0]
    assert (call["agent"], call["practices"], call["score"]) == ("agent-1", {"paraphrase": 1,
                                                                             "thanks-for-waiting": 1}, 100.0)
    console = check(calls, "calls", "--redact").out
    assert re.search(r"^✓ good practice \(call call-\d\): paraphrase, polite-refusal  \(\+4\)$", console, re.M)
    assert table(console, TABLE_TITLE)[0] == ["paraphrase", "1/2", "1/3", "1/1", "3/6"]
    assert "Анна" not in console and "boris-1" not in console
    lines = check(calls, "calls/vera-1.txt", "--redact", "--format", "csv", "--practices").out
    assert [(r["call_id"], r["agent"], r["kind"]) for r in csv_rows(lines)] == [
        ("call-1", "agent-1", "practice"), ("call-1", "agent-1", "practice")]
