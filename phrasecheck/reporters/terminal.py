"""Lines on a terminal: cut at word boundaries to its width, as a reader expects,
rather than wherever the terminal runs out of columns."""

from __future__ import annotations

import re

from rich.cells import cell_len

WORD = re.compile(r"\S+\s*")


def row_starts(plain: str, first: int, rest: int) -> list[int]:
    """Where the rows of a line start after the first, cut at word boundaries: the first
    row holds `first` cells, the others `rest`; a word wider than a row is cut inside."""
    size_of = cell_len
    if cell_len(plain) == len(plain):  # one cell a character, as in Russian: counting is enough
        size_of = len
    starts, used, room = [], 0, first
    for word in WORD.finditer(plain):
        size = size_of(word.group().rstrip())
        if used and used + size > room:  # the word goes on the next row
            starts.append(word.start())
            used, room = 0, rest
        offset = word.start()
        while size > room:  # a word wider than a whole row: cut where the row ends
            offset += len(chop(plain[offset:word.end()], room))
            starts.append(offset)
            size = size_of(plain[offset:word.end()].rstrip())
            used, room = 0, rest
        used += size_of(plain[offset:word.end()])
    return [start for start in starts if 0 < start < len(plain)]


def chop(text: str, cells: int) -> str:
    """The longest start of `text` that fits in `cells` (one character at least)."""
    end = 1
    while end < len(text) and cell_len(text[:end + 1]) <= cells:
        end += 1
    return text[:end]


def is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False
