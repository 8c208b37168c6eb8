"""The HTML report's data: what its script shows, kept small enough for a night of calls.

A page holds one JSON block: the violations table (one short array a row, every
repeated text — file, agent, rule, message, suggestions — written once in a table
of strings and named by its number) and the calls, each with what its transcript
shows (html_calls.py), compressed with zlib in chunks of many calls (base64).
The browser inflates a chunk only when one of its calls is opened
(`DecompressionStream`), so the page grows with its violations, not with what
was said, and opens at once.

Results stream in and the pages are written at the end (their summary first),
so the records are spooled to one temporary file, each page's found again by
its offsets; a report split into pages (one per agent) spools them the same way.
"""

from __future__ import annotations

import base64
import json
import tempfile
import zlib

from .common import ERRORS

CHUNK_BYTES = 256_000  # of JSON before compression: a few ms to inflate; zlib learns its codes per chunk
LEVEL = 6  # zlib's default: 9 makes the file 3 % smaller and the run three times slower


def encoded(value) -> bytes:
    """JSON as UTF-8, safe inside <script>: no «<» to end it; a lone surrogate becomes
    the escape `\\ud800`, which JSON reads back as the same string."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").encode("utf-8", ERRORS)


class Page:
    """One page's strings, calls and the offsets of its spooled records."""

    def __init__(self) -> None:
        self.strings: dict[str, int] = {}
        self.calls = 0  # calls so far: the next one's number
        self.rows: list[tuple[int, int]] = []  # (offset, length) of each violation's row
        self.call_rows: list[tuple[int, int]] = []  # of each call's row
        self.chunks: list[tuple[int, int]] = []  # of each compressed chunk
        self.pending: list[bytes] = []  # the calls of the chunk being filled
        self.pending_bytes = 0

    def string(self, text: str | None) -> int:
        """The number of a text in the page's table of strings (-1: none)."""
        if text is None:
            return -1
        number = self.strings.get(text)
        if number is None:
            number = self.strings[text] = len(self.strings)
        return number


class Store:
    """The spooled records of one or more pages, by name."""

    def __init__(self) -> None:
        self.spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self.pages: dict[str, Page] = {}

    def page(self, name: str) -> Page:
        return self.pages.setdefault(name, Page())

    def _put(self, data: bytes) -> tuple[int, int]:
        self.spool.seek(0, 2)
        at = self.spool.tell()
        self.spool.write(data)
        return at, len(data)

    def add_call(self, page: Page, row: list, section: dict) -> int:
        """A call's row of the calls table (its chunk and place in it appended) and what its
        transcript shows; returns its number on the page."""
        number = page.calls
        page.calls += 1
        page.call_rows.append(self._put(encoded([*row, len(page.chunks), len(page.pending)])))
        html = encoded(section)
        page.pending.append(html)
        page.pending_bytes += len(html)
        if page.pending_bytes >= CHUNK_BYTES:
            self.seal(page)
        return number

    def add_row(self, page: Page, row: list) -> None:
        page.rows.append(self._put(encoded(row)))

    def seal(self, page: Page) -> None:
        """Compress the chunk being filled."""
        if page.pending:
            packed = zlib.compress(b"[" + b",".join(page.pending) + b"]", LEVEL)
            page.chunks.append(self._put(base64.b64encode(packed)))
            page.pending, page.pending_bytes = [], 0

    def write(self, page: Page, write) -> None:
        """The page's JSON block: {"strings", "calls", "rows", "chunks"}, written by `write` (bytes)."""
        self.seal(page)
        write(b'{"strings":' + encoded(list(page.strings)))
        for name, records, quote in (("calls", page.call_rows, b""), ("rows", page.rows, b""),
                                     ("chunks", page.chunks, b'"')):
            write(b',"' + name.encode() + b'":[')
            for n, (at, length) in enumerate(records):
                self.spool.seek(at)
                write((b"," if n else b"") + quote + self.spool.read(length) + quote)
            write(b"]")
        write(b"}")

    def close(self) -> None:
        self.spool.close()
