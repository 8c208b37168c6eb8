"""Precision and recall of phrasecheck's recommended techniques ("practices") on a labelled corpus.

Runs the real CLI over eval/practices/calls (JSON Lines report, eval/practices/phrasecheck.yaml as the
config), compares its `"record": "practice"` lines and its violations of the three expectation rules
(polite-refusal, alternative, summary) with eval/practices/labels.yaml, and prints per technique TP, FP,
FN, precision and recall, the same per expectation rule, then every false positive and miss with the
call, the utterance and its text. A practice is the triple (call, technique, utterance): several matches
of one technique in one utterance are one; a `summary` violation is one per call, wherever it points.

The matching, the figures and the listing are eval/score.py's (imported from its path), run once for the
practices and once for the expectations.

Exit code: 0 whatever the figures (this is a measurement), 2 if the measurement itself failed (the CLI
could not run or could not read a call, the labels are malformed, name an unknown technique or rule, or
do not cover exactly the calls of the corpus).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def _load_base():
    """eval/score.py, the violation corpus's scorer: its matching and listing are reused here."""
    spec = importlib.util.spec_from_file_location("eval_score", ROOT / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


base = _load_base()
EvalError = base.EvalError

# The catalogue's technique ids (stable: reports and configs name them).
TECHNIQUES = ("paraphrase", "clarification", "acknowledgement", "empathy", "apology", "take-ownership",
              "alternative", "polite-refusal", "summary", "i-message", "uses-client-name",
              "thanks-for-waiting", "offer-help")
# Techniques with an expectation: where the situation calls for one and it does not come, a violation.
EXPECTATIONS = ("polite-refusal", "alternative", "summary")
WHOLE_CALL = {"summary"}
FIGURES = ("tp", "fp", "fn", "precision", "recall")


def load_labels(path: Path) -> dict:
    """call id -> {"file", "practices": [(technique, indices)], "violations": [(rule, indices or None)]}."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EvalError(f"{path}: cannot read the labels: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("calls"), dict) or not data["calls"]:
        raise EvalError(f"{path}: expected a mapping with `calls`: call id -> its practices and violations")
    calls = {}
    for call_id, entry in data["calls"].items():
        where = f"{path}: call {call_id}"
        if not isinstance(entry, dict) or not {"practices", "violations"} <= set(entry):
            raise EvalError(f"{where}: needs `practices` and `violations` (empty lists where there are none)")
        practices = [_label(item, "technique", TECHNIQUES, where) for item in _items(entry, "practices", where)]
        violations = [_label(item, "rule", EXPECTATIONS, where) for item in _items(entry, "violations", where)]
        for kind, labels in (("practice", practices), ("violation", violations)):
            repeated = [label for label, n in Counter(labels).items() if n > 1]
            if repeated:
                raise EvalError(f"{where}: the {kind} {repeated[0][0]} at {_shown(repeated[0][1])} is labelled twice")
        calls[str(call_id)] = {"file": entry.get("file"), "practices": practices, "violations": violations}
    return calls


def _items(entry: dict, key: str, where: str) -> list:
    items = entry[key]
    if items is None:
        return []
    if not isinstance(items, list):
        raise EvalError(f"{where}: `{key}` must be a list, got {items!r}")
    return items


def _label(item, key: str, known: tuple, where: str) -> tuple:
    if not isinstance(item, dict) or set(item) != {key, "utterance"}:
        raise EvalError(f"{where}: a label is `{{{key}: …, utterance: …}}`, got {item!r}")
    name, at = item[key], item["utterance"]
    if name not in known:
        kind = "technique" if key == "technique" else "expectation rule"
        raise EvalError(f"{where}: unknown {kind} «{name}» (known: {', '.join(known)})")
    if key == "rule" and name in WHOLE_CALL:
        if at is not None:
            raise EvalError(f"{where}: a {name} violation is about the whole call: its utterance must be null")
        return name, None
    indices = at if isinstance(at, list) else [at]
    if not indices or not all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in indices):
        raise EvalError(f"{where}: {name} needs an utterance index or a list of them, got {at!r}")
    return name, frozenset(indices)


def _shown(indices) -> str:
    return "the whole call" if indices is None else "utterance " + "/".join(map(str, sorted(indices)))


def run_tool(calls_dir: Path, config: Path | None, rules: list, builtin: bool) -> tuple[list, list, dict]:
    """The CLI's practices, violations and call records over the corpus."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "phrasecheck", "check", str(calls_dir), "--format", "jsonl",
               "--fail-on", "never", "--quiet"]
    command += ["--config", str(config)] if config else []
    command += [arg for rule_file in rules for arg in ("--rules", str(rule_file))]
    command += [] if builtin else ["--no-builtin"]
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8")
    practices, violations, calls = [], [], {}
    for line in proc.stdout.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            raise EvalError(f"phrasecheck wrote a line that is not JSON: {line[:200]!r}") from None
        kind = record.get("record")
        if kind == "error":
            raise EvalError(f"phrasecheck could not read {record.get('path')}: {record.get('error')}")
        if kind == "practice":
            practices.append(record)
        elif kind == "violation":
            violations.append(record)
        elif kind == "call":
            calls[record["call_id"]] = record
    if proc.returncode != 0:
        raise EvalError(f"phrasecheck exited with {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    return practices, violations, calls


def score(labels: dict, practices: list, violations: list, records: dict) -> dict:
    """Per technique and per expectation rule: TP, FP, FN, precision, recall; the FPs and misses."""
    found = base.score(_as_base(labels, "practices", TECHNIQUES, set()), practices, records)
    broken = base.score(_as_base(labels, "violations", EXPECTATIONS, WHOLE_CALL), violations, records)
    ignored = Counter(p["rule"] for p in practices if p["rule"] not in TECHNIQUES)
    return {
        "calls": len(labels),
        "practices": {rule: _figures(c) for rule, c in found["rules"].items()},
        "practices_total": _figures(found["total"]),
        "expectations": {rule: _figures(c) for rule, c in broken["rules"].items()},
        "expectations_total": _figures(broken["total"]),
        "false_positives": [dict(item, kind="practice") for item in found["false_positives"]]
        + [dict(item, kind="violation") for item in broken["false_positives"]],
        "misses": [dict(item, kind="practice") for item in found["false_negatives"]]
        + [dict(item, kind="violation") for item in broken["false_negatives"]],
        "ignored_practices": dict(sorted(ignored.items())),
    }


def _as_base(labels: dict, key: str, rules: tuple, whole: set) -> dict:
    """The labels in eval/score.py's shape: its `score` matches them."""
    calls = {call_id: {"file": entry["file"], "findings": entry[key], "skipped": []}
             for call_id, entry in labels.items()}
    return {"rules": list(rules), "whole": whole, "calls": calls}


def _figures(counts: dict) -> dict:
    return {k: counts[k] for k in FIGURES}


def check_indices(labels: dict, records: dict) -> None:
    """A label that points past a call's last utterance can never be found: the labels are wrong. Checked
    where the report carries the call's transcript (a call with a finding or a practice)."""
    for call_id, entry in labels.items():
        count = len(records[call_id].get("transcript") or [])
        for name, indices in entry["practices"] + entry["violations"]:
            if count and indices is not None and max(indices) >= count:
                raise EvalError(f"call {call_id}: {name} at utterance {max(indices)}, "
                                f"but the call has {count} utterances (0–{count - 1})")


# The speaker labels of text transcripts (formats.md); the config's `speakers` add to them.
TEXT_LABELS = {"оператор", "агент", "менеджер", "специалист", "сотрудник", "operator", "agent",
               "клиент", "абонент", "покупатель", "звонящий", "customer", "client"}


def utterance_texts(records: dict, config: Path | None) -> dict:
    """call id -> [(speaker, text)] for showing FPs and misses: the report's transcript (calls with a
    finding or a practice), else read from the call's file; a text without speaker labels is a script,
    whose paragraphs are its utterances."""
    labels = TEXT_LABELS | _config_speakers(config)
    texts = {}
    for call_id, record in records.items():
        if record.get("transcript"):
            texts[call_id] = [(u["speaker"], u["text"].strip()) for u in record["transcript"]]
        elif Path(record["path"]).suffix.lower() in (".txt", ".md", ".markdown"):
            lines = _lines(Path(record["path"]))
            rows = [(m.group(1).strip(), m.group(2).strip()) for m in map(base.TXT_LINE.match, lines)
                    if m and m.group(1).strip().lower() in labels]
            texts[call_id] = rows or _script_paragraphs(lines)
        else:
            texts[call_id] = base._read_texts(record["path"], call_id)
    return texts


def _config_speakers(config: Path | None) -> set:
    try:
        speakers = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("speakers") if config else None
    except (OSError, yaml.YAMLError, AttributeError):
        return set()
    return {str(label).lower() for label in speakers} if isinstance(speakers, dict) else set()


_MARKUP = re.compile(r"^\s*(#|```|<!--)")
_LIST_ITEM = re.compile(r"^\s*([-*+]|\d{1,3}[.)])\s+")


def _lines(file: Path) -> list:
    try:
        return file.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _script_paragraphs(lines: list) -> list:
    """A script's utterances: its paragraphs and list items, Markdown headings left out."""
    paragraphs, current = [], []
    for line in lines + [""]:
        if not line.strip() or _MARKUP.match(line) or _LIST_ITEM.match(line):
            if current:
                paragraphs.append(("script", " ".join(current)))
            current = [_LIST_ITEM.sub("", line).strip()] if _LIST_ITEM.match(line) else []
        else:
            current.append(line.strip())
    return paragraphs


def print_report(result: dict, texts: dict) -> None:
    print(f"phrasecheck's practices on {result['calls']} labelled calls\n")
    _table("technique", result["practices"], result["practices_total"], "all techniques")
    print()
    _table("expectation (violations)", result["expectations"], result["expectations_total"], "all expectations")
    for kind, title in (("practice", "practices"), ("violation", "expectation violations")):
        base._print_list(f"False positives: {title} reported, not labelled",
                         [i for i in result["false_positives"] if i["kind"] == kind], texts)
        base._print_list(f"Misses: {title} labelled, not reported",
                         [i for i in result["misses"] if i["kind"] == kind], texts)
    if result["ignored_practices"]:
        ignored = ", ".join(f"{rule} ({n})" for rule, n in result["ignored_practices"].items())
        print(f"\nPractices of rules that are not catalogue techniques, not scored: {ignored}")


def _table(title: str, rows: dict, total: dict, total_name: str) -> None:
    def ratio(value):
        return "n/a" if value is None else f"{value:.2f}"

    head = f"{title:<26} {'labelled':>8} {'found':>6} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7}"
    print(head)
    print("-" * len(head))
    for name, c in list(rows.items()) + [(total_name, total)]:
        if name == total_name:
            print("-" * len(head))
        print(f"{name:<26} {c['tp'] + c['fn']:>8} {c['tp'] + c['fp']:>6} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} "
              f"{ratio(c['precision']):>9} {ratio(c['recall']):>7}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Precision and recall of phrasecheck's practices on a labelled corpus.")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--calls", type=Path, default=HERE / "calls", help="the corpus folder")
    parser.add_argument("--labels", type=Path, default=HERE / "labels.yaml", help="the labels file")
    parser.add_argument("--config", type=Path, default=HERE / "phrasecheck.yaml", help="phrasecheck config")
    parser.add_argument("--rules", type=Path, action="append", default=[],
                        help="an extra rule file or folder passed to phrasecheck (repeatable)")
    parser.add_argument("--no-builtin", action="store_true", help="do not load phrasecheck's built-in pack")
    args = parser.parse_args(argv)

    def measure():
        labels = load_labels(args.labels)
        rules = [path.resolve() for path in args.rules]
        practices, violations, records = run_tool(args.calls.resolve(), args.config.resolve(), rules,
                                                  not args.no_builtin)
        result = score(labels, practices, violations, records)
        check_indices(labels, records)
        return result, lambda: utterance_texts(records, args.config.resolve())

    return base.report(measure, args.json, print_report)

if __name__ == "__main__":
    sys.exit(main())
