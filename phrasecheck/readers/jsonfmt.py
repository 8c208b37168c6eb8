"""JSON calls, JSON Lines and Whisper/WhisperX segments (formats.md §2).

A JSON call has no useful line/column for its words, so utterances point at the
call's line (JSONL) or line 1, column 1; a violation in JSON is located by the
utterance index and its start time instead (formats.md §3).
"""

from __future__ import annotations

import codecs
import json
import math
from pathlib import Path
from typing import Any, Iterator

from ..model import AGENT, CLIENT, Call, Utterance
from . import ReaderOptions, ReadError
from .decoding import decode

# Lists of speech, not metadata: our own shape, and Whisper/WhisperX output.
SPEECH_KEYS = ("utterances", "segments")


class _Invalid(ValueError):
    """A call that cannot be read; the caller adds where (file, list item, line)."""


def read(path: str, options: ReaderOptions) -> Iterator[Call | ReadError]:
    if path.lower().endswith(".jsonl"):
        yield from _read_lines(path, options)
    else:
        yield from _read_document(path, options)


def _read_document(path: str, options: ReaderOptions) -> Iterator[Call | ReadError]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from None
    try:
        document = json.loads(decode(data, options.encoding).text)
    except json.JSONDecodeError as exc:
        raise ReadError(_syntax(exc), line=exc.lineno) from None
    except RecursionError:
        raise ReadError("not readable JSON: nested too deeply") from None
    stem = Path(path).stem
    if isinstance(document, list):
        # Several calls in one file: a bad one is skipped, the rest are still checked.
        for number, item in enumerate(document, 1):
            try:
                yield _call(item, path, f"{stem}#{number}", options, line=None)
            except _Invalid as exc:
                yield ReadError(f"call {number} of the list: {exc}")
    else:
        try:
            yield _call(document, path, stem, options, line=None)
        except _Invalid as exc:
            raise ReadError(str(exc)) from None


def _read_lines(path: str, options: ReaderOptions) -> Iterator[Call | ReadError]:
    """One call per line, read lazily: a JSONL export can be far larger than memory."""
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from None
    with handle:
        yield from read_lines(path, enumerate(handle, 1), options)


def read_lines(path: str, numbered, options: ReaderOptions) -> Iterator[Call | ReadError]:
    """Calls from (line number, raw bytes) pairs of a JSONL file: the whole file, or
    one chunk of it handed to a worker."""
    stem = Path(path).stem
    for number, raw in numbered:
        if number == 1:
            if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                # Every "line" would be garbage: say so once, for the whole file.
                raise ReadError("JSON Lines must be UTF-8; this file is UTF-16", line=1)
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        try:
            item = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield ReadError(f"not UTF-8 (byte {exc.start + 1}: {exc.reason}); JSON Lines must be UTF-8",
                            line=number)
            continue
        except json.JSONDecodeError as exc:
            yield ReadError(_syntax(exc), line=number)
            continue
        except RecursionError:
            yield ReadError("not readable JSON: nested too deeply", line=number)
            continue
        try:
            yield _call(item, path, f"{stem}:{number}", options, line=number)
        except _Invalid as exc:
            yield ReadError(str(exc), line=number)


def parse(item: Any, path: str, call_id: str, options: ReaderOptions) -> Call:
    """One call from an already-decoded JSON object; raises ReadError."""
    try:
        return _call(item, path, call_id, options, line=None)
    except _Invalid as exc:
        raise ReadError(str(exc)) from None


def _call(item: Any, path: str, default_id: str, options: ReaderOptions, line: int | None) -> Call:
    if not isinstance(item, dict):
        raise _Invalid(f"a call must be a JSON object, not {_kind(item)}")
    present = [key for key in SPEECH_KEYS if key in item]
    if not present:
        raise _Invalid("no «utterances» list (nor Whisper «segments»)")
    if len(present) > 1:
        raise _Invalid("both «utterances» and «segments»: which is the speech is unclear")
    key = present[0]
    entries = item[key]
    if not isinstance(entries, list):
        raise _Invalid(f"«{key}» must be a list, not {_kind(entries)}")
    noun = key[:-1]  # "utterance" / "segment", as the user's file calls it
    utterances = [_utterance(i, entry, noun, options, line or 1) for i, entry in enumerate(entries)]
    metadata = {k: v for k, v in item.items() if k not in SPEECH_KEYS}
    call_id = item.get("call_id")
    call_id = default_id if call_id is None or call_id == "" else str(call_id)
    return Call(path, utterances, False, call_id, metadata, line)


def _utterance(index: int, entry: Any, noun: str, options: ReaderOptions, line: int) -> Utterance:
    where = f"{noun} {index}"  # 0-based, the same index a violation reports
    if not isinstance(entry, dict):
        raise _Invalid(f"{where} must be a JSON object, not {_kind(entry)}")
    if entry.get("speaker") is None:
        why = " (speech recognition without diarization: the role cannot be guessed)" if noun == "segment" else ""
        raise _Invalid(f"{where} has no «speaker»{why}")
    role = _role(entry["speaker"], where, options)
    text = entry.get("text")
    if not isinstance(text, str):
        raise _Invalid(f"{where}: «text» must be a string, not {_kind(text)}")
    # Text is kept exactly as given (Whisper's leading space too): offsets into it must stay valid.
    return Utterance(index, role, text, line, 1, _seconds(entry, "start", where), _seconds(entry, "end", where))


def _role(label: Any, where: str, options: ReaderOptions) -> str:
    # bool is an int in Python, but `true` is no speaker label.
    if isinstance(label, bool) or not isinstance(label, (str, int, float)):
        raise _Invalid(f"{where}: «speaker» must be a label or a number, not {_kind(label)}")
    shown = str(label).strip()
    key = " ".join(shown.lower().split())
    if not key:
        raise _Invalid(f"{where} has an empty «speaker»")
    if key in (AGENT, CLIENT):
        return key
    role = options.speakers.get(key)
    if role not in (AGENT, CLIENT):
        # Never guess who is who: a wrong role would check the client against the agent's standards.
        raise _Invalid(f"{where}: speaker «{shown}» is not mapped to agent or client "
                       f"(use --speaker-map {shown}=agent or the config's speakers:)")
    return role


def _seconds(entry: dict, key: str, where: str) -> float | None:
    value = entry.get(key)
    if value is None:
        return None
    # json.loads accepts NaN and Infinity; neither is a time.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise _Invalid(f"{where}: «{key}» must be a number of seconds ≥ 0, not {json.dumps(value, ensure_ascii=False)}")
    return float(value)


def _syntax(exc: json.JSONDecodeError) -> str:
    # json's messages can end in a dangling " at" ("Invalid control character at"): the column says where.
    reason = exc.msg.removesuffix(" at")
    return f"not valid JSON: {reason[:1].lower()}{reason[1:]} (column {exc.colno})"


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")
