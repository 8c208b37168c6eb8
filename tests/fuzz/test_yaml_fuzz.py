"""Random YAML as a rule file or a config: each is a valid pack or config, or a
list of problems that each name the file, a line and a column; never another
error, and never long, whatever its anchors, aliases, tags and nesting."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phrasecheck import config, rulepack, yamlfile
from phrasecheck.patterns import PhraseSet

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = ["pack", "name", "rules", "id", "type", "message", "phrases", "severity", "unless", "speaker",
        "scope", "examples", "bad", "good", "suggest", "fix", "timezone", "select", "ignore", "jobs", "x"]
SCALARS = ["forbidden", "required", "алло", "'вы (ошибаетесь|не поняли)'", "warning", "agent", "1", "-3", "1e999",
           "12:00", "2026-05-16", "2026-13-45", "null", "~", "yes", "''", '"\\u0000"', "'[да]'", "'...5 нет'",
           "9" * 50, "!!int x", "!!binary Zm9v", "!!python/name:os.system", "!foo bar", "!!set {a}",
           "&a [1, 2]", "*a", "*undefined", "[*a, *a, *a]", "{<<: *a}"]


def _nodes(children):
    mapping = st.lists(st.tuples(st.sampled_from(KEYS), children), max_size=4).map(
        lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")
    sequence = st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
    anchored = st.tuples(st.sampled_from("abc"), st.one_of(mapping, sequence)).map(lambda av: f"&{av[0]} {av[1]}")
    return st.one_of(mapping, sequence, anchored)


FLOW = st.recursive(st.sampled_from(SCALARS), _nodes, max_leaves=20)
BLOCK = st.lists(st.tuples(st.sampled_from(KEYS), FLOW), max_size=5).map(
    lambda pairs: "".join(f"{k}: {v}\n" for k, v in pairs))
# the shape of a real pack, with random values in it
PACK = st.tuples(FLOW, FLOW, FLOW, FLOW).map(
    lambda v: f"pack: {{name: x}}\nrules:\n  - id: r\n    type: {v[0]}\n    message: {v[1]}\n"
              f"    phrases: {v[2]}\n    severity: {v[3]}\n")
NOISE = st.text(alphabet=st.sampled_from(list("&*!:-[]{},'\"#|>?@`%\t\n ") + ["a", "я", "\ufeff", "\x00"]),
                max_size=80)
YAML = st.one_of(BLOCK, PACK, FLOW, NOISE)


def assert_located(problems, name):
    assert problems
    for problem in problems:
        assert problem.path == name and problem.line >= 1 and problem.column >= 1 and problem.message, problem


@FAST
@given(YAML)
def test_a_random_rule_file_is_a_pack_or_located_problems(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("pack") / "r.yaml"
    path.write_text(text, encoding="utf-8")
    ruleset = rulepack.RuleSet(phrases=PhraseSet())
    started = time.perf_counter()
    rules = rulepack.load_file(path, ruleset)
    assert time.perf_counter() - started < 5.0
    if ruleset.problems:
        assert_located(ruleset.problems, str(path))
    else:
        assert all(rule.id for rule in rules)


@FAST
@given(st.one_of(BLOCK, FLOW, NOISE))
def test_a_random_config_is_a_config_or_located_problems(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("config") / "phrasecheck.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        config.load(path)
    except config.ConfigError as exc:
        assert_located(exc.problems, str(path))


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 12), st.integers(2, 12))
def test_aliases_of_aliases_are_built_or_refused_at_once(fan_out, levels):
    text = "a0: &a0 [lol, lol]\n" + "".join(
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * fan_out)}]\n" for n in range(1, levels))
    started = time.perf_counter()
    try:
        yamlfile.load(text, "bomb.yaml")
        assert 2 * fan_out ** (levels - 1) <= yamlfile.MAX_ALIASED_VALUES  # what the last one expands to
    except yamlfile.LoadError as exc:
        assert_located(exc.problems, "bomb.yaml")
        assert "aliases («*name»)" in exc.problems[0].message
    assert time.perf_counter() - started < 2.0
