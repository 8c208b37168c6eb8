"""What the commands share: settings from the config file and the command
line, the rule files found for loading and validating, the report formats
offered and the kinds of input looked for."""

from __future__ import annotations

from conftest import write

OWN = """\
pack: {name: own}
rules:
  - id: no-tariff
    type: forbidden
    message: Не называйте тариф
    phrases: [тариф]
  - id: no-wait
    type: forbidden
    message: Не просите подождать
    phrases: [минуточку]
"""
MORE = """\
pack: {name: more}
rules:
  - id: no-promo
    type: forbidden
    message: Не предлагайте акции
    phrases: [акция]
"""
FORMATS = "console, json, jsonl, csv, xlsx, html, sarif, github, parquet"


def found(result):
    return [(r["rule"], r["line"]) for r in result.jsonl()]


def test_command_line_adds_rules_ignores_and_speakers_to_the_config(cli, tmp_path):
    write(tmp_path / "own.yaml", OWN)
    write(tmp_path / "more.yaml", MORE)
    write(tmp_path / "phrasecheck.yaml", "builtin: true\nrules: [own.yaml]\nignore: [no-wait]\n"
                                         "speakers: {Консультант: agent, Гость: client}\n")
    write(tmp_path / "c.txt", "Консультант: Ваш тариф и акция, минуточку.\nГость: Тариф? Акция?\n")
    assert found(cli("check", "c.txt", "--no-builtin", "-f", "jsonl")) == [("no-tariff", 1)]
    # --rules and --ignore add to the config's lists; --speaker-map wins for its label
    result = cli("check", "c.txt", "--no-builtin", "-f", "jsonl", "--rules", "more.yaml",
                 "--ignore", "no-tariff", "--speaker-map", "Гость=agent")
    assert found(result) == [("no-promo", 1), ("no-promo", 2)]


def test_a_missing_config_file_is_an_error(cli, tmp_path):
    write(tmp_path / "c.txt", "Оператор: Добрый день.\n")
    for command in (("check", "c.txt"), ("rules", "list")):
        result = cli(*command, "--config", "nope.yaml")
        assert (result.code, result.err) == (2, "phrasecheck: nope.yaml: no such config file\n")


def test_a_missing_rule_file_or_folder_is_the_same_problem_for_every_command(cli, tmp_path):
    write(tmp_path / "c.txt", "Оператор: Добрый день.\n")
    expected = "nowhere:1:1: no such rule file or folder\n"
    for command in (("check", "c.txt"), ("rules", "list"), ("explain", "алло")):
        result = cli(*command, "--rules", "nowhere")
        assert (result.code, result.err) == (2, expected + "phrasecheck: 1 problem in rules or options\n")
    write(tmp_path / "own.yaml", OWN)
    validated = cli("rules", "validate", "nowhere", "own.yaml")
    assert (validated.code, validated.out) == (1, expected + "1 problem found\n")


def test_rule_files_are_found_in_folders_and_their_subfolders(cli, tmp_path):
    write(tmp_path / "pack" / "own.yaml", OWN)
    write(tmp_path / "pack" / "extra" / "more.yml", MORE)
    write(tmp_path / "pack" / "README.txt", "not a rule file")
    assert cli("rules", "validate", "pack").out == "3 rules OK\n"
    listed = cli("rules", "list", "--no-builtin", "--rules", "pack").out
    assert [line.split()[0] for line in listed.splitlines()[1:]] == ["no-promo", "no-tariff", "no-wait"]


def test_unknown_format_offers_every_report_format(cli, tmp_path):
    write(tmp_path / "c.txt", "Оператор: Добрый день.\n")
    write(tmp_path / "saved.jsonl", "")
    for command in (("check", "c.txt"), ("report", "saved.jsonl")):
        result = cli(*command, "-f", "nope")
        assert (result.code, result.err) == (2, f"phrasecheck: unknown format «nope»; choose one of: {FORMATS}\n")
    assert f"Report format: {FORMATS}." in " ".join(cli("check", "--help").out.split())


def test_nothing_to_check_names_every_kind_of_file_it_looks_for(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    result = cli("check", "empty", "--no-gitignore")
    assert (result.code, result.err) == (
        2, "phrasecheck: nothing to check: no .txt, .md, .markdown, .json or .jsonl files found\n")
    assert cli("check", "empty").err.endswith(
        " files found (files git ignores are skipped; --no-gitignore checks them)\n")
    write(tmp_path / "empty" / "script.markdown", "Подождите минуточку.\n")
    assert [r["path"] for r in cli("check", "empty", "-f", "jsonl", "--select", "diminutives").jsonl()] \
        == ["empty/script.markdown"]
