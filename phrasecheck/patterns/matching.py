"""A compiled phrase and the matcher that runs it over an utterance's tokens:
the hot path of a run, tried at every place a phrase may start."""

from __future__ import annotations

from dataclasses import dataclass, field

from .optimise import Entry, entry, simplify
from .syntax import parse
from .tree import FREE, GAP, OPTIONAL_WORD, PREFIX, WORD


@dataclass(frozen=True, eq=False)
class Pattern:
    """A compiled phrase: its tree as written, and what is derived from it for speed."""

    source: str
    seq: tuple  # the tree (tree.py), as written
    at_start: bool = False
    at_end: bool = False
    # derived from `seq`:
    first: Entry = field(init=False)  # what the first matched word can be
    fast: tuple = field(init=False)  # `seq` simplified for speed (see simplify); matches the same

    def __post_init__(self) -> None:
        object.__setattr__(self, "first", entry(self.seq))
        object.__setattr__(self, "fast", simplify(self.seq))

    def match_at(self, tokens, keys, i: int, seq: tuple | None = None) -> int:
        """The end (exclusive) of the first match starting at token i, or -1."""
        if self.at_start and not tokens[i].sentence_start:
            return -1
        n = len(tokens)
        at_end = self.at_end

        def finish(j: int) -> int:
            return j if j > i and (not at_end or tokens[j - 1].sentence_end) else -1

        return _match(self.fast if seq is None else seq, 0, i, tokens, keys, n, finish)

    def find(self, tokens, keys) -> list[tuple[int, int]]:
        """Non-overlapping matches, leftmost first, tried only where the first word fits."""
        first_keys, prefixes = self.first.keys, self.first.prefixes
        spans, free_from = [], 0
        for i, token_keys in enumerate(keys):
            if i < free_from or token_keys.isdisjoint(first_keys) and not (
                    prefixes and tokens[i].form.startswith(prefixes)):
                continue
            end = self.match_at(tokens, keys, i)
            if end > i:
                spans.append((i, end))
                free_from = end
        return spans

    def find_all(self, tokens, keys) -> list[tuple[int, int]]:
        """What `find` must return, found the plain way: the phrase as written,
        tried at every position (the reference the fast paths are tested against)."""
        spans, i = [], 0
        while i < len(tokens):
            end = self.match_at(tokens, keys, i, self.seq)
            if end > i:
                spans.append((i, end))
                i = end
            else:
                i += 1
        return spans


def compile_phrase(source: str) -> Pattern:
    """Parse one phrase of a rule file; raises PatternError with the column."""
    return Pattern(source, *parse(source))


def _match(seq, k, i, tokens, keys, n, cont) -> int:
    if k == len(seq):
        return cont(i)
    kind, data = seq[k]
    if kind == WORD:
        if i < n and not keys[i].isdisjoint(data):
            return _match(seq, k + 1, i + 1, tokens, keys, n, cont)
        return -1
    if kind == PREFIX:
        if i < n and tokens[i].form.startswith(data):
            return _match(seq, k + 1, i + 1, tokens, keys, n, cont)
        return -1
    if kind == GAP:
        for j in range(i, min(i + data, n) + 1):
            end = _match(seq, k + 1, j, tokens, keys, n, cont)
            if end >= 0:
                return end
        return -1
    if kind == OPTIONAL_WORD:
        if i < n and not keys[i].isdisjoint(data):
            end = _match(seq, k + 1, i + 1, tokens, keys, n, cont)
            if end >= 0:
                return end
        return _match(seq, k + 1, i, tokens, keys, n, cont)
    if kind == FREE:
        return _match_free(data, i, tokens, keys, n, lambda j: _match(seq, k + 1, j, tokens, keys, n, cont))
    for branch in data:  # ALT
        end = _match(branch, 0, i, tokens, keys, n,
                     lambda j: _match(seq, k + 1, j, tokens, keys, n, cont))
        if end >= 0:
            return end
    return -1


def _match_free(data, i, tokens, keys, n, cont) -> int:
    """A group in any order at token i: every required element once, one of them
    starting at i, none overlapping, all ending within the window; other words
    may stand between them. An optional element is taken where it fits, as «[x]»
    is. Elements are tried in their written order, at the nearest place first."""
    window, elements = data
    stop = min(i + window, n)  # no element ends after it
    required = sum(1 << e for e, (_, needed) in enumerate(elements) if needed)
    # of equal elements the first left is placed first: their other orders would match the same
    twins = [sum(1 << d for d in range(e) if elements[d] == elements[e]) for e in range(len(elements))]
    ended: dict[tuple[int, int], int] = {}  # many orders reach the same state: each is solved once
    scanned: dict[tuple[int, int], int] = {}

    def place(p: int, left: int) -> int:  # one of the elements `left` (a bitmask) starts at p
        for e, (seq, _) in enumerate(elements):
            if left >> e & 1 and not left & twins[e]:
                rest = left & ~(1 << e)
                end = _match(seq, 0, p, tokens, keys, n, lambda q: after(q, rest))
                if end >= 0:
                    return end
        return -1

    def scan(p: int, left: int) -> int:  # the next element starts at p or after
        end = scanned.get((p, left))
        if end is None:
            end = -1
            if p + (left & required).bit_count() <= stop:  # room for a word of each required one
                end = place(p, left)
                if end < 0:
                    end = scan(p + 1, left)
            scanned[(p, left)] = end
        return end

    def after(q: int, left: int) -> int:  # an element ended at q; `left` are still to place
        if q > stop:
            return -1
        end = ended.get((q, left))
        if end is None:
            end = scan(q, left) if left else -1
            if end < 0 and not left & required:
                end = cont(q)
            ended[(q, left)] = end
        return end

    return place(i, (1 << len(elements)) - 1)
