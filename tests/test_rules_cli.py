"""`phrasecheck rules list|show|validate` and broken rule files."""

from __future__ import annotations

from conftest import write
from phrasecheck.rulepack import builtin_rules_dir

BROKEN = """pack:
  name: broken
rules:
  - id: one
    type: forbidden
    mesage: Опечатка в ключе
    phrases: [алло]
  - id: two
    type: forbiden
    message: Неизвестный тип
    phrases: [алло]
  - id: three
    type: forbidden
    severity: fatal
    message: Неверная важность
    phrases: алло
  - id: four
    type: forbidden
    message: Пустая фраза
    phrases: ["алло", "  "]
  - id: four
    type: forbidden
    message: Повтор id
    phrases: [алло]
  - id: five
    type: forbidden
    message: Плохой синтаксис
    phrases: ["вы (ошибаетесь"]
    speaker: [agent]
"""
BROKEN_PROBLEMS = [
    "broken.yaml:4:5: rule «one»: missing required key «message»",
    "broken.yaml:6:5: unknown key «mesage» in rule «one» (did you mean «message»?)",
    "broken.yaml:9:11: rule «two»: unknown rule type «forbiden»; known types: forbidden, required, greeting, conditional, timing, recommended (did you mean «forbidden»?)",
    "broken.yaml:14:15: «severity» must be one of: info, warning, error",
    "broken.yaml:20:23: empty phrase: a phrase must have at least one word",
    "broken.yaml:21:9: duplicate rule id «four» (first at line 17)",
    "broken.yaml:28:18: phrase «вы (ошибаетесь»: «(» is never closed with «)»",
    "broken.yaml:29:14: «speaker» must be one of: agent, client, any (did you mean «agent»?)",
]


def user_error(result) -> str:
    """What the user is told on exit 2; a crash exits 2 as well, so it must not be one."""
    assert result.code == 2, result.out + result.err
    assert "Traceback" not in result.err + result.out and "internal error" not in result.err + result.out
    return result.err


def test_validate_lists_every_problem_with_file_line_and_column(cli, tmp_path):
    write(tmp_path / "broken.yaml", BROKEN)
    result = cli("rules", "validate", "broken.yaml")
    assert result.code == 1
    assert result.out.splitlines() == [*BROKEN_PROBLEMS, "8 problems found"]


def test_broken_rule_file_stops_check_with_exit_2_and_no_traceback(cli, tmp_path):
    write(tmp_path / "broken.yaml", BROKEN)
    write(tmp_path / "c.txt", "Оператор: Алло.\n")
    result = cli("check", "c.txt", "--rules", "broken.yaml")
    assert user_error(result).splitlines() == [*BROKEN_PROBLEMS, "phrasecheck: 8 problems in rules or options"]
    assert result.out == ""  # nothing is checked with a broken pack


def test_yaml_syntax_error_and_duplicate_keys(cli, tmp_path):
    write(tmp_path / "syntax.yaml", "pack: {name: x}\nrules:\n  - id: a\n    phrases: [алло\n")
    write(tmp_path / "dupkey.yaml", "pack: {name: x}\nrules:\n  - id: a\n    id: b\n"
                                    "    type: forbidden\n    message: м\n    phrases: [алло]\n")
    result = cli("rules", "validate", "syntax.yaml", "dupkey.yaml")
    assert result.code == 1
    assert result.out.splitlines() == ["dupkey.yaml:4:5: duplicate key «id»",
                                       "syntax.yaml:5:1: YAML syntax: did not find expected ',' or ']'",
                                       "2 problems found"]


def test_validate_accepts_the_builtin_pack_and_a_good_file(cli, tmp_path):
    listed = cli("rules", "list")
    assert listed.code == 0
    active = len([line for line in listed.out.splitlines()[1:] if line.strip()])
    assert active >= 21
    builtin = cli("rules", "validate", builtin_rules_dir())
    assert (builtin.code, builtin.out, builtin.err) == (0, f"{active} rules OK\n", "")
    write(tmp_path / "good.yaml", "pack: {name: x}\nrules:\n  - id: a\n    type: forbidden\n"
                                  "    message: м\n    phrases: [алло]\n")
    result = cli("rules", "validate", "good.yaml")
    assert (result.code, result.out, result.err) == (0, "1 rule OK\n", "")


def test_list_shows_every_active_rule(cli):
    result = cli("rules", "list")
    assert result.code == 0
    rows = {line.split()[0]: line.split()[1:4] for line in result.out.splitlines()[1:] if line.strip()}
    assert rows["allo"] == ["forbidden", "error", "ru"]
    assert rows["negative-words"] == ["forbidden", "info", "ru"]
    assert len(rows) >= 21
    ignored = cli("rules", "list", "--ignore", "negative-*")
    assert ignored.code == 0
    assert [line.split()[0] for line in ignored.out.splitlines()[1:] if line.strip()] == \
        [rule for rule in rows if rule != "negative-words"]


def test_show_one_rule_with_phrases_suggestions_examples(cli):
    result = cli("rules", "show", "diminutives")
    assert result.code == 0
    assert result.out.startswith("diminutives  (forbidden, warning, pack ru")
    assert "минуточк" in result.out and "одну минуту" in result.out
    assert "\ntitle: Уменьшительные слова\n" in result.out  # the short name reports chart it by
    assert "examples (bad):" in result.out and "examples (good):" in result.out
    missing = cli("rules", "show", "diminutive")
    assert user_error(missing) == "phrasecheck: no rule «diminutive» (did you mean «diminutives»?)\n"
    assert missing.out == ""
