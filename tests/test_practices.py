"""Recommended techniques through the CLI: practices found, credited in the score within the
config's cap, expectations judged on calls only, and never a reason to fail a run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

RULES = """\
pack: {name: practices-test}
rules:
  - id: rude
    type: forbidden
    message: Грубость
    phrases: [ваши проблемы]
  - id: fatal
    type: forbidden
    critical: true
    message: Угроза
    phrases: [я вас найду]
  - id: paraphrase
    type: recommended
    message: Оператор перефразирует
    phrases: ["(правильно|верно) я (вас|тебя) (поняла|понял)"]
  - id: apology
    type: recommended
    message: Оператор извиняется
    credit: 3
    phrases: ["(приношу|примите) ...2 извинения"]
  - id: thanks-for-waiting
    type: recommended
    message: Оператор благодарит за ожидание
    phrases: ["спасибо ...2 ожидание"]
  - id: summary
    type: recommended
    severity: info
    message: Оператор подводит итог
    phrases: ["итак ...3 договорились"]
    expect:
      turns: 6
      message: Долгий разговор без подведения итога
"""

# speech recognition: lower case, no punctuation, one sentence over two segments
CALL = {"call_id": "c1", "agent": "Анна", "utterances": [
    {"speaker": "agent", "text": "добрый день слушаю"},
    {"speaker": "client", "text": "у меня списали деньги дважды"},
    {"speaker": "agent", "text": "так верно я вас поняла"},
    {"speaker": "agent", "text": "списание прошло два раза"},
    {"speaker": "client", "text": "да"},
    {"speaker": "agent", "text": "приношу вам свои извинения это ваши проблемы конечно но"},
]}


def run(*args, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.run([sys.executable, "-m", "phrasecheck", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def setup(tmp_path: Path, config: str = "", calls=(CALL,)) -> None:
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "phrasecheck.yaml").write_text("builtin: false\nrules: [rules.yaml]\n" + config, encoding="utf-8")
    (tmp_path / "calls.jsonl").write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in calls),
                                          encoding="utf-8")


def records(tmp_path: Path, *args) -> tuple[int, list[dict]]:
    done = run("check", "calls.jsonl", "-f", "jsonl", "-q", *args, cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines()]


def test_practices_are_credited_once_per_technique_and_make_up_for_violations(tmp_path):
    setup(tmp_path)
    _, lines = records(tmp_path)
    practices = [r for r in lines if r["record"] == "practice"]
    assert [(p["rule"], p["text"], p["utterance"]) for p in practices] == [
        ("paraphrase", "верно я вас поняла", 2), ("apology", "приношу вам свои извинения", 5)]
    (call,) = [r for r in lines if r["record"] == "call"]
    assert call["practices"] == {"paraphrase": 1, "apology": 1}
    assert call["credits"] == [{"rule": "paraphrase", "points": 2.0}, {"rule": "apology", "points": 3.0}]
    assert call["score"] == 100 - 5 + 2 + 3 == 100  # never above 100
    summary = lines[-1]
    assert summary["practices"] == {"apology": {"uses": 1, "calls": 1}, "paraphrase": {"uses": 1, "calls": 1}}
    assert summary["agents"][0]["practices"] == {"apology": 1, "paraphrase": 1}


def test_the_credit_cap_comes_from_the_config(tmp_path):
    setup(tmp_path, "credit_cap: 3\n")
    lines = records(tmp_path)[1]
    (call,) = [r for r in lines if r["record"] == "call"]
    assert call["credits"] == [{"rule": "paraphrase", "points": 2.0}, {"rule": "apology", "points": 1.0}]
    assert call["score"] == 100 - 5 + 3


def test_a_bad_credit_cap_names_the_file_and_line(tmp_path):
    setup(tmp_path, "credit_cap: lots\n")
    done = run("check", "calls.jsonl", cwd=tmp_path)
    assert done.returncode == 2
    assert "phrasecheck.yaml:3:" in done.stderr and "credit_cap" in done.stderr
    assert "must be a number from 0 to 100" in done.stderr


def test_a_critical_violation_fails_the_call_whatever_was_credited(tmp_path):
    call = {**CALL, "utterances": [*CALL["utterances"], {"speaker": "agent", "text": "я вас найду"}]}
    setup(tmp_path, calls=[call])
    (record,) = [r for r in records(tmp_path)[1] if r["record"] == "call"]
    assert record["failed"] is True and record["score"] == 0


def test_practices_never_fail_a_run(tmp_path):
    clean = {"call_id": "c2", "utterances": [{"speaker": "agent", "text": "спасибо большое за ожидание"}]}
    setup(tmp_path, calls=[clean])
    code, lines = records(tmp_path, "--fail-on", "info")
    assert code == 0
    assert [r["rule"] for r in lines if r["record"] == "practice"] == ["thanks-for-waiting"]
    assert not [r for r in lines if r["record"] == "violation"]


def test_the_clients_words_are_no_practice(tmp_path):
    client = {"call_id": "c3", "utterances": [
        {"speaker": "client", "text": "верно я вас поняла спасибо за ожидание"},
        {"speaker": "agent", "text": "всего доброго"}]}
    setup(tmp_path, calls=[client])
    lines = records(tmp_path)[1]
    assert [r for r in lines if r["record"] == "practice"] == []
    (call,) = [r for r in lines if r["record"] == "call"]
    assert call["practices"] == {} and call["credits"] == []


def long_call(extra=None, summary: bool = False) -> dict:
    turns = [{"speaker": "agent" if i % 2 == 0 else "client", "text": f"реплика номер {i}"} for i in range(7)]
    if summary:
        turns[4] = {"speaker": "agent", "text": "итак мы с вами договорились о переносе"}
    return {"call_id": "long", **(extra or {}), "utterances": turns}


def test_a_long_call_without_the_expected_technique_is_a_violation_of_that_rule(tmp_path):
    setup(tmp_path, calls=[long_call(), {**long_call(summary=True), "call_id": "long2"}])
    lines = records(tmp_path)[1]
    violations = [(r["call_id"], r["rule"], r["severity"], r["message"], r["utterance"])
                  for r in lines if r["record"] == "violation"]
    assert violations == [("long", "summary", "info", "Долгий разговор без подведения итога", 6)]
    assert [(r["call_id"], r["rule"]) for r in lines if r["record"] == "practice"] == [("long2", "summary")]


def test_a_recording_cut_before_the_end_is_not_judged_for_a_long_call(tmp_path):
    setup(tmp_path, calls=[long_call({"partial": "end"})])
    lines = records(tmp_path)[1]
    assert [r for r in lines if r["record"] == "violation"] == []


def test_a_script_shows_its_practices_but_is_no_long_call(tmp_path):
    setup(tmp_path)
    script = "\n".join(["# Скрипт: возврат денег", ""] + [f"{i}. Реплика оператора номер {i}." for i in range(8)]
                       + ["- Спасибо за ожидание! Итак, мы с Вами договорились о возврате.",
                          "<!-- phrasecheck: disable-next-line -->",
                          "- Приношу свои извинения за ожидание."])
    (tmp_path / "script.md").write_text(script + "\n", encoding="utf-8")
    done = run("check", "script.md", "-f", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["violations"] == []
    # a `disable` comment silences violations, not the techniques a script teaches
    assert sorted(p["rule"] for p in report["practices"]) == ["apology", "summary", "thanks-for-waiting"]
    assert {p["line"] for p in report["practices"] if p["rule"] == "thanks-for-waiting"} == {11}


def test_explain_lists_the_practices_a_text_earns(tmp_path):
    setup(tmp_path)
    done = run("explain", "верно я вас поняла, приношу извинения", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Good practice:" in done.stdout
    assert "✓ paraphrase: «верно я вас поняла» at column 1 — Оператор перефразирует" in done.stdout
    assert "✓ apology: «приношу извинения» at column 21" in done.stdout
    assert "No rule is triggered." in done.stdout  # no violation either


def test_report_rebuilds_practices_and_credits_from_jsonl(tmp_path):
    setup(tmp_path)
    done = run("check", "calls.jsonl", "-f", "jsonl", "-q", "-o", "results.jsonl", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    direct = json.loads(run("check", "calls.jsonl", "-f", "json", "-q", cwd=tmp_path).stdout)
    rebuilt = run("report", "results.jsonl", "-f", "json", cwd=tmp_path)
    assert rebuilt.returncode == 1, rebuilt.stderr
    again = json.loads(rebuilt.stdout)
    assert again["practices"] == direct["practices"] and len(again["practices"]) == 2
    assert again["calls"][0]["credits"] == direct["calls"][0]["credits"]
    assert again["summary"]["practices"] == direct["summary"]["practices"]


def test_a_practice_record_edited_badly_is_refused_with_its_line(tmp_path):
    (tmp_path / "results.jsonl").write_text(
        '{"record": "practice", "path": "a.txt", "line": "x", "column": 1, "rule": "apology"}\n', encoding="utf-8")
    done = run("report", "results.jsonl", cwd=tmp_path)
    assert done.returncode == 2
    assert "line 1: not a phrasecheck result record («line» must be an integer, not \"x\")" in done.stderr
