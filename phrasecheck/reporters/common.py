"""What several reporters share: the output they write to, and the helpers of
the reports that are tables of violations (csv, xlsx, html)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..model import CallResult, FileResult, Finding

SUGGESTION_SEPARATOR = " | "  # between a violation's suggestions in one table cell


class OutputError(Exception):
    """A report that cannot be written as asked (no --output for a binary format, a bad option)."""


class TextOutput:
    """A reporter's text stream: the file it was asked to write, or standard output."""

    def __init__(self, output: Path | None, encoding: str = "utf-8") -> None:
        self.path = output
        self.stream = output.open("w", encoding=encoding, newline="") if output else sys.stdout

    def close(self) -> None:
        if self.path:
            self.stream.close()
        else:
            self.stream.flush()


def calls_by_id(result: FileResult) -> dict:
    """call id → its CallResults (ids are unique per file but for hand-made JSON lists)."""
    calls: dict = {}
    for call in result.calls:
        calls.setdefault(call.call_id, []).append(call)
    return calls


def call_of(finding: Finding, calls: dict) -> CallResult | None:
    """The call a finding belongs to; among calls sharing an id, the one on its line (JSONL)."""
    candidates = calls.get(finding.call_id) or []
    if len(candidates) > 1:
        for call in candidates:
            if call.line is not None and call.line == finding.line:
                return call
    return candidates[0] if candidates else None


def clock(seconds: float | None) -> str | None:
    """Seconds from the start of the call as mm:ss (h:mm:ss past an hour), as
    transcripts write it (for the xlsx and html reports)."""
    if seconds is None:
        return None
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
