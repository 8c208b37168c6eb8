"""Report formats for people and tools: csv, xlsx, html, sarif and github, each
written through the CLI and then opened by its real consumer — the csv module,
openpyxl, sarif-tools, headless Chromium, a parser of GitHub's workflow commands."""

from __future__ import annotations

import csv
import html
import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from sarif import loader

from conftest import report_content, run_cli, write
from html_helpers import data_block, drawn, readable, selftest
from phrasecheck.reporters.github import escape_data, escape_property

CALL_A = """# call_id: call-a
# started_at: 2026-05-16T13:05:00+03:00
# direction: inbound
# agent: Игорь
# company: ТОМТЕЛ
[00:00:02] Оператор: Алло! Слушаю.
[00:00:04] Клиент: Добрый день. Я писал вам в чат <script>alert(1)</script> & ждал ответа.
[00:00:09] Оператор: Мужчина, вы ошибаетесь. Подождите минуточку.
[00:00:40] Оператор: Короче, я не знаю.
"""
# a comma in the name: a property separator in GitHub's commands, a reserved character in URIs
CALL_B = """# call_id: call-b
# started_at: 2026-05-16T10:00:00+03:00
# direction: inbound
# agent: Анна
# company: ТОМТЕЛ
Оператор: Доброе утро, компания ТОМТЕЛ, меня зовут Анна. Чем могу помочь?
Клиент: Хочу узнать баланс.
Оператор: Секундочку. Ваш баланс положительный.
Клиент: Спасибо.
Оператор: Спасибо за обращение, всего доброго!
"""
CALL_C = {"call_id": "call-c", "started_at": "2026-05-16T15:00:00+03:00", "direction": "inbound",
          "agent": "Ольга", "company": "ТОМТЕЛ", "utterances": [
              {"speaker": "agent", "start": 0.5, "text": "Добрый день, компания ТОМТЕЛ, меня зовут Ольга."},
              {"speaker": "client", "start": 3.0, "text": "Где мой заказ?"},
              {"speaker": "agent", "start": 6.0, "text": "Вам следовало проверить договорчик. Это не ко мне."},
              {"speaker": "agent", "start": 12.0, "text": "Спасибо за обращение, до свидания!"}]}
