"""Precision and recall of phrasecheck per rule on the labelled ASR corpus.

Runs the real CLI over eval/calls (JSON Lines report, eval/phrasecheck.yaml as the config), compares
its findings with eval/labels.yaml and prints, per rule, TP, FP, FN, precision and recall, then every
false positive, miss and unmet skip with the call, the utterance and its text. A finding is the triple
(call, rule, utterance); several matches of one rule in one utterance are one finding, and a
whole-call rule has at most one finding per call. `--json` prints the figures as JSON.

Exit code: 0 whatever the figures (this is a measurement), 2 if the measurement itself failed (the CLI
could not run or could not read a call, the labels are malformed or do not cover the corpus).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval"
TXT_LINE = re.compile(r"^(?:\[[\d:.]+\]\s*)?([^:\[\]#]{1,40}):\s?(.*)$")


class EvalError(Exception):
    """The measurement could not be made: says why."""


def load_labels(path: Path) -> dict:
    """The labels file, checked: rules under evaluation, whole-call rules, and per call its findings
    as (rule, accepted utterance indices or None) and its expected skips."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EvalError(f"{path}: cannot read the labels: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("calls"), dict):
        raise EvalError(f"{path}: expected a mapping with `rules`, `whole_call_rules` and `calls`")
    rules = list(data.get("rules") or [])
    whole = set(data.get("whole_call_rules") or [])
    if not rules or not whole <= set(rules):
        raise EvalError(f"{path}: `rules` must list every rule evaluated, `whole_call_rules` some of them")
    calls = {}
    for call_id, entry in data["calls"].items():
        where = f"{path}: call {call_id}"
        findings = [_finding(item, rules, whole, where) for item in (entry or {}).get("findings") or []]
        skipped = list((entry or {}).get("skipped") or [])
        for rule in skipped:
            if rule not in rules:
                raise EvalError(f"{where}: skipped rule «{rule}» is not among the rules evaluated")
        calls[str(call_id)] = {"file": (entry or {}).get("file"), "findings": findings, "skipped": skipped}
    return {"rules": rules, "whole": whole, "calls": calls}


def _finding(item, rules: list, whole: set, where: str) -> tuple:
    if not isinstance(item, dict) or "rule" not in item or "utterance" not in item:
        raise EvalError(f"{where}: a finding needs `rule` and `utterance`, got {item!r}")
    rule, at = item["rule"], item["utterance"]
    if rule not in rules:
        raise EvalError(f"{where}: unknown rule «{rule}» (not among the rules evaluated)")
    if rule in whole:
        if at is not None:
            raise EvalError(f"{where}: {rule} is a whole-call rule: its utterance must be null")
        return rule, None
    indices = at if isinstance(at, list) else [at]
    if not indices or not all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in indices):
        raise EvalError(f"{where}: {rule} needs an utterance index or a list of them, got {at!r}")
    return rule, frozenset(indices)


def run_tool(calls_dir: Path, config: Path) -> tuple[list, dict]:
    """The CLI's violations and call records over the corpus."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "phrasecheck", "check", str(calls_dir), "--format", "jsonl",
               "--config", str(config), "--fail-on", "never", "--quiet"]
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        raise EvalError(f"phrasecheck exited with {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    violations, calls = [], {}
    for line in proc.stdout.splitlines():
        record = json.loads(line)
        kind = record.get("record")
        if kind == "violation":
            violations.append(record)
        elif kind == "call":
            calls[record["call_id"]] = record
        elif kind == "error":
            raise EvalError(f"phrasecheck could not read {record.get('path')}: {record.get('error')}")
    return violations, calls


def score(labels: dict, violations: list, records: dict) -> dict:
    """Per-rule counts and the lists of false positives, misses and unmet skips."""
    missing = sorted(set(records) - set(labels["calls"]))
    unknown = sorted(set(labels["calls"]) - set(records))
    if missing or unknown:
        raise EvalError("labels and corpus disagree: " + "; ".join(
            filter(None, [missing and f"calls without labels: {', '.join(missing)}",
                          unknown and f"labelled calls not in the corpus: {', '.join(unknown)}"])))
    found = defaultdict(dict)  # (call, rule) -> {utterance or None: violation}
    for v in violations:
        if v["rule"] in labels["rules"]:
            at = None if v["rule"] in labels["whole"] else v["utterance"]
            found[(v["call_id"], v["rule"])].setdefault(at, v)
    reported = {(v["call_id"], v["rule"]) for v in violations}
    counts = {rule: {"tp": 0, "fp": 0, "fn": 0, "skips_expected": 0, "skips_met": 0} for rule in labels["rules"]}
    fps, fns, skips = [], [], []
    for call_id, entry in labels["calls"].items():
        for rule, accepted in entry["findings"]:
            pool = found.get((call_id, rule), {})
            hits = [at for at in pool if accepted is None or at in accepted]
            for at in hits:
                del pool[at]
            counts[rule]["tp" if hits else "fn"] += 1
            if not hits:
                fns.append({"call": call_id, "rule": rule, "utterance": _first(accepted)})
        skipped = {s["rule"] for s in records[call_id].get("skipped", [])}
        for rule in entry["skipped"]:
            counts[rule]["skips_expected"] += 1
            if rule in skipped:
                counts[rule]["skips_met"] += 1
            else:
                skips.append({"call": call_id, "rule": rule,
                              "instead": "reported" if (call_id, rule) in reported else "passed"})
    for (call_id, rule), pool in found.items():
        for at, v in pool.items():
            counts[rule]["fp"] += 1
            fps.append({"call": call_id, "rule": rule, "utterance": v["utterance"], "text": v["text"]})
    for figures in counts.values():
        _ratios(figures)
    total = {k: sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn", "skips_expected", "skips_met")}
    return {"calls": len(labels["calls"]), "rules": counts, "total": _ratios(total),
            "false_positives": fps, "false_negatives": fns, "unmet_skips": skips}


def _first(accepted):
    return None if accepted is None else min(accepted)


def _ratios(figures: dict) -> dict:
    tp, fp, fn = figures["tp"], figures["fp"], figures["fn"]
    figures["precision"] = round(tp / (tp + fp), 4) if tp + fp else None
    figures["recall"] = round(tp / (tp + fn), 4) if tp + fn else None
    return figures


def utterance_texts(records: dict) -> dict:
    """call id -> [(speaker label, text)] for showing FPs and misses: the report's transcript where it
    has one (calls with violations), else read from the call's file."""
    texts = {}
    for call_id, record in records.items():
        if record.get("transcript"):
            texts[call_id] = [(u["speaker"], u["text"].strip()) for u in record["transcript"]]
        else:
            texts[call_id] = _read_texts(record["path"], call_id)
    return texts


