"""The parser of the phrase syntax (see the package docstring): a phrase's text
becomes a tree (tree.py), or a PatternError that points at the column."""

from __future__ import annotations

import re

from .. import morphology
from .errors import PatternError
from .grammar import grammar_token
from .tree import ALT, FREE, GAP, PREFIX, WORD, Walker, can_be_empty, span

DEFAULT_GAP = 3
FREE_ORDER_SLACK = 1  # words a free-order group allows beyond its own, unless «~N» says otherwise
# Bounds far beyond any real phrase; they keep matching time and the parser's and
# matcher's recursion in check whatever a rule file says (docs/rules.md, «Limits»).
MAX_NESTING = 10  # brackets inside brackets
MAX_LENGTH = 100  # words, gaps and groups one after another
MAX_GAP = 30  # words a gap («...N») or a group's window («~N») may span
MAX_FREE_PARTS = 5  # parts of a group in any order («a & b & c»)

_SYNTAX_RE = re.compile(
    r"(?P<open>[(\[])|(?P<close>[)\]])|(?P<bar>\|)|(?P<and>&)|(?P<start>\^)|(?P<end>\$)"
    r"|(?P<gap>(?:\.\.\.|…)(?P<n>\d+)?)|(?P<window>~(?P<within>\d+)?)"
    r"|(?P<grammar><(?P<names>[^<>]*)(?P<shut>>)?)"
    r"|(?P<word>=?[0-9a-zа-яё]+(?:-[0-9a-zа-яё]+)*\*?)"
    r"|(?P<space>[\s,!?:;«»\"'“”„—–-]+|\.)"
    r"|(?P<bad>.)",
    re.IGNORECASE,
)

__all__ = ["DEFAULT_GAP", "FREE_ORDER_SLACK", "MAX_FREE_PARTS", "MAX_GAP", "MAX_LENGTH", "MAX_NESTING",
           "PatternError", "parse"]


def parse(source: str) -> tuple[tuple, bool, bool]:
    """One phrase of a rule file: its tree, and whether it is anchored at the
    start («^») and at the end («$»); raises PatternError with the column."""
    parts = [m for m in _SYNTAX_RE.finditer(source) if m.lastgroup != "space"]
    at_start = bool(parts) and parts[0].lastgroup == "start"
    at_end = bool(parts) and parts[-1].lastgroup == "end"
    body = parts[int(at_start): len(parts) - int(at_end)]
    seq, rest = _parse_group(body, 0, closer=None)
    if rest != len(body):
        raise PatternError(f"unexpected «{body[rest].group(0)}»", body[rest].start())
    if not seq:
        raise PatternError("empty phrase: it has no words")
    if can_be_empty(seq):
        raise PatternError("the phrase can match without any word: make a word required")
    if _gap_first.walk(seq)[0] or _gap_last.walk(seq)[0] and not at_end:  # «[...] да» too
        raise PatternError("a gap (...) must stand between words")
    if _length(seq) > MAX_LENGTH:
        raise PatternError(f"the phrase is too long: at most {MAX_LENGTH} words, gaps and groups one after another")
    return seq, at_start, at_end


def _parse_group(parts, pos, closer, depth=0):
    """Parse `a b | c d` (alternatives) or `a & b c` (any order) up to `closer`,
    `depth` brackets deep; returns (seq, position of closer)."""
    items, current, separator = [], [], None  # items: (seq, its parts) between separators
    first = pos
    while pos < len(parts):
        part = parts[pos]
        kind = part.lastgroup
        if kind == "close":
            break
        if kind in ("bar", "and"):
            if separator is not None and separator.lastgroup != kind:
                raise PatternError("«|» and «&» in one group: put the alternatives in their own "
                                   "brackets, as in «(a|b) & c»", part.start())
            separator = part
            items.append((tuple(current), parts[first:pos + 1]))
            current, first = [], pos + 1
            pos += 1
            continue
        if kind == "open":
            pos = _parse_brackets(parts, pos, current, depth + 1)
            continue
        current.append(_element(part))
        pos += 1
    if closer is None and pos < len(parts):
        raise PatternError(f"«{parts[pos].group(0)}» closes nothing", parts[pos].start())
    items.append((tuple(current), parts[first:pos + 1]))
    if separator is None:
        return items[0][0], pos
    if separator.lastgroup == "and":
        return (_free_order(items, parts[-1].end()),), pos
    if any(not seq for seq, _ in items):
        raise PatternError("an alternative («|») is empty", parts[min(pos, len(parts) - 1)].start())
    return ((ALT, tuple(seq for seq, _ in items)),), pos


def _parse_brackets(parts, pos, current, depth: int) -> int:
    """`(...)` or `[...]` at `pos`, `depth` brackets deep, with its window `~N` if
    any, onto `current`; returns the position after it."""
    part = parts[pos]
    if depth > MAX_NESTING:
        raise PatternError(f"brackets nested too deep: at most {MAX_NESTING} inside one another", part.start())
    want = ")" if part.group(0) == "(" else "]"
    inner, end = _parse_group(parts, pos + 1, want, depth)
    if end >= len(parts) or parts[end].group(0) != want:
        raise PatternError(f"«{part.group(0)}» is never closed with «{want}»", part.start())
    end += 1
    if end < len(parts) and parts[end].lastgroup == "window":
        inner = _with_window(inner, parts[end])
        end += 1
    if want == "]":
        inner = ((ALT, (inner, ())),) if inner else ()
    current.extend(inner)
    return end


