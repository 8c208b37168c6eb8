"""SARIF 2.1.0, for code-scanning tools (GitHub code scanning, IDE viewers, sarif-tools).

One run. Results are written as they come, so a large batch is not held in
memory; the rules a run used are only known at the end, so `tool` (with its
`rules`) follows `results` in the run object — JSON objects are unordered, and
every SARIF reader looks properties up by name. An interrupted run is not
`executionSuccessful` and says why in a warning notification.

With `practices=True` (--practices) each recommended technique used is a result
too, of level `note`, under a rule descriptor of its own: `practice/RULE`
(PRACTICE_PREFIX), described by the technique's message, apart from the rule's
own descriptor (a missed expectation of the same rule is a violation of RULE).

A rule's descriptor has its message as `fullDescription`, and as `help` the message
with what to say instead (text and Markdown), and `tags`. A result in a text input
points at the words (line, column, end column); one in a JSON or JSON Lines input at
the call's line (JSONL) or the file's first line, with no column (a column there would
point into the JSON, not the speech): the utterance's index and time are in its
`properties`, as they are for every result.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from urllib.parse import quote

from .. import __version__
from ..model import PRACTICE, FileResult, Finding
from ..summary import Summary
from .common import Reporter, TextOutput, findings_of

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
PARTIAL_MESSAGE = "interrupted: this report covers only the calls finished"
PRACTICE_PREFIX = "practice/"  # a practice's rule descriptor: practice/paraphrase
# inputs whose lines are JSON, not speech (the readers' JSON formats)
JSON_SUFFIXES = (".json", ".jsonl")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")  # what Markdown would read as markup inside a line


def uri(path: str) -> str:
    """The artifact URI of an input: relative as given (with forward slashes), or a
    file: URI when absolute; percent-encoded, as a URI must be (Cyrillic file names;
    a name in no valid encoding as the bytes it has on disk)."""
    for flavour in (PurePosixPath, PureWindowsPath):
        if flavour(path).is_absolute():
            try:
                return flavour(path).as_uri()
            except (UnicodeEncodeError, ValueError):
                return "file://" + quote(_bytes(flavour(path).as_posix()), safe="/")
    return quote(_bytes(PurePath(path).as_posix().replace("\\", "/")), safe="/")


def _bytes(path: str) -> bytes:
    """A path's bytes: as on disk for a name read with surrogate escapes, and any
    other lone surrogate written as its escape."""
    try:
        return path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return path.encode("utf-8", "backslashreplace")


def rule_id(finding: Finding) -> str:
    return PRACTICE_PREFIX + finding.rule if finding.kind == PRACTICE else finding.rule


def level(finding: Finding) -> str:
    return "note" if finding.kind == PRACTICE else LEVELS[str(finding.severity)]


def region(finding: Finding) -> dict:
    """Where a result is: the words in a text input; the call's line in a JSON one."""
    if finding.path.lower().endswith(JSON_SUFFIXES):
        return {"startLine": finding.line}
    where = {"startLine": finding.line, "startColumn": finding.column}
    if finding.text and "\n" not in finding.text:  # a quote over several lines has no single end column
        where["endColumn"] = finding.column + len(finding.text)
    return where


def descriptor(rule: str, finding: Finding) -> dict:
    """A rule as a code-scanning tool lists it: what it says, what to say instead, its tags."""
    practice = finding.kind == PRACTICE
    text, markdown = finding.message, _markdown(finding.message)
    if finding.suggestions:
        text += "\n" + "\n".join(f"→ {s}" for s in finding.suggestions)
        markdown += "\n\n" + "\n".join(f"- {_markdown(s)}" for s in finding.suggestions)
    tags = ["phrasecheck", "practice"] if practice else ["phrasecheck", "speech-standard", str(finding.severity)]
    return {"id": rule, "shortDescription": {"text": finding.message},
            "fullDescription": {"text": finding.message},
            "help": {"text": text, "markdown": markdown},
            "defaultConfiguration": {"level": level(finding)},
            "properties": {"tags": tags}}


def _markdown(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def message(finding: Finding) -> str:
    if not finding.suggestions:
        return finding.message
    return f"{finding.message} (→ {' | '.join(finding.suggestions)})"


class SarifReporter(Reporter):
    def __init__(self, output=None, practices: bool | None = None, **options) -> None:
        self.out = TextOutput(output)
        self.practices = practices is True  # only with --practices
        self.stream = self.out.stream
        self.rules: dict[str, dict] = {}  # rule id → reportingDescriptor, in order of first use
        self.index: dict[str, int] = {}  # rule id → its place in `rules` (a result's ruleIndex)
        self.notifications: list[dict] = []  # unreadable inputs
        self.count = 0
        self.stream.write('{\n  "$schema": "%s",\n  "version": "2.1.0",\n  "runs": [\n    {\n'
                          '      "columnKind": "unicodeCodePoints",\n      "results": [' % SCHEMA)

    def _rule_index(self, finding: Finding) -> int:
        rule = rule_id(finding)
        if rule not in self.rules:
            self.index[rule] = len(self.rules)
            self.rules[rule] = descriptor(rule, finding)
        return self.index[rule]

    def file(self, result: FileResult) -> None:
        findings = findings_of(result, self.practices)
        for finding in findings:
            record = {
                "ruleId": rule_id(finding),
                "ruleIndex": self._rule_index(finding),
                "level": level(finding),
                "message": {"text": message(finding)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(finding.path)},
                                                    "region": region(finding)}}],
                "properties": {"callId": finding.call_id, "utterance": finding.utterance,
                               "start": finding.start, "speaker": finding.speaker, "quote": finding.text},
            }
            if finding.kind == PRACTICE:
                record["properties"]["kind"] = PRACTICE
            self.stream.write("," if self.count else "")
            self.stream.write("\n        " + json.dumps(record, ensure_ascii=False))
            self.count += 1
        for error in result.errors:
            self.notifications.append({
                "level": "error", "message": {"text": f"unreadable: {error}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(result.path)}}}]})

    def finish(self, summary: Summary) -> None:
        tool = {"driver": {"name": "phrasecheck", "version": __version__, "semanticVersion": __version__,
                           "rules": list(self.rules.values())}}
        notifications = self.notifications
        if summary.partial:
            notifications = [*notifications, {"level": "warning", "message": {"text": PARTIAL_MESSAGE}}]
        invocation = {"executionSuccessful": not summary.partial and not summary.unreadable,
                      "toolExecutionNotifications": notifications}
        tail = json.dumps({"tool": tool, "invocations": [invocation]}, ensure_ascii=False, indent=2)
        # the run object's remaining properties, indented to sit inside it (split at "\n"
        # only: splitlines would also cut a string at a U+0085 or U+2028 in it)
        body = "\n".join("    " + line for line in tail[1:-1].strip("\n").split("\n"))
        self.stream.write(("\n      " if self.count else "") + "],\n" + body + "\n    }\n  ]\n}\n")
