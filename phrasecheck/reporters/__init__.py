"""Reporters only format findings. Each gets, in order: `file(result)` for every
input (a FileResult: findings, calls with scores and transcripts, errors), then
`finish(summary)` once, then `close()`.

A registry: `FORMATS` maps each format name to its reporter, whose module is
imported only when the format is used (openpyxl is slow to import).
`create(name, output, **options)` opens the output (a path, or standard output
when None) the way the format needs it: text formats as UTF-8 text, binary
formats (xlsx) only to a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .common import OutputError, TextOutput

__all__ = ["FORMATS", "Format", "OutputError", "TextOutput", "create"]


@dataclass(frozen=True)
class Format:
    load: Callable[[], type]  # the reporter class, its module imported now
    binary: bool = False  # writes a file, never standard output: needs --output


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
    from .html import HtmlReporter
    return HtmlReporter


def _sarif():
    from .sarif import SarifReporter
    return SarifReporter


def _github():
    from .github import GithubReporter
    return GithubReporter


# format name → its reporter, in the order --help lists them
FORMATS = {
    "console": Format(_console),
    "json": Format(_json),
    "jsonl": Format(_jsonl),
    "csv": Format(_csv),
    "xlsx": Format(_xlsx, binary=True),
    "html": Format(_html),
    "sarif": Format(_sarif),
    "github": Format(_github),
}


def create(name: str, output: Path | None = None, **options):
    fmt = FORMATS[name]
    if fmt.binary and output is None:
        raise OutputError(f"--format {name} writes a file: give it with --output")
    return fmt.load()(output, **options)
