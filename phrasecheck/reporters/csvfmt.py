"""CSV: one row per violation, for spreadsheets and scripts.

Written as UTF-8 with a byte-order mark: without it Excel reads the file in the
system's ANSI code page and Cyrillic turns into mojibake. The call's agent and
score live in its CallResult, so each finding is matched to its call by call id.
"""

from __future__ import annotations

import csv
import sys

from ..model import CallResult, FileResult, Finding, Summary
from . import OutputError, TextOutput

COLUMNS = ("path", "call_id", "agent", "line", "column", "utterance", "start", "speaker", "rule",
           "severity", "text", "message", "suggestions", "score")
SUGGESTION_SEPARATOR = " | "
# A cell starting with one of these is taken for a formula by spreadsheet programs
# («+7 912…» becomes #NAME?, and «=HYPERLINK(…)» in a transcript would run).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def defuse(value):
    """Plain text stays text when the CSV is opened in a spreadsheet (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def row(finding: Finding, call: CallResult | None) -> list:
    """The values of COLUMNS for one violation."""
    return [finding.path, finding.call_id, call.agent if call else None, finding.line, finding.column,
            finding.utterance, finding.start, finding.speaker, finding.rule, str(finding.severity),
            finding.text, finding.message, SUGGESTION_SEPARATOR.join(finding.suggestions),
            call.score if call else None]


class CsvReporter:
    def __init__(self, output=None, csv_delimiter: str = ",", **options) -> None:
        if len(csv_delimiter) != 1:
            raise OutputError(f"--csv-delimiter must be one character, not «{csv_delimiter}»")
        # the file codec writes the BOM itself; on standard output it is written by hand
        self.out = TextOutput(output, encoding="utf-8-sig")
        if output is None:
            self.out.stream.write("\ufeff")
        self.writer = csv.writer(self.out.stream, delimiter=csv_delimiter)
        self.writer.writerow(COLUMNS)

    def file(self, result: FileResult) -> None:
        calls = calls_by_id(result)
        for finding in result.findings:
            self.writer.writerow(["" if v is None else defuse(v) for v in row(finding, call_of(finding, calls))])

    def finish(self, summary: Summary) -> None:
        pass  # every row was written as it came

    def close(self) -> None:
        self.out.close()
