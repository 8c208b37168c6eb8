"""Readers turn files into calls. They know nothing of rules.

A registry: each file suffix has one reader module (its face: base.Reader).
`parts(path, lines_per_part)` says how a file is checked, whole or in parts of
lines; `read_source(source, options)` yields the calls of a whole file or of one
part. A source that cannot be read raises `ReadError` with the reason (and the
line, where there is one); a file of many calls yields a `ReadError` in place of
a call it cannot read, and goes on with the next.
"""

from __future__ import annotations

import os
from typing import Iterator

from ..model import Call
from . import jsonfile, jsonlines, metadata, text
from .base import (DEFAULT_AGENT_LABELS, DEFAULT_CLIENT_LABELS, Reader, ReaderOptions, ReadError, Source,
                   default_speakers, internal_error, whole_file)
from .results import read_results

# suffix → the reader module of that format
READERS: dict[str, Reader] = {suffix: module for module in (text, jsonfile, jsonlines) for suffix in module.SUFFIXES}
SUFFIXES = tuple(READERS)
TEXT_SUFFIXES = text.SUFFIXES
JSON_SUFFIXES = jsonfile.SUFFIXES + jsonlines.SUFFIXES

__all__ = ["DEFAULT_AGENT_LABELS", "DEFAULT_CLIENT_LABELS", "JSON_SUFFIXES", "READERS", "ReadError",
           "Reader", "ReaderOptions", "SUFFIXES", "Source", "TEXT_SUFFIXES", "default_speakers", "internal_error",
           "parts", "read_calls", "read_results", "read_source"]


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def parts(path: str, lines_per_part: int) -> Iterator[Source]:
    """The sources a file is checked as: the whole file, or parts of its lines.
    A file no reader reads is one source: reading it says why."""
    reader = READERS.get(_suffix(path))
    return (reader.parts if reader else whole_file)(path, lines_per_part)


def read_source(source: Source, options: ReaderOptions) -> Iterator[Call | ReadError]:
    """The calls of a source, their metadata checked. A call whose metadata meets
    a bug of ours comes as a ReadError that says so; the others still come."""
    suffix = _suffix(source.path)
    reader = READERS.get(suffix)
    if reader is None:
        if os.path.isdir(source.path):  # a folder that could not be searched
            raise ReadError(_unlisted(source.path))
        raise ReadError(f"unsupported file type «{suffix or 'no suffix'}»")
    for call in reader.read(source, options):
        if not isinstance(call, ReadError):
            try:
                call = metadata.check(call, options)
            except Exception as exc:
                call = ReadError(f"call «{call.call_id}»: {internal_error(exc)}", line=call.line)
        yield call
    if source.problem:
        raise ReadError(source.problem)


def _unlisted(folder: str) -> str:
    try:
        os.listdir(folder)
    except OSError as exc:
        return f"cannot search the folder: {exc.strerror or exc}"
    return "a folder, not a file"


def read_calls(path: str, options: ReaderOptions) -> Iterator[Call | ReadError]:
    """The calls of a whole file."""
    return read_source(Source(path), options)
