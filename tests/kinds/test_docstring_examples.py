"""Every rule kind's docstring shows example rules and the calls they pass and
fail (format: phrasecheck/kinds/docstring.py); docs/rules.md shows them too.
Each one is run here, through the real reader and engine."""

from __future__ import annotations

import json

import pytest
from kindcheck import load

from phrasecheck import examples
from phrasecheck.engine import Engine
from phrasecheck.kinds import KINDS, docstring
from phrasecheck.readers import ReaderOptions

CASES = [pytest.param(name, example.rule, case, id=f"{name}: {case.line}")
         for name, kind in KINDS.items()
         for example in docstring.parse(kind.__doc__).examples
         for case in example.cases]


@pytest.mark.parametrize("name", KINDS)
def test_every_kind_shows_rules_that_pass_and_fail_calls(name):
    cases = [case for example in docstring.parse(KINDS[name].__doc__).examples for case in example.cases]
    assert {case.passes for case in cases} == {True, False}


@pytest.mark.parametrize("name, rule_yaml, case", CASES)
def test_docstring_case(tmp_path, name, rule_yaml, case):
    ruleset = load(tmp_path, rule_yaml)
    assert ruleset.problems == []
    (rule,) = ruleset.rules
    assert rule.type == name
    call = examples.example_call(json.dumps(case.record(), ensure_ascii=False), rule, ReaderOptions())
    findings, practices, skipped = Engine(ruleset).examine(call)
    assert [s.reason for s in skipped] == []
    own = [f for f in findings if f.rule == rule.id]
    if case.passes:
        assert own == []
    else:
        assert own
    used = [p.text for p in practices if p.rule == rule.id]
    if case.passes:  # a FAIL case may use the technique too late
        assert bool(used) == case.uses, used
