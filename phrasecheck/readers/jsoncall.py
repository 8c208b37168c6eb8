"""One call from a decoded JSON object: our own shape, or Whisper/WhisperX
segments (formats.md §2). Shared by the JSON document and JSON Lines readers.

A JSON call has no useful line/column for its words, so utterances point at the
call's line (JSONL) or line 1, column 1; a violation in JSON is located by the
utterance index and its start time instead (formats.md §3).
"""

from __future__ import annotations

import json
import math
from typing import Any

from ..model import AGENT, CLIENT, Call, Utterance
from .base import ReaderOptions, ReadError

# Lists of speech, not metadata: our own shape, and Whisper/WhisperX output.
SPEECH_KEYS = ("utterances", "segments")


class Invalid(ValueError):
    """A call that cannot be read; the caller adds where (file, list item, line)."""


def parse(item: Any, path: str, call_id: str, options: ReaderOptions) -> Call:
    """One call from an already-decoded JSON object; raises ReadError."""
    try:
        return build(item, path, call_id, options, line=None)
    except Invalid as exc:
        raise ReadError(str(exc)) from None


def build(item: Any, path: str, default_id: str, options: ReaderOptions, line: int | None) -> Call:
    """One call from a decoded JSON object; raises Invalid, which the caller locates."""
    if not isinstance(item, dict):
        raise Invalid(f"a call must be a JSON object, not {kind(item)}")
    present = [key for key in SPEECH_KEYS if key in item]
    if not present:
        raise Invalid("no «utterances» list (nor Whisper «segments»)")
    if len(present) > 1:
        raise Invalid("both «utterances» and «segments»: which is the speech is unclear")
    key = present[0]
    entries = item[key]
    if not isinstance(entries, list):
        raise Invalid(f"«{key}» must be a list, not {kind(entries)}")
    noun = key[:-1]  # "utterance" / "segment", as the user's file calls it
    utterances = [_utterance(i, entry, noun, options, line or 1) for i, entry in enumerate(entries)]
    metadata = {k: v for k, v in item.items() if k not in SPEECH_KEYS}
    call_id = item.get("call_id")
    call_id = default_id if call_id is None or call_id == "" else str(call_id)
    return Call(path, utterances, False, call_id, metadata, line)


def _utterance(index: int, entry: Any, noun: str, options: ReaderOptions, line: int) -> Utterance:
    where = f"{noun} {index}"  # 0-based, the same index a violation reports
    if not isinstance(entry, dict):
        raise Invalid(f"{where} must be a JSON object, not {kind(entry)}")
    if entry.get("speaker") is None:
        why = " (speech recognition without diarization: the role cannot be guessed)" if noun == "segment" else ""
        raise Invalid(f"{where} has no «speaker»{why}")
    role = _role(entry["speaker"], where, options)
    text = entry.get("text")
    if not isinstance(text, str):
        raise Invalid(f"{where}: «text» must be a string, not {kind(text)}")
    # Text is kept exactly as given (Whisper's leading space too): offsets into it must stay valid.
    return Utterance(index, role, text, line, 1, _seconds(entry, "start", where), _seconds(entry, "end", where))


def _role(label: Any, where: str, options: ReaderOptions) -> str:
    # bool is an int in Python, but `true` is no speaker label.
    if isinstance(label, bool) or not isinstance(label, (str, int, float)):
        raise Invalid(f"{where}: «speaker» must be a label or a number, not {kind(label)}")
    shown = str(label).strip()
    key = " ".join(shown.lower().split())
    if not key:
        raise Invalid(f"{where} has an empty «speaker»")
    if key in (AGENT, CLIENT):
        return key
    role = options.speakers.get(key)
    if role not in (AGENT, CLIENT):
        # Never guess who is who: a wrong role would check the client against the agent's standards.
        raise Invalid(f"{where}: speaker «{shown}» is not mapped to agent or client "
                       f"(use --speaker-map {shown}=agent or the config's speakers:)")
    return role


def _seconds(entry: dict, key: str, where: str) -> float | None:
    value = entry.get(key)
    if value is None:
        return None
    # json.loads accepts NaN and Infinity; neither is a time.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise Invalid(f"{where}: «{key}» must be a number of seconds ≥ 0, not {json.dumps(value, ensure_ascii=False)}")
    return float(value)


def syntax(exc: json.JSONDecodeError) -> str:
    # json's messages can end in a dangling " at" ("Invalid control character at"): the column says where.
    reason = exc.msg.removesuffix(" at")
    return f"not valid JSON: {reason[:1].lower()}{reason[1:]} (column {exc.colno})"


def kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")
