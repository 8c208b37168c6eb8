"""JSON Lines: one call a line (formats.md §2). An export can be far larger than
memory, so it is read lazily, and split into parts of lines checked in parallel."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Iterable, Iterator

from ..model import Call
from .base import ReaderOptions, ReadError, Source, line_parts
from .jsoncall import Invalid, build, syntax

SUFFIXES = (".jsonl",)
parts = line_parts


def read(source: Source, options: ReaderOptions) -> Iterator[Call | ReadError]:
    """The calls of the whole file, or of one part's lines."""
    if source.part is not None:
        yield from _calls(source.path, source.lines, options)
        return
    try:
        handle = open(source.path, "rb")
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from None
    with handle:
        yield from _calls(source.path, enumerate(handle, 1), options)


def _calls(path: str, numbered: Iterable[tuple[int, bytes]], options: ReaderOptions) -> Iterator[Call | ReadError]:
    """Calls from (line number, raw bytes) pairs."""
    stem = Path(path).stem
    for number, raw in numbered:
        if number == 1:
            if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                # Every "line" would be garbage: say so once, for the whole file.
                raise ReadError("JSON Lines must be UTF-8; this file is UTF-16", line=1)
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        try:
            item = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield ReadError(f"not UTF-8 (byte {exc.start + 1}: {exc.reason}); JSON Lines must be UTF-8",
                            line=number)
            continue
        except json.JSONDecodeError as exc:
            yield ReadError(syntax(exc), line=number)
            continue
        except RecursionError:
            yield ReadError("not readable JSON: nested too deeply", line=number)
            continue
        try:
            yield build(item, path, f"{stem}:{number}", options, line=number)
        except Invalid as exc:
            yield ReadError(str(exc), line=number)
