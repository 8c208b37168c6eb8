"""The face every rule kind shows the rest of phrasecheck, and the option types."""

from __future__ import annotations

import pytest
from kindcheck import call, engine, problems

from phrasecheck import kinds
from phrasecheck.kinds import KINDS, docstring
from phrasecheck.kinds.check import Check
from phrasecheck.kinds.options import Choice, Option, Text


@pytest.mark.parametrize("name", KINDS)
def test_every_kind_has_the_same_face(name):
    kind = KINDS[name]
    assert kind.TYPE == name
    assert isinstance(kind.STRUCTURAL, bool)
    assert kind.OPTIONS and all(isinstance(o, Option) and o.help for o in kind.OPTIONS.values())
    assert callable(kind.build)
    assert docstring.parse(kind.__doc__).summary.startswith(f"{name} — ")


def test_only_phrase_rules_check_script_fragments():
    # a script fragment has no call shape: only what is said in it is judged (recommended: practices)
    assert [name for name, kind in KINDS.items() if not kind.STRUCTURAL] == ["forbidden", "recommended"]


def test_an_option_is_always_one_of_the_types():
    with pytest.raises(TypeError):
        Option(required=True)
    assert Choice(("a", "b")).describe() == "one of `a`, `b`"
    assert Text(required=True, help="h").required


def test_an_unknown_kind_names_the_known_ones_and_the_closest():
    assert kinds.get("timing") is KINDS["timing"]
    with pytest.raises(kinds.UnknownKind) as raised:
        kinds.get("timnig")
    assert str(raised.value) == ("unknown rule type «timnig»; known types: forbidden, required, greeting, "
                                 "conditional, timing, recommended (did you mean «timing»?)")


def test_an_unknown_or_missing_type_is_reported_before_the_other_keys(tmp_path):
    rules = """\
    - id: a
      type: forbiden
      message: m
      phrases: []
    - id: b
      message: m
    """
    assert problems(tmp_path, rules) == [
        "pack.yaml:4:11: rule «a»: unknown rule type «forbiden»; known types: forbidden, required, greeting, "
        "conditional, timing, recommended (did you mean «forbidden»?)",
        "pack.yaml:7:5: rule «b»: unknown rule type «None»; known types: forbidden, required, greeting, "
        "conditional, timing, recommended",
    ]


def test_the_keys_every_rule_shares_are_checked_for_every_kind(tmp_path):
    rules = """\
    - id: a
      type: timing
      measure: silence
      message: ""
      severity: fatal
      speaker: agnet
      scope: {opening: {minutes: 3}}
      when: {direction: []}
      weight: -1
      critical: yes please
      examples: {bad: [1], good: 2, ugly: 3}
    """
    assert problems(tmp_path, rules) == [
        "pack.yaml:6:14: «message» must be non-empty text",
        "pack.yaml:7:15: «severity» must be one of: info, warning, error",
        "pack.yaml:8:14: «speaker» must be one of: agent, client, any (did you mean «agent»?)",
        "pack.yaml:9:12: «scope» opening takes one of: turns, utterances, seconds, percent, not «minutes»",
        "pack.yaml:10:11: «when» must map call metadata to a value or a list, e.g. {direction: outbound}",
        "pack.yaml:11:13: «weight» must be a number ≥ 0",
        "pack.yaml:12:15: «critical» must be true or false",
        "pack.yaml:13:21: examples «bad» must be text or a list of texts",
        "pack.yaml:13:35: unknown key «ugly» in examples",
    ]


def test_fixed_phrases_tell_the_engine_where_a_rule_can_fire_placeholders_cannot(tmp_path):
    checker = engine(tmp_path, """\
    - id: fixed
      type: forbidden
      message: m
      phrases: [короче]
    - id: named
      type: forbidden
      message: m
      phrases: ["{agent} короче"]
    """)
    fixed, named = checker.ruleset.rules
    assert isinstance(fixed.check, Check) and fixed.check.phrase_ids
    assert named.check.phrase_ids is None
    findings, _ = checker.check_call(call(("agent", "Анна короче"), agent="Анна"))
    assert [(f.rule, f.text) for f in findings] == [("named", "Анна короче"), ("fixed", "короче")]


def test_a_docstring_case_line_becomes_a_call_record():
    case = docstring.parse_case("FAIL  {rings: 4, agent: Анна}  client «Алло»  agent 1.5–3 «Да»   # late")
    assert (case.passes, case.note) == (False, "late")
    assert case.record() == {"rings": "4", "agent": "Анна", "utterances": [
        {"speaker": "client", "text": "Алло"}, {"speaker": "agent", "text": "Да", "start": 1.5, "end": 3.0}]}


@pytest.mark.parametrize("line, message", [
    ("PASS  agent Алло", "cannot read the case at «agent Алло»: 'PASS  agent Алло'"),
    ("FAIL  agent «Алло» и ещё", "cannot read the case at «и ещё»: 'FAIL  agent «Алло» и ещё'"),
    ("PASS  {rings} agent «Алло»", "metadata are `key: value` pairs, not 'rings': 'PASS  {rings} agent «Алло»'"),
])
def test_a_docstring_case_that_cannot_be_read_says_where(line, message):
    with pytest.raises(ValueError) as raised:
        docstring.parse_case(line)
    assert str(raised.value) == message
