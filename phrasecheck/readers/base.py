"""What every reader shares: its options, its error, the source it reads, and
the face each reader module shows the registry (readers/__init__.py): `Reader`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any, Iterator, Protocol

from ..model import Call

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


@dataclass(frozen=True)
class Source:
    """What one check reads: a whole file, or one part of a file split into parts of lines."""

    path: str
    part: int | None = None  # None: the whole file; else this part's place among the file's parts, from 0
    lines: tuple[tuple[int, bytes], ...] = ()  # a part's lines: (line number, raw bytes)
    size: int = 0  # bytes of a part's lines, for progress


class Reader(Protocol):
    """A reader module: one format, read from the files whose names end in `SUFFIXES`."""

    SUFFIXES: tuple[str, ...]  # lower case, with the dot

    def parts(self, path: str, lines_per_part: int) -> Iterator[Source]:
        """The sources a file is checked as. A whole-file format (a transcript, a JSON
        document) is one source, the whole file (`whole_file`); a line-oriented format
        (JSON Lines: one call a line) is split into parts of lines (`line_parts`), so a
        file of any size is checked on every core and read only as the parts are needed."""

    def read(self, source: Source, options: ReaderOptions) -> Iterator[Call | ReadError]:
        """The calls of a source, a `ReadError` in place of one bad call of many; a
        source that cannot be read at all raises `ReadError`."""


def whole_file(path: str, lines_per_part: int) -> Iterator[Source]:
    """`parts` of a whole-file format: the file itself, read at once."""
    yield Source(path)


def line_parts(path: str, lines_per_part: int) -> Iterator[Source]:
    """`parts` of a line-oriented format: parts of `lines_per_part` numbered raw
    lines, read as they are needed. A file that cannot be opened is one whole
    source: reading it says why."""
    try:
        handle = open(path, "rb")
    except OSError:
        yield Source(path)
        return
    with handle:
        index, lines, size = 0, [], 0
        for numbered in enumerate(handle, 1):
            lines.append(numbered)
            size += len(numbered[1])
            if len(lines) == lines_per_part:
                yield Source(path, index, tuple(lines), size)
                index, lines, size = index + 1, [], 0
        if lines:
            yield Source(path, index, tuple(lines), size)
