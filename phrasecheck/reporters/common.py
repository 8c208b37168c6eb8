"""What several reporters share: the output they write to, and the helpers of
the reports that are tables of violations (csv, xlsx, html)."""

from __future__ import annotations

import codecs
import errno
import heapq
import io
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..model import CallResult, FileResult, Finding
from ..summary import Summary

# a severity as the reports QA staff read in Russian (HTML, XLSX) name it
SEVERITY_LABELS = {"error": "ошибка", "warning": "предупреждение", "info": "замечание"}
SUGGESTION_SEPARATOR = " | "  # between a violation's suggestions in one table cell
# how text is encoded in every report: a lone surrogate (JSON allows "\ud800"; a file
# name in no valid encoding has some) becomes the escape `\ud800`, which a JSON
# reader reads back as the same string, instead of stopping the report
ERRORS = "backslashreplace"


class OutputError(Exception):
    """A report that cannot be written as asked (no --output for a binary format, a bad option)."""


class WriteError(OutputError):
    """Writing the report failed (a full disk, a closed pipe): `path` None is standard output."""

    def __init__(self, path: Path | None, error: OSError) -> None:
        self.path, self.error = path, error
        where = str(path) if path is not None else "standard output"
        super().__init__(f"{where}: cannot write the report: {error.strerror or error}")

    @property
    def closed_pipe(self) -> bool:
        """The reader of the pipe went away (`| head`): nothing is wrong."""
        return isinstance(self.error, BrokenPipeError)


class ReportFile:
    """A report file written whole or not at all: into a temporary file beside it,
    synced and renamed over it when complete, removed if anything fails, so that
    an old report is never left half overwritten and a new one never truncated.
    A path that is no regular file (/dev/stdout, /dev/null, a pipe) cannot be
    replaced: it is written directly. A symbolic link keeps pointing where it did."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temp: str | None = None
        try:
            info = os.stat(path)
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if info is not None and not stat.S_ISREG(info.st_mode):
            self.raw = open(path, "wb")  # noqa: SIM115 - closed by close() or discard()
            return
        self.target = os.path.realpath(path)
        if info is not None and not os.access(self.target, os.W_OK):  # a write-protected report stays so
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        folder, name = os.path.split(self.target)
        try:
            fd, self.temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        except PermissionError:
            if info is None:
                raise
            self.raw = open(path, "wb")  # noqa: SIM115 - a writable report in a folder that is not: in place
            return
        try:
            os.fchmod(fd, stat.S_IMODE(info.st_mode) if info else 0o666 & ~_umask())
        except (OSError, AttributeError):
            pass  # a file system (or a system) without modes: its default will do
        self.raw = os.fdopen(fd, "wb")

    def close(self) -> None:
        """The report is complete: put it in place."""
        self.raw.flush()
        if self.temp:
            os.fsync(self.raw.fileno())
        self.raw.close()
        if self.temp:
            os.replace(self.temp, self.target)
            self.temp = None

    def discard(self) -> None:
        """The report failed: leave no trace of it (an old report stays as it was)."""
        try:
            self.raw.close()
        except OSError:
            pass
        if self.temp:
            try:
                os.unlink(self.temp)
            except OSError:
                pass
            self.temp = None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def stdout_text():
    """Standard output for a text report, surrogates escaped like in a report file."""
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper) and stream.errors != ERRORS:
        stream.reconfigure(errors=ERRORS)
    return stream


class TextOutput:
    """A reporter's text stream: the file it was asked to write (see ReportFile),
    or standard output."""

    def __init__(self, output: Path | None, encoding: str = "utf-8") -> None:
        self.path = output
        self.file = ReportFile(output) if output is not None else None
        self.stream = (io.TextIOWrapper(self.file.raw, encoding=encoding, errors=ERRORS, newline="")
                       if self.file else stdout_text())

    def close(self) -> None:
        self.stream.flush()
        if self.file:
            self.file.close()

    def discard(self) -> None:
        if self.file:
            self.file.discard()

    def bytes_stream(self):
        """The byte stream under `stream`, where writing text as UTF-8 bytes is the same
        as writing it to `stream` (a report file; standard output in UTF-8 with no
        newline translation), text written so far flushed; None: text goes to `stream`."""
        if self.file:
            self.stream.flush()
            return self.file.raw
        stream = self.stream
        if (isinstance(stream, io.TextIOWrapper) and codecs.lookup(stream.encoding).name == "utf-8"
                and os.linesep == "\n"):
            stream.flush()
            return stream.buffer
        return None


@dataclass
class Rendered:
    """A task's results as a report holds them, made where they were checked (a
    worker), so that the run's own process only writes them: the report's bytes,
    a Summary(score_log={}) of the results to merge, and their errors as (path, error)."""

    data: bytes
    summary: Summary
    errors: list[tuple[str, str]]


class Reporter:
    """What every reporter does at the end: `close()` when the report is complete,
    `discard()` when it failed (a half-written report file is removed)."""

    out: TextOutput

    def close(self) -> None:
        self.out.close()

    def discard(self) -> None:
        self.out.discard()


def findings_of(result: FileResult, practices: bool):
    """The file's violations in position order, with its practices merged in when asked."""
    if not practices:
        return result.findings
    return heapq.merge(result.findings, result.practices, key=Finding.sort_key)


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
