"""A JSON Lines line decoded fast: by msgspec, wherever it gives exactly what json gives.

json, through `jsoncall.loads`, stays the reference: it reads what msgspec refuses
(NaN and Infinity, numbers no float holds, lone UTF-16 surrogates, which it reads as
«�» with a note) and words what is wrong with a broken line its own way, which the
reports quote. So a line msgspec refuses, whatever the reason, is decoded by json
again; a line msgspec reads, json reads alike: the same keys in the same order (the
last value of a key given twice), ints as ints of at most 4,300 characters, floats
rounded alike, no lone surrogate (tests/fuzz/test_jsonl_fast_fuzz.py checks it).
msgspec reads a JSON Lines export about twice as fast, and straight from its bytes.
"""

from __future__ import annotations

from typing import Any, Callable

# What `loads` returns for a line it leaves to json.
UNSURE: Any = object()

# json reads no deeper than Python's recursion limit from where it is called, msgspec a few
# levels deeper: a line that may be nested this deep is left to json, which says so in its words.
# Depth needs as many «[» or «{» (and a line twice as long); a call has one per utterance.
MAX_BRACKETS = 500

_decode: Callable[[bytes], Any] | None = None


def loads(raw: bytes) -> Any:
    """The JSON value of a line (its UTF-8 bytes), or UNSURE: json must read it."""
    if len(raw) >= 2 * MAX_BRACKETS and raw.count(b"{") + raw.count(b"[") >= MAX_BRACKETS:
        return UNSURE
    try:
        return (_decode or _decoder())(raw)
    except Exception:  # malformed, out of range, too deep, not UTF-8: json says which
        return UNSURE


def _decoder() -> Callable[[bytes], Any]:
    """msgspec's decoder, imported when the first line is read: checking a
    transcript or a JSON document never pays for its import."""
    global _decode
    import msgspec.json

    _decode = msgspec.json.Decoder().decode
    return _decode
