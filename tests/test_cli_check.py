"""`phrasecheck check`: what a user sees, the report fields and the exit codes."""

from __future__ import annotations

import json
import os

from conftest import EXAMPLES, PHRASES_ONLY, run_cli, write

DIALOGUE = """# call_id: c-1
# agent: Анна
[00:00:01] Оператор: Алло, компания ТОМТЕЛ.
[00:00:04] Клиент: Здравствуйте, подождите минуточку, вы ошибаетесь.
[00:00:09.5] Оператор: Подождите минуточку,
   я проверю ваш договорчик.
"""


def user_error(result) -> str:
    """What the user is told on exit 2; a crash exits 2 as well, so it must not be one."""
    assert result.code == 2, result.out + result.err
    assert "Traceback" not in result.err + result.out and "internal error" not in result.err + result.out
    return result.err


def test_linter_style_output_grouped_by_file(cli, tmp_path):
    call = write(tmp_path / "calls" / "c1.txt", DIALOGUE)
    result = cli("check", *PHRASES_ONLY, "calls")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == "calls/c1.txt"
    assert "calls/c1.txt:3:22: error [allo]" in lines[1]
    # the matched words in context, with carets under them when piped
    assert lines[2].endswith("Оператор: Алло, компания ТОМТЕЛ.")
    assert lines[3].strip() == "^^^^"
    assert lines[3].index("^") == lines[2].index("Алло")
    assert any(line.strip().startswith("→ Добрый день") for line in lines)
    assert "calls/c1.txt:5:34: warning [diminutives]" in result.out
    assert "calls/c1.txt:6:18: warning [diminutives]" in result.out
    assert "\x1b[" not in result.out  # no colour codes when piped
    assert lines[-1] == "Checked 1 file, 1 call: 3 violations (1 error, 2 warnings)"
    assert call.read_text(encoding="utf-8") == DIALOGUE  # never written to


def test_client_speech_is_never_the_agents_violation(cli, tmp_path):
    write(tmp_path / "c.txt", "Оператор: Добрый день, чем могу помочь?\n"
                              "Клиент: Алло! Вы ошибаетесь, подождите минуточку, короче.\n")
    result = cli("check", *PHRASES_ONLY, "c.txt")
    assert result.code == 0, result.out
    # the agent's «чем могу помочь» is a technique; nothing the client says is a violation or a practice
    assert result.out.strip().splitlines() == ["c.txt", "✓ good practice: offer-help  (+2)", "",
                                               "Checked 1 file, 1 call: no violations"]


def test_json_report_has_the_documented_fields(cli, tmp_path):
    write(tmp_path / "c1.txt", DIALOGUE)
    result = cli("check", *PHRASES_ONLY, "c1.txt", "--format", "json")
    assert result.code == 1
    report = result.json()
    summary = report["summary"]
    assert (summary["files"], summary["calls"], summary["unreadable"], summary["violations"]) == (1, 1, 0, 3)
    assert summary["by_severity"] == {"error": 1, "warning": 2, "info": 0}
    first = report["violations"][0]
    assert first == {
        "path": "c1.txt", "call_id": "c-1", "line": 3, "column": 22, "utterance": 0, "start": 1.0,
        "speaker": "agent", "rule": "allo", "severity": "error",
        "message": first["message"], "text": "Алло", "suggestions": first["suggestions"],
        "context": "Алло, компания ТОМТЕЛ.", "span": [0, 4], "fix": None,
    }
    assert first["message"] and first["suggestions"]
    third = report["violations"][2]
    assert (third["text"], third["utterance"], third["start"], third["line"]) == ("договорчик", 2, 9.5, 6)


