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
                   default_speakers, whole_file)
from .results import read_results

# suffix → the reader module of that format
READERS: dict[str, Reader] = {suffix: module for module in (text, jsonfile, jsonlines) for suffix in module.SUFFIXES}
SUFFIXES = tuple(READERS)
TEXT_SUFFIXES = text.SUFFIXES
JSON_SUFFIXES = jsonfile.SUFFIXES + jsonlines.SUFFIXES

__all__ = ["DEFAULT_AGENT_LABELS", "DEFAULT_CLIENT_LABELS", "JSON_SUFFIXES", "READERS", "ReadError",
           "Reader", "ReaderOptions", "SUFFIXES", "Source", "TEXT_SUFFIXES", "default_speakers", "parts",
           "read_calls", "read_results", "read_source"]


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def parts(path: str, lines_per_part: int) -> Iterator[Source]:
    """The sources a file is checked as: the whole file, or parts of its lines.
    A file no reader reads is one source: reading it says why."""
    reader = READERS.get(_suffix(path))
    return (reader.parts if reader else whole_file)(path, lines_per_part)


def read_source(source: Source, options: ReaderOptions) -> Iterator[Call | ReadError]:
    """The calls of a source, their metadata checked."""
    suffix = _suffix(source.path)
    reader = READERS.get(suffix)
    if reader is None:
        raise ReadError(f"unsupported file type «{suffix or 'no suffix'}»")
    for call in reader.read(source, options):
        yield call if isinstance(call, ReadError) else metadata.check(call, options)


def read_calls(path: str, options: ReaderOptions) -> Iterator[Call | ReadError]:
    """The calls of a whole file."""
    return read_source(Source(path), options)
