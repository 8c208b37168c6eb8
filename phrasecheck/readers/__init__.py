"""Readers turn files into calls. They know nothing of rules.

`read_calls(path, options)` yields the calls of one file; a file that cannot be
read raises `ReadError` with the reason (and the line, where there is one). A
file of many calls yields a `ReadError` in place of a call it cannot read, and
goes on with the next.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any, Iterator

from ..model import Call
from .results import read_results

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
JSON_SUFFIXES = (".json", ".jsonl")
SUFFIXES = TEXT_SUFFIXES + JSON_SUFFIXES

DEFAULT_AGENT_LABELS = ("оператор", "агент", "менеджер", "специалист", "сотрудник", "operator", "agent")
DEFAULT_CLIENT_LABELS = ("клиент", "абонент", "покупатель", "звонящий", "customer", "client")


class ReadError(Exception):
    """An input that could not be read; `line` is where, when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line

    def __str__(self) -> str:
        base = super().__str__()
        return f"line {self.line}: {base}" if self.line else base


@dataclass(frozen=True)
class ReaderOptions:
    encoding: str | None = None  # None: detect
    # lowercased speaker label → role ("agent" / "client")
    speakers: dict[str, str] = field(default_factory=lambda: default_speakers())
    timezone: tzinfo | None = None  # for times written without a UTC offset
    defaults: dict[str, Any] = field(default_factory=dict)  # metadata a call may leave out (company…)


def default_speakers() -> dict[str, str]:
    labels = {label: "agent" for label in DEFAULT_AGENT_LABELS}
    labels.update({label: "client" for label in DEFAULT_CLIENT_LABELS})
    return labels


def read_calls(path: str, options: ReaderOptions, lines=None) -> Iterator[Call | ReadError]:
    """The calls of a file; with `lines` ((number, raw bytes) pairs), only those
    lines of a JSONL file."""
    from . import jsonfmt, metadata, text

    suffix = os.path.splitext(path)[1].lower()
    if lines is not None:
        calls = jsonfmt.read_lines(path, lines, options)
    elif suffix in TEXT_SUFFIXES:
        calls = text.read(path, options)
    elif suffix in JSON_SUFFIXES:
        calls = jsonfmt.read(path, options)
    else:
        raise ReadError(f"unsupported file type «{suffix or 'no suffix'}»")
    for call in calls:
        yield call if isinstance(call, ReadError) else metadata.check(call, options)


def line_chunks(path: str, size: int) -> Iterator[list[tuple[int, bytes]]]:
    """A JSONL file as chunks of `size` numbered raw lines, read as they are needed."""
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from None
    with handle:
        chunk = []
        for numbered in enumerate(handle, 1):
            chunk.append(numbered)
            if len(chunk) == size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk
