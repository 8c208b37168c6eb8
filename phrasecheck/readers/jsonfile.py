"""JSON documents: one call, or a list of calls, in a file read whole (formats.md §2).

In a list each call is read on its own: a bad one (even one that meets a bug of
ours) is reported and the others are read. Two calls of a list with the same
`call_id` stay two calls: the later one is reported as `ID#N` (N its place in
the list) and a note says so, so no report mixes up their scores or agents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from ..model import Call
from .base import ReaderOptions, ReadError, Source, internal_error, read_bytes, whole_file
from .decoding import decode
from .jsoncall import SURROGATE_NOTE, Invalid, build, loads, syntax

SUFFIXES = (".json",)
parts = whole_file  # a JSON document cannot be split: it is parsed whole


def read(source: Source, options: ReaderOptions) -> Iterator[Call | ReadError]:
    path = source.path
    decoded = decode(read_bytes(path), options.encoding, replace_damage=True)
    try:
        document, replaced = loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise ReadError(syntax(exc), line=exc.lineno) from None
    except Invalid as exc:
        raise ReadError(str(exc)) from None
    notes = [note for note in (decoded.note(), replaced and SURROGATE_NOTE) if note]
    stem = Path(path).stem
    if not isinstance(document, list):
        try:
            call = build(document, path, stem, options, line=None)
        except Invalid as exc:
            raise ReadError(str(exc)) from None
        call.notes.extend(notes)
        yield call
        return
    seen: dict[str, int] = {}  # call id → its place in the list, for ids given twice
    for number, item in enumerate(document, 1):
        try:
            call = build(item, path, f"{stem}#{number}", options, line=None)
        except Invalid as exc:
            yield ReadError(f"call {number} of the list: {exc}")
            continue
        except Exception as exc:  # a bug of ours: it says so, and costs this call only
            yield ReadError(f"call {number} of the list: {internal_error(exc)}")
            continue
        call.notes.extend(notes)
        _distinct(call, number, seen)
        yield call


def _distinct(call: Call, number: int, seen: dict[str, int]) -> None:
    """A call id the list already gave becomes `ID#N`, with a note saying why."""
    first = seen.setdefault(call.call_id, number)
    if first != number:
        given, call.call_id = call.call_id, f"{call.call_id}#{number}"
        call.notes.append(f"call_id «{given}» is also call {first}'s in this list: this call "
                          f"(call {number}) is reported as «{call.call_id}»")
        seen.setdefault(call.call_id, number)