def _element(part):
    """One element of a sequence other than brackets: a word, a grammar token or a gap."""
    kind = part.lastgroup
    if kind == "word":
        return _word(part.group(0), part.start())
    if kind == "grammar":
        if not part.group("shut"):
            raise PatternError("«<» is never closed with «>»", part.start())
        return grammar_token(part.group("names"), part.start("names"))
    if kind == "gap":
        return GAP, _bounded(part.group("n"), DEFAULT_GAP, part, "a gap")
    if kind in ("start", "end"):
        raise PatternError(f"«{part.group(0)}» may only open («^») or close («$») a phrase", part.start())
    if kind == "window":
        raise PatternError(f"«{part.group(0)}» may only follow a group in any order, as in «(a & b)~4»",
                           part.start())
    raise PatternError(f"unexpected character «{part.group(0)}»", part.start())


def _free_order(items, end: int) -> tuple:
    """`a & [b] & c d`: each item (its seq, and its parts with the «&» or bracket
    after it) required, or optional if it is all in «[ ]»; `end`: the phrase's end."""
    elements = []
    for seq, written in items:
        column = written[0].start() if written else end  # nothing after the last «&»
        if not seq:
            raise PatternError("a part of a group in any order («&») is empty", column)
        if _has_gap(seq):
            gap = next(part for part in written if part.lastgroup == "gap")
            raise PatternError("a gap (...) cannot stand in a group in any order («&»): "
                               "its window («~N») says how far apart its words may be", gap.start())
        optional = len(seq) == 1 and seq[0][0] == ALT and seq[0][1][-1] == () and len(seq[0][1]) == 2
        inner = seq[0][1][0] if optional else seq
        if can_be_empty(inner):
            raise PatternError("each part of a group in any order («&») needs a word; "
                               "an optional part is written «[word]»", column)
        elements.append((inner, not optional))
    if len(elements) > MAX_FREE_PARTS:
        raise PatternError(f"a group in any order («&») may have at most {MAX_FREE_PARTS} parts",
                           items[0][1][0].start())
    if not any(required for _, required in elements):
        raise PatternError("a group in any order («&») needs a part that is not optional", items[0][1][0].start())
    window = sum(span(seq)[1] for seq, _ in elements) + FREE_ORDER_SLACK
    return FREE, (window, tuple(elements))


def _with_window(inner, part) -> tuple:
    """A free-order group given its window by `~N`."""
    if len(inner) != 1 or inner[0][0] != FREE:
        raise PatternError(f"«{part.group(0)}» may only follow a group in any order, as in «(a & b)~4»",
                           part.start())
    if not part.group("within"):
        raise PatternError("«~» needs the window in words, as in «(a & b)~4»", part.start())
    window, elements = _bounded(part.group("within"), 0, part, "a window"), inner[0][1][1]
    fewest = span(inner)[0]
    if window < fewest:
        raise PatternError(f"the window «{part.group(0)}» is shorter than the {fewest} words "
                           "the group needs", part.start())
    return ((FREE, (window, elements)),)


def _bounded(digits: str | None, default: int, part, what: str) -> int:
    """The N of «...N» or «~N», at most MAX_GAP."""
    if not digits:
        return default
    if len(digits) > 4 or int(digits) > MAX_GAP:
        raise PatternError(f"{what} may span at most {MAX_GAP} words, not {digits[:10]}", part.start())
    return int(digits)


class _Length(Walker):
    """Every value is the most elements the part has one after another."""

    def word(self, keys):
        return 1

    prefix = gap = word

    def choice(self, branches):
        return max(branches)

    def sequence(self, items):
        return sum(items)

    def free_order(self, window, elements):
        return sum(length for length, _ in elements)


_length = _Length().walk


class _EdgeGap(Walker):
    """Every value is (whether the part's first matched element can be a gap,
    whether it can match no word); with `last`, its last element."""

    def __init__(self, last: bool) -> None:
        super().__init__()
        self.last = last

    def word(self, keys):
        return False, False

    prefix = word

    def gap(self, most):
        return True, True

    def choice(self, branches):
        branches = list(branches)
        return any(first for first, _ in branches), any(empty for _, empty in branches)

    def sequence(self, items):
        for first, empty in reversed(list(items)) if self.last else items:
            if first or not empty:
                return first, False
        return False, True

    def free_order(self, window, elements):  # its parts hold no gap
        return False, all(empty or not required for (_, empty), required in elements)


_gap_first, _gap_last = _EdgeGap(last=False), _EdgeGap(last=True)


class _HasGap(Walker):
    def word(self, keys):
        return False

    prefix = word

    def gap(self, most):
        return True

    def choice(self, branches):
        return any(branches)

    sequence = choice

    def free_order(self, window, elements):
        return any(value for value, _ in elements)


_has_gap = _HasGap().walk


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
