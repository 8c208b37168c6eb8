"""JSON (one document) and JSON Lines (one violation per line). The record
fields are the public contract documented in README «Report fields»."""

from __future__ import annotations

import json

from .. import __version__
from ..model import CallResult, FileResult, Finding, Summary
from . import TextOutput


class JsonReporter:
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

    def close(self) -> None:
        self.out.close()


class JsonLinesReporter:
    """One record per line, written as results come: every violation
    (`"record": "violation"`), then each call (`"record": "call"`, with its score and
    transcript) and each unreadable input (`"record": "error"`), and a last
    `"record": "summary"` line. `phrasecheck report` rebuilds any report from it."""

    def __init__(self, output=None, **options) -> None:
        self.out = TextOutput(output)
        self.stream = self.out.stream

    def _write(self, record: dict) -> None:
        self.stream.write(json.dumps(record, ensure_ascii=False))
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

    def close(self) -> None:
        self.out.close()


def read_results(lines) -> tuple[list[FileResult], bool]:
    """FileResults back from JSON Lines results, in their order, and whether the run
    was partial. Raises ValueError naming the line that is not a result record."""
    results: dict[str, FileResult] = {}
    partial = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            kind = record.pop("record")
            if kind == "summary":
                partial = bool(record.get("partial"))
                continue
            result = results.setdefault(record["path"], FileResult(record["path"]))
            if kind == "violation":
                result.findings.append(Finding.from_dict(record))
            elif kind == "call":
                result.calls.append(CallResult.from_dict(record))
            elif kind == "error":
                result.errors.append(record["error"])
            else:
                raise ValueError(f"unknown record «{kind}»")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"line {number}: not a phrasecheck result record ({exc})") from None
    return list(results.values()), partial
