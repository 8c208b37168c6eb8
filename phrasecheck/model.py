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
# what a Finding is: a standard broken, or a recommended technique used (credited, never failing a run)
VIOLATION, PRACTICE = "violation", "practice"


# Not frozen, but never changed (dataclasses.replace makes a changed copy): a frozen dataclass
# is made six times slower, and a run makes one per utterance. Hashed by its fields all the same.
@dataclass(slots=True, unsafe_hash=True)  # slots: a transcript may have a million of them
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


@dataclass(frozen=True)
class Credit:
    """Points a technique the agent used gave back to its call's score."""

    rule: str
    points: float


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
    practices: dict[str, int] = field(default_factory=dict)  # technique → times used, in order of first use
    credits: list[Credit] = field(default_factory=list)
    script: bool = False  # a script (a text with no speaker labels), not a call; not in saved results

    def to_dict(self, transcript: bool = False) -> dict[str, Any]:
        data = {"path": self.path, "call_id": self.call_id, "line": self.line, "agent": self.agent,
                "started_at": self.started_at, "violations": self.violations, "score": self.score,
                "failed": self.failed,
                "deductions": [{"rule": d.rule, "severity": d.severity, "points": d.points,
                                "utterance": d.utterance, "text": d.text} for d in self.deductions],
                "skipped": [{"rule": s.rule, "reason": s.reason} for s in self.skipped],
                "notes": list(self.notes), "practices": dict(self.practices),
                "credits": [{"rule": c.rule, "points": c.points} for c in self.credits]}
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
            practices=dict(data.get("practices") or {}),
            credits=[Credit(c["rule"], c["points"]) for c in data.get("credits", ())],
        )


@dataclass(slots=True, unsafe_hash=True)  # never changed: not frozen for speed, as Utterance
class Finding:
    """One violation, or one practice (`kind`): a recommended technique the agent used,
    found and located the same way. `sort_key` orders findings by position, then rule."""

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
    kind: str = VIOLATION  # or PRACTICE

    def sort_key(self):
        # utterance before column: every utterance of a JSONL call is on the call's line
        return (self.path, self.line, -1 if self.utterance is None else self.utterance, self.column, self.rule)

    def to_dict(self) -> dict[str, Any]:
        """The public record of a violation or a practice (see README, «Report fields»):
        a practice has no severity, suggestions or fix."""
        if self.kind == PRACTICE:
            return {"path": self.path, "call_id": self.call_id, "line": self.line, "column": self.column,
                    "utterance": self.utterance, "start": self.start, "speaker": self.speaker,
                    "rule": self.rule, "message": self.message, "text": self.text,
                    "context": self.context, "span": list(self.span)}
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
    def from_dict(cls, data: dict[str, Any], kind: str = VIOLATION) -> "Finding":
        """A finding back from its public record (for `phrasecheck report`)."""
        context, text = data.get("context", ""), data.get("text", "")
        span = tuple(data.get("span") or (0, 0))
        severity = Severity.parse(data["severity"]) if kind == VIOLATION else Severity.INFO
        return cls(path=data["path"], line=data["line"], column=data["column"], rule=data["rule"],
                   call_id=data.get("call_id"), utterance=data.get("utterance"), start=data.get("start"),
                   speaker=data.get("speaker"), severity=severity,
                   message=data.get("message", ""), text=text,
                   suggestions=tuple(data.get("suggestions", ())), context=context, span=span,
                   fix=data.get("fix"), kind=kind)


@dataclass
class FileResult:
    """What checking one input file produced."""

    path: str
    calls: list[CallResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # violations
    # why the file, or a call in it, could not be read ("line 7: …" for one line of a JSONL file)
    errors: list[str] = field(default_factory=list)
    digest: str | None = None  # of a text file's bytes, as checked
    continues: bool = False  # a later part of a file split into parts of lines, not a file of its own
    practices: list[Finding] = field(default_factory=list)  # techniques used (Finding.kind PRACTICE)
