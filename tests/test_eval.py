"""The labelled ASR corpus (eval/): phrasecheck's precision and recall per rule never fall below the
floors in eval/floors.yaml, and eval/score.py counts what it claims to count."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, write

EVAL = ROOT / "eval"
FLOORS = yaml.safe_load((EVAL / "floors.yaml").read_text(encoding="utf-8"))


def score(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(EVAL / "score.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


@pytest.fixture(scope="module")
def measured() -> dict:
    proc = score("--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("rule", list(FLOORS["rules"]))
def test_rule_scores_at_least_its_floor(measured, rule):
    floor, got = FLOORS["rules"][rule], measured["rules"][rule]
    for figure in ("precision", "recall"):
        if floor[figure] is not None:
            assert got[figure] is not None and got[figure] >= floor[figure], (
                f"{rule}: {figure} {got[figure]} fell below its floor {floor[figure]} "
                f"(TP {got['tp']}, FP {got['fp']}, FN {got['fn']}; run eval/score.py to see which calls)")


def test_all_rules_together_score_at_least_the_total_floor(measured):
    for figure in ("precision", "recall"):
        assert measured["total"][figure] >= FLOORS["total"][figure]


def test_every_rule_evaluated_has_a_floor_and_labelled_examples(measured):
    assert list(FLOORS["rules"]) == list(measured["rules"])
    unlabelled = [rule for rule, got in measured["rules"].items() if got["tp"] + got["fn"] == 0]
    assert unlabelled == []


# A tiny corpus whose every figure is known: one hit per rule for allo and slang, a false alarm and a
# miss for diminutives, a skip that is made.
CALL = {"call_id": "tiny-1", "utterances": [
    {"speaker": "agent", "start": 0.0, "end": 1.0, "text": "алло добрый день"},
    {"speaker": "client", "start": 1.5, "end": 2.5, "text": "блин алло"},
    {"speaker": "agent", "start": 3.0, "end": 4.0, "text": "ну короче щас посмотрю"},
    {"speaker": "agent", "start": 4.5, "end": 5.5, "text": "подождите минуточку"},
    {"speaker": "agent", "start": 6.0, "end": 7.0, "text": "часики придут завтра"}]}  # a diminutive it misses
LABELS = """\
rules: [allo, slang, diminutives, answer-speed]
whole_call_rules: [answer-speed]
calls:
  tiny-1:
    findings:
      - {rule: allo, utterance: 0}
      - {rule: slang, utterance: [1, 2]}
      - {rule: diminutives, utterance: 4}
    skipped: [answer-speed]
"""


@pytest.fixture
def tiny(tmp_path):
    write(tmp_path / "calls" / "tiny.json", json.dumps(CALL, ensure_ascii=False))
    write(tmp_path / "labels.yaml", LABELS)
    write(tmp_path / "config.yaml", "select: [allo, slang, diminutives, answer-speed]\n")
    return tmp_path


def tiny_args(folder, labels="labels.yaml"):
    return ["--calls", str(folder / "calls"), "--labels", str(folder / labels), "--config", str(folder / "config.yaml")]


def test_score_counts_hits_false_alarms_misses_and_skips(tiny):
    proc = score("--json", *tiny_args(tiny))
    assert proc.returncode == 0, proc.stderr
    rules = json.loads(proc.stdout)["rules"]
    assert rules["allo"] == {"tp": 1, "fp": 0, "fn": 0, "skips_expected": 0, "skips_met": 0,
                             "precision": 1.0, "recall": 1.0}
    assert (rules["slang"]["tp"], rules["slang"]["fp"], rules["slang"]["fn"]) == (1, 0, 0)
    assert rules["diminutives"] == {"tp": 0, "fp": 1, "fn": 1, "skips_expected": 0, "skips_met": 0,
                                    "precision": 0.0, "recall": 0.0}
    assert rules["answer-speed"] == {"tp": 0, "fp": 0, "fn": 0, "skips_expected": 1, "skips_met": 1,
                                     "precision": None, "recall": None}


def test_score_lists_false_alarms_and_misses_with_their_words(tiny):
    proc = score(*tiny_args(tiny))
    assert proc.returncode == 0, proc.stderr
    lines = [" ".join(line.split()) for line in proc.stdout.splitlines()]
    # rule, labelled, found, TP, FP, FN, precision, recall, skips
    assert "diminutives 1 1 0 1 1 0.00 0.00 -" in lines
    assert "answer-speed 0 0 0 0 0 n/a n/a 1/1" in lines
    assert "diminutives tiny-1 #3 agent: «подождите минуточку» [минуточку]" in lines  # a false alarm
    assert "diminutives tiny-1 #4 agent: «часики придут завтра»" in lines  # a miss


def test_score_refuses_labels_that_name_an_unknown_rule(tiny):
    write(tiny / "bad.yaml", LABELS.replace("{rule: allo, utterance: 0}", "{rule: allo-typo, utterance: 0}"))
    proc = score(*tiny_args(tiny, "bad.yaml"))
    assert proc.returncode == 2
    assert "call tiny-1: unknown rule «allo-typo»" in proc.stderr


def test_score_refuses_a_corpus_call_without_labels(tiny):
    write(tiny / "calls" / "tiny-2.json", json.dumps({**CALL, "call_id": "tiny-2"}, ensure_ascii=False))
    proc = score(*tiny_args(tiny))
    assert proc.returncode == 2
    assert "calls without labels: tiny-2" in proc.stderr