def _read_texts(path: str, call_id: str) -> list:
    file = Path(path) if Path(path).is_absolute() else ROOT / path
    try:
        raw = file.read_text(encoding="utf-8-sig")
    except OSError:
        return []
    if file.suffix == ".txt":
        rows = [TXT_LINE.match(line) for line in raw.splitlines() if line.strip() and not line.startswith("#")]
        return [(m.group(1).strip(), m.group(2)) for m in rows if m]
    items = [json.loads(line) for line in raw.splitlines() if line.strip()] if file.suffix == ".jsonl" \
        else [json.loads(raw)]
    for item in items:
        if file.suffix != ".jsonl" or item.get("call_id") == call_id:
            speech = item.get("utterances") or item.get("segments") or []
            return [(str(u.get("speaker")), u.get("text", "").strip()) for u in speech]
    return []


def print_report(result: dict, texts: dict) -> None:
    def ratio(value):
        return "n/a" if value is None else f"{value:.2f}"

    head = f"{'rule':<22} {'labelled':>8} {'found':>6} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7} {'skips':>6}"
    print(f"phrasecheck on {result['calls']} labelled calls\n")
    print(head)
    print("-" * len(head))
    rows = list(result["rules"].items()) + [("all rules", result["total"])]
    for rule, c in rows:
        if rule == "all rules":
            print("-" * len(head))
        skips = f"{c['skips_met']}/{c['skips_expected']}" if c["skips_expected"] else "-"
        print(f"{rule:<22} {c['tp'] + c['fn']:>8} {c['tp'] + c['fp']:>6} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} "
              f"{ratio(c['precision']):>9} {ratio(c['recall']):>7} {skips:>6}")
    _print_list("False positives (reported, not labelled)", result["false_positives"], texts)
    _print_list("Misses (labelled, not reported)", result["false_negatives"], texts)
    if result["unmet_skips"]:
        print(f"\nSkips not made ({len(result['unmet_skips'])}): the rule should have been skipped")
        for s in sorted(result["unmet_skips"], key=lambda s: (s["rule"], s["call"])):
            print(f"  {s['rule']:<22} {s['call']:<34} ({s['instead']} instead)")


def _print_list(title: str, items: list, texts: dict) -> None:
    print(f"\n{title} ({len(items)}):")
    for item in sorted(items, key=lambda i: (i["rule"], i["call"], i["utterance"] if i["utterance"] is not None else -1)):
        at = item["utterance"]
        utterances = texts.get(item["call"], [])
        said = f"{utterances[at][0]}: «{utterances[at][1]}»" if at is not None and at < len(utterances) else "(whole call)"
        matched = f" [{item['text']}]" if item.get("text") else ""
        where = f"#{at}" if at is not None else "—"
        print(f"  {item['rule']:<22} {item['call']:<34} {where:>4}  {said}{matched}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Precision and recall of phrasecheck per rule on eval/calls.")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--calls", type=Path, default=EVAL / "calls", help="the corpus folder")
    parser.add_argument("--labels", type=Path, default=EVAL / "labels.yaml", help="the labels file")
    parser.add_argument("--config", type=Path, default=EVAL / "phrasecheck.yaml", help="phrasecheck config")
    args = parser.parse_args(argv)

    def measure():
        labels = load_labels(args.labels)
        violations, records = run_tool(args.calls.resolve(), args.config.resolve())
        return score(labels, violations, records), lambda: utterance_texts(records)

    return report(measure, args.json, print_report)


def report(measure, as_json: bool, print_table) -> int:
    """Run `measure` (→ the figures, and a function giving the utterances' texts) and print
    the figures as JSON or as `print_table` does; exit 2 for what is no measurement."""
    try:
        result, texts = measure()
        shown = None if as_json else texts()
    except EvalError as exc:
        print(f"score.py: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug here or output the script does not understand: not a measurement
        print(f"score.py: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print_table(result, shown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
