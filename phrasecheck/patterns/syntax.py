"""The parser of the phrase syntax (see the package docstring): a phrase's text
becomes a tree (tree.py), or a PatternError that points at the column."""

from __future__ import annotations

import re

from .. import morphology
from .tree import ALT, GAP, PREFIX, WORD, can_be_empty

DEFAULT_GAP = 3

_SYNTAX_RE = re.compile(
    r"(?P<open>[(\[])|(?P<close>[)\]])|(?P<bar>\|)|(?P<start>\^)|(?P<end>\$)"
    r"|(?P<gap>(?:\.\.\.|…)(?P<n>\d+)?)"
    r"|(?P<word>=?[0-9a-zа-яё]+(?:-[0-9a-zа-яё]+)*\*?)"
    r"|(?P<space>[\s,!?:;«»\"'“”„—–-]+|\.)"
    r"|(?P<bad>.)",
    re.IGNORECASE,
)


class PatternError(ValueError):
    """A phrase that cannot be compiled; `column` is 0-based within the phrase."""

    def __init__(self, message: str, column: int = 0):
        super().__init__(message)
        self.column = column


def parse(source: str) -> tuple[tuple, bool, bool]:
    """One phrase of a rule file: its tree, and whether it is anchored at the
    start («^») and at the end («$»); raises PatternError with the column."""
    parts = [m for m in _SYNTAX_RE.finditer(source) if m.lastgroup != "space"]
    at_start = bool(parts) and parts[0].lastgroup == "start"
    at_end = bool(parts) and parts[-1].lastgroup == "end"
    body = parts[int(at_start): len(parts) - int(at_end)]
    seq, rest = _parse_alt(body, 0, source, closer=None)
    if rest != len(body):
        raise PatternError(f"unexpected «{body[rest].group(0)}»", body[rest].start())
    if not seq:
        raise PatternError("empty phrase: it has no words")
    if can_be_empty(seq):
        raise PatternError("the phrase can match without any word: make a word required")
    if seq[0][0] == GAP or seq[-1][0] == GAP and not at_end:
        raise PatternError("a gap (...) must stand between words")
    return seq, at_start, at_end


def _parse_alt(parts, pos, source, closer):
    """Parse `a b | c d` up to `closer`; returns (seq, position of closer)."""
    branches, current = [], []
    while pos < len(parts):
        part = parts[pos]
        kind = part.lastgroup
        if kind == "close":
            break
        if kind == "bar":
            branches.append(tuple(current))
            current = []
            pos += 1
            continue
        if kind == "open":
            want = ")" if part.group(0) == "(" else "]"
            inner, end = _parse_alt(parts, pos + 1, source, want)
            if end >= len(parts) or parts[end].group(0) != want:
                raise PatternError(f"«{part.group(0)}» is never closed with «{want}»", part.start())
            if want == "]":
                inner = ((ALT, (inner, ())),) if inner else ()
            current.extend(inner)
            pos = end + 1
            continue
        if kind == "word":
            current.append(_word(part.group(0), part.start()))
        elif kind == "gap":
            current.append((GAP, int(part.group("n") or DEFAULT_GAP)))
        elif kind in ("start", "end"):
            raise PatternError(f"«{part.group(0)}» may only open («^») or close («$») a phrase", part.start())
        else:
            raise PatternError(f"unexpected character «{part.group(0)}»", part.start())
        pos += 1
    if closer is None and pos < len(parts):
        raise PatternError(f"«{parts[pos].group(0)}» closes nothing", parts[pos].start())
    branches.append(tuple(current))
    if any(not b for b in branches) and len(branches) > 1:
        raise PatternError("an alternative («|») is empty", parts[min(pos, len(parts) - 1)].start())
    if len(branches) == 1:
        return branches[0], pos
    return ((ALT, tuple(branches)),), pos


def _word(text: str, column: int):
    """One word of a phrase: `=form` (exactly), `prefix*` or a word (any of its forms)."""
    form = morphology.normalize(text)
    if form.endswith("*"):
        if len(form) < 3:
            raise PatternError("a prefix (word*) needs at least two letters", column)
        return (PREFIX, form[:-1].lstrip("="))
    if form.startswith("="):
        return (WORD, frozenset({morphology.exact_key(form[1:])}))
    return (WORD, morphology.lemma_keys(form))
