"""Batch QA: many calls on every core, broken inputs, scores and summaries,
exclusions, saved results, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import run_cli, write

OPENING = "Добрый день, компания ТОМТЕЛ, меня зовут {agent}. Чем могу помочь?"
BAD_LINES = ["Подождите минуточку.", "Вы ошибаетесь.", "Короче, это не ко мне.", "Не волнуйтесь, всё будет."]


def make_call(n: int) -> dict:
    agent = ("Анна", "Игорь", "Ольга")[n % 3]
    turns = [("agent", OPENING.format(agent=agent)), ("client", "Здравствуйте, не работает интернет.")]
    if n % 2:
        turns.append(("agent", BAD_LINES[n % len(BAD_LINES)]))
    turns.append(("agent", "Спасибо за обращение, всего доброго!"))
    return {"call_id": f"c{n:03d}", "agent": agent, "company": "ТОМТЕЛ", "started_at": "2026-05-16T13:00:00+03:00",
            "utterances": [{"speaker": s, "start": 3.0 * i, "end": 3.0 * i + 2, "text": t}
                           for i, (s, t) in enumerate(turns)]}


@pytest.fixture
def corpus(tmp_path):
    """60 calls in JSONL, JSON and text files, with a broken line and two broken files."""
    root = tmp_path / "day"
    lines = [json.dumps(make_call(n), ensure_ascii=False) for n in range(40)]
    lines[17] = '{"call_id": "broken", "utterances": [}'
    write(root / "export.jsonl", "\n".join(lines) + "\n")
    for n in range(40, 50):
        write(root / "json" / f"call-{n}.json", json.dumps(make_call(n), ensure_ascii=False))
    for n in range(50, 60):
        call = make_call(n)
        text = f"# call_id: c{n:03d}\n# agent: {call['agent']}\n# company: ТОМТЕЛ\n" + "".join(
            f"{'Оператор' if u['speaker'] == 'agent' else 'Клиент'}: {u['text']}\n" for u in call["utterances"])
        write(root / "txt" / f"call-{n}.txt", text)
    write(root / "json" / "truncated.json", '{"call_id": "x", "utterances": [')
    (root / "txt" / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    return root


def test_batch_with_broken_inputs_reports_them_and_checks_the_rest(cli, tmp_path, corpus):
    result = cli("check", corpus, "--format", "json", "--jobs", "2")
    assert result.code == 2
    report = result.json()
    errors = {(os.path.basename(e["path"]), e["error"].split(":")[0]) for e in report["errors"]}
    assert errors == {("export.jsonl", "line 18"), ("truncated.json", "line 1"), ("binary.txt", "binary file (it contains NUL bytes), not a transcript")}
    assert report["summary"]["calls"] == 59  # 60 calls, one of them on the broken line
    assert report["summary"]["unreadable"] == 3
    checked = {c["call_id"] for c in report["calls"]}
    assert len(checked) == 59 and "c017" not in checked
    bad_calls = {v["call_id"] for v in report["violations"]}
    assert bad_calls == {f"c{n:03d}" for n in range(60) if n % 2 and n != 17}


def test_jobs_do_not_change_the_report(tmp_path, corpus):
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"r{jobs}.jsonl"
        result = run_cli("check", corpus, "--format", "jsonl", "--output", out, "--jobs", jobs, cwd=tmp_path)
        assert result.code == 2
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert outputs[0].count('"record": "call"') == 59


def test_scores_are_explained_and_critical_rules_fail_the_call(cli, tmp_path):
    write(tmp_path / "pack.yaml", "pack: {name: own}\nrules:\n"
          "  - {id: swear, type: forbidden, critical: true, severity: error, message: Мат, phrases: [=блин]}\n"
          "  - {id: heavy, type: forbidden, weight: 30, message: Тяжело, phrases: [тариф]}\n")
    write(tmp_path / "a.txt", "Оператор: Одну минуточку. Вы ошибаетесь. Это проблема.\n")
    write(tmp_path / "b.txt", "Оператор: Ваш тариф, ваш тариф, ваш тариф, ваш тариф.\n")
    write(tmp_path / "c.txt", "Оператор: Блин, одну минуту.\n")
    report = cli("check", "a.txt", "b.txt", "c.txt", "--rules", "pack.yaml", "--select", "diminutives",
                 "--select", "you-are-wrong", "--select", "negative-words", "--select", "swear",
                 "--select", "heavy", "--format", "json").json()
    calls = {c["call_id"]: c for c in report["calls"]}
    assert calls["a"]["score"] == 100 - 5 - 10 - 1  # warning 5, error 10, info 1
    assert sorted((d["rule"], d["points"]) for d in calls["a"]["deductions"]) == [
        ("diminutives", 5.0), ("negative-words", 1.0), ("you-are-wrong", 10.0)]
    assert calls["b"]["score"] == 0  # 4 × 30 points: never below 0
    assert (calls["c"]["score"], calls["c"]["failed"]) == (0, True)
    assert report["summary"]["scores"]["0–49"] == 2


def test_summary_only_prints_tables_per_rule_and_agent(cli, tmp_path, corpus):
    result = cli("check", corpus / "json", "--summary-only", "--jobs", "1")
    out = result.out
    assert "c04" not in out and ":1:1:" not in out  # no individual violations
    assert "Violations by rule" in out and "Agents" in out and "Scores" in out
    agent_rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:6]]
                  for line in out.splitlines() if line.startswith("│ ") and line.split("│")[1].strip() in ("Анна", "Игорь", "Ольга")}
    assert set(agent_rows) == {"Анна", "Игорь", "Ольга"}
    assert sum(int(row[0]) for row in agent_rows.values()) == 10


def test_exclude_and_gitignore(cli, tmp_path):
    repo = tmp_path / "repo"
    write(repo / "scripts" / "a.md", "Подождите минуточку.\n")
    write(repo / "scripts" / "draft" / "b.md", "Подождите минуточку.\n")
    write(repo / "scripts" / "old.md", "Подождите минуточку.\n")
    write(repo / ".gitignore", "old.md\n")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    paths = lambda *args: sorted({r["path"] for r in run_cli("check", "scripts", "-f", "jsonl", *args, cwd=repo).jsonl()})
    assert paths() == ["scripts/a.md", "scripts/draft/b.md"]
    assert paths("--exclude", "draft") == ["scripts/a.md"]
    assert paths("--no-gitignore") == ["scripts/a.md", "scripts/draft/b.md", "scripts/old.md"]
    write(repo / "phrasecheck.yaml", "exclude: ['a.*']\n")
    assert paths() == ["scripts/draft/b.md"]


def test_report_rebuilds_from_saved_results(cli, tmp_path, corpus):
    saved = tmp_path / "night.jsonl"
    direct = cli("check", corpus, "--format", "json", "--jobs", "2")
    cli("check", corpus, "--format", "jsonl", "--output", saved)
    rebuilt = cli("report", saved, "--format", "json")
    assert rebuilt.code == 2  # unreadable inputs are part of the results
    a, b = direct.json(), rebuilt.json()
    assert a["violations"] == b["violations"] and a["errors"] == b["errors"]
    assert a["summary"] == b["summary"]
    assert [c["score"] for c in a["calls"]] == [c["score"] for c in b["calls"]]
    console = cli("report", saved)
    assert console.out.splitlines()[-1] == cli("check", corpus).out.splitlines()[-1]
    broken = write(tmp_path / "junk.jsonl", '{"no": "record"}\n')
    bad = cli("report", broken)
    assert bad.code == 2 and "line 1: not a phrasecheck result record" in bad.err


def test_no_progress_bar_when_piped(cli, tmp_path, corpus):
    result = cli("check", corpus / "txt")
    assert "calls/s" not in result.err and "\r" not in result.err


def test_ctrl_c_stops_cleanly_and_writes_a_partial_report(tmp_path):
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as handle:
        for n in range(30000):
            handle.write(json.dumps(make_call(n), ensure_ascii=False) + "\n")
    out = tmp_path / "partial.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "phrasecheck", "check", str(big), "--format", "jsonl",
                             "--output", str(out), "--jobs", "2"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    # the report is written beside its place and renamed when complete: wait until results are in it
    writing = lambda: [p for p in tmp_path.glob(".partial.jsonl.*.tmp") if p.stat().st_size]  # noqa: E731
    while not writing() and time.monotonic() < deadline:
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    summary = records[-1]
    assert summary["record"] == "summary" and summary["partial"] is True
    calls = [r for r in records if r["record"] == "call"]
    assert 0 < summary["calls"] == len(calls) < 30000
    partial_report = run_cli("report", out, cwd=tmp_path)
    assert "Interrupted: this report covers only the calls finished." in partial_report.out


def test_a_large_jsonl_file_is_one_file_in_the_report(cli, tmp_path):
    lines = [json.dumps(make_call(n), ensure_ascii=False) for n in range(1000)]  # several worker chunks
    write(tmp_path / "big.jsonl", "\n".join(lines) + "\n")
    result = cli("check", "big.jsonl", "--jobs", "2")
    assert result.out.splitlines()[-1].startswith("Checked 1 file, 1000 calls:")
    assert result.out.splitlines().count("big.jsonl") == 1
