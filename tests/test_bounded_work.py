"""Bounded work whatever the input: hostile YAML, phrases built to backtrack,
one enormous utterance, and text built against the readers' regexes. Each case
used to hang, exhaust memory or crash; the CLI must now answer within a hard
time bound, with a located error where the input is wrong."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from conftest import write
from phrasecheck.readers.base import ReaderOptions
from phrasecheck.readers.text import parse
from phrasecheck.redact import text as redacted

PACK_HEAD = "pack: {name: x}\nrules:\n"


def run(tmp_path, *args, limit: float = 60):
    """The CLI as a subprocess that must finish within `limit` seconds (else TimeoutExpired)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "phrasecheck", *map(str, args)], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=limit)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    return proc, time.monotonic() - started


def pack(*phrases: str) -> str:
    items = "".join(f"    - '{p}'\n" for p in phrases)
    return PACK_HEAD + f"  - id: p\n    type: forbidden\n    message: м\n    phrases:\n{items}"


def violations(proc, rule: str) -> list[str]:
    return [line for line in proc.stdout.splitlines() if f"[{rule}]" in line]


# --- YAML ---------------------------------------------------------------------------------------

def billion_laughs(levels: int = 9) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for previous, name in zip("abcdefgh", "bcdefghi"[:levels - 1]):
        text += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
    return text


ALIASES = "aliases («*name») of this value, and of others, expand to more than 10,000 values: write the values out"


def test_an_alias_bomb_as_rule_file_or_config_is_refused_at_once(tmp_path):
    write(tmp_path / "bomb.yaml", billion_laughs())
    write(tmp_path / "c.txt", "Оператор: Алло.\n")
    validate, _ = run(tmp_path, "rules", "validate", "bomb.yaml", limit=20)
    assert validate.stdout.splitlines() == [f"bomb.yaml:4:4: {ALIASES}", "1 problem found"]
    for option in ("--rules", "--config"):
        checked, _ = run(tmp_path, "check", "c.txt", option, "bomb.yaml", limit=20)
        assert checked.returncode == 2
        assert f"bomb.yaml:4:4: {ALIASES}" in checked.stderr


def test_a_few_aliases_are_still_fine(tmp_path):
    write(tmp_path / "r.yaml", PACK_HEAD + "  - id: a\n    type: forbidden\n    message: &m Нельзя\n"
                                           "    phrases: &p [алло]\n  - id: b\n    type: forbidden\n"
                                           "    message: *m\n    phrases: *p\n")
    proc, _ = run(tmp_path, "rules", "validate", "r.yaml")
    assert (proc.returncode, proc.stdout) == (0, "2 rules OK\n")


@pytest.mark.parametrize("value, message", [
    ("!!python/name:os.system", "unsupported YAML tag «!!python/name:os.system»: only plain values, lists and mappings"),
    ("!!python/object/apply:os.system [touch pwned]",
     "unsupported YAML tag «!!python/object/apply:os.system»: only plain values, lists and mappings"),
    ("!!int twelve", "«twelve» is not a valid !!int: invalid literal for int() with base 10: 'twelve'"),
    ("2026-13-45", "«2026-13-45» is not a valid !!timestamp: month must be in 1..12"),
    ("{<<: {a: 1}}", "merge keys («<<: *name») are not supported: write the keys out"),
])
def test_tags_and_bad_scalars_are_located_errors_and_nothing_is_constructed(tmp_path, value, message):
    write(tmp_path / "r.yaml", PACK_HEAD + f"  - id: a\n    type: forbidden\n    message: {value}\n    phrases: [алло]\n")
    proc, _ = run(tmp_path, "rules", "validate", "r.yaml")
    assert proc.stdout.splitlines()[0].startswith(f"r.yaml:5:") and message in proc.stdout.splitlines()[0]
    assert not (tmp_path / "pwned").exists()


def test_yaml_nested_too_deep_is_a_located_error(tmp_path):
    write(tmp_path / "deep.yaml", "pack: {name: x}\nrules: " + "[" * 500 + "]" * 500 + "\n")
    proc, _ = run(tmp_path, "rules", "validate", "deep.yaml")
    assert proc.stdout.splitlines()[0] == "deep.yaml:2:108: nested more than 100 levels deep"


# --- phrase complexity --------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, text, found", [
    ("да " + "[да] " * 40 + "нет", "нет " + "да " * 60 + "ага", 0),
    ("да " + "[да] " * 40 + "нет", "да " * 30 + "нет", 1),
    ("да " + "...30 " * 40 + "нет", "нет " + "да " * 300 + "ага", 0),
    ("да " + "(да|да да|[да]) " * 30 + "нет", "нет " + "да " * 200 + "ага", 0),
    ("(да [да] & ага [да] & угу [да] & ну [да] & так [да])~30 нет", "нет " + "да ага угу ну так " * 60, 0),
])
def test_phrases_built_to_backtrack_are_matched_in_bounded_time(tmp_path, phrase, text, found):
    # 20 optional words in a row took 21 s, 40 never ended: each branching now reaches a state once.
    # Every text holds every word of the phrase («нет» first), so the phrase is tried, not skipped.
    write(tmp_path / "r.yaml", pack(phrase))
    write(tmp_path / "s.txt", f"{text}\n")
    proc, _ = run(tmp_path, "check", "s.txt", "--no-builtin", "--rules", "r.yaml", limit=30)
    assert len(violations(proc, "p")) == found


