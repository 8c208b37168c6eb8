"""One call of the HTML report as its data holds it: what the page's script needs to draw
the call when it is opened (html_script.py) — its utterances, where each finding's words
are in them, and its techniques used; its violations are the rows of the violations table.

A call with violations keeps its whole transcript; a call with practices only, just the
turns that hold them. Text stays text here: the script puts it into the page as text,
never as markup, so nothing said can become HTML.
"""

from __future__ import annotations

from ..model import CallResult, Finding
from .html_data import Page
from .html_marks import places


def utf16(text: str, offset: int) -> int:
    """A character offset as JavaScript counts it: a character beyond the BMP is two."""
    return offset + sum(1 for c in text[:offset] if ord(c) > 0xFFFF)


def meta_row(call: CallResult | None) -> list:
    """The call's line under its title: (started at, techniques used, points they gave, score shown)."""
    if call is None:
        return [None, 0, 0, "—"]
    return [call.started_at, sum(call.practices.values()), round(sum(c.points for c in call.credits), 2),
            "—" if call.score is None else f"{call.score:g}"]


def record(call: CallResult | None, violations: list[Finding], practices: list[Finding], first_row: int,
           page: Page) -> dict:
    """The call's data: `u` its utterances shown, [index, speaker, start, text]; `m` the words
    marked, [utterance, start, end, finding] (a finding ≥ 0 is the violation in that row of the
    violations table, -1-k the practice `p[k]`); `p` its practices, [utterance, rule, message]
    (strings by their number on the page); `v` the rows of its violations, in order."""
    transcript = call.transcript if call else []
    refs = [(f, first_row + n) for n, f in enumerate(violations)] + [(f, -1 - k) for k, f in enumerate(practices)]
    marks, noted = [], set()
    for finding, ref in refs:
        if finding.utterance is not None:
            noted.add(finding.utterance)
        for index, start, end in places(transcript, finding):
            text = transcript[index][3]
            marks.append([index, utf16(text, start), utf16(text, end), ref])
            noted.add(index)
    shown = range(len(transcript)) if violations else sorted(i for i in noted if 0 <= i < len(transcript))
    return {"u": [[i, transcript[i][0], transcript[i][1], transcript[i][3]] for i in shown], "m": marks,
            "p": [[f.utterance, page.string(f.rule), page.string(f.message)] for f in practices],
            "v": [first_row, len(violations)]}