def test_jsonl_one_violation_per_line_and_output_file(cli, tmp_path):
    write(tmp_path / "c1.txt", DIALOGUE)
    result = cli("check", *PHRASES_ONLY, "c1.txt", "--format", "jsonl", "--output", "report.jsonl")
    assert result.code == 1
    assert result.out == ""
    lines = (tmp_path / "report.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["record"] for r in records] == ["violation"] * 3 + ["call", "summary"]
    assert [r["text"] for r in records[:3]] == ["Алло", "минуточку", "договорчик"]
    assert all(r["path"] == "c1.txt" for r in records[:4])
    call = records[3]
    assert (call["call_id"], call["violations"], call["score"]) == ("c-1", 3, 80.0)
    assert [u["speaker"] for u in call["transcript"]] == ["agent", "client", "agent"]


def test_console_report_to_file_is_plain_text(cli, tmp_path):
    write(tmp_path / "c1.txt", DIALOGUE)
    result = cli("check", *PHRASES_ONLY, "c1.txt", "--output", "report.txt")
    text = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert result.code == 1 and "c1.txt:3:22: error [allo]" in text and "\x1b[" not in text


def test_exit_codes_and_fail_on(cli, tmp_path):
    write(tmp_path / "clean.txt", "Оператор: Добрый день, компания ТОМТЕЛ, меня зовут Анна.\n")
    write(tmp_path / "info.txt", "Оператор: Это не проблема.\n")  # negative-words: info
    assert cli("check", *PHRASES_ONLY, "clean.txt").code == 0
    assert cli("check", *PHRASES_ONLY, "info.txt").code == 0  # info is below the default --fail-on warning
    assert cli("check", *PHRASES_ONLY, "info.txt", "--fail-on", "info").code == 1
    write(tmp_path / "warn.txt", "Оператор: Одну минуточку.\n")
    assert cli("check", *PHRASES_ONLY, "warn.txt").code == 1
    assert cli("check", *PHRASES_ONLY, "warn.txt", "--fail-on", "error").code == 0
    assert cli("check", *PHRASES_ONLY, "warn.txt", "--fail-on", "never").code == 0
    unknown = cli("check", *PHRASES_ONLY, "warn.txt", "--fail-on", "sometimes")
    assert user_error(unknown).splitlines()[-1] == (
        "Error: Invalid value for '--fail-on': 'sometimes' is not one of 'error', 'warning', 'info', 'never'.")
    assert unknown.out == ""


def test_unreadable_input_is_reported_and_the_batch_goes_on(cli, tmp_path):
    write(tmp_path / "in" / "a.txt", "Оператор: Алло.\n")
    (tmp_path / "in" / "b.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe")
    write(tmp_path / "in" / "c.txt", "Оператор: Подождите минуточку.\n")
    result = cli("check", *PHRASES_ONLY, "in", "missing.txt")
    assert user_error(result) == ""
    assert "in/b.txt: unreadable: binary file (it contains NUL bytes), not a transcript" in result.out.splitlines()
    assert "missing.txt: unreadable: No such file or directory" in result.out.splitlines()
    assert "in/a.txt:1:11: error [allo]" in result.out
    assert "in/c.txt:1:21: warning [diminutives]" in result.out
    assert result.out.splitlines()[-1].endswith("2 inputs could not be read")
    report = cli("check", *PHRASES_ONLY, "in", "--format", "json").json()
    assert [e["path"] for e in report["errors"]] == ["in/b.txt"]
    assert sorted((v["path"], v["rule"]) for v in report["violations"]) == [
        ("in/a.txt", "allo"), ("in/c.txt", "diminutives")]


def test_usage_errors_exit_2(cli):
    assert user_error(cli("check")).splitlines()[-1] == "Error: Missing argument 'paths'."
    assert user_error(cli("check", *PHRASES_ONLY, "x.txt", "--format", "pdf")) == (
        "phrasecheck: unknown format «pdf»; choose one of: console, json, jsonl, csv, xlsx, html, sarif, github, "
        "parquet\n")


def test_directories_recurse_into_txt_and_md_only(cli, tmp_path):
    write(tmp_path / "d" / "a.txt", "Оператор: Алло.\n")
    write(tmp_path / "d" / "sub" / "b.md", "Оператор: Алло.\n")
    write(tmp_path / "d" / "notes.csv", "Оператор: Алло.\n")
    result = cli("check", *PHRASES_ONLY, "d", "--format", "jsonl")
    assert sorted({r["path"] for r in result.jsonl()}) == ["d/a.txt", "d/sub/b.md"]


def test_select_ignore_and_no_builtin(cli, tmp_path):
    write(tmp_path / "c1.txt", DIALOGUE)
    rules = {r["rule"] for r in cli("check", *PHRASES_ONLY, "c1.txt", "-f", "jsonl", "--select", "allo").jsonl()}
    assert rules == {"allo"}
    rules = {r["rule"] for r in cli("check", *PHRASES_ONLY, "c1.txt", "-f", "jsonl", "--ignore", "dim*").jsonl()}
    assert rules == {"allo"}
    result = cli("check", *PHRASES_ONLY, "c1.txt", "--ignore", "no-such-rule")
    assert user_error(result).splitlines() == ["<options>:1:1: no rule matches «no-such-rule»",
                                               "phrasecheck: 1 problem in rules or options"]
    write(tmp_path / "own.yaml", OWN_PACK)
    records = cli("check", "c1.txt", "-f", "jsonl", "--no-builtin", "--rules", "own.yaml").jsonl()
    assert [(r["rule"], r["text"]) for r in records] == [("company-word", "компания")]


OWN_PACK = """pack: {name: own}
rules:
  - id: company-word
    type: forbidden
    message: Не говорите «компания»
    phrases: [компания]
"""


def test_shipped_examples_have_violations_and_clean_calls(cli):
    result = cli("check", *PHRASES_ONLY, EXAMPLES, "--format", "json")
    assert result.code == 1
    by_file = {}
    for record in result.json()["violations"]:
        by_file.setdefault(record["path"].rsplit("/", 1)[-1], set()).add(record["rule"])
    assert "2026-05-16-0001.txt" not in by_file  # a clean call, though the client says «Алло»
    assert "2026-05-16-0003.md" not in by_file
    assert {"allo", "informal-answer", "gendered-address", "you-are-wrong", "not-my-job",
            "dont-worry", "diminutives", "slang", "you-should-have", "i-dont-know",
            "vague-time"} <= by_file["2026-05-16-0002.txt"]
    assert {"allo", "slang", "diminutives", "aggressive-imperative", "blames-listener"} <= by_file["asr-2026-05-16-0004.txt"]
    assert by_file["hold.md"] == {"diminutives"}


def test_a_second_run_uses_the_cache_and_gives_the_same_report(cli, tmp_path):
    write(tmp_path / "c1.txt", DIALOGUE)
    cache = tmp_path / "cache"
    first = run_cli("check", "c1.txt", "-f", "jsonl", cwd=tmp_path, env={"PHRASECHECK_CACHE_DIR": str(cache)})
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == ["patterns", "words"]
    write(tmp_path / "own.yaml", OWN_PACK)
    own = run_cli("check", "c1.txt", "-f", "jsonl", "--rules", "own.yaml", cwd=tmp_path,
                  env={"PHRASECHECK_CACHE_DIR": str(cache)})
    assert "company-word" in own.out  # another rule set: its own compiled phrases
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == ["patterns", "patterns", "words"]
    second = run_cli("check", "c1.txt", "-f", "jsonl", cwd=tmp_path, env={"PHRASECHECK_CACHE_DIR": str(cache)})
    assert first.out == second.out and first.code == second.code == 1
    for broken in cache.iterdir():
        broken.write_bytes(b"not a pickle")
    third = run_cli("check", "c1.txt", "-f", "jsonl", cwd=tmp_path, env={"PHRASECHECK_CACHE_DIR": str(cache)})
    assert (third.code, third.out, third.err) == (1, first.out, "")


def test_the_cache_keeps_only_its_most_recent_files(cli, tmp_path):
    # every upgrade and every edited rule file starts new cache files: old ones must not pile up
    cache = tmp_path / "cache"
    cache.mkdir()
    for n in range(40):
        old = cache / f"patterns-old{n}.pickle"
        old.write_bytes(b"stale")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    write(tmp_path / "c1.txt", DIALOGUE)
    result = run_cli("check", "c1.txt", cwd=tmp_path, env={"PHRASECHECK_CACHE_DIR": str(cache)})
    assert (result.code, result.err) == (1, "")
    kept = sorted(p.name for p in cache.iterdir())
    assert len(kept) == 32
    assert sum(not name.startswith("patterns-old") for name in kept) == 2  # this run's phrases and words
    assert "patterns-old39.pickle" in kept and "patterns-old0.pickle" not in kept


def test_nothing_to_check_is_an_error_not_a_pass(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    write(tmp_path / "empty" / "notes.csv", "Оператор: Алло\n")
    result = cli("check", "empty")
    assert user_error(result) == ("phrasecheck: nothing to check: no .txt, .md, .markdown, .json or .jsonl files found "
                                  "(files git ignores are skipped; --no-gitignore checks them)\n")
    assert result.out == ""
