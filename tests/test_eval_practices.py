"""The labelled corpus of recommended techniques (eval/practices/): the built-in pack finds each
technique, and each expectation's violations, with precision and recall never below the floors in
eval/practices/floors.yaml, on the development calls and on the held-out ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT

PRACTICES = ROOT / "eval" / "practices"
FLOORS = yaml.safe_load((PRACTICES / "floors.yaml").read_text(encoding="utf-8"))
CORPORA = {
    "dev": (),
    "holdout": ("--calls", str(PRACTICES / "holdout" / "calls"), "--labels", str(PRACTICES / "holdout" / "labels.yaml")),
}


def measure(corpus: str) -> dict:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, str(PRACTICES / "score.py"), "--json", *CORPORA[corpus]], cwd=ROOT,
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module", params=list(CORPORA))
def measured(request) -> tuple[str, dict]:
    return request.param, measure(request.param)


def test_every_technique_and_expectation_scores_at_least_its_floor(measured):
    corpus, got = measured
    low = []
    for group in ("practices", "expectations"):
        for rule, floor in FLOORS[corpus][group].items():
            figures = got[group][rule]
            for figure in ("precision", "recall"):
                if floor[figure] is not None and (figures[figure] is None or figures[figure] < floor[figure]):
                    low.append(f"{group} {rule}: {figure} {figures[figure]} < {floor[figure]} "
                               f"(TP {figures['tp']}, FP {figures['fp']}, FN {figures['fn']})")
    assert low == [], f"{corpus}: run eval/practices/score.py to see which calls"


def test_every_catalogue_technique_is_labelled_and_has_a_floor(measured):
    corpus, got = measured
    assert sorted(FLOORS[corpus]["practices"]) == sorted(got["practices"])
    assert sorted(FLOORS[corpus]["expectations"]) == sorted(got["expectations"])
    assert [rule for rule, figures in got["practices"].items() if figures["tp"] + figures["fn"] == 0] == []