FORMATS = ("csv", "xlsx", "html", "sarif", "github")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A few calls and their JSON report: what every other format must agree with."""
    root = tmp_path_factory.mktemp("batch")
    write(root / "calls" / "call-a.txt", CALL_A)
    write(root / "calls" / "call-b, copy.txt", CALL_B)
    write(root / "calls" / "call-c.json", json.dumps(CALL_C, ensure_ascii=False))
    report = run_cli("check", "calls", "--format", "json", cwd=root)
    assert report.code == 1, report.err
    data = report.json()
    assert data["errors"] == [] and data["summary"]["calls"] == 3
    violations = data["violations"]
    assert len({v["rule"] for v in violations}) >= 5 and len({v["severity"] for v in violations}) >= 2
    assert {v["call_id"] for v in violations} >= {"call-a", "call-c"}
    return root, data


def produce(root: Path, fmt: str, *extra) -> Path:
    out = root / "out" / f"report-{fmt}{'-'.join(extra).replace(';', 'semi')}.{fmt}"
    out.parent.mkdir(exist_ok=True)
    result = run_cli("check", "calls", "--format", fmt, "--output", out, *extra, cwd=root)
    assert result.code == 1, result.err
    assert result.out == ""  # the report went to the file
    return out


def call_of(data: dict, call_id: str) -> dict:
    return next(c for c in data["calls"] if c["call_id"] == call_id)


# --- csv -----------------------------------------------------------------------

@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_has_a_bom_and_one_row_per_violation(batch, delimiter):
    root, data = batch
    out = produce(root, "csv", "--csv-delimiter", delimiter)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads Cyrillic right only with it
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=delimiter))
    assert len(rows) == len(data["violations"])
    assert list(rows[0]) == ["path", "call_id", "agent", "line", "column", "utterance", "start", "speaker",
                             "rule", "severity", "text", "message", "suggestions", "score"]
    for row, v in zip(rows, data["violations"]):
        call = call_of(data, v["call_id"])
        assert (row["path"], row["call_id"], row["rule"], row["severity"], row["text"], row["message"]) == (
            v["path"], v["call_id"], v["rule"], v["severity"], v["text"], v["message"])
        assert (int(row["line"]), int(row["column"])) == (v["line"], v["column"])
        assert row["suggestions"] == " | ".join(v["suggestions"])
        # with «;» the fractions have a decimal comma, for the spreadsheet's locale
        score = row["score"].replace(",", ".") if delimiter == ";" else row["score"]
        assert ("." not in row["score"]) if delimiter == ";" else ("," not in row["score"])
        assert row["agent"] == call["agent"] and float(score) == call["score"]
    assert "Мужчина, вы" in {r["text"] for r in rows}  # Cyrillic intact


def test_csv_on_standard_output_starts_with_a_bom(batch):
    root, data = batch
    result = run_cli("check", "calls", "--format", "csv", cwd=root)
    assert result.out.startswith("\ufeffpath,call_id,")
    assert len(list(csv.reader(result.out.lstrip("\ufeff").splitlines()))) == len(data["violations"]) + 1


def test_csv_delimiter_must_be_one_character(batch):
    result = run_cli("check", "calls", "--format", "csv", "--csv-delimiter", ";;", cwd=batch[0])
    assert result.code == 2 and "one character" in result.err


# --- xlsx ----------------------------------------------------------------------

def test_xlsx_workbook_read_back_with_openpyxl(batch):
    root, data = batch
    book = openpyxl.load_workbook(produce(root, "xlsx"))
    assert book.sheetnames == ["Нарушения", "Приёмы", "Звонки", "Операторы", "Правила", "Охват приёмов"]
    for ws in book:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert all(ws.cell(1, c).value for c in range(1, ws.max_column + 1))
        assert ws.column_dimensions["A"].width >= 10
    rows = list(book["Нарушения"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(data["violations"])
    header = [c.value for c in book["Нарушения"][1]]
    levels = {"error": "ошибка", "warning": "предупреждение", "info": "замечание"}
    for values, v in zip(rows, data["violations"]):
        row = dict(zip(header, values))
        assert (row["Файл"], row["Звонок"], row["Строка"], row["Правило"], row["Уровень"], row["Сообщение"]) == (
            v["path"], v["call_id"], v["line"], v["rule"], levels[v["severity"]], v["message"])
        assert (row["Фраза"] or "") == v["text"]
        assert row["Оператор"] == call_of(data, v["call_id"])["agent"]
    assert "Мужчина, вы" in {r[header.index("Фраза")] for r in rows}
    calls = {r[1]: r for r in book["Звонки"].iter_rows(min_row=2, values_only=True)}
    assert set(calls) == {"call-a", "call-b", "call-c"}
    a = call_of(data, "call-a")
    started = datetime.fromisoformat(a["started_at"]).replace(tzinfo=None)  # on the call's own clock
    assert calls["call-a"][2:7] == ("Игорь", started, a["violations"], a["score"], "нет")
    assert "allo −10" in calls["call-a"][7]
    agents = [r for r in book["Операторы"].iter_rows(min_row=2, values_only=True)]
    assert [r[0] for r in agents] == [r["agent"] for r in data["summary"]["agents"]]
    rules = {r[0]: r[1:] for r in book["Правила"].iter_rows(min_row=2, values_only=True)}
    assert rules == {k: (v["violations"], v["calls"]) for k, v in data["summary"]["rules"].items()}


def test_xlsx_needs_an_output_file(batch):
    result = run_cli("check", "calls", "--format", "xlsx", cwd=batch[0])
    assert result.code == 2 and "--output" in result.err


def test_xlsx_summary_only_keeps_the_summary_sheets(batch):
    book = openpyxl.load_workbook(produce(batch[0], "xlsx", "--summary-only"))
    assert book.sheetnames == ["Операторы", "Правила", "Охват приёмов"]


# --- sarif ---------------------------------------------------------------------

def test_sarif_read_by_sarif_tools(batch):
    root, data = batch
    out = produce(root, "sarif")
    sarif = loader.load_sarif_file(str(out))
    violations = data["violations"]
    assert sarif.get_result_count() == len(violations)
    assert sarif.get_distinct_tool_names() == ["phrasecheck"]
    records = sarif.get_records()
    assert [(unquote(r["Location"]), r["Line"], r["Code"]) for r in records] == [
        (v["path"], v["line"], v["rule"]) for v in violations]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    assert [r["Severity"] for r in records] == [levels[v["severity"]] for v in violations]
    for rule in {v["rule"] for v in violations}:
        (descriptor,) = sarif.get_rules_by_id(rule)
        assert descriptor["shortDescription"]["text"] and descriptor["defaultConfiguration"]["level"]
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert raw["version"] == "2.1.0" and "sarif-2.1.0" in raw["$schema"]
    run = raw["runs"][0]
    for result, v in zip(run["results"], violations):
        region = result["locations"][0]["physicalLocation"]["region"]
        if v["path"].endswith((".json", ".jsonl")):  # the call's line: a column would point into the JSON
            assert region == {"startLine": v["line"]}
        else:
            assert (region["startLine"], region["startColumn"]) == (v["line"], v["column"])
            assert region.get("endColumn") == (v["column"] + len(v["text"]) if v["text"] else None)
        assert result["message"]["text"].startswith(v["message"])
        assert all(s in result["message"]["text"] for s in v["suggestions"])
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == v["rule"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert "calls/call-b%2C%20copy.txt" in uris  # relative as given, percent-encoded as a URI must be


def test_sarif_with_no_violations_is_valid(tmp_path):
    write(tmp_path / "ok.txt", "Оператор: Добрый день, чем могу помочь?\n")
    result = run_cli("check", "ok.txt", "--select", "allo", "--format", "sarif", cwd=tmp_path)
    assert result.code == 0, result.err
    assert json.loads(result.out)["runs"][0]["results"] == []


# --- github --------------------------------------------------------------------

COMMAND_RE = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def unescape(value: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def test_github_annotations_one_per_violation(batch):
    root, data = batch
    lines = produce(root, "github").read_text(encoding="utf-8").splitlines()
    violations = data["violations"]
    assert len(lines) == len(violations)
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    for line, v in zip(lines, violations):
        match = COMMAND_RE.match(line)
        assert match, line
        props = dict(p.split("=", 1) for p in match.group(2).split(","))
        assert match.group(1) == kinds[v["severity"]]
        assert {k: unescape(p) for k, p in props.items()} == {
            "file": v["path"], "line": str(v["line"]), "col": str(v["column"]), "title": v["rule"]}
        message = unescape(match.group(3))
        assert message.startswith(v["message"])
        if v["suggestions"]:
            assert message.endswith(f"(→ {' | '.join(v['suggestions'])})")


def test_github_escaping():
    assert escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert escape_property("a,b: c%") == "a%2Cb%3A c%25"


# --- html in headless Chromium -------------------------------------------------

def test_html_renders_filters_and_sorts_in_chromium(batch, tmp_path):
    root, data = batch
    page = produce(root, "html")
    text = page.read_text(encoding="utf-8")
    # self-contained: nothing is fetched
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|@import|url\(", text)
    # user text is data, never markup: the client's «<script>» cannot end the data block
    assert "<script>alert" not in text and "<" not in data_block(text)
    violations = data["violations"]
    rule = max(sorted({v["rule"] for v in violations}), key=lambda r: sum(v["rule"] == r for v in violations))
    result = selftest(tmp_path, page, f"#selftest&rule={rule}&open=all")
    assert result["errors"] == []
    assert result["charts"] == 3  # by rule, by agent, score distribution: each with bars
    assert result["rowsTotal"] == len(violations)
    assert (result["rule"], result["rowsVisible"]) == (rule, sum(v["rule"] == rule for v in violations))
    assert result["sorted"] is True
    assert result["marks"] >= len({(v["call_id"], v["utterance"]) for v in violations if v["text"]})
    # the client's words shown as said: text, not markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; ждал" in drawn(tmp_path, page)
    result = selftest(tmp_path, page, "#selftest&q=игорь")  # the text box, case-insensitive
    assert result["errors"] == [] and result["rowsVisible"] == sum(v["call_id"] == "call-a" for v in violations)


def test_html_highlights_the_quote_in_the_transcript(batch, tmp_path):
    root, data = batch
    text = drawn(tmp_path, produce(root, "html"))
    assert '<div class="said"><mark class="warning" title="slang">Короче</mark>, ' in text
    # overlapping matches: each piece marked by every rule that covers it
    assert ('<mark class="error" title="gendered-address">Мужчина, </mark>'
            '<mark class="error" title="gendered-address, you-are-wrong">вы</mark>'
            '<mark class="error" title="you-are-wrong"> ошибаетесь</mark>') in text
    for v in data["violations"]:
        for suggestion in v["suggestions"]:
            assert f'<span class="sugg">→ {html.escape(suggestion, quote=False)}</span>' in text
        assert f'<span class="msg">{html.escape(v["message"], quote=False)}</span>' in text  # beside its words


# --- report: rebuilt from saved results ----------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "xlsx", "html"])
def test_report_from_jsonl_matches_a_direct_check(batch, fmt):
    root, _ = batch
    saved = produce(root, "jsonl")
    rebuilt = root / "out" / f"rebuilt.{fmt}"
    result = run_cli("report", saved, "--format", fmt, "--output", rebuilt, cwd=root)
    assert result.code == 1, result.err
    direct = produce(root, fmt)
    assert report_content(rebuilt) == report_content(direct)


# --- --redact: in every format -------------------------------------------------

REDACT_CALL = """# call_id: redact-call
# agent: Анна
Оператор: Добрый день, компания ТОМТЕЛ, меня зовут Анна.
Клиент: Мой номер 89123456789, или +7 912 345-67-89.
Оператор: Короче, записываю: карта 4276123456789012, договор 12345678, почта ivan.petrov@example.ru.
"""
# a rule whose quote spans the numbers, so that formats without the context (csv, xlsx,
# sarif) carry them too; the e-mail is in the transcript and the context
DICTATION_PACK = """pack: {name: own}
rules:
  - id: dictation
    type: forbidden
    severity: warning
    message: Личные данные клиента не проговаривают вслух
    phrases: ["карта ...5 почта"]
    suggest: Продиктуйте, пожалуйста, по буквам
