"""Fuzzing the other things phrasecheck reads: config files (YAML and pyproject.toml),
rule files and the config's option overrides, and saved results for `report`.
Whatever they hold, reading them ends in the values or in located problems,
never in an exception, and never in a problem that is a bug of ours."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from phrasecheck import config as configuration
from phrasecheck import reporters
from phrasecheck.kinds import KINDS
from phrasecheck.kinds.rule_keys import RULE_KEYS
from phrasecheck.model import CallResult, Deduction, FileResult, Finding, Severity, Skip
from phrasecheck.readers import read_results
from phrasecheck.rulepack import load_rules, select_rules
from phrasecheck.summary import Summary

NAMES = st.sampled_from(["allo", "answer-speed", "long-silence", "greeting-*", "x", "", "1", "off"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
                    st.sampled_from(["off", "error", "warning", "12:00", "agent", "Europe/Moscow", "утф"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=8)
CONFIG_KEYS = st.sampled_from(["rules", "builtin", "select", "ignore", "exclude", "severity", "company",
                               "company_aliases", "timezone", "speakers", "fail_on", "encoding", "options",
                               "scripts_are_calls", "fail-on", "unknown"])
OPTION_KEYS = st.sampled_from(sorted({key for kind in KINDS.values() for key in kind.OPTIONS} | set(RULE_KEYS)))


def dumped(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True)


def no_bug_in(problems) -> None:
    messages = [str(p) for p in problems]
    assert not any("internal error" in m for m in messages), messages


@given(st.dictionaries(CONFIG_KEYS, st.one_of(VALUES, st.dictionaries(NAMES, VALUES, max_size=3)), max_size=5))
def test_a_config_file_is_read_or_its_problems_located(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("config") / "phrasecheck.yaml"
    path.write_text(dumped(data), encoding="utf-8")
    try:
        config = configuration.load(path)
    except configuration.ConfigError as exc:
        assert exc.problems and all(p.path == str(path) and p.line >= 1 for p in exc.problems)
        return
    ruleset = load_rules(config.rules, builtin=True, overrides=config.options)
    problems = ruleset.problems or select_rules(ruleset, config.select, config.ignore, config.severity)
    no_bug_in(problems)


@given(st.text(max_size=80), st.sampled_from(["phrasecheck.yaml", "pyproject.toml"]))
def test_any_text_as_a_config_file_is_read_or_located(tmp_path_factory, text, name):
    path = tmp_path_factory.mktemp("raw") / name
    path.write_text(("[tool.phrasecheck]\n" if name == "pyproject.toml" else "") + text, encoding="utf-8",
                    errors="surrogatepass")
    try:
        configuration.load(path)
    except configuration.ConfigError as exc:
        assert exc.problems and all(p.path == str(path) for p in exc.problems)


@st.composite
def rule_specs(draw) -> dict:
    kind = draw(st.sampled_from(sorted(KINDS) + ["nope"]))
    spec = {"id": draw(st.one_of(NAMES, VALUES)), "type": kind, "message": "Сообщение"}
    for key in draw(st.lists(OPTION_KEYS, max_size=4)):
        spec[key] = draw(VALUES)
    if draw(st.booleans()):
        del spec["message"]
    return spec


@given(st.lists(rule_specs(), min_size=1, max_size=4), st.dictionaries(NAMES, st.dictionaries(OPTION_KEYS, VALUES,
                                                                                              max_size=2), max_size=2))
def test_rule_files_and_overrides_give_located_problems_never_a_crash(tmp_path_factory, specs, overrides):
    path = tmp_path_factory.mktemp("rules") / "pack.yaml"
    path.write_text(dumped({"pack": {"name": "fuzz"}, "rules": specs}), encoding="utf-8")
    ruleset = load_rules([str(path)], builtin=bool(overrides), overrides=overrides)
    no_bug_in(ruleset.problems)
    for problem in ruleset.problems:
        assert problem.line >= 1 and problem.message


# --- saved results back: `phrasecheck report` --------------------------------------------------

def sample_records() -> list[dict]:
    finding = Finding("c.jsonl", 2, 1, "allo", "c:2", 0, 1.5, "agent", Severity.ERROR, "Не «Алло»", "Алло",
                      ("Добрый день",), "Алло, слушаю", (0, 4), "Здравствуйте")
    call = CallResult("c.jsonl", "c:2", 2, "Анна", "2026-05-16T10:00:00+03:00", 1, 90.0, False,
                      [Deduction("allo", "error", 10.0, 0, "Алло")], [Skip("interruption", "no times")], ["a note"],
                      [("agent", 1.5, 3.0, "Алло, слушаю", 2)])
    return [{"record": "violation", **finding.to_dict()}, {"record": "call", **call.to_dict(transcript=True)},
            {"record": "error", "path": "c.jsonl", "error": "line 3: not valid JSON"},
            {"record": "summary", "partial": False}]


@st.composite
def edited(draw) -> list[str]:
    """Saved results with a few fields replaced, removed or nested deeper, as a person might leave them."""
    records = sample_records()
    for _ in range(draw(st.integers(1, 3))):
        record = draw(st.sampled_from(records))
        if not record:
            continue
        key = draw(st.sampled_from(sorted(record)))
        target = record
        value = record[key]
        if isinstance(value, list) and value and isinstance(value[0], dict) and value[0] and draw(st.booleans()):
            target, key = value[0], draw(st.sampled_from(sorted(value[0])))
        if draw(st.booleans()):
            target[key] = draw(VALUES)
        else:
            del target[key]
    return [json.dumps(r, ensure_ascii=False) for r in records]


@given(edited())
def test_edited_results_are_refused_with_the_line_or_reported_in_every_format(tmp_path_factory, lines):
    try:
        results, partial = read_results(io.StringIO("\n".join(lines) + "\n"))
    except ValueError as exc:
        assert str(exc).startswith("line ") and "not a phrasecheck result record" in str(exc)
        return
    folder = tmp_path_factory.mktemp("formats")
    for name in reporters.FORMATS:
        if name == "parquet" and not importlib.util.find_spec("pyarrow"):  # an extra CI installs
            continue
        summary = Summary(partial=partial)
        reporter = reporters.create(name, Path(folder / f"report.{name}"))
        for result in results:
            summary.add(result)
            reporter.file(FileResult(result.path, result.calls, result.findings, result.errors))
        reporter.finish(summary)
        reporter.close()
