"""Saved results back: the JSON Lines a `--format jsonl` run wrote (reporters/jsonreport.py)
become FileResults again, so `phrasecheck report` rebuilds any report without checking.

A results file may have been edited by hand, cut short or be something else
altogether: every field a report uses is checked for its type here, so a bad
record is one clear error naming its line and field, never a crash half-way
through a report.
"""

from __future__ import annotations

import json
import math
from typing import Any, Callable, Iterable

from ..model import PRACTICE, SEVERITY_NAMES, CallResult, FileResult, Finding
from .jsoncall import Invalid, loads, shown


def read_results(lines: Iterable[str]) -> tuple[list[FileResult], bool]:
    """FileResults back from JSON Lines results, in their order, and whether the run
    was partial. Raises ValueError naming the line that is not a result record."""
    results: dict[str, FileResult] = {}
    partial = False
    for number, line in _numbered(lines):
        if not line.strip():
            continue
        try:
            record = _record(line)
            kind = record.pop("record")
            if kind == "summary":
                partial = record.get("partial") is True
                continue
            result = results.setdefault(record["path"], FileResult(record["path"]))
            if kind == "violation":
                result.findings.append(Finding.from_dict(record))
            elif kind == "practice":
                result.practices.append(Finding.from_dict(record, PRACTICE))
            elif kind == "call":
                result.calls.append(CallResult.from_dict(record))
            else:
                result.errors.append(record["error"])
        except (Invalid, ValueError) as exc:
            raise ValueError(f"line {number}: not a phrasecheck result record ({exc})") from None
    return list(results.values()), partial


def _numbered(lines: Iterable[str]):
    """(number, line) pairs; bytes that are not UTF-8 are a ValueError naming where."""
    iterator = iter(lines)
    number = 0
    while True:
        number += 1
        try:
            line = next(iterator)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise ValueError(f"line {number} or soon after: not UTF-8 ({exc.reason})") from None
        yield number, line


def _record(line: str) -> dict[str, Any]:
    """One record, its fields checked; raises Invalid or ValueError saying what is wrong."""
    try:
        record, _ = loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(record, dict):
        raise Invalid(f"a record is a JSON object, not {shown(record)}")
    kind = record.get("record")
    if not isinstance(kind, str) or kind not in _FIELDS:
        name = kind if isinstance(kind, str) else shown(kind)
        raise Invalid(f"unknown record «{name}»; one of: {', '.join(_FIELDS)}")
    _check(record, _FIELDS[kind], "")
    return record


def _check(mapping: dict, fields: dict[str, tuple[bool, Callable[[Any], bool], str]], within: str) -> None:
    for key, (required, valid, what) in fields.items():
        if key not in mapping:
            if required:
                raise Invalid(f"no «{within}{key}»")
            continue
        if not valid(mapping[key]):
            raise Invalid(f"«{within}{key}» must be {what}, not {shown(mapping[key])}")


def _text(value) -> bool:
    return isinstance(value, str)


def _integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2 ** 63


def _number(value) -> bool:
    return (_integer(value) or isinstance(value, float)) and math.isfinite(value)


def _or_null(test: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: value is None or test(value)


def _texts(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _objects(fields: dict, name: str) -> Callable[[Any], bool]:
    """A list of objects with these fields; a bad one raises Invalid naming its field."""

    def test(value) -> bool:
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            return False
        for index, item in enumerate(value):
            _check(item, fields, f"{name}[{index}].")
        return True

    return test


def _counts(value) -> bool:
    return isinstance(value, dict) and all(_integer(v) and v >= 0 for v in value.values())


def _span(value) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(_integer(v) and v >= 0 for v in value)


TEXT, INTEGER, NUMBER = (_text, "text"), (_integer, "an integer"), (_number, "a number")
MAYBE_TEXT, MAYBE_INTEGER = (_or_null(_text), "text or null"), (_or_null(_integer), "an integer or null")
MAYBE_NUMBER = (_or_null(_number), "a number or null")
SEVERITY = (lambda v: v in SEVERITY_NAMES, "one of " + ", ".join(SEVERITY_NAMES))


def _fields(required: dict, optional: dict) -> dict:
    return {**{k: (True, *v) for k, v in required.items()}, **{k: (False, *v) for k, v in optional.items()}}


_DEDUCTION = _fields({"rule": TEXT, "severity": SEVERITY, "points": NUMBER},
                     {"utterance": MAYBE_INTEGER, "text": TEXT})
_SKIP = _fields({"rule": TEXT, "reason": TEXT}, {})
_CREDIT = _fields({"rule": TEXT, "points": NUMBER}, {})
_LINE = _fields({"speaker": (lambda v: v in ("agent", "client"), "agent or client"), "text": TEXT},
                {"start": MAYBE_NUMBER, "end": MAYBE_NUMBER, "line": MAYBE_INTEGER})
# record kind → its fields: (required, test, what it must be)
_FIELDS = {
    "violation": _fields(
        {"path": TEXT, "line": INTEGER, "column": INTEGER, "rule": TEXT, "severity": SEVERITY},
        {"call_id": MAYBE_TEXT, "utterance": MAYBE_INTEGER, "start": MAYBE_NUMBER, "speaker": MAYBE_TEXT,
         "message": TEXT, "text": TEXT, "suggestions": (_texts, "a list of texts"), "context": TEXT,
         "span": (_span, "[start, end]"), "fix": MAYBE_TEXT}),
    "practice": _fields(
        {"path": TEXT, "line": INTEGER, "column": INTEGER, "rule": TEXT},
        {"call_id": MAYBE_TEXT, "utterance": MAYBE_INTEGER, "start": MAYBE_NUMBER, "speaker": MAYBE_TEXT,
         "message": TEXT, "text": TEXT, "context": TEXT, "span": (_span, "[start, end]")}),
    "call": _fields(
        {"path": TEXT},
        {"call_id": MAYBE_TEXT, "line": MAYBE_INTEGER, "agent": MAYBE_TEXT, "started_at": MAYBE_TEXT,
         "violations": INTEGER, "score": MAYBE_NUMBER, "failed": (lambda v: isinstance(v, bool), "true or false"),
         "deductions": (_objects(_DEDUCTION, "deductions"), "a list of deductions"),
         "skipped": (_objects(_SKIP, "skipped"), "a list of skipped rules"), "notes": (_texts, "a list of texts"),
         "transcript": (_objects(_LINE, "transcript"), "a list of utterances"),
         "practices": (_counts, "technique → times used"),
         "credits": (_objects(_CREDIT, "credits"), "a list of credits")}),
    "error": _fields({"path": TEXT, "error": TEXT}, {}),
    "summary": _fields({}, {}),
}
