"""Shared by the tests of rule kinds: a small rule file loaded the way the CLI
loads it, and calls checked in-process by the real engine."""

from __future__ import annotations

import textwrap
from pathlib import Path

from phrasecheck.engine import Engine
from phrasecheck.model import Call, Finding, Utterance
from phrasecheck.readers import ReaderOptions, metadata, read_calls
from phrasecheck.rulepack import RuleSet, load_file

HEADER = "pack: {name: test, language: ru}\nrules:\n"


def load(tmp_path: Path, rules: str) -> RuleSet:
    """Load `rules` (items of a rule file's `rules:` list) from tmp_path/pack.yaml."""
    path = tmp_path / "pack.yaml"
    path.write_text(HEADER + textwrap.indent(textwrap.dedent(rules), "  "), encoding="utf-8")
    ruleset = RuleSet()
    ruleset.rules = load_file(path, ruleset)
    return ruleset


def problems(tmp_path: Path, rules: str) -> list[str]:
    """What `rules validate` prints about the rules, with the file named pack.yaml."""
    prefix = str(tmp_path / "pack.yaml")
    return [str(p).replace(prefix, "pack.yaml", 1) for p in sorted(load(tmp_path, rules).problems)]


def engine(tmp_path: Path, rules: str) -> Engine:
    ruleset = load(tmp_path, rules)
    assert ruleset.problems == []
    return Engine(ruleset)


def call(*turns, **meta) -> Call:
    """A dialogue: turns are (speaker, text) or (speaker, start, end, text);
    metadata as a transcript's headers give them, checked by the reader's rules."""
    utterances = []
    for index, turn in enumerate(turns):
        speaker, *times, text = turn
        start, end = times or (None, None)
        utterances.append(Utterance(index, speaker, text, index + 1, 1, start, end))
    return metadata.check(Call("call.txt", utterances, metadata=dict(meta)), ReaderOptions())


def read(tmp_path: Path, transcript: str) -> Call:
    """A call read from a text transcript by the real reader."""
    path = tmp_path / "call.txt"
    path.write_text(textwrap.dedent(transcript), encoding="utf-8")
    calls = list(read_calls(str(path), ReaderOptions()))
    assert len(calls) == 1 and isinstance(calls[0], Call)
    return calls[0]


def verdict(checker: Engine, checked: Call, rule_id: str) -> tuple[list[Finding], list[str]]:
    """The rule's findings in the call, and why it was skipped (if it was)."""
    findings, skipped = checker.check_call(checked)
    return [f for f in findings if f.rule == rule_id], [s.reason for s in skipped if s.rule == rule_id]


def texts(checker: Engine, checked: Call, rule_id: str) -> list[str]:
    """The words each finding of the rule points at; asserts the rule was not skipped."""
    found, skipped = verdict(checker, checked, rule_id)
    assert skipped == []
    return [f.text for f in found]
