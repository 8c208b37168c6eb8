"""A call's compliance score, explainable point by point.

    score = min(100, max(0, 100 − Σ weight of each violation + credit))
    credit = min(cap, Σ credit of each technique used)

A violation weighs its rule's `weight`, else its severity's (error 10, warning 5,
info 1). A violation of a `critical` rule fails the call outright: score 0, whatever
was credited. Each distinct recommended technique the agent used (a practice)
gives back its rule's `credit` (2 by default) once per call, however often it was
used, up to `cap` in all (10 by default, the config's `credit_cap`); credits make
up for violations and never lift a score above 100. A rule skipped for a call (no
timestamps, no call time…) is not applicable: it neither takes points nor gives any.
"""

from __future__ import annotations

from .model import Credit, Deduction, Finding

SEVERITY_WEIGHTS = {"error": 10.0, "warning": 5.0, "info": 1.0}
DEFAULT_CREDIT = 2.0  # what a technique used gives back, where its rule sets no `credit`
DEFAULT_CREDIT_CAP = 10.0  # at most this much in one call, where the config sets no `credit_cap`


def practices_of(practices: list[Finding]) -> dict[str, int]:
    """Technique → times used in a call, in the order first used."""
    counts: dict[str, int] = {}
    for item in practices:
        counts[item.rule] = counts.get(item.rule, 0) + 1
    return counts


def credits(used: dict[str, int], rules: dict, cap: float = DEFAULT_CREDIT_CAP) -> list[Credit]:
    """The credit each distinct technique earned, in the order first used; what
    would pass the cap is cut (a technique past it is listed with 0 points)."""
    earned, left = [], cap
    for technique in used:
        rule = rules.get(technique)
        credit = rule.options.get("credit", DEFAULT_CREDIT) if rule is not None else DEFAULT_CREDIT
        points = float(min(credit, left))
        left -= points
        earned.append(Credit(technique, points))
    return earned


def score(findings: list[Finding], rules: dict,
          credited: list[Credit] = ()) -> tuple[float, bool, list[Deduction]]:
    """(score, failed outright, deductions) for one call's violations and credits."""
    deductions = []
    failed = False
    for item in findings:
        rule = rules.get(item.rule)
        weight = rule.weight if rule is not None and rule.weight is not None else SEVERITY_WEIGHTS[str(item.severity)]
        failed |= bool(rule is not None and rule.critical)
        deductions.append(Deduction(item.rule, str(item.severity), weight, item.utterance, item.text))
    total = 0.0 if failed else min(100.0, max(0.0, 100.0 - sum(d.points for d in deductions)
                                              + sum(c.points for c in credited)))
    return round(total, 1), failed, deductions
