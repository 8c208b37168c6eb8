"""Reporters only format findings. Each takes a text stream and gets, in order:
`file(result)` for every input, then `finish(summary)` once."""

from __future__ import annotations

FORMATS = ("console", "json", "jsonl")


def create(name: str, stream, color: bool | None = None):
    if name == "console":
        from .console import ConsoleReporter

        return ConsoleReporter(stream, color=color)
    from .jsonfmt import JsonLinesReporter, JsonReporter

    return JsonReporter(stream) if name == "json" else JsonLinesReporter(stream)
