"""JSON documents: one call, or a list of calls, in a file read whole (formats.md §2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from ..model import Call
from .base import ReaderOptions, ReadError, Source, whole_file
from .decoding import decode
from .jsoncall import Invalid, build, syntax

SUFFIXES = (".json",)
parts = whole_file  # a JSON document cannot be split: it is parsed whole


def read(source: Source, options: ReaderOptions) -> Iterator[Call | ReadError]:
    path = source.path
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from None
    try:
        document = json.loads(decode(data, options.encoding).text)
    except json.JSONDecodeError as exc:
        raise ReadError(syntax(exc), line=exc.lineno) from None
    except RecursionError:
        raise ReadError("not readable JSON: nested too deeply") from None
    stem = Path(path).stem
    if isinstance(document, list):
        # Several calls in one file: a bad one is skipped, the rest are still checked.
        for number, item in enumerate(document, 1):
            try:
                yield build(item, path, f"{stem}#{number}", options, line=None)
            except Invalid as exc:
                yield ReadError(f"call {number} of the list: {exc}")
    else:
        try:
            yield build(document, path, stem, options, line=None)
        except Invalid as exc:
            raise ReadError(str(exc)) from None
