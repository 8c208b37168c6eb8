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


@dataclass(frozen=True)
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
    # (offset in text, line, column) for every source line the text spans
    segments: tuple[tuple[int, int, int], ...] = ()

    def position(self, offset: int) -> tuple[int, int]:
        """Source (line, column) of a character offset in `text`."""
        if not self.segments:
            return self.line, self.column + offset
        starts = [s[0] for s in self.segments]
        seg = self.segments[bisect.bisect_right(starts, offset) - 1]
        return seg[1], seg[2] + offset - seg[0]


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

    @property
    def timed(self) -> bool:
        """Every utterance has a start time."""
        return bool(self.utterances) and all(u.start is not None for u in self.utterances)


@dataclass(frozen=True)
class Skip:
    """A rule that could not be applied to a call, and why (no time, no name…)."""

    rule: str
    reason: str


@dataclass
class CallResult:
    call_id: str | None
    line: int | None
    violations: int = 0
    skipped: list[Skip] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"call_id": self.call_id, "line": self.line, "violations": self.violations,
                "skipped": [{"rule": s.rule, "reason": s.reason} for s in self.skipped],
                "notes": list(self.notes)}


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
        }


@dataclass
class FileResult:
    """What checking one input file produced."""

    path: str
    calls: list[CallResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # why the file, or a call in it, could not be read ("line 7: …" for one line of a JSONL file)
    errors: list[str] = field(default_factory=list)


@dataclass
class Summary:
    """Totals of a run, kept as results stream in."""

    files: int = 0
    calls: int = 0
    unreadable: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # rule → calls it was skipped for
    by_severity: dict[str, int] = field(default_factory=lambda: {s: 0 for s in SEVERITY_NAMES[::-1]})

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.calls += len(result.calls)
        self.unreadable += len(result.errors)
        for call in result.calls:
            for skip in call.skipped:
                self.skipped[skip.rule] = self.skipped.get(skip.rule, 0) + 1
        for item in result.findings:
            self.by_severity[str(item.severity)] += 1

    @property
    def violations(self) -> int:
        return sum(self.by_severity.values())

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "calls": self.calls, "unreadable": self.unreadable,
                "skipped": dict(self.skipped), "violations": self.violations,
                "by_severity": dict(self.by_severity)}
