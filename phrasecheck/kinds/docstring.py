"""The format of a rule kind's docstring, read back for the tests and the reference.

    forbidden — the speaker must not say any of these phrases.     <- summary

    Prose: what the kind checks, how, and when it is skipped.

        - id: diminutives                                           <- an example rule:
          type: forbidden                                              YAML, indented, one
          message: Уменьшительные слова звучат несерьёзно              block up to a blank line
          phrases: [минуточку]

        PASS  agent «Одну минуту, пожалуйста»                       <- calls the rule above
        FAIL  agent «Подождите минуточку»                              passes and fails
        PASS  client «Подождите минуточку»   # the client's words are not the agent's fault

A case is one line: PASS, FAIL or USED, the call's metadata if it needs any, its
utterances in order, and an optional `# note`:

    FAIL  {started_at: 2026-05-16T11:59+03:00, agent: Анна}  agent «Добрый день»
    FAIL  agent 0–3 «Добрый день»  client 3.5–5 «Здравствуйте»  agent 17–19 «Договор активен»

Metadata are `key: value` pairs, as a call's JSON or `# key: value` header
gives them (values without commas). An utterance is `agent` or `client`, its
start and end in seconds if it needs them (`0–3` or `0-3`), and its text in
«». A FAIL case must give the rule above it at least one violation; a PASS case
none, and no practice either; a USED case (a `recommended` rule's) a practice and
no violation. No case may be skipped. A docstring may hold several example rules,
each followed by its cases.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

_CASE_RE = re.compile(r"(?P<verdict>PASS|FAIL|USED)\s+(?:\{(?P<meta>[^{}]*)\}\s*)?")
_TURN_RE = re.compile(r"(?P<speaker>agent|client)(?:\s+(?P<start>\d+(?:\.\d+)?)[–-](?P<end>\d+(?:\.\d+)?))?"
                      r"\s+«(?P<text>[^«»]*)»\s*")
_NOTE_RE = re.compile(r"#\s*(?P<note>.*)")
_INDENT = "    "


@dataclass(frozen=True)
class Turn:
    speaker: str  # "agent" or "client"
    text: str
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class Case:
    """One example call and whether the rule passes it."""

    line: str  # as written
    passes: bool  # no violation
    turns: tuple[Turn, ...]
    metadata: tuple[tuple[str, str], ...] = ()
    note: str = ""
    uses: bool = False  # the rule finds its technique used

    def record(self) -> dict:
        """The call as a JSON call object, for the readers."""
        utterances = []
        for turn in self.turns:
            entry = {"speaker": turn.speaker, "text": turn.text}
            if turn.start is not None:
                entry.update(start=turn.start, end=turn.end)
            utterances.append(entry)
        return {**dict(self.metadata), "utterances": utterances}


@dataclass(frozen=True)
class Example:
    rule: str  # one rule, in YAML: an item of a rule file's `rules:` list
    cases: tuple[Case, ...]


@dataclass(frozen=True)
class KindDoc:
    summary: str  # the first line
    examples: tuple[Example, ...]


def parse(docstring: str) -> KindDoc:
    """A kind's docstring, read; raises ValueError on a case it cannot read."""
    lines = inspect.cleandoc(docstring).splitlines()
    examples: list[Example] = []
    rule: list[str] | None = None  # the YAML block being read
    for line in lines[1:]:
        body = line[len(_INDENT):] if line.startswith(_INDENT) else None
        if rule is not None and body and not _CASE_RE.match(body):
            rule.append(body)
            continue
        if rule is not None:
            examples.append(Example("\n".join(rule), ()))
            rule = None
        if body is None:
            continue
        if body.startswith("- id:"):
            rule = [body]
        elif _CASE_RE.match(body):
            if not examples:
                raise ValueError(f"a case before any example rule: {body!r}")
            last = examples[-1]
            examples[-1] = Example(last.rule, last.cases + (parse_case(body),))
    if rule is not None:
        examples.append(Example("\n".join(rule), ()))
    return KindDoc(lines[0], tuple(examples))


def parse_case(line: str) -> Case:
    """One `PASS …` or `FAIL …` line."""
    found = _CASE_RE.match(line)
    if not found:
        raise ValueError(f"a case starts with PASS, FAIL or USED: {line!r}")
    metadata = tuple(_pair(item, line) for item in (found["meta"] or "").split(",") if item.strip())
    turns, position = [], found.end()
    while turn := _TURN_RE.match(line, position):
        start = float(turn["start"]) if turn["start"] else None
        end = float(turn["end"]) if turn["end"] else None
        turns.append(Turn(turn["speaker"], turn["text"], start, end))
        position = turn.end()
    note = _NOTE_RE.fullmatch(line, position)
    if not turns or position < len(line) and not note:
        raise ValueError(f"cannot read the case at «{line[position:position + 20]}»: {line!r}")
    return Case(line, found["verdict"] != "FAIL", tuple(turns), metadata, note["note"] if note else "",
                found["verdict"] == "USED")


def _pair(item: str, line: str) -> tuple[str, str]:
    key, colon, value = item.partition(":")
    if not colon or not key.strip() or not value.strip():
        raise ValueError(f"metadata are `key: value` pairs, not {item.strip()!r}: {line!r}")
    return key.strip(), value.strip()
