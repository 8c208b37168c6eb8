"""The data every layer shares: calls read from files, and findings about them."""

from __future__ import annotations

import bisect
import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> "Severity":
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


SEVERITY_NAMES = [str(s) for s in Severity]

AGENT, CLIENT = "agent", "client"


@dataclass(frozen=True, slots=True)  # slots: a transcript may have a million of them
class Utterance:
    """One turn of speech. `text` is the speech only (markup blanked out);
    `segments` map its character offsets back to the source file."""

    index: int
    speaker: str  # "agent" or "client"
    text: str
    line: int  # 1-based position of the first character of `text`
    column: int
    start: float | None = None  # seconds from the start of the call
    end: float | None = None
    # (offset in text, line, column) for every source line the text spans; () for one line
    segments: tuple[tuple[int, int, int], ...] = ()

    def position(self, offset: int) -> tuple[int, int]:
        """Source (line, column) of a character offset in `text`."""
        if not self.segments:
            return self.line, self.column + offset
        # the last segment starting at or before `offset` (segments sort by their offset first)
        seg = self.segments[bisect.bisect_right(self.segments, (offset, float("inf"))) - 1]
        return seg[1], seg[2] + offset - seg[0]


def _offset(segment: tuple[int, int, int]) -> int:
    return segment[0]


@dataclass(frozen=True)
class Suppression:
    """A `phrasecheck: disable…` comment in a script: rules off for a line, the next
    line, or a region (`disable` … `enable`). No rules named: all rules."""

    line: int
    column: int
    action: str  # disable-line | disable-next-line | disable | enable
    rules: tuple[str, ...] = ()


@dataclass
class Call:
    """A dialogue or a script, read from one file (or one line of a JSONL file).

    `metadata` holds checked values: `started_at` an aware datetime, `rings` an
    int, `answer_delay` a float; a value that failed its check is left out and
    `notes` says why, so no rule ever acts on a guess."""

    path: str
    utterances: list[Utterance]
    is_script: bool = False
    call_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    line: int | None = None  # the line of the call in a JSONL file
    notes: list[str] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    digest: str | None = None  # of the bytes read: --fix leaves a file alone if it has changed since

    @property
    def timed(self) -> bool:
        """Every utterance has a start time."""
        return bool(self.utterances) and all(u.start is not None for u in self.utterances)


class CannotJudge(Exception):
    """Raised by a rule that lacks what it needs for a call (timestamps, the call's
    time, a name…): the rule is skipped for that call, with this reason."""


@dataclass(frozen=True)
class Skip:
    """A rule that could not be applied to a call, and why (no time, no name…)."""

    rule: str
    reason: str


@dataclass(frozen=True)
class Deduction:
    """Points a violation took from its call's score."""

    rule: str
    severity: str
    points: float
    utterance: int | None
    text: str


@dataclass
class CallResult:
    """One checked call: its score, what was skipped, and its transcript for reports."""

    path: str
    call_id: str | None
    line: int | None = None
    agent: str | None = None
    started_at: str | None = None  # ISO 8601, as checked
    violations: int = 0
    score: float | None = None  # None: nothing was applicable
    failed: bool = False  # a critical rule was broken: the call fails outright
    deductions: list[Deduction] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # (speaker, start, end, text, line) of every utterance, for reports that show it
    transcript: list[tuple] = field(default_factory=list)

    def to_dict(self, transcript: bool = False) -> dict[str, Any]:
        data = {"path": self.path, "call_id": self.call_id, "line": self.line, "agent": self.agent,
                "started_at": self.started_at, "violations": self.violations, "score": self.score,
                "failed": self.failed,
                "deductions": [{"rule": d.rule, "severity": d.severity, "points": d.points,
                                "utterance": d.utterance, "text": d.text} for d in self.deductions],
                "skipped": [{"rule": s.rule, "reason": s.reason} for s in self.skipped],
                "notes": list(self.notes)}
        if transcript:
            data["transcript"] = [{"speaker": speaker, "start": start, "end": end, "text": text, "line": line}
                                  for speaker, start, end, text, line in self.transcript]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CallResult":
        return cls(
            path=data["path"], call_id=data.get("call_id"), line=data.get("line"), agent=data.get("agent"),
            started_at=data.get("started_at"), violations=data.get("violations", 0),
            score=data.get("score"), failed=data.get("failed", False),
            deductions=[Deduction(d["rule"], d["severity"], d["points"], d.get("utterance"), d.get("text", ""))
                        for d in data.get("deductions", ())],
            skipped=[Skip(s["rule"], s["reason"]) for s in data.get("skipped", ())], notes=list(data.get("notes", ())),
            transcript=[(u.get("speaker"), u.get("start"), u.get("end"), u["text"], u.get("line"))
                        for u in data.get("transcript", ())],
        )