@pytest.mark.parametrize("phrase, column, message", [
    ("(" * 3000 + "да" + ")" * 3000, 10, "brackets nested too deep: at most 10 inside one another"),
    ("[" * 300 + "да" + "]" * 300 + " нет", 10, "brackets nested too deep: at most 10 inside one another"),
    ("да " * 101, 0, "the phrase is too long: at most 100 words, gaps and groups one after another"),
    ("да ...31 нет", 3, "a gap may span at most 30 words, not 31"),
    ("(да & нет)~99999999999999999999", 10, "a window may span at most 30 words, not 9999999999"),
    ("(а & б & в & г & д & е)", 1, "a group in any order («&») may have at most 5 parts"),
])
def test_phrases_beyond_the_limits_are_located_errors(tmp_path, phrase, column, message):
    write(tmp_path / "r.yaml", pack(phrase))
    proc, _ = run(tmp_path, "rules", "validate", "r.yaml", limit=30)
    first = proc.stdout.splitlines()[0]
    assert first.startswith(f"r.yaml:7:{7 + column}: phrase «") and first.endswith(f"»: {message}")


# --- one huge utterance -------------------------------------------------------------------------

def test_a_line_of_megabytes_is_checked_in_linear_time(tmp_path):
    # every match was compared with every earlier one: these 2 MB took 40 s, 50 MB never ended
    sentence = "алло минуточку вы ошибаетесь да но хорошо я поняла тариф звоночек пожалуйста"
    write(tmp_path / "small.txt", f"Оператор: {sentence}\n")
    write(tmp_path / "big.txt", f"Оператор: {' '.join([sentence] * 15_000)}\n")  # ~ 2 MB of UTF-8
    small, _ = run(tmp_path, "check", "small.txt", "-f", "jsonl", "--select", "diminutives")
    big, _ = run(tmp_path, "check", "big.txt", "-f", "jsonl", "--select", "diminutives", limit=30)
    assert small.stdout.count('"rule": "diminutives"') >= 2  # «минуточку», «звоночек»
    assert big.stdout.count('"rule": "diminutives"') == 15_000 * small.stdout.count('"rule": "diminutives"')


def test_thousands_of_lines_in_one_utterance_and_thousands_of_suppressions(tmp_path):
    # the reader summed all earlier lines for each new one, positions rebuilt a list per finding,
    # and suppressions compared every finding with every comment
    write(tmp_path / "long.txt", "Оператор: алло\n" + "подождите минуточку\n" * 30_000)
    write(tmp_path / "quiet.txt", "подождите минуточку # phrasecheck: disable-line diminutives\n" * 20_000)
    proc, _ = run(tmp_path, "check", "long.txt", "quiet.txt", "-f", "jsonl", "--select", "diminutives",
                  "--report-unused-suppressions", limit=60)
    lines = [line for line in proc.stdout.splitlines() if line.startswith('{"record": "violation"')]
    assert len(lines) == 30_000 and all('"path": "long.txt"' in line for line in lines)
    assert "suppression-unused" not in proc.stdout


# --- regexes over input text --------------------------------------------------------------------

ADVERSARIAL = {
    "unclosed comments": "<!--" * 25_000,
    "directive heads": "<!-- phrasecheck: disable" * 4_000,
    "directive and spaces": "<!-- phrasecheck: disable x" + " " * 100_000 + "y",
    "text directive and spaces": "# phrasecheck: disable x" + " " * 100_000 + "y",
    "header value and spaces": "# a: x" + " " * 100_000 + "y",
    "spaces before no table rule": " " * 100_000 + "x",
    "unclosed tags": "a" + "<" * 100_000,
    "unclosed link targets": "](" * 50_000,
}


@pytest.mark.parametrize("name", ADVERSARIAL)
@pytest.mark.parametrize("markdown", [True, False], ids=["md", "txt"])
def test_readers_regexes_take_linear_time(name, markdown):
    started = time.perf_counter()
    parse(ADVERSARIAL[name] + "\nОператор: алло\n", "s.md" if markdown else "s.txt", ReaderOptions(), markdown)
    assert time.perf_counter() - started < 1.0


def test_redacting_a_long_run_of_digits_or_letters_takes_linear_time():
    for value in ("1" * 100_000, "a" * 100_000 + "@", "a@" * 50_000):
        started = time.perf_counter()
        assert len(redacted(value)) == len(value)
        assert time.perf_counter() - started < 1.0
    email = "ivan.petrov+1@mail.example.ru"
    assert redacted(f"пишите на {email}, тел. 8 900 123-45-67") == f"пишите на {'*' * len(email)}, тел. * *** *********"


def test_the_cli_reads_an_adversarial_markdown_file_quickly_and_still_finds_speech(tmp_path):
    write(tmp_path / "s.md", "\n".join(ADVERSARIAL.values()) + "\nПодождите минуточку.\n")
    proc, _ = run(tmp_path, "check", "s.md", "--select", "diminutives", limit=30)
    assert violations(proc, "diminutives") == [f"s.md:{len(ADVERSARIAL) + 1}:11: warning [diminutives] "
                                               + violations(proc, "diminutives")[0].split("[diminutives] ")[1]]
