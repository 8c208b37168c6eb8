"""Bytes → text without asking the user which encoding a file is in."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from .base import ReadError


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a Python codec name
    bom: bytes  # the byte-order mark the file started with, or b""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1251."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ReadError(f"unknown encoding «{encoding}»") from None
        return _strict(data, encoding, b"")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], codec, bom)
    if b"\x00" in data:
        raise ReadError("binary file (it contains NUL bytes), not a transcript")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", b"")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="replace")
    if _looks_like_text(text):
        return Decoded(text, "cp1251", b"")
    raise ReadError("not UTF-8, UTF-16 or Windows-1251 text (use --encoding to force one)")


def _strict(data: bytes, codec: str, bom: bytes) -> Decoded:
    try:
        return Decoded(data.decode(codec), codec, bom)
    except UnicodeDecodeError as exc:
        raise ReadError(f"cannot decode as {codec}: byte {exc.start}: {exc.reason}") from None


def _looks_like_text(text: str) -> bool:
    """Windows-1251 decodes any byte; real text is mostly letters and punctuation."""
    if not text:
        return True
    odd = sum(
        1 for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\r\n\t")
    )
    return odd / len(text) < 0.01
