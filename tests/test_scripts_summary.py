"""A repository of call scripts checked the way the pre-commit hook runs phrasecheck (the
staged files named on the command line): the summary speaks of rules and scripts, not of
agents and scores, and the repository's README.md is not taken for a script."""

from __future__ import annotations

import subprocess

import pytest

from conftest import run_cli, write

HOOK = ("check", "--report-unused-suppressions", "--jobs", "1", "--quiet")  # .pre-commit-hooks.yaml's entry


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "scripts-repo"
    write(repo / "README.md", "# Скрипты отдела\n\nАлло — так не отвечаем. Подождите минуточку.\n")
    write(repo / "CHANGELOG.md", "# Изменения\n\nДобавлен скрипт удержания.\n")
    write(repo / "scripts" / "hold.md", "# Удержание\n\nПодождите минуточку, я проверю.\n")
    write(repo / "scripts" / "greeting.txt", "Добрый день! Чем могу помочь?\n")
    write(repo / "scripts" / "refusal.txt", "Это не моя ошибка, таковы правила.\n")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


STAGED = ("README.md", "CHANGELOG.md", "scripts/greeting.txt", "scripts/hold.md", "scripts/refusal.txt")


def test_a_scripts_run_sums_up_rules_and_scripts_only(repo):
    result = run_cli(*HOOK, *STAGED, cwd=repo)
    assert result.code == 1, result.err
    out = result.out
    assert "README.md" not in out and "CHANGELOG.md" not in out
    assert "Violations by rule" in out and "Violations by script" in out
    assert "Agents" not in out and "Scores" not in out and "score" not in out
    assert not [line for line in out.splitlines() if line.startswith("│ —")]  # no agent «—»
    table = {line.split("│")[1].strip(): line.split("│")[2].strip()
             for line in out.splitlines() if line.startswith("│ scripts/")}
    assert table == {"scripts/refusal.txt": "2", "scripts/hold.md": "1"}  # a clean script is not listed
    assert out.splitlines()[-1].startswith("Checked 3 scripts: 3 violations")


def test_a_commit_of_the_readme_alone_passes(repo):
    result = run_cli(*HOOK, "README.md", cwd=repo)
    assert (result.code, result.out) == (0, "Checked 0 files, 0 calls: no violations\n")
    assert result.err == ("phrasecheck: nothing to check: every file found is excluded (`exclude:`, --exclude, "
                          "or the default list: README.*, LICENSE.* …)\n")


def test_the_default_exclusions_can_be_turned_off(repo):
    assert "README.md:3:1: error [allo]" in run_cli(*HOOK, "--no-default-exclude", *STAGED, cwd=repo).out
    write(repo / "phrasecheck.yaml", "default_exclude: false\nexclude: [CHANGELOG.md]\n")
    out = run_cli(*HOOK, *STAGED, cwd=repo).out
    assert "README.md:3:1: error [allo]" in out and "CHANGELOG.md" not in out
    assert out.splitlines()[-1].startswith("Checked 4 scripts:")


def test_a_folder_search_skips_them_too(repo):
    paths = {r["path"] for r in run_cli("check", ".", "-f", "jsonl", cwd=repo).jsonl()}
    assert paths == {"./scripts/hold.md", "./scripts/refusal.txt"}


def test_transcripts_among_the_scripts_keep_the_agents_and_scores(repo):
    write(repo / "calls" / "c1.txt", "# agent: Анна\nОператор: Алло, слушаю.\nКлиент: Добрый день.\n")
    out = run_cli("check", "scripts", "calls", "--quiet", cwd=repo).out
    assert "Agents" in out and "Scores" in out and "Violations by script" not in out
    assert out.splitlines()[-1].startswith("Checked 4 files, 4 calls:")
