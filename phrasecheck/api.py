"""The Python API: check calls from your own code, in one process or in the workers
of a cluster (docs/api.md).

    from phrasecheck.api import Checker, merge

    checker = Checker.from_config()                 # the rule set, loaded once
    result = checker.check_line(b'{"call_id": "c1", "utterances": [...]}')
    result.records()                                # plain dicts: the JSON Lines report's records
    total = merge([part.summary, other.summary])    # the same totals as one run over both

A `Checker` is what `phrasecheck check` itself checks with (app.py builds its
engine here). It pickles as its settings and is rebuilt, once per process, where
it is unpickled: a Dask or Spark worker loads the rules the first time it needs
them and keeps them. Records are exactly those of `--format jsonl` (README,
«Report fields»), summaries merge associatively (`merge`).
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .config import Config
from .model import CallResult, FileResult, Finding
from .readers import ReaderOptions, Source
from .summary import Summary

__all__ = ["Checker", "Result", "SetupError", "Summary", "merge", "summary_record"]

DEFAULT_CALL_PATH = "<call>.jsonl"  # the `path` of a call given as a dict or a line, unless told


class SetupError(Exception):
    """A config or rule set that cannot be used: `message` and `details`, every problem found."""

    def __init__(self, message: str | None = None, details: Iterable[Any] = ()) -> None:
        self.message, self.details = message, list(details)
        super().__init__("\n".join([*map(str, self.details), *([message] if message else [])]))


def load_config(path: str | os.PathLike | None = None, **overrides: Any) -> Config:
    """The config file (None: found from the current folder upward; none found: the defaults)
    with `overrides` laid over it: any setting of the config file by name, replacing its value."""
    from . import config as configuration

    found = Path(path) if path is not None else configuration.find()
    if path is not None and not found.is_file():
        raise SetupError(f"{path}: no such config file")
    try:
        config = configuration.load(found)
    except configuration.ConfigError as exc:
        raise SetupError(details=exc.problems) from None
    for key, value in overrides.items():
        kind = configuration._KINDS.get(key)
        if kind is None:
            raise SetupError(f"unknown setting «{key}»{configuration.suggest(key, configuration._KINDS)}")
        error = configuration._check(kind, value)
        if error:
            raise SetupError(f"«{key}» {error}")
        setattr(config, key, value)
    return config


def load_ruleset(config: Config, precompiled: dict | None = None):
    """The selected rules of the configured packs; every problem in them is a SetupError."""
    from .rulepack import load_rules, select_rules

    ruleset = load_rules(config.rules, builtin=config.builtin, overrides=config.options,
                         precompiled=precompiled)
    problems = ruleset.problems or select_rules(ruleset, config.select, config.ignore, config.severity)
    if problems:
        count = len(problems)
        raise SetupError(f"{count} problem{'s' if count != 1 else ''} in rules or options", sorted(problems))
    return ruleset


def reader_options(config: Config) -> ReaderOptions:
    """Speakers, time zone, encoding and call defaults, as the config says."""
    from . import config as configuration
    from .readers import default_speakers

    zone = configuration.zone(config.timezone) if config.timezone else None
    if config.timezone and zone is None:
        raise SetupError(f"unknown time zone «{config.timezone}» (use a name like Europe/Moscow)")
    defaults: dict[str, Any] = {"company": config.company} if config.company else {}
    if config.company_aliases:
        defaults["company_aliases"] = config.company_aliases
    return ReaderOptions(encoding=config.encoding, speakers={**default_speakers(), **config.speakers},
                         timezone=zone, defaults=defaults)


@dataclass
class Result:
    """What checking produced: a FileResult for each file, or part of a file, checked."""

    files: list[FileResult]

    def records(self) -> list[dict[str, Any]]:
        """The records `--format jsonl` writes for these results, in its order: each file's
        violations, practices, calls (with transcripts) and errors (`{"record": …, …}`)."""
        from .reporters.jsonreport import file_records

        return [record for result in self.files for record in file_records(result)]

    @property
    def summary(self) -> Summary:
        """The totals of these results, to `merge` with others'."""
        summary = Summary(score_log={})
        for result in self.files:
            summary.add(result)
        return summary

    @property
    def violations(self) -> list[Finding]:
        return [finding for result in self.files for finding in result.findings]

    @property
    def practices(self) -> list[Finding]:
        return [practice for result in self.files for practice in result.practices]

    @property
    def calls(self) -> list[CallResult]:
        return [call for result in self.files for call in result.calls]

    @property
    def errors(self) -> list[tuple[str, str]]:
        """(path, what could not be read or checked, «line 7: …»)."""
        return [(result.path, error) for result in self.files for error in result.errors]


