"""Every built-in call-structure and timing rule, on its own good and bad example
calls, written out as a text transcript, a JSON call and a line of a JSONL file,
and checked in one batch through the CLI: the format must not change the verdict."""

from __future__ import annotations

import json

from conftest import write
from phrasecheck.examples import example_call
from phrasecheck.readers import ReaderOptions
from phrasecheck.rulepack import load_rules

RULES = [r for r in load_rules([]).rules if r.structural]


def as_json(call) -> dict:
    meta = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in call.metadata.items()}
    return {**meta, "utterances": [{"speaker": u.speaker, "start": u.start, "end": u.end, "text": u.text}
                                   for u in call.utterances]}


def as_text(call) -> str | None:
    if any(u.end is not None for u in call.utterances):
        return None  # end times have no place in the text format
    lines = [f"# {k}: {v.isoformat() if hasattr(v, 'isoformat') else v}" for k, v in call.metadata.items()]
    for u in call.utterances:
        stamp = f"[{int(u.start // 60):02d}:{u.start % 60:04.1f}] " if u.start is not None else ""
        label = "Оператор" if u.speaker == "agent" else "Клиент"
        lines.append(f"{stamp}{label}: " + u.text.replace("\n", "\n  "))
    return "\n".join(lines) + "\n"


def test_structure_rules_give_the_same_verdict_in_every_format(cli, tmp_path):
    expected: dict[tuple[str, str], bool] = {}  # (call id, rule) → must be flagged
    jsonl_lines = []
    for rule in RULES:
        for kind in ("bad", "good"):
            for number, source in enumerate(rule.examples[kind]):
                call = example_call(source, rule, ReaderOptions())
                call_id = f"{rule.id}-{kind}-{number}"
                data = {**as_json(call), "call_id": call_id}
                expected[(call_id, rule.id)] = kind == "bad"
                write(tmp_path / "calls" / f"{call_id}.json", json.dumps(data, ensure_ascii=False))
                jsonl_lines.append(json.dumps({**data, "call_id": call_id + "-l"}, ensure_ascii=False))
                expected[(call_id + "-l", rule.id)] = kind == "bad"
                text = as_text(call)
                if text is not None:
                    write(tmp_path / "calls" / f"{call_id}-t.txt", f"# call_id: {call_id}-t\n" + text)
                    expected[(call_id + "-t", rule.id)] = kind == "bad"
    write(tmp_path / "calls" / "all.jsonl", "\n".join(jsonl_lines) + "\n")
    report = cli("check", "calls", "--format", "json").json()
    assert report["errors"] == []
    flagged = {(v["call_id"], v["rule"]) for v in report["violations"]}
    wrong = [f"{cid}: {rule} {'missed' if bad else 'false alarm'}"
             for (cid, rule), bad in expected.items() if ((cid, rule) in flagged) != bad]
    assert wrong == []
    formats = {cid.rsplit("-", 1)[-1] if cid[-2:] in ("-l", "-t") else "json" for cid, _ in expected}
    assert formats == {"l", "t", "json"}
    assert len(expected) >= 3 * len(RULES) * 2
