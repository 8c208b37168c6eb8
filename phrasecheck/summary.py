"""The totals of a run, kept as results stream in: per severity, per rule, per
technique, per agent, and the spread of scores. Mergeable: a worker's part of a
run's results, added here, gives what adding those results one by one gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import SEVERITY_NAMES, FileResult

SCORE_BUCKETS = ("0–49", "50–69", "70–79", "80–89", "90–99", "100")


def _add_counts(totals: dict[str, int], more: dict[str, int]) -> None:
    for key, count in more.items():
        totals[key] = totals.get(key, 0) + count


def score_bucket(score: float) -> str:
    for bound, name in ((50, "0–49"), (70, "50–69"), (80, "70–79"), (90, "80–89"), (100, "90–99")):
        if score < bound:
            return name
    return "100"


@dataclass
class Summary:
    """Totals of a run, kept as results stream in: per severity, per rule, per technique, per agent."""

    files: int = 0
    calls: int = 0
    unreadable: int = 0
    partial: bool = False  # the run was interrupted: what is here is what was finished
    skipped: dict[str, int] = field(default_factory=dict)  # rule → calls it was skipped for
    by_severity: dict[str, int] = field(default_factory=lambda: {s: 0 for s in SEVERITY_NAMES[::-1]})
    rules: dict[str, dict[str, int]] = field(default_factory=dict)  # rule → violations, calls
    practices: dict[str, dict[str, int]] = field(default_factory=dict)  # technique → uses, calls
    agents: dict[str, dict[str, Any]] = field(default_factory=dict)
    scores: dict[str, int] = field(default_factory=lambda: {b: 0 for b in SCORE_BUCKETS})
    # each agent's scores in order, kept by a part to `merge` (a sum of floats depends on the order)
    score_log: dict[str, list[float]] | None = None

    def add(self, result: FileResult) -> None:
        if not result.continues:  # a large JSONL file comes in several parts, one file
            self.files += 1
        self.calls += len(result.calls)
        self.unreadable += len(result.errors)
        for item in result.findings:
            self.by_severity[str(item.severity)] += 1
        per_call: dict[tuple, set] = {}
        for item in result.findings:
            entry = self.rules.setdefault(item.rule, {"violations": 0, "calls": 0})
            entry["violations"] += 1
            per_call.setdefault((item.call_id, item.rule), set())
        for _call_id, rule in per_call:
            self.rules[rule]["calls"] += 1
        for call in result.calls:
            for skip in call.skipped:
                self.skipped[skip.rule] = self.skipped.get(skip.rule, 0) + 1
            agent = self._agent(call.agent or "—")
            agent["calls"] += 1
            agent["violations"] += call.violations
            for deduction in call.deductions:
                agent["rules"][deduction.rule] = agent["rules"].get(deduction.rule, 0) + 1
            for technique, uses in call.practices.items():
                entry = self.practices.setdefault(technique, {"uses": 0, "calls": 0})
                entry["uses"] += uses
                entry["calls"] += 1
                agent["practices"][technique] = agent["practices"].get(technique, 0) + 1
            if call.score is not None:
                agent["scored"] += 1
                agent["score_sum"] += call.score
                self.scores[score_bucket(call.score)] += 1
                if self.score_log is not None:
                    self.score_log.setdefault(call.agent or "—", []).append(call.score)

    def merge(self, part: "Summary") -> None:
        """Add the totals of a part, a Summary(score_log={}) of later results (a task's, made in a
        worker): the same as adding those results here one by one."""
        self.files, self.calls, self.unreadable = (self.files + part.files, self.calls + part.calls,
                                                   self.unreadable + part.unreadable)
        _add_counts(self.by_severity, part.by_severity)
        _add_counts(self.skipped, part.skipped)
        _add_counts(self.scores, part.scores)
        for rule, counts in part.rules.items():
            _add_counts(self.rules.setdefault(rule, {"violations": 0, "calls": 0}), counts)
        for technique, counts in part.practices.items():
            _add_counts(self.practices.setdefault(technique, {"uses": 0, "calls": 0}), counts)
        for name, theirs in part.agents.items():
            agent = self._agent(name)
            for key in ("calls", "scored", "violations"):
                agent[key] += theirs[key]
            _add_counts(agent["rules"], theirs["rules"])
            _add_counts(agent["practices"], theirs["practices"])
            scores = (part.score_log or {}).get(name, ())
            for score in scores:
                agent["score_sum"] += score
            if self.score_log is not None and scores:  # a part itself merged on: associative
                self.score_log.setdefault(name, []).extend(scores)

    def _agent(self, name: str) -> dict[str, Any]:
        return self.agents.setdefault(name, {"calls": 0, "scored": 0, "score_sum": 0.0, "violations": 0,
                                             "rules": {}, "practices": {}})

    @property
    def violations(self) -> int:
        return sum(self.by_severity.values())

    def agent_rows(self) -> list[dict[str, Any]]:
        """Per agent: calls, average score, violations per call, the rule broken most, and in how
        many calls they used each technique."""
        rows = []
        for name, a in sorted(self.agents.items()):
            worst = max(sorted(a["rules"]), key=lambda r: a["rules"][r], default=None)
            rows.append({"agent": name, "calls": a["calls"],
                         "average_score": round(a["score_sum"] / a["scored"], 1) if a["scored"] else None,
                         "violations_per_call": round(a["violations"] / a["calls"], 2) if a["calls"] else 0.0,
                         "worst_rule": worst, "practices": dict(sorted(a["practices"].items()))})
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "calls": self.calls, "unreadable": self.unreadable,
                "partial": self.partial, "skipped": dict(self.skipped), "violations": self.violations,
                "by_severity": dict(self.by_severity),
                "rules": {k: dict(v) for k, v in sorted(self.rules.items())},
                "practices": {k: dict(v) for k, v in sorted(self.practices.items())},
                "agents": self.agent_rows(), "scores": dict(self.scores)}
