"""Saved results back: the JSON Lines a `--format jsonl` run wrote (reporters/jsonreport.py)
become FileResults again, so `phrasecheck report` rebuilds any report without checking."""

from __future__ import annotations

import json
from typing import Iterable

from ..model import CallResult, FileResult, Finding


def read_results(lines: Iterable[str]) -> tuple[list[FileResult], bool]:
    """FileResults back from JSON Lines results, in their order, and whether the run
    was partial. Raises ValueError naming the line that is not a result record."""
    results: dict[str, FileResult] = {}
    partial = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            kind = record.pop("record")
            if kind == "summary":
                partial = bool(record.get("partial"))
                continue
            result = results.setdefault(record["path"], FileResult(record["path"]))
            if kind == "violation":
                result.findings.append(Finding.from_dict(record))
            elif kind == "call":
                result.calls.append(CallResult.from_dict(record))
            elif kind == "error":
                result.errors.append(record["error"])
            else:
                raise ValueError(f"unknown record «{kind}»")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"line {number}: not a phrasecheck result record ({exc})") from None
    return list(results.values()), partial
