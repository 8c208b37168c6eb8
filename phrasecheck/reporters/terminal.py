"""Lines on a terminal: cut at word boundaries to its width, as a reader expects,
rather than wherever the terminal runs out of columns."""

from __future__ import annotations

import re

from rich.cells import cell_len

WORD = re.compile(r"\S+\s*")


def row_starts(plain: str, first: int, rest: int) -> list[int]:
    """Where the rows of a line start after the first, cut at word boundaries: the first
    row holds `first` cells, the others `rest`; a word wider than a row is cut inside."""
    size_of = len if cell_len(plain) == len(plain) else cell_len  # Russian: a cell a character
    starts, row, room = [], 0, first
    for word in WORD.finditer(plain):
        begin, end = word.start(), word.start() + len(word.group().rstrip())
        if begin > row and size_of(plain[row:end]) > room:  # the word goes on the next row
            starts.append(begin)
            row, room = begin, rest
        while size_of(plain[row:end]) > room:  # a word wider than a whole row: cut where it ends
            row += len(chop(plain[row:end], room))
            starts.append(row)
            room = rest
    return [start for start in starts if 0 < start < len(plain)]


def chop(text: str, cells: int) -> str:
    """The longest start of `text` that fits in `cells` (one character at least)."""
    end = 1
    while end < len(text) and cell_len(text[:end + 1]) <= cells:
        end += 1
    return text[:end]
