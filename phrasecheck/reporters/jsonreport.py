"""JSON (one document) and JSON Lines (one violation per line). The record
fields are the public contract documented in README «Report fields»."""

from __future__ import annotations

import json

from .. import __version__
from ..model import FileResult, Summary
from .common import Reporter, TextOutput


# characters json.dumps leaves as they are that many readers of lines take for a line
# break (str.splitlines, editors): escaped, so that one record stays one line
LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


class JsonReporter(Reporter):
    def __init__(self, output=None, **options) -> None:
        self.out = TextOutput(output)
        self.stream = self.out.stream
        self.violations: list[dict] = []
        self.errors: list[dict] = []
        self.calls: list[dict] = []

    def file(self, result: FileResult) -> None:
        self.violations.extend(f.to_dict() for f in result.findings)
        self.calls.extend(c.to_dict() for c in result.calls)
        self.errors.extend({"path": result.path, "error": error} for error in result.errors)

    def finish(self, summary: Summary) -> None:
        document = {"tool": "phrasecheck", "version": __version__, "summary": summary.to_dict(),
                    "violations": self.violations, "calls": self.calls, "errors": self.errors}
        json.dump(document, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")


class JsonLinesReporter(Reporter):
    """One record per line, written as results come: every violation
    (`"record": "violation"`), then each call (`"record": "call"`, with its score and
    transcript) and each unreadable input (`"record": "error"`), and a last
    `"record": "summary"` line. `phrasecheck report` rebuilds any report from it
    (readers/results.py reads it back)."""

    def __init__(self, output=None, **options) -> None:
        self.out = TextOutput(output)
        self.stream = self.out.stream

    def _write(self, record: dict) -> None:
        line = json.dumps(record, ensure_ascii=False)
        if "\x85" in line or "\u2028" in line or "\u2029" in line:  # rare; translate is slow on long text
            line = line.translate(LINE_BREAKS)
        self.stream.write(line)
        self.stream.write("\n")

    def file(self, result: FileResult) -> None:
        for finding in result.findings:
            self._write({"record": "violation", **finding.to_dict()})
        for call in result.calls:
            self._write({"record": "call", **call.to_dict(transcript=True)})
        for error in result.errors:
            self._write({"record": "error", "path": result.path, "error": error})

    def finish(self, summary: Summary) -> None:
        self._write({"record": "summary", "tool": "phrasecheck", "version": __version__, **summary.to_dict()})
