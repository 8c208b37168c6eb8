"""Config files found from the current folder upward; the command line wins."""

from __future__ import annotations

from conftest import PHRASES_ONLY, write

CALL = "Оператор: Подождите минуточку. Это не проблема.\nКлиент: Говорите.\n"


def rules_of(result):
    return sorted(r["rule"] for r in result.jsonl())


def test_phrasecheck_yaml_found_from_a_subfolder(cli, tmp_path):
    write(tmp_path / "phrasecheck.yaml", "ignore: [diminutives, greeting-*, introduce-self, closing-thanks, hold-*]\n"
                                         "fail_on: info\n")
    write(tmp_path / "deep" / "down" / "c.txt", CALL)
    result = cli("check", "c.txt", "-f", "jsonl", cwd=tmp_path / "deep" / "down")
    assert rules_of(result) == ["negative-words"]
    assert result.code == 1  # fail_on: info from the config


def test_dot_file_and_pyproject_table(cli, tmp_path):
    write(tmp_path / "a" / ".phrasecheck.yaml", "severity: {negative-words: error}\n")
    write(tmp_path / "a" / "c.txt", CALL)
    records = cli("check", "c.txt", "-f", "jsonl", cwd=tmp_path / "a").jsonl()
    assert {r["rule"]: r["severity"] for r in records}["negative-words"] == "error"
    write(tmp_path / "b" / "pyproject.toml", "[project]\nname='x'\n[tool.phrasecheck]\nselect = ['negative-words']\n")
    write(tmp_path / "b" / "c.txt", CALL)
    assert rules_of(cli("check", "c.txt", "-f", "jsonl", cwd=tmp_path / "b")) == ["negative-words"]


def test_command_line_wins_over_config(cli, tmp_path):
    write(tmp_path / "phrasecheck.yaml", "select: [negative-words]\nfail_on: info\n")
    write(tmp_path / "c.txt", CALL)
    assert rules_of(cli("check", "c.txt", "-f", "jsonl", "--select", "diminutives")) == ["diminutives"]
    assert cli("check", "c.txt", "--fail-on", "error").code == 0


def test_severity_off_and_speaker_aliases_and_extra_rules(cli, tmp_path):
    write(tmp_path / "own" / "pack.yaml", "pack: {name: own}\nrules:\n  - id: no-tariff\n"
          "    type: forbidden\n    message: Не называйте тариф\n    phrases: [тариф]\n")
    write(tmp_path / "phrasecheck.yaml",
          "rules: [own]\nseverity: {diminutives: 'off'}\nspeakers: {Консультант: agent, Гость: client}\n")
    write(tmp_path / "c.txt", "Консультант: Ваш тариф, минуточку.\nГость: Тариф? Минуточку.\n")
    records = cli("check", *PHRASES_ONLY, "c.txt", "-f", "jsonl").jsonl()
    assert [(r["rule"], r["speaker"], r["line"]) for r in records] == [("no-tariff", "agent", 1)]


def test_broken_config_names_file_line_and_key(cli, tmp_path):
    write(tmp_path / "phrasecheck.yaml", "fail_on: warning\nignor: [allo]\nselect: allo\n")
    write(tmp_path / "c.txt", CALL)
    result = cli("check", "c.txt")
    assert result.code == 2
    assert "Traceback" not in result.err and "internal error" not in result.err
    config = str(tmp_path / "phrasecheck.yaml")
    assert result.err.splitlines() == [f"{config}:2:8: unknown setting «ignor» (did you mean «ignore»?)",
                                       f"{config}:3:9: «select» must be a list"]
    assert result.out == ""  # nothing is checked with a broken config
