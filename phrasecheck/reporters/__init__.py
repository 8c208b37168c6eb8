"""Reporters only format findings. Each gets, in order: `file(result)` for every
input (a FileResult: findings, calls with scores and transcripts, errors), then
`finish(summary)` once, then `close()`.

A registry: `FORMATS` maps each format name to its reporter, whose module is
imported only when the format is used (openpyxl is slow to import). A reporter
may also take a task's results already written (`rendered(part)`, a
common.Rendered its `render(results)` made in the worker that checked them):
`renderer(name)` gives that function, or None.
`create(name, output, **options)` opens the output (a path, or standard output
when None) the way the format needs it: text formats as UTF-8 text, binary
formats (xlsx) only to a file. A report file is written whole or not at all
(common.ReportFile); every failure to write it is a WriteError naming it, and
`discard()` in place of `close()` leaves no half-written report behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .common import OutputError, Rendered, TextOutput, WriteError

__all__ = ["FORMATS", "Format", "OutputError", "Rendered", "TextOutput", "WriteError", "create", "renderer"]


@dataclass(frozen=True)
class Format:
    load: Callable[[], type]  # the reporter class, its module imported now
    binary: bool = False  # writes a file, never standard output: needs --output
    renders: bool = False  # its reporter has `render`: a worker can write a task's part of the report
    optional: bool = False  # needs an optional extra: `load` it before checking, to fail at once without it
    folder: bool = False  # may write a folder: `--output DIR/` (html: a page per agent; parquet: its tables)


def _console():
    from .console import ConsoleReporter
    return ConsoleReporter


def _json():
    from .jsonreport import JsonReporter
    return JsonReporter


def _jsonl():
    from .jsonreport import JsonLinesReporter
    return JsonLinesReporter


def _csv():
    from .csvreport import CsvReporter
    return CsvReporter


def _xlsx():
    from .xlsx import XlsxReporter
    return XlsxReporter


def _html():
    from .html import reporter  # one page, or a folder of pages (`folder=True`)
    return reporter


def _sarif():
    from .sarif import SarifReporter
    return SarifReporter


def _parquet():
    try:
        from .parquet import ParquetReporter
    except ImportError as exc:
        raise OutputError(f"--format parquet needs pyarrow ({exc.name} is not installed): "
                          "pip install 'phrasecheck[dask]'") from None
    return ParquetReporter


def _github():
    from .github import GithubReporter
    return GithubReporter


# format name → its reporter, in the order --help lists them
FORMATS = {
    "console": Format(_console),
    "json": Format(_json),
    "jsonl": Format(_jsonl, renders=True),
    "csv": Format(_csv),
    "xlsx": Format(_xlsx, binary=True),
    "html": Format(_html, folder=True),
    "sarif": Format(_sarif),
    "github": Format(_github),
    "parquet": Format(_parquet, binary=True, optional=True, folder=True),  # a folder of tables; pyarrow: the [dask] extra
}


class GuardedReporter:
    """A reporter whose failures to write (a full disk, a closed pipe) are
    WriteErrors naming the output, not errors of the run."""

    def __init__(self, reporter, output: Path | None) -> None:
        self.reporter, self.output = reporter, output

    @property
    def terminal(self):
        """The Rich console the report prints on a terminal through (a progress bar shares it), or None."""
        return getattr(self.reporter, "terminal", None)

    def _guard(self, action, *args) -> None:
        try:
            action(*args)
        except OSError as exc:
            raise WriteError(self.output, exc) from None

    def file(self, result) -> None:
        self._guard(self.reporter.file, result)

    def rendered(self, part: Rendered) -> None:
        self._guard(self.reporter.rendered, part)

    def finish(self, summary) -> None:
        self._guard(self.reporter.finish, summary)

    def close(self) -> None:
        self._guard(self.reporter.close)

    def discard(self) -> None:
        try:
            self.reporter.discard()
        except OSError:
            pass  # already failing: the first error is the one to tell


def renderer(name: str) -> Callable | None:
    """What turns a task's results into this format's part of a report, in a worker; None: none does."""
    fmt = FORMATS[name]
    return fmt.load().render if fmt.renders else None


def create(name: str, output: Path | None = None, **options) -> GuardedReporter:
    fmt = FORMATS[name]
    if fmt.binary and output is None:
        raise OutputError(f"--format {name} writes a file: give it with --output")
    reporter_class = fmt.load()
    try:
        return GuardedReporter(reporter_class(output, **options), output)
    except OSError as exc:
        raise WriteError(output, exc) from None
