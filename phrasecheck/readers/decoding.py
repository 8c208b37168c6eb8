"""Bytes → text without asking the user which encoding a file is in.

A file that is UTF-8 but for a few bad bytes (a damaged copy, a bad editor) is
still UTF-8: it is never re-read as Windows-1251, which decodes any byte and
would turn every Cyrillic letter into two wrong ones — a transcript in which no
rule finds anything. Where its bad bytes are is said (byte offsets from 0).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from .base import ReadError


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a Python codec name
    bom: bytes  # the byte-order mark the file started with, or b""
    damaged: tuple[int, ...] = ()  # byte offsets of invalid UTF-8 read as «�» (only when asked to)

    def note(self) -> str | None:
        """What a report says about bytes read as «�», if any."""
        if not self.damaged:
            return None
        more = len(self.damaged) - 1
        also = f" and {more} more place{'s' if more != 1 else ''}" if more else ""
        return (f"invalid UTF-8 at byte offset {self.damaged[0]}{also}: read as «\ufffd»; "
                f"the words there may be missed")


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def decode(data: bytes, encoding: str | None = None, replace_damage: bool = False) -> Decoded:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1251.
    UTF-8 with a few invalid bytes is read with «�» in their place when
    `replace_damage` (checking reads so), else it raises ReadError saying where
    (rewriting a file must never write the «�» back)."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ReadError(f"unknown encoding «{encoding}»") from None
        return _strict(data, encoding, b"")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if codec == "utf-8":
                return _utf8(body, bom, replace_damage, certain=True)
            utf16 = _utf16(data, body, codec, bom)
            if utf16 is not None:
                return utf16
            break  # Windows-1251 text that begins with «юя» or «яю», the bytes of a UTF-16 BOM
    if b"\x00" in data:
        raise ReadError("binary file (it contains NUL bytes), not a transcript")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", b"")
    except UnicodeDecodeError:
        pass
    utf8 = _utf8(data, b"", replace_damage, certain=False)
    if utf8 is not None:
        return utf8
    text = data.decode("cp1251", errors="replace")
    if _looks_like_text(text):
        return Decoded(text, "cp1251", b"")
    raise ReadError("not UTF-8, UTF-16 or Windows-1251 text (use --encoding to force one)")


def _utf8(data: bytes, bom: bytes, replace_damage: bool, certain: bool) -> Decoded | None:
    """UTF-8 with invalid bytes, if it is UTF-8 (a BOM says so, or most of its
    non-ASCII bytes form valid UTF-8 letters); None if it is not."""
    bad: list[int] = []

    def mark(exc: UnicodeDecodeError):
        bad.append(exc.start)
        return "\ufffd", exc.end

    codecs.register_error("phrasecheck-mark", mark)  # the name is looked up at each decode: this `mark`
    text = data.decode("utf-8", errors="phrasecheck-mark")
    if not certain and not _mostly_utf8(text, len(bad)):
        return None
    if not bad:
        return Decoded(text, "utf-8", bom)
    if not replace_damage:
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise ReadError(f"invalid UTF-8 at byte offset {bad[0]}{more}")
    return Decoded(text, "utf-8", bom, tuple(bad))


def _mostly_utf8(text: str, bad: int) -> bool:
    """Valid multi-byte UTF-8 letters are at least as many as the invalid sequences.
    A real Windows-1251 text has next to none: its lowercase letters are bytes
    ≥ 0xE0, which UTF-8 would need followed by two bytes 0x80–0xBF (Windows-1251's
    punctuation and «ё»), and its capitals would need one."""
    valid = len(text) - len(text.encode("ascii", "ignore")) - bad  # the «�» put in are not letters
    return valid >= bad


def _utf16(data: bytes, body: bytes, codec: str, bom: bytes) -> Decoded | None:
    """UTF-16 after its BOM; None if the file is rather Russian Windows-1251 whose
    first two letters make the BOM («юя», «яю»): its UTF-16 reading is unfamiliar
    signs, its Windows-1251 one Cyrillic text."""
    try:
        decoded = _strict(body, codec, bom)
    except ReadError:
        if _russian_1251(data):
            return None
        raise
    if _familiar(decoded.text) < 0.5 and _russian_1251(data):
        return None
    return decoded


_FAMILIAR = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u0400-\u04ff\u2010-\u2026\u2116]+")
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _familiar(text: str) -> float:
    """The share of a text that is Latin, Cyrillic, digits, punctuation or spaces."""
    return 1.0 - len(_FAMILIAR.sub("", text)) / len(text) if text else 1.0


def _russian_1251(data: bytes, sample: int = 65536) -> bool:
    """The bytes read as Windows-1251 are familiar signs, their letters mostly Cyrillic."""
    text = data[:sample].decode("cp1251", errors="replace")
    letters = len(_LETTER.findall(text))
    return _familiar(text) >= 0.9 and letters > 0 and len(_CYRILLIC.findall(text)) >= 0.8 * letters


def _strict(data: bytes, codec: str, bom: bytes) -> Decoded:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ReadError(f"cannot decode as {codec}: byte offset {exc.start}: {exc.reason}") from None
    # A forced codec (unicode_escape…) may make lone surrogates, which no report can write.
    if not text.isascii() and _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return Decoded(text, codec, bom)


def _looks_like_text(text: str) -> bool:
    """Windows-1251 decodes any byte; real text is mostly letters and punctuation."""
    if not text:
        return True
    odd = sum(
        1 for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\r\n\t")
    )
    return odd / len(text) < 0.01
