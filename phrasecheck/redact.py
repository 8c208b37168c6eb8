"""--redact: personal data masked in every quote and transcript a report shows.

Digit runs of 5 or more (phones, cards, contracts, passports — spaces, dashes,
dots and brackets inside a number count as part of it) and e-mail addresses are
replaced character for character, so highlighted spans stay where they were.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import FileResult

MASK = "*"
# a number: digits, possibly split by separators, with at least 5 digits in all
_NUMBER_RE = re.compile(r"\+?\d(?:[\d\s().\-/]*\d)?")
# An e-mail address is [\w.+-]+@[\w-]+(?:\.[\w-]+)+; found from each «@» (emails), since that
# regex would search every start in a long run of letters to its end: quadratic in the run.
_DOMAIN_RE = re.compile(r"@[\w\-]+(?:\.[\w\-]+)+")


def text(value: str) -> str:
    if not value:
        return value
    value = _mask_emails(value)
    return _NUMBER_RE.sub(lambda m: _mask(m) if sum(ch.isdigit() for ch in m.group(0)) >= 5 else m.group(0),
                          value)


def _mask(match: re.Match) -> str:
    return re.sub(r"[^\s]", MASK, match.group(0))


def _mask_emails(value: str) -> str:
    pieces, done = [], 0
    for start, end in emails(value):
        pieces += [value[done:start], MASK * (end - start)]  # an address holds no space
        done = end
    return "".join(pieces) + value[done:] if pieces else value


def emails(value: str):
    r"""(start, end) of each e-mail address, leftmost first, as the regex
    [\w.+-]+@[\w-]+(?:\.[\w-]+)+ would find them, in linear time: from each «@»,
    its name runs left as far as such characters go (never into the last address)."""
    searched_from, at = 0, value.find("@")
    while at >= 0:
        start = at
        while start > searched_from and _in_name(value[start - 1]):
            start -= 1
        domain = _DOMAIN_RE.match(value, at) if start < at else None
        if domain:
            yield start, domain.end()
            searched_from = domain.end()
        at = value.find("@", max(at + 1, searched_from))


def _in_name(char: str) -> bool:
    return char.isalnum() or char in "_.+-"


def result(file_result: FileResult) -> FileResult:
    """A copy of a file's results with quotes and transcripts masked."""
    findings = [replace(f, text=text(f.text), context=text(f.context)) for f in file_result.findings]
    calls = [replace(c, deductions=[replace(d, text=text(d.text)) for d in c.deductions],
                     transcript=[(s, a, b, text(t), line) for s, a, b, t, line in c.transcript])
             for c in file_result.calls]
    return FileResult(file_result.path, calls, findings, list(file_result.errors),
                      continues=file_result.continues)
