"""JSON Lines: one call a line (formats.md §2). An export can be far larger than
memory, so it is read lazily, and split into parts of lines checked in parallel.
Each line is read on its own: whatever is wrong with one (even a bug of ours)
is reported with its line number, and the next line is read."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Iterable, Iterator

from ..model import Call
from .base import (MAX_LINE_BYTES, TOO_LONG, ReaderOptions, ReadError, Source, internal_error, line_parts,
                   numbered_lines, open_input)
from .fastjson import UNSURE
from .fastjson import loads as fast_loads
from .jsoncall import SURROGATE_NOTE, Invalid, build, loads, syntax

SUFFIXES = (".jsonl",)
parts = line_parts


def read(source: Source, options: ReaderOptions) -> Iterator[Call | ReadError]:
    """The calls of the whole file, or of one part's lines."""
    if source.part is not None:
        yield from _calls(source.path, source.lines, options)
        return
    with open_input(source.path) as handle:
        yield from _calls(source.path, numbered_lines(handle), options)


def _calls(path: str, numbered: Iterable[tuple[int, bytes]], options: ReaderOptions) -> Iterator[Call | ReadError]:
    """Calls from (line number, raw bytes) pairs."""
    stem = Path(path).stem
    for number, raw in numbered:
        if number == 1:
            if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                # Every "line" would be garbage: say so once, for the whole file.
                raise ReadError("JSON Lines must be UTF-8; this file is UTF-16", line=1)
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if raw[:1] in _BLANKS and not raw.strip():  # the first byte tells most lines from blank ones
            continue
        try:
            call = _fast_call(raw, path, f"{stem}:{number}", options, number)
            yield call if call is not None else _call(raw, path, f"{stem}:{number}", options, number)
        except Invalid as exc:
            yield ReadError(str(exc), line=number)
        except Exception as exc:  # a bug of ours: it says so, and costs this line only
            yield ReadError(internal_error(exc), line=number)


_BLANKS = b" \t\n\r\x0b\x0c"  # what bytes.strip() strips


def _fast_call(raw: bytes, path: str, call_id: str, options: ReaderOptions, number: int) -> Call | None:
    """The call of a line msgspec decodes (fastjson.py); raises Invalid saying what is
    wrong with it. None: the line is json's to decode, `_call`'s to read."""
    item = UNSURE if raw is TOO_LONG else fast_loads(raw)
    return None if item is UNSURE else build(item, path, call_id, options, line=number)


def _call(raw: bytes, path: str, call_id: str, options: ReaderOptions, number: int) -> Call:
    """The call of one line, decoded by json; raises Invalid saying what is wrong with it."""
    if raw is TOO_LONG:
        raise Invalid(f"longer than {MAX_LINE_BYTES // 2 ** 20} MiB: not read")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Invalid(f"not UTF-8 (byte {exc.start + 1}: {exc.reason}); JSON Lines must be UTF-8") from None
    try:
        item, replaced = loads(text)
    except json.JSONDecodeError as exc:
        raise Invalid(syntax(exc)) from None
    call = build(item, path, call_id, options, line=number)
    if replaced:
        call.notes.append(SURROGATE_NOTE)
    return call
