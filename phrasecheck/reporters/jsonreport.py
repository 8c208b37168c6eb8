"""JSON (one document) and JSON Lines (one record per line). The record
fields are the public contract documented in README «Report fields»."""

from __future__ import annotations

import json

from .. import __version__
from ..model import FileResult
from ..summary import Summary
from .common import Reporter, Rendered, TextOutput


class JsonReporter(Reporter):
    def __init__(self, output=None, **options) -> None:
        self.out = TextOutput(output)
        self.stream = self.out.stream
        self.violations: list[dict] = []
        self.practices: list[dict] = []
        self.errors: list[dict] = []
        self.calls: list[dict] = []

    def file(self, result: FileResult) -> None:
        self.violations.extend(f.to_dict() for f in result.findings)
        self.practices.extend(p.to_dict() for p in result.practices)
        self.calls.extend(c.to_dict() for c in result.calls)
        self.errors.extend({"path": result.path, "error": error} for error in result.errors)

    def finish(self, summary: Summary) -> None:
        document = {"tool": "phrasecheck", "version": __version__, "summary": summary.to_dict(),
                    "violations": self.violations, "practices": self.practices, "calls": self.calls,
                    "errors": self.errors}
        json.dump(document, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")


class JsonLinesReporter(Reporter):
    """One record per line, written as results come: every violation
    (`"record": "violation"`) and every practice (`"record": "practice"`), then
    each call (`"record": "call"`, with its score and transcript) and each
    unreadable input (`"record": "error"`), and a last `"record": "summary"` line.
    `phrasecheck report` rebuilds any report from it (readers/results.py reads it back).

    The lines of a task's results are made by the worker that checked them
    (`render`), the summary's figures with them; this process writes their bytes
    (`rendered`). Given FileResults (masked by --redact, less what --fix fixed) it
    makes the same lines itself (`file`)."""

    def __init__(self, output=None, **options) -> None:
        self.out = TextOutput(output)
        self.stream = self.out.stream
        self.raw = self.out.bytes_stream()  # None: lines go to `stream` as text
        # a terminal shows each line as it comes (standard output is line buffered there)
        self.flush_lines = self.raw is not None and output is None and self.stream.line_buffering

    @staticmethod
    def render(results: list[FileResult]) -> Rendered:
        """A task's results as lines, with their summary and errors (run in a worker)."""
        summary = Summary(score_log={})
        for result in results:
            summary.add(result)
        return Rendered(_lines(results), summary, [(r.path, error) for r in results for error in r.errors])

    def rendered(self, part: Rendered) -> None:
        self._write(part.data)

    def file(self, result: FileResult) -> None:
        self._write(_lines([result]))

    def finish(self, summary: Summary) -> None:
        from .jsonline import plain

        self._write(plain(summary_record(summary)))

    def _write(self, data: bytes) -> None:
        if self.raw is None:
            self.stream.write(data.decode("utf-8"))
            return
        self.raw.write(data)
        if self.flush_lines:
            self.raw.flush()


# fewer records than this are written by json.dumps alone (jsonline.plain): importing orjson
# and msgspec (7 ms) costs more than they save on them (a run on one small file)
FAST_FROM = 100


def _lines(results: list[FileResult]) -> bytes:
    """The lines of files' results: each file's violations, practices, calls and errors."""
    from . import jsonline

    records: list[dict] = []
    for result in results:
        records.extend(file_records(result))
    if len(records) >= FAST_FROM:
        return jsonline.encode_all(records)
    return b"".join(map(jsonline.plain, records))


def file_records(result: FileResult) -> list[dict]:
    """A file's records: its violations, practices, calls (with transcripts) and errors."""
    return [*({"record": "violation", **finding.to_dict()} for finding in result.findings),
            *({"record": "practice", **practice.to_dict()} for practice in result.practices),
            *({"record": "call", **call.to_dict(transcript=True)} for call in result.calls),
            *({"record": "error", "path": result.path, "error": error} for error in result.errors)]


def summary_record(summary: Summary) -> dict:
    """The last line of a JSON Lines report: the run's totals."""
    return {"record": "summary", "tool": "phrasecheck", "version": __version__, **summary.to_dict()}
