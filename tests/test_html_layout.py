"""The HTML report's layout with what real nights hold — call ids with no place to break
(UUIDs run together), long agent names — and rules named by their short titles (the
rule files' `title:`), checked through the CLI and in headless Chromium."""

from __future__ import annotations

import html
import json

from conftest import run_cli, write
from html_helpers import drawn, selftest, selftest_of

LONG_ID = "call-" + "3f2b9c1e8d7a4b6c" * 12  # 197 characters, not one place to break
LONG_AGENT = "Константинопольская-Вишневецкая-Александра" * 2
CALLS = [
    {"call_id": LONG_ID, "agent": LONG_AGENT, "utterances": [
        {"speaker": "agent", "start": 0.5, "text": "Алло, минуточку."},
        {"speaker": "client", "start": 2.0, "text": "Здравствуйте."}]},
    {"call_id": "short", "agent": "Анна", "utterances": [
        {"speaker": "agent", "start": 0.5, "text": "Алло."}]},
]


def night(tmp_path):
    write(tmp_path / "calls.jsonl", "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in CALLS))
    result = run_cli("check", "calls.jsonl", "-f", "html", "-o", "r.html", cwd=tmp_path)
    assert result.code == 1, result.err
    return tmp_path / "r.html"


def test_long_ids_and_names_stay_inside_the_page_and_counts_are_kept(tmp_path):
    page = night(tmp_path)
    text = page.read_text(encoding="utf-8")
    dom = drawn(tmp_path, page)
    result = selftest_of(dom)
    assert result["errors"] == [] and result["rowsShown"] > 0
    assert result["overflow"] <= 0  # nothing wider than the window: no sideways scrolling of the page
    labels = result["chartLabels"]
    assert LONG_AGENT not in labels and any(label.endswith("…") and LONG_AGENT.startswith(label[:-1])
                                            for label in labels)
    assert f"<title>{LONG_AGENT}: " in text  # the whole name on hover
    assert "· 1 зв.</text>" in text  # its number of calls beside its bar, never cut
    assert f'title="{LONG_ID}"' in dom  # the cut call id whole on hover
    assert f"<h3>calls.jsonl · {LONG_ID}</h3>" in dom  # and whole in the call's view


def test_charts_and_the_call_view_name_rules_by_their_title(tmp_path):
    page = night(tmp_path)
    result = selftest(tmp_path, page, "#selftest&rule=allo&open=first")
    assert "«Алло» вместо приветствия" in result["chartLabels"]
    assert "allo" not in result["chartLabels"]
    assert result["firstRow"][5] == "«Алло» вместо приветствия"
    dom = drawn(tmp_path, page)
    assert '<span class="sev error" title="allo">«Алло» вместо приветствия</span> «Алло»' in dom
    message = html.escape(json.loads(run_cli("check", "calls.jsonl", "-f", "json", cwd=tmp_path).out)
                          ["violations"][0]["message"], quote=False)
    assert f'<span class="msg">{message}</span>' in dom


def test_a_title_is_for_the_html_report_only(tmp_path):
    night(tmp_path)
    report = run_cli("check", "calls.jsonl", "-f", "json", cwd=tmp_path).out
    assert "title" not in report and "«Алло» вместо приветствия" not in report
    run_cli("check", "calls.jsonl", "-f", "jsonl", "-o", "r.jsonl", cwd=tmp_path)
    assert "«Алло» вместо приветствия" not in (tmp_path / "r.jsonl").read_text(encoding="utf-8")


def test_a_report_rebuilt_from_results_names_rules_by_the_titles_of_the_rules_here(tmp_path):
    night(tmp_path)
    run_cli("check", "calls.jsonl", "-f", "jsonl", "-o", "r.jsonl", cwd=tmp_path)
    result = run_cli("report", "r.jsonl", "-f", "html", "-o", "rebuilt.html", cwd=tmp_path)
    assert result.code == 1, result.err
    assert '<option value="allo">«Алло» вместо приветствия</option>' in (tmp_path / "rebuilt.html").read_text(
        encoding="utf-8")


def test_a_title_that_is_not_text_is_a_located_error(tmp_path):
    write(tmp_path / "own.yaml", "pack: {name: own}\nrules:\n  - id: tariff\n    type: forbidden\n"
                                 "    title: [1, 2]\n    message: Не «тарифчик»\n    phrases: [тарифчик]\n")
    write(tmp_path / "c.txt", "Оператор: Ваш тарифчик.\n")
    result = run_cli("check", "c.txt", "--rules", "own.yaml", cwd=tmp_path)
    assert result.code == 2
    assert "own.yaml:5:12: «title» must be non-empty text" in result.err


def test_check_writes_a_folder_of_pages_and_only_for_html(tmp_path):
    night(tmp_path)
    result = run_cli("check", "calls.jsonl", "-f", "html", "-o", "pages/", cwd=tmp_path)
    assert result.code == 1, result.err
    index = (tmp_path / "pages" / "index.html").read_text(encoding="utf-8")
    assert '<a href="agent-001.html">Анна</a> — звонков: 1' in index
    assert f'<a href="agent-002.html">{LONG_AGENT}</a> — звонков: 1' in index
    result = run_cli("check", "calls.jsonl", "-f", "csv", "-o", "table/", cwd=tmp_path)
    assert result.code == 2 and not (tmp_path / "table").exists()
    assert result.err == "phrasecheck: table/: a folder is an --output for --format html, parquet only\n"