class Checker:
    """A rule set loaded once, with the config's reading options, ready to check calls.
    Errors in the calls never raise: they are `Result.errors`, as in a report."""

    def __init__(self, config: Config | None = None, *, report_unused_suppressions: bool = False,
                 precompiled: dict | None = None) -> None:
        from .engine import Engine

        self.config = config if config is not None else Config()
        self.report_unused_suppressions = report_unused_suppressions
        options = reader_options(self.config)
        self.engine = Engine(load_ruleset(self.config, precompiled), options,
                             scripts_are_calls=self.config.scripts_are_calls,
                             report_unused_suppressions=report_unused_suppressions,
                             credit_cap=float(self.config.credit_cap))

    @classmethod
    def from_config(cls, path: str | os.PathLike | None = None, **overrides: Any) -> "Checker":
        """The rules and options of a config file (None: found from the current folder upward),
        `overrides` laid over its settings (`select=["greeting*"]`, `timezone="Europe/Moscow"`…)."""
        config = load_config(path, **overrides)
        return cls(config, precompiled=_precompiled(config))

    def check_call(self, call: dict[str, Any], *, path: str = DEFAULT_CALL_PATH, line: int = 1) -> Result:
        """One call as a JSON Lines line holds it (a decoded JSON object), read and checked as
        that line would be; `path` and `line` say where it came from (for `call_id` too)."""
        try:
            raw = json.dumps(call, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: escaped, as a JSON file would hold it
            raw = json.dumps(call).encode("ascii")
        return self.check_lines([raw], path=path, first_line=line)

    def check_line(self, line: bytes | str, *, path: str = DEFAULT_CALL_PATH, number: int = 1) -> Result:
        """One JSON Lines line (a call), as `phrasecheck check` reads it."""
        return self.check_lines([line], path=path, first_line=number)

    def check_lines(self, lines: Iterable[bytes | str], *, path: str = DEFAULT_CALL_PATH,
                    first_line: int = 1, part: int = 0) -> Result:
        """Consecutive JSON Lines lines of one file, the first numbered `first_line`; `part`,
        the place of these lines among the file's parts (0: the file's first, counted as a file).
        `path` names a JSON Lines file (`….jsonl`): its name makes a call's default `call_id`."""
        if not path.lower().endswith(".jsonl"):
            raise ValueError(f"path «{path}»: lines are read as JSON Lines, so their path must end in .jsonl")
        numbered = tuple((number, _raw(line)) for number, line in enumerate(lines, first_line))
        source = Source(path, part, numbered, sum(len(raw) for _, raw in numbered))
        return Result([self._checked(source)])

    def check_path(self, path: str | os.PathLike) -> Result:
        """A transcript, script, JSON or JSON Lines file, as `phrasecheck check` checks it."""
        from . import batch, readers

        return Result([self._checked(source) for source in readers.parts(str(path), batch.LINES_PER_TASK)])

    def check_source(self, source: Source) -> FileResult:
        """A reader's source (a whole file, or a part of its lines): the engine's own entry."""
        return self._checked(source)

    def _checked(self, source: Source) -> FileResult:
        from .batch import check_task, Task

        return check_task(self.engine, Task([source]))[0]

    def __reduce__(self):
        """Pickled as its settings; rebuilt where it is unpickled, once a process."""
        return _rebuilt, (pickle.dumps(_portable(self.config)), self.report_unused_suppressions)


def _raw(line: bytes | str) -> bytes:
    """A line as a file holds it: a line too long to read is reported, as the file reader does."""
    from .readers.base import MAX_LINE_BYTES, TOO_LONG

    raw = line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line  # not UTF-8: said so
    return TOO_LONG if len(raw) > MAX_LINE_BYTES else raw


_BUILT: dict[tuple[bytes, bool], Checker] = {}  # a process's checkers rebuilt from their settings


def _rebuilt(settings: bytes, report_unused_suppressions: bool) -> Checker:
    key = (settings, report_unused_suppressions)
    if key not in _BUILT:
        config = pickle.loads(settings)
        _BUILT[key] = Checker(config, report_unused_suppressions=report_unused_suppressions,
                              precompiled=_precompiled(config))
    return _BUILT[key]


def _portable(config: Config) -> Config:
    """The config with its rule paths absolute: a worker may run in another folder."""
    return dataclasses.replace(config, rules=[os.path.abspath(p) for p in config.rules])


def _precompiled(config: Config) -> dict:
    """Phrases compiled by an earlier run with these rule files (phrasecheck's cache), if any."""
    from . import cache
    from .rulepack import rule_files

    return cache.restore(cache.rules_digest(rule_files(config.rules, config.builtin)[0]))


def merge(summaries: Iterable[Summary]) -> Summary:
    """The totals of consecutive parts of a run, in order: exactly what one run over all of them
    counts (scores, per rule, per technique, per agent, the spread of scores). Associative:
    `merge([merge([a, b]), c]) == merge([a, merge([b, c])])`, so parts may be merged in any tree."""
    total = Summary(score_log={})
    for part in summaries:
        total.merge(part)
    return total


def summary_record(summary: Summary) -> dict[str, Any]:
    """The summary as the last line of a JSON Lines report holds it."""
    from .reporters.jsonreport import summary_record as record

    return record(summary)