"""


def report_text(path: Path, fmt: str) -> str:
    if fmt == "xlsx":
        return "\n".join(str(value) for ws in openpyxl.load_workbook(path)
                         for row in ws.iter_rows(values_only=True) for value in row if value is not None)
    if fmt == "html":
        return readable(path.read_text(encoding="utf-8"))
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("fmt", ["console", "json", "jsonl", *FORMATS])
def test_redact_masks_numbers_and_emails_in_every_format(tmp_path, fmt):
    write(tmp_path / "redact.txt", REDACT_CALL)
    write(tmp_path / "own.yaml", DICTATION_PACK)
    texts = {}
    for redact in (False, True):
        out = tmp_path / f"report-{redact}.{fmt}"
        result = run_cli("check", "redact.txt", "--rules", "own.yaml", *(["--redact"] if redact else []),
                         "--format", fmt, "--output", out, cwd=tmp_path)
        assert result.code == 1, result.err
        texts[redact] = report_text(out, fmt)
        assert "dictation" in texts[redact]  # the violation is reported
    if fmt != "github":  # annotations carry no quote: nothing there to mask
        assert re.search(r"\d{5,}", texts[False])  # without --redact the numbers are there
    text = texts[True]
    assert re.search(r"\d{5,}", text) is None
    assert "345-67-89" not in text and "ivan.petrov" not in text and "example.ru" not in text
