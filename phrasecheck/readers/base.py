"""What every reader shares: its options, its error, the source it reads, and
the face each reader module shows the registry (readers/__init__.py): `Reader`.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any, BinaryIO, Iterator, Protocol

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


def internal_error(exc: BaseException) -> str:
    """What a bug of ours met while reading or checking one input says, in place of
    that input's results: it names itself, so nobody takes it for bad data."""
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"internal error ({type(exc).__name__}{': ' + detail if detail else ''}); please report it"


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
    problem: str = ""  # why the file could not be read to the end while it was split: reading says it


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


# A JSON Lines call longer than this is no call: it is reported, never held in memory.
MAX_LINE_BYTES = 16 * 1024 * 1024
# A part of a JSON Lines file holds at most this many bytes, whatever its number of lines.
MAX_PART_BYTES = 16 * 1024 * 1024


def line_parts(path: str, lines_per_part: int) -> Iterator[Source]:
    """`parts` of a line-oriented format: parts of `lines_per_part` numbered raw
    lines (fewer if they are long), read as they are needed. A file that cannot be
    opened is one whole source: reading it says why."""
    try:
        handle = open_input(path)
    except ReadError:
        yield Source(path)
        return
    index, lines, size, problem = 0, [], 0, ""
    with handle:
        try:
            for numbered in numbered_lines(handle):
                lines.append(numbered)
                size += len(numbered[1])
                if len(lines) == lines_per_part or size >= MAX_PART_BYTES:
                    yield Source(path, index, tuple(lines), size)
                    index, lines, size = index + 1, [], 0
        except OSError as exc:  # a disk error half-way: what was read is checked, and the rest reported
            after = f"after line {lines[-1][0]}" if lines else "here"
            problem = f"cannot read on {after}: {reason(exc)}"
    if lines or problem:
        yield Source(path, index, tuple(lines), size, problem)
    elif index == 0:  # an empty file is still a file checked, with no calls
        yield Source(path)


def numbered_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """(line number, raw bytes) of each line; a line longer than MAX_LINE_BYTES is
    skipped as it is read and comes as (number, TOO_LONG)."""
    number = 0
    while True:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES:
            while line and not line.endswith(b"\n"):  # the rest of it, a piece at a time
                line = handle.readline(MAX_LINE_BYTES)
            yield number, TOO_LONG
            continue
        yield number, line


TOO_LONG = b"\x00too long"  # stands for a line that was not kept; no JSON line starts with a NUL


def open_input(path: str) -> BinaryIO:
    """A file opened for reading. Anything but a regular file is refused before
    it is read (a FIFO would block the run forever, a device never end); the
    reason is a ReadError."""
    descriptor, _ = _open_regular(path)
    try:
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _open_regular(path: str) -> tuple[int, int]:
    """The descriptor of a regular file opened for reading, blocking, and its size (`open_input`)."""
    try:
        _refuse(os.stat(path).st_mode)
        # Opened without blocking, in case a FIFO took the file's place since: fstat then refuses it.
        descriptor = os.open(path, os.O_RDONLY | _NONBLOCK)
    except OSError as exc:
        raise ReadError(reason(exc)) from None
    try:
        info = os.fstat(descriptor)
        _refuse(info.st_mode)
        if _NONBLOCK:
            os.set_blocking(descriptor, True)
        return descriptor, info.st_size
    except BaseException:
        os.close(descriptor)
        raise


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def read_bytes(path: str) -> bytes:
    """The whole of a regular file; ReadError saying why not. Read straight from
    its descriptor: a transcript is read at once, in one piece, unless it grows."""
    descriptor, size = _open_regular(path)
    try:
        pieces = [os.read(descriptor, size + 1)]
        while pieces[-1]:  # to the end, wherever it is now
            pieces.append(os.read(descriptor, max(size, 1 << 16)))
    except OSError as exc:
        raise ReadError(reason(exc)) from None
    finally:
        os.close(descriptor)
    return pieces[0] if len(pieces) == 2 else b"".join(pieces)


def reason(exc: OSError) -> str:
    """Why a file cannot be read, in words: «Permission denied», «No such file or directory»."""
    return exc.strerror or str(exc)


def _refuse(mode: int) -> None:
    """ReadError for anything but a regular file, saying what it is."""
    if stat.S_ISREG(mode):
        return
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
    kind = next((name for test, name in kinds if test(mode)), "a special file")
    raise ReadError(f"not a regular file but {kind}: not read")
