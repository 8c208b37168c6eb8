"""JSON (one document) and JSON Lines (one violation per line). The record
fields are the public contract documented in README «Report fields»."""

from __future__ import annotations

import json

from .. import __version__
from ..model import FileResult, Summary


class JsonReporter:
    def __init__(self, stream) -> None:
        self.stream = stream
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


class JsonLinesReporter:
    def __init__(self, stream) -> None:
        self.stream = stream

    def file(self, result: FileResult) -> None:
        write = self.stream.write
        for finding in result.findings:
            write(json.dumps(finding.to_dict(), ensure_ascii=False))
            write("\n")

    def finish(self, summary: Summary) -> None:
        pass
