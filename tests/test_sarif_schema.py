"""SARIF reports are valid against the official SARIF 2.1.0 schema (vendored from the OASIS
sarif-spec repository: tests/fixtures/sarif-schema-2.1.0.json), and locate results the way a
code-scanning tool can show them."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, write

jsonschema = pytest.importorskip("jsonschema")  # a test dependency (pyproject's `test` extra)

SCHEMA = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CALL = {"call_id": "c-7", "agent": "Анна", "utterances": [
    {"speaker": "agent", "start": 0.5, "end": 2.0, "text": "Алло, слушаю."},
    {"speaker": "client", "start": 2.5, "end": 4.0, "text": "Здравствуйте."},
    {"speaker": "agent", "start": 12.0, "end": 15.0, "text": "Мужчина, вы ошибаетесь, подождите минуточку."}]}


def valid(report: dict) -> dict:
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(report)
    return report


@pytest.fixture
def inputs(tmp_path):
    write(tmp_path / "calls.jsonl", json.dumps({"call_id": "c-1", "utterances": [
        {"speaker": "agent", "text": "Добрый день!"}]}, ensure_ascii=False) + "\n"
        + json.dumps(CALL, ensure_ascii=False) + "\n")
    write(tmp_path / "call.json", json.dumps(CALL, ensure_ascii=False, indent=2))
    write(tmp_path / "script.md", "# Удержание\n\nПодождите минуточку, я проверю.\n")
    return tmp_path


def test_a_report_of_every_input_kind_is_valid_sarif(cli, inputs):
    result = cli("check", "calls.jsonl", "call.json", "script.md", "-f", "sarif", "--practices")
    assert result.code == 1, result.err
    report = valid(json.loads(result.out))
    run = report["runs"][0]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]} \
        == {"calls.jsonl", "call.json", "script.md"}


def test_json_inputs_point_at_the_call_line_and_text_inputs_at_the_words(cli, inputs):
    run = valid(cli("check", "calls.jsonl", "call.json", "script.md", "-f", "sarif", "--select", "allo",
                    "--select", "diminutives").json())["runs"][0]
    where = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]):
             (r["locations"][0]["physicalLocation"]["region"], r["properties"]) for r in run["results"]}
    region, properties = where["allo", "calls.jsonl"]
    assert region == {"startLine": 2}  # the call's line; no column into the JSON text
    assert (properties["callId"], properties["utterance"], properties["start"]) == ("c-7", 0, 0.5)
    region, properties = where["diminutives", "call.json"]
    assert region == {"startLine": 1} and (properties["utterance"], properties["start"]) == (2, 12.0)
    region, properties = where["diminutives", "script.md"]
    assert region == {"startLine": 3, "startColumn": 11, "endColumn": 20}
    assert properties["start"] is None and properties["quote"] == "минуточку"


def test_rules_describe_themselves_with_help_and_tags(cli, inputs):
    run = valid(cli("check", "script.md", "-f", "sarif").json())["runs"][0]
    (rule,) = run["tool"]["driver"]["rules"]
    assert rule["id"] == "diminutives"
    message = rule["shortDescription"]["text"]
    assert rule["fullDescription"] == {"text": message}
    assert rule["help"]["text"] == f"{message}\n→ одну минуту"
    assert rule["help"]["markdown"].endswith("\n\n- одну минуту") and "«минуточку»" in rule["help"]["markdown"]
    assert rule["properties"]["tags"] == ["phrasecheck", "speech-standard", "warning"]


def test_an_interrupted_or_unreadable_run_is_still_valid(cli, inputs):
    write(inputs / "broken.jsonl", "{not json\n")
    result = cli("check", "broken.jsonl", "script.md", "-f", "sarif")
    assert result.code == 2
    invocation = valid(json.loads(result.out))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"].startswith("unreadable: line 1")
