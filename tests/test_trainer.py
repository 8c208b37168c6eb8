"""The trainer's workflow: suppressions, --fix and --diff, rules test, init,
and phrasecheck as a real pre-commit hook."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import PHRASES_ONLY, ROOT, write
from phrasecheck.rulepack import load_rules


def rules_at(result):
    return [(r["rule"], r["line"]) for r in result.jsonl()]


# --- suppressions -----------------------------------------------------------------------------

MARKDOWN = """# Скрипт
<!-- phrasecheck: disable-next-line diminutives -->
Подождите минуточку.
Одну секундочку.
<!-- phrasecheck: disable dont-worry -->
Не волнуйтесь.
Не беспокойтесь, минуточку.
<!-- phrasecheck: enable -->
Не волнуйтесь. <!-- phrasecheck: disable-line -->
Не волнуйтесь.
"""


def test_markdown_suppressions_next_line_region_and_line(cli, tmp_path):
    write(tmp_path / "s.md", MARKDOWN)
    result = cli("check", "s.md", "-f", "jsonl")
    assert rules_at(result) == [("diminutives", 4), ("diminutives", 7), ("dont-worry", 10)]


def test_text_suppressions_are_comments_not_speech(cli, tmp_path):
    write(tmp_path / "s.txt", "# phrasecheck: disable-next-line\n"
                              "Алло, подождите минуточку.\n"
                              "Подождите минуточку.  # phrasecheck: disable-line diminutives\n"
                              "# phrasecheck: disable allo\n"
                              "Алло.\n"
                              "# phrasecheck: enable allo\n"
                              "Алло, минуточку.\n")
    assert rules_at(cli("check", "s.txt", "-f", "jsonl")) == [("allo", 7), ("diminutives", 7)]


def test_unknown_and_unused_suppressions_are_reported(cli, tmp_path):
    write(tmp_path / "s.md", "<!-- phrasecheck: disable-next-line dimunitives -->\nОдну минуту.\n"
                             "<!-- phrasecheck: disable-next-line allo -->\nДобрый день.\n")
    plain = cli("check", "s.md", "-f", "jsonl")
    assert rules_at(plain) == [("suppression-unknown-rule", 1)]
    assert plain.code == 1
    strict = cli("check", "s.md", "-f", "jsonl", "--report-unused-suppressions")
    assert rules_at(strict) == [("suppression-unknown-rule", 1), ("suppression-unused", 3)]
    assert "«dimunitives»" in strict.jsonl()[0]["message"]


# --- --fix and --diff -------------------------------------------------------------------------

def test_fix_inflects_replacements_and_keeps_capitals(cli, tmp_path):
    script = write(tmp_path / "s.md", "Подождите Минуточку, я проверю ваш звоночком.\n"
                                      "Не кладите трубочку, проверю по трубочке. Ещё минуточку!\n")
    diff = cli("check", "s.md", "--diff")
    assert diff.code == 1
    assert "+Подождите Минуту, я проверю ваш звонком." in diff.out
    assert script.read_text(encoding="utf-8").startswith("Подождите Минуточку")  # --diff writes nothing
    fixed = cli("check", *PHRASES_ONLY, "s.md", "--fix", "-f", "jsonl")
    assert script.read_text(encoding="utf-8") == ("Подождите Минуту, я проверю ваш звонком.\n"
                                                  "Не кладите трубку, проверю по трубке. Ещё минуту!\n")
    assert fixed.err == "Fixed 5 violations in 1 file.\n"
    assert [r["rule"] for r in fixed.jsonl()] == ["dont-hang-up"]  # what cannot be fixed is still reported
    assert fixed.code == 1  # and still fails the check
    nothing_left = cli("check", "s.md", "--diff")
    assert (nothing_left.code, nothing_left.out, nothing_left.err) == (0, "", "")


@pytest.mark.parametrize("encoding, bom, newline", [
    ("cp1251", b"", "\r\n"), ("utf-8", b"\xef\xbb\xbf", "\n"), ("utf-16-le", b"\xff\xfe", "\r\n")])
def test_fix_keeps_encoding_bom_and_line_endings(cli, tmp_path, encoding, bom, newline):
    text = newline.join(["Подождите минуточку.", "Ваш договорчик готов.", ""])
    path = tmp_path / "s.txt"
    path.write_bytes(bom + text.encode(encoding))
    result = cli("check", "s.txt", "--fix")
    # «минуточку» is in the dictionary and is fixed; «договорчик» is not, so its grammar would be a
    # guess: it is left for a person and still reported
    assert path.read_bytes() == bom + newline.join(["Подождите минуту.", "Ваш договорчик готов.", ""]).encode(encoding)
    assert result.err == "Fixed 1 violation in 1 file.\n"
    assert result.code == 1
    assert "s.txt:2:5: warning [diminutives]" in result.out
    assert result.out.count("[diminutives]") == 1
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".s.txt")]  # no temporary file left


def test_fix_never_touches_transcripts_from_speech_recognition(cli, tmp_path):
    call = {"utterances": [{"speaker": "agent", "start": 0, "end": 1, "text": "Подождите минуточку."}]}
    path = write(tmp_path / "c.json", json.dumps(call, ensure_ascii=False))
    before = path.read_bytes()
    result = cli("check", "c.json", "--fix", "-f", "jsonl")
    assert path.read_bytes() == before
    assert result.err == "Fixed 0 violations in 0 files.\n"
    diminutives = [r for r in result.jsonl() if r["rule"] == "diminutives"]
    assert [(r["text"], r["fix"]) for r in diminutives] == [("минуточку", "минута")]  # fixable, yet left


def test_fix_leaves_a_file_that_changed_while_being_checked(tmp_path):
    from phrasecheck import fixes
    from phrasecheck.engine import Engine
    from phrasecheck.readers import Source
    from phrasecheck.rulepack import load_rules as load

    path = write(tmp_path / "s.txt", "Подождите минуточку.\n")
    result = Engine(load([])).check_source(Source(str(path)))
    write(path, "Подождите минуточку, пожалуйста.\n")  # edited in between
    outcome = fixes.fix_file(result, write=True)
    assert outcome.problem == "changed on disk while being checked: not fixed"
    assert path.read_text(encoding="utf-8") == "Подождите минуточку, пожалуйста.\n"


FIX_RULES = [rule for rule in load_rules([]).rules
             if any(isinstance(item, dict) and "fix" in item for item in rule.options.get("phrases", ()))]
MORE_DIMINUTIVES = ["минуточку", "секундочку", "Минуточкой", "звоночек", "звоночком", "трубочке", "трубочку",
                    "вопросик", "вопросиком", "кнопочку", "ссылочку", "справочку", "скидочку", "телефончик"]


@pytest.mark.parametrize("rule", FIX_RULES, ids=lambda r: r.id)
def test_after_fix_checking_again_finds_nothing_that_was_fixed(cli, tmp_path, rule):
    from phrasecheck.fixes import replacement

    sentences = list(rule.examples["bad"]) + [f"Подождите {word}." for word in MORE_DIMINUTIVES]
    script = write(tmp_path / "s.md", "\n\n".join(sentences) + "\n")
    before = cli("check", "s.md", "-f", "jsonl", "--select", rule.id).jsonl()
    fixable = [r for r in before if r["fix"] and replacement(r["fix"], r["text"])]
    assert len(fixable) >= len(MORE_DIMINUTIVES)
    fixed = cli("check", "s.md", "--fix", "--select", rule.id)
    assert fixed.err == f"Fixed {len(fixable)} violations in 1 file.\n"
    again = cli("check", "s.md", "-f", "jsonl", "--select", rule.id)
    assert again.records()[-1]["record"] == "summary"  # the check ran to its end: no violations is a finding
    after = again.jsonl()
    assert [r for r in after if r["fix"] and replacement(r["fix"], r["text"])] == []
    assert len(after) == len(before) - len(fixable)
    assert "Подождите минуту." in script.read_text(encoding="utf-8")


# --- rules test and init ----------------------------------------------------------------------

def examples_passed(result):
    """(passed, total) from the last line of `rules test`."""
    summary = re.fullmatch(r"(\d+) of (\d+) examples pass", result.out.splitlines()[-1])
    assert summary, result.out + result.err
    return int(summary[1]), int(summary[2])


def test_rules_test_passes_the_builtin_pack_and_fails_a_broken_example(cli, tmp_path):
    builtin = cli("rules", "test")
    assert builtin.code == 0
    passed, total = examples_passed(builtin)
    assert passed == total > 0  # and, the line being whole, no rule without examples
    assert "FAIL" not in builtin.out
    write(tmp_path / "p.yaml", "pack: {name: p}\nrules:\n  - id: r\n    type: forbidden\n    message: м\n"
                               "    phrases: [тарифчик]\n    examples:\n      bad: [Ваш тариф.]\n"
                               "      good: [Ваш тарифчик.]\n")
    result = cli("rules", "test", "p.yaml")
    assert result.code == 1
    assert "FAIL r (bad example): not flagged: 'Ваш тариф.'" in result.out
    assert "FAIL r (good example): flagged «тарифчик»: 'Ваш тарифчик.'" in result.out


def test_init_writes_a_working_starter_and_never_overwrites(cli, tmp_path):
    result = cli("init")
    assert (result.code, result.out) == (0, "wrote phrasecheck.yaml\nwrote phrasecheck-rules/our-rules.yaml\n")
    config = tmp_path / "phrasecheck.yaml"
    assert config.exists() and (tmp_path / "phrasecheck-rules" / "our-rules.yaml").exists()
    starter = cli("rules", "test", "phrasecheck-rules")
    assert starter.code == 0
    passed, total = examples_passed(starter)
    assert passed == total > 0
    listed = cli("rules", "list").out
    assert "no-tariff-diminutive" in listed and "allo" in listed
    config.write_text("company: Моя\n", encoding="utf-8")
    again = cli("init")
    assert (again.code, again.out, again.err) == (
        2, "", "phrasecheck: phrasecheck.yaml: already exists, not overwritten\n")
    assert config.read_text(encoding="utf-8") == "company: Моя\n"


# --- pre-commit -------------------------------------------------------------------------------

def test_pre_commit_hook_blocks_a_forbidden_phrase_and_passes_once_fixed(tmp_path):
    pre_commit = shutil.which("pre-commit") or os.path.join(os.path.dirname(sys.executable), "pre-commit")
    repo = tmp_path / "scripts-repo"
    write(repo / "hold.md", "# Удержание\n\nПодождите минуточку, я проверю.\n")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path.parent / "pre-commit-home"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    git = lambda *args: subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    git("init", "-q")
    git("add", "hold.md")

    def try_repo():
        return subprocess.run([pre_commit, "try-repo", str(ROOT), "phrasecheck"], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=900)

    blocked = try_repo()
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "hold.md:3:11: warning [diminutives]" in blocked.stdout
    write(repo / "hold.md", "# Удержание\n\nОдну минуту, пожалуйста, я проверю.\n")
    git("add", "hold.md")
    allowed = try_repo()
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert git("commit", "-q", "-m", "hold script").returncode == 0


def test_a_multi_word_replacement_is_used_as_written(cli, tmp_path):
    write(tmp_path / "p.yaml", "pack: {name: p}\nrules:\n  - id: hang\n    type: forbidden\n    message: м\n"
                               "    phrases:\n      - {phrase: 'не вешайте трубку', fix: 'оставайтесь, пожалуйста, на линии'}\n")
    script = write(tmp_path / "s.txt", "Не вешайте трубку, я проверю.\n")
    result = cli("check", "s.txt", "--no-builtin", "--rules", "p.yaml", "--fix")
    assert script.read_text(encoding="utf-8") == "оставайтесь, пожалуйста, на линии, я проверю.\n"
    assert (result.code, result.err) == (0, "Fixed 1 violation in 1 file.\n")
    assert result.out == "Checked 1 script: no violations\n"  # a script, not a call
