"""Running the `examples` of rules: `bad` ones must be flagged by their rule,
`good` ones must not. A `recommended` rule's technique is the other way round:
`good` examples must be found as its practice (and break nothing), `bad` ones
must not be. The test suite runs them for every built-in rule.

An example is one utterance of the rule's speaker (the agent's first, in a
dialogue), or a small call: `Оператор:` / `Клиент:` lines with optional
`# key: value` headers, or a JSON call object (for timing, which needs end times).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .engine import Engine
from .model import Call, Finding, Utterance
from .readers import ReaderOptions, ReadError, metadata, text
from .readers.jsoncall import parse as parse_json_call
from .rulepack import Rule


@dataclass
class ExampleResult:
    rule: str
    kind: str  # "bad" or "good"
    text: str
    passed: bool
    detail: str  # what went wrong, for the report


def example_call(source: str, rule: Rule, options: ReaderOptions) -> Call:
    if source.lstrip().startswith("{"):
        call = parse_json_call(json.loads(source), "<example>", "example", options)
    else:
        call = text.parse(source, "<example>", options)
        if call.is_script:  # one plain sentence: what the rule's speaker says first
            speaker = "client" if rule.speaker == "client" else "agent"
            utterances = [Utterance(u.index, speaker, u.text, u.line, u.column, u.start, u.end, u.segments)
                          for u in call.utterances]
            call = Call(call.path, utterances, False, call.call_id, call.metadata)
    return metadata.check(call, options)


def run(engine: Engine, rules: list[Rule]) -> list[ExampleResult]:
    results = []
    for rule in rules:
        for kind in ("bad", "good"):
            for source in rule.examples[kind]:
                results.append(_run_one(engine, rule, kind, source))
    return results


def _run_one(engine: Engine, rule: Rule, kind: str, source: str) -> ExampleResult:
    try:
        call = example_call(source, rule, engine.reader_options)
    except (ReadError, ValueError) as exc:
        return ExampleResult(rule.id, kind, source, False, f"unreadable example: {exc}")
    findings, practices, skipped = engine.examine(call)
    own: list[Finding] = [f for f in findings if f.rule == rule.id]
    reasons = [s.reason for s in skipped if s.rule == rule.id]
    if reasons:
        return ExampleResult(rule.id, kind, source, False, "skipped: " + "; ".join(reasons))
    if rule.type == "recommended":
        used = [p for p in practices if p.rule == rule.id]
        if kind == "good":
            problem = "; ".join(f"flagged «{f.text}»" if f.text else "flagged" for f in own) or \
                ("" if used else "not found")
            return ExampleResult(rule.id, kind, source, not problem, problem)
        detail = "; ".join(f"found «{p.text}»" for p in used)
        return ExampleResult(rule.id, kind, source, not used, detail)
    if kind == "bad":
        return ExampleResult(rule.id, kind, source, bool(own), "" if own else "not flagged")
    detail = "; ".join(f"flagged «{f.text}»" if f.text else "flagged" for f in own)
    return ExampleResult(rule.id, kind, source, not own, detail)
