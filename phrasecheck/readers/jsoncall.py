"""One call from a decoded JSON object: our own shape, or Whisper/WhisperX
segments (formats.md §2). Shared by the JSON document and JSON Lines readers.

A JSON call has no useful line/column for its words, so utterances point at the
call's line (JSONL) or line 1, column 1; a violation in JSON is located by the
utterance index and its start time instead (formats.md §3).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ..model import AGENT, CLIENT, Call, Utterance
from .base import ReaderOptions, ReadError

# Lists of speech, not metadata: our own shape, and Whisper/WhisperX output.
SPEECH_KEYS = ("utterances", "segments")
# Python reads no longer integer (its int ↔ text limit); no call needs a tenth of it.
MAX_DIGITS = 4300
# A \uD800–\uDFFF escape: a surrogate, which must come in a pair to be a character.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_NOTE = "lone UTF-16 surrogates (\\uD800–\\uDFFF escapes) in the JSON are read as «\ufffd»"


class Invalid(ValueError):
    """A call that cannot be read; the caller adds where (file, list item, line)."""


def parse(item: Any, path: str, call_id: str, options: ReaderOptions) -> Call:
    """One call from an already-decoded JSON object; raises ReadError."""
    try:
        return build(item, path, call_id, options, line=None)
    except Invalid as exc:
        raise ReadError(str(exc)) from None


def loads(text: str) -> tuple[Any, bool]:
    """A decoded JSON value, and whether lone surrogates in it were replaced by «�»
    (no report could write them). Raises json.JSONDecodeError for bad syntax and
    Invalid for JSON that is well-formed but cannot be read: nested too deeply, or
    an integer longer than MAX_DIGITS digits."""
    try:
        value = _DECODER.decode(text)
        if not _SURROGATE_ESCAPE.search(text):
            return value, False
        return _without_surrogates(value)
    except RecursionError:
        raise Invalid("not readable JSON: nested too deeply") from None


def _integer(digits: str) -> int:
    if len(digits) > MAX_DIGITS:
        raise Invalid(f"not readable JSON: an integer of {len(digits.lstrip('-')):,} digits "
                      f"(at most {MAX_DIGITS:,} can be read)")
    return int(digits)


_DECODER = json.JSONDecoder(parse_int=_integer)  # one for every call: json.loads would make one each time


def _without_surrogates(value: Any) -> tuple[Any, bool]:
    """`value` with every lone surrogate in its texts (keys too) replaced by «�»."""
    found = False

    def clean(text: str) -> str:
        nonlocal found
        if _LONE_SURROGATE.search(text):
            found = True
            return _LONE_SURROGATE.sub("\ufffd", text)
        return text

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return clean(item)
        if isinstance(item, list):
            return [walk(v) for v in item]
        if isinstance(item, dict):
            return {clean(k): walk(v) for k, v in item.items()}
        return item

    return walk(value), found


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
    utterances = _utterances(entries, noun, options, line or 1)
    metadata = {k: v for k, v in item.items() if k not in SPEECH_KEYS}
    call_id = item.get("call_id")
    call_id = default_id if call_id is None or call_id == "" else str(call_id)
    return Call(path, utterances, False, call_id, metadata, line)


def _utterances(entries: list, noun: str, options: ReaderOptions, line: int) -> list[Utterance]:
    """The utterance of each entry. The usual one, an object whose «speaker» is a label
    read before in this call, «text» a string, and its times none or float seconds ≥ 0,
    is made at once; any other is checked by `_utterance`, which says what is wrong."""
    roles: dict[str, str] = {}  # a speaker label `_role` has read → its role
    made = []
    for index, entry in enumerate(entries):
        if type(entry) is dict:
            label, text, start, end = entry.get("speaker"), entry.get("text"), entry.get("start"), entry.get("end")
            role = roles.get(label) if type(label) is str else None
            if (role and type(text) is str and (start is None or type(start) is float and 0.0 <= start < _INF)
                    and (end is None or type(end) is float and 0.0 <= end < _INF)):
                made.append(Utterance(index, role, text, line, 1, start, end))
                continue
        utterance = _utterance(index, entry, noun, options, line)
        if type(entry["speaker"]) is str:
            roles[entry["speaker"]] = utterance.speaker
        made.append(utterance)
    return made


_INF = math.inf


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
    # json.loads accepts NaN and Infinity, and integers no float can hold; none is a time.
    try:
        seconds = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    except OverflowError:
        seconds = None
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        raise Invalid(f"{where}: «{key}» must be a number of seconds ≥ 0, not {shown(value)}")
    return seconds


def shown(value: Any, limit: int = 40) -> str:
    """A JSON value as a message quotes it: short, whatever its size."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10 ** limit:
        return f"an integer of {len(str(abs(value))):,} digits"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "…"


def syntax(exc: json.JSONDecodeError) -> str:
    # json's messages can end in a dangling " at" ("Invalid control character at"): the column says where.
    reason = exc.msg.removesuffix(" at")
    return f"not valid JSON: {reason[:1].lower()}{reason[1:]} (column {exc.colno})"


def kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")
