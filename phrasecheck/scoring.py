"""A call's compliance score, explainable point by point.

    score = max(0, 100 − Σ weight of each violation)

A violation weighs its rule's `weight`, else its severity's (error 10, warning 5,
info 1). A violation of a `critical` rule fails the call outright: score 0. A rule
skipped for a call (no timestamps, no call time…) is not applicable: it neither
takes points nor gives any.
"""

from __future__ import annotations

from .model import Deduction, Finding

SEVERITY_WEIGHTS = {"error": 10.0, "warning": 5.0, "info": 1.0}


def score(findings: list[Finding], rules: dict) -> tuple[float, bool, list[Deduction]]:
    """(score, failed outright, deductions) for one call's findings."""
    deductions = []
    failed = False
    for item in findings:
        rule = rules.get(item.rule)
        weight = rule.weight if rule is not None and rule.weight is not None else SEVERITY_WEIGHTS[str(item.severity)]
        failed |= bool(rule is not None and rule.critical)
        deductions.append(Deduction(item.rule, str(item.severity), weight, item.utterance, item.text))
    total = 0.0 if failed else max(0.0, 100.0 - sum(d.points for d in deductions))
    return round(total, 1), failed, deductions
