"""Reporters only format findings. Each gets, in order: `file(result)` for every
input (a FileResult: findings, calls with scores and transcripts, errors), then
`finish(summary)` once, then `close()`.

`create(name, output, **options)` opens the output (a path, or standard output
when None) the way the format needs it: text formats as UTF-8 text, binary
formats (xlsx) only to a file.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path

# format name → (module, class, binary: needs --output)
FORMATS = {
    "console": ("console", "ConsoleReporter", False),
    "json": ("jsonfmt", "JsonReporter", False),
    "jsonl": ("jsonfmt", "JsonLinesReporter", False),
    "csv": ("csvfmt", "CsvReporter", False),
    "xlsx": ("xlsx", "XlsxReporter", True),
    "html": ("html", "HtmlReporter", False),
    "sarif": ("sarif", "SarifReporter", False),
    "github": ("github", "GithubReporter", False),
}


class OutputError(Exception):
    pass


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


def create(name: str, output: Path | None = None, **options):
    module_name, class_name, binary = FORMATS[name]
    if binary and output is None:
        raise OutputError(f"--format {name} writes a file: give it with --output")
    reporter_class = getattr(import_module(f".{module_name}", __name__), class_name)
    return reporter_class(output, **options)