@dataclass(frozen=True)
class Finding:
    """One violation. `sort_key` orders findings by position, then rule."""

    path: str
    line: int
    column: int
    rule: str
    call_id: str | None
    utterance: int | None
    start: float | None
    speaker: str | None
    severity: Severity
    message: str
    text: str
    suggestions: tuple[str, ...] = ()
    context: str = ""  # the utterance, for display
    span: tuple[int, int] = (0, 0)  # `text` within `context`
    fix: str | None = None  # a safe replacement for `text` (--fix), before inflection

    def sort_key(self):
        # utterance before column: every utterance of a JSONL call is on the call's line
        return (self.path, self.line, -1 if self.utterance is None else self.utterance, self.column, self.rule)

    def to_dict(self) -> dict[str, Any]:
        """The public record of a violation (see README, «Report fields»)."""
        return {
            "path": self.path,
            "call_id": self.call_id,
            "line": self.line,
            "column": self.column,
            "utterance": self.utterance,
            "start": self.start,
            "speaker": self.speaker,
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "text": self.text,
            "suggestions": list(self.suggestions),
            "context": self.context,
            "span": list(self.span),
            "fix": self.fix,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        """A finding back from its public record (for `phrasecheck report`)."""
        context, text = data.get("context", ""), data.get("text", "")
        span = tuple(data.get("span") or (0, 0))
        return cls(path=data["path"], line=data["line"], column=data["column"], rule=data["rule"],
                   call_id=data.get("call_id"), utterance=data.get("utterance"), start=data.get("start"),
                   speaker=data.get("speaker"), severity=Severity.parse(data["severity"]),
                   message=data.get("message", ""), text=text,
                   suggestions=tuple(data.get("suggestions", ())), context=context, span=span,
                   fix=data.get("fix"))


@dataclass
class FileResult:
    """What checking one input file produced."""

    path: str
    calls: list[CallResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # why the file, or a call in it, could not be read ("line 7: …" for one line of a JSONL file)
    errors: list[str] = field(default_factory=list)
    digest: str | None = None  # of a text file's bytes, as checked
    continues: bool = False  # a later part of a file split into parts of lines, not a file of its own


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
    """Totals of a run, kept as results stream in: per severity, per rule, per agent."""

    files: int = 0
    calls: int = 0
    unreadable: int = 0
    partial: bool = False  # the run was interrupted: what is here is what was finished
    skipped: dict[str, int] = field(default_factory=dict)  # rule → calls it was skipped for
    by_severity: dict[str, int] = field(default_factory=lambda: {s: 0 for s in SEVERITY_NAMES[::-1]})
    rules: dict[str, dict[str, int]] = field(default_factory=dict)  # rule → violations, calls
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
        for name, theirs in part.agents.items():
            agent = self._agent(name)
            for key in ("calls", "scored", "violations"):
                agent[key] += theirs[key]
            _add_counts(agent["rules"], theirs["rules"])
            for score in (part.score_log or {}).get(name, ()):
                agent["score_sum"] += score

    def _agent(self, name: str) -> dict[str, Any]:
        return self.agents.setdefault(name, {"calls": 0, "scored": 0, "score_sum": 0.0, "violations": 0, "rules": {}})

    @property
    def violations(self) -> int:
        return sum(self.by_severity.values())

    def agent_rows(self) -> list[dict[str, Any]]:
        """Per agent: calls, average score, violations per call, the rule broken most."""
        rows = []
        for name, a in sorted(self.agents.items()):
            worst = max(sorted(a["rules"]), key=lambda r: a["rules"][r], default=None)
            rows.append({"agent": name, "calls": a["calls"],
                         "average_score": round(a["score_sum"] / a["scored"], 1) if a["scored"] else None,
                         "violations_per_call": round(a["violations"] / a["calls"], 2) if a["calls"] else 0.0,
                         "worst_rule": worst})
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "calls": self.calls, "unreadable": self.unreadable,
                "partial": self.partial, "skipped": dict(self.skipped), "violations": self.violations,
                "by_severity": dict(self.by_severity),
                "rules": {k: dict(v) for k, v in sorted(self.rules.items())},
                "agents": self.agent_rows(), "scores": dict(self.scores)}
