"""One JSON Lines record as UTF-8 bytes: exactly what `json.dumps(record,
ensure_ascii=False)` writes, with the characters readers of lines take for a
line break escaped, and a newline. A long transcript is most of what a batch
run writes, so this is made fast: orjson (Rust) serialises a record in a
third of the time, and msgspec.json.format (C) adds json.dumps's separators
(`, ` and `: `; orjson writes none) copying strings as they are. Importing
them costs more than they save on a few records (a run on one file): `plain`
writes those with json.dumps alone.

orjson writes some values otherwise than json.dumps; a record holding one is
written by json.dumps instead:
- it refuses integers beyond 64 bits, keys that are not strings, lone
  surrogates, subclasses of str, int, dict and list, dataclasses and dates;
- it writes NaN and ±Infinity as null: a record with a null in it is searched
  for them (a record without one cannot hold them);
- it writes floats under 1e-4 as 0.00001 or 1e-7 where Python writes 1e-05 and
  1e-07: seen in what it wrote (a digit before `e-`, or `0.0000`). Larger ones
  it writes as Python does since 3.11.7 (before: 1e16 for 1e+16).
Records are made of dict, list, str, int, float, bool and None (the model's
`to_dict`); tests/fuzz/test_jsonline_fuzz.py checks the equality on random ones.
"""

from __future__ import annotations

import json
import math

from .common import ERRORS

# characters json.dumps leaves as they are that many readers of lines take for a line
# break (str.splitlines, editors): escaped, so that one record stays one line
LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_TEXT_BREAKS = str.maketrans(LINE_BREAKS)
# in UTF-8 these bytes are these characters and nothing else
_BYTE_BREAKS = [(key.encode("utf-8"), value.encode("ascii")) for key, value in LINE_BREAKS.items()]

_fast = None  # orjson's dumps and what it must refuse to write its own way, msgspec's format


def encode(record) -> bytes:
    """The record's line, newline included."""
    return encode_all((record,))


def encode_all(records) -> bytes:
    """The records' lines, one after another: what `encode` gives each, checked
    for line breaks once for all of them (a report's records are many and short)."""
    dumps, strict, reformat = _fast or _import()
    lines = []
    for record in records:
        try:
            data = dumps(record, option=strict)
        except TypeError:  # orjson.JSONEncodeError is one
            lines.append(plain(record)[:-1])
            continue
        if (b"null" in data and not _finite(record)) or _tiny_float(data):
            lines.append(plain(record)[:-1])
        else:
            lines.append(reformat(data, indent=0))
    lines.append(b"")
    data = b"\n".join(lines)
    for raw, escaped in _BYTE_BREAKS:  # UTF-8 is self-synchronising: these bytes are these characters
        if raw in data:  # rare
            data = data.replace(raw, escaped)
    return data


def _import():
    global _fast
    import msgspec.json
    import orjson

    strict = orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
    _fast = orjson.dumps, strict, msgspec.json.format
    return _fast


def plain(record) -> bytes:
    """The record's line as `encode` writes it, by json.dumps alone."""
    line = json.dumps(record, ensure_ascii=False)
    if "\x85" in line or "\u2028" in line or "\u2029" in line:  # rare; translate is slow on long text
        line = line.translate(_TEXT_BREAKS)
    return (line + "\n").encode("utf-8", ERRORS)  # a lone surrogate as a report file writes it


def _finite(value) -> bool:
    """No float in `value` is NaN or infinite."""
    kind = type(value)
    if kind is float:
        return math.isfinite(value)
    if kind is dict:
        return all(map(_finite, value.values()))
    if kind is list or kind is tuple:
        return all(map(_finite, value))
    return True


def _tiny_float(data: bytes) -> bool:
    """orjson wrote a float as it writes those under 1e-4 (maybe: a string may hold the same)."""
    at = data.find(b"e-")
    while at > 0:
        if data[at - 1] in b"0123456789":
            return True
        at = data.find(b"e-", at + 2)
    return b"0.0000" in data
