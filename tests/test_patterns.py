"""The phrase syntax of rule files, checked through `phrasecheck check` with a
small rule pack: inflection, exact forms, alternatives, optional words, gaps,
anchors, whole words, case, «ё» and punctuation; and the cache of compiled
phrases, which must not outlive the code that compiled them."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import ROOT, run_cli, write


def pack(*phrases, unless=()):
    lines = ["pack: {name: t}", "rules:", "  - id: r", "    type: forbidden", "    message: м", "    phrases:"]
    lines += [f"      - {p!r}" for p in phrases]
    if unless:
        lines += ["    unless:"] + [f"      - {p!r}" for p in unless]
    return "\n".join(lines) + "\n"


def matches(cli, tmp_path, phrases, text, unless=()):
    write(tmp_path / "p.yaml", pack(*phrases, unless=unless))
    write(tmp_path / "c.txt", "Оператор: " + text + "\n")
    result = cli("check", "c.txt", "--no-builtin", "--rules", "p.yaml", "-f", "jsonl")
    assert result.code in (0, 1), result.err
    return [r["text"] for r in result.jsonl()]


@pytest.mark.parametrize("phrases, text, expected", [
    (["вы ошибаетесь"], "Вы ошиблись. Вы ошибались! ВЫ ОШИБАЕТЕСЬ", ["Вы ошиблись", "Вы ошибались", "ВЫ ОШИБАЕТЕСЬ"]),
    (["минуточку"], "минуточки, минуточкой, минута, одну минуту", ["минуточки", "минуточкой"]),
    (["=алло"], "Алло, алло! аллоха", ["Алло", "алло"]),
    (["но"], "нормально, но, Но", ["но", "Но"]),
    (["еще раз"], "Повторяю ещё раз", ["ещё раз"]),
    (["ещё раз"], "повторяю еще раз", ["еще раз"]),
    (["(не поняли|ошибаетесь)"], "Вы не поняли. Вы ошибаетесь", ["не поняли", "ошибаетесь"]),
    (["подождите [пожалуйста] минуту"], "Подождите, пожалуйста, минуту. Подождите минуту", ["Подождите, пожалуйста, минуту", "Подождите минуту"]),
    (["не раньше ... чем"], "не раньше, чем завтра. не раньше среды, четверга и пятницы, чем", ["не раньше, чем"]),
    (["не раньше ...4 чем"], "не раньше среды, четверга и пятницы, чем", ["не раньше среды, четверга и пятницы, чем"]),
    (["^ но"], "Но это так. Это так, но нет. но", ["Но", "но"]),
    (["да $"], "Да, конечно. Конечно, да", ["да"]),
    (["трубоч*"], "трубочка, трубочкой, трубка", ["трубочка", "трубочкой"]),
    (["правило"], "Таковы правила. Он правит текст", ["правила"]),
    (["правила"], "Таковы правила. Он правит текст", ["правила", "правит"]),
    (["где-то через"], "где-то через неделю", ["где-то через"]),
])
def test_phrase_syntax(cli, tmp_path, phrases, text, expected):
    assert matches(cli, tmp_path, phrases, text) == expected


def test_unless_cancels_a_match_in_its_context(cli, tmp_path):
    found = matches(cli, tmp_path, ["но"], "Не только интернет, но и телевидение. Хорошо, но дорого",
                    unless=["не только ... но и"])
    assert found == ["но"]
    assert matches(cli, tmp_path, ["но"], "Хорошо, но дорого", unless=["не только ... но и"]) == ["но"]


def test_asr_text_without_punctuation_or_capitals(cli, tmp_path):
    assert matches(cli, tmp_path, ["вы ошибаетесь", "минуточку"],
                   "ну вы ошиблись подождите минуточку") == ["вы ошиблись", "минуточку"]


@pytest.mark.parametrize("phrase, message, column", [
    ("вы (ошибаетесь", "«(» is never closed with «)»", 3),
    ("вы ошибаетесь)", "«)» closes nothing", 13),
    ("[пожалуйста]", "can match without any word", 0),
    ("вы ^ ошибаетесь", "may only open", 3),
    ("... вы", "a gap (...) must stand between words", 0),
    ("(вы|)", "an alternative («|») is empty", 4),
    ("вы @ ты", "unexpected character «@»", 3),
])
def test_phrase_errors_point_at_the_column(cli, tmp_path, phrase, message, column):
    phrase_error(cli, tmp_path, phrase, message, column)


def phrase_error(cli, tmp_path, phrase, message, column):
    """`rules validate` reports the phrase's error at its line and column (0-based in the phrase)."""
    write(tmp_path / "p.yaml", f"pack: {{name: t}}\nrules:\n  - id: r\n    type: forbidden\n"
                               f"    message: м\n    phrases: ['{phrase}']\n")
    result = cli("rules", "validate", "p.yaml")
    assert result.code == 1
    assert result.out.startswith(f"p.yaml:6:{15 + column}: phrase «{phrase}»:"), result.out
    assert message in result.out


def test_editing_any_module_of_the_phrase_code_starts_a_new_cache(tmp_path):
    # the cache holds pickled compiled phrases: code that compiles them differently must not reuse them
    code = tmp_path / "code"
    shutil.copytree(ROOT / "phrasecheck", code / "phrasecheck", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "rules", code / "rules")
    write(tmp_path / "c.txt", "Оператор: Алло, подождите минуточку\n")
    cache = tmp_path / "cache"
    env = {"PYTHONPATH": str(code), "PHRASECHECK_CACHE_DIR": str(cache)}
    modules = sorted((code / "phrasecheck" / "patterns").glob("*.py")) + [code / "phrasecheck" / "morphology.py"]
    assert len(modules) > 2
    first = run_cli("check", "c.txt", "-f", "jsonl", cwd=tmp_path, env=env)
    assert {r["rule"] for r in first.jsonl()} >= {"allo", "diminutives"}
    for runs, module in enumerate(modules, start=2):
        edited = module.stat().st_mtime_ns + 10**9
        os.utime(module, ns=(edited, edited))
        again = run_cli("check", "c.txt", "-f", "jsonl", cwd=tmp_path, env=env)
        assert again.out == first.out, module.name
        stamps = {p.name.rsplit("-", 1)[-1] for p in cache.iterdir()}  # «patterns-<rules>-<stamp>.pickle»
        assert len(stamps) == runs, f"{module.name}: the old cache was reused"
