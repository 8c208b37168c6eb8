"""A compiled phrase and the matcher that runs it over an utterance's tokens:
the hot path of a run, tried at every place a phrase may start."""

from __future__ import annotations

from dataclasses import dataclass, field

from .needs import all_prefixes, needed_words
from .optimise import Entry, entry, simplify
from .syntax import parse
from .tree import FREE, GAP, OPTIONAL_WORD, PREFIX, WORD, span


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
    reach: int = field(init=False)  # the most words a match can span
    needs: tuple = field(init=False)  # sets of keys of which a text must hold one each (needs.py)
    prefixes: tuple = field(init=False)  # of every `word*` in it
    uses_tokens: bool = field(init=False)  # it looks at sentence boundaries or word forms, not keys alone

    def __post_init__(self) -> None:
        object.__setattr__(self, "first", entry(self.seq))
        object.__setattr__(self, "fast", simplify(self.seq))
        object.__setattr__(self, "reach", max(span(self.seq)[1], 1))
        object.__setattr__(self, "needs", tuple(needed_words(self.seq)))
        object.__setattr__(self, "prefixes", tuple(all_prefixes(self.seq)))
        object.__setattr__(self, "uses_tokens", self.at_start or self.at_end or bool(self.prefixes))

    def match_at(self, tokens, keys, i: int, seq: tuple | None = None) -> int:
        """The end (exclusive) of the first match starting at token i, or -1."""
        memo: dict = {}
        end = self._match_at(tokens, keys, i, self.fast if seq is None else seq, self._finish(tokens), memo)
        memo.clear()  # see find
        return end

    def _match_at(self, tokens, keys, i: int, seq: tuple, finish, memo: dict) -> int:
        if self.at_start and not tokens[i].sentence_start:
            return -1
        end = _match(seq, 0, i, tokens, keys, len(keys), finish, memo)
        return end if end > i else -1  # a phrase always needs a word (compile_phrase)

    def _finish(self, tokens):
        """What ends a match: anything, or with «$» the end of a sentence. The
        same for every start, so the states of one start serve the next."""
        if not self.at_end:
            return _anywhere

        def at_sentence_end(j: int) -> int:
            return j if j and tokens[j - 1].sentence_end else -1

        return at_sentence_end

    def find(self, tokens, keys) -> list[tuple[int, int]]:
        """Non-overlapping matches, leftmost first, tried only where the first word fits."""
        first_keys, prefixes = self.first.keys, self.first.prefixes
        spans, free_from = [], 0
        finish, memo, horizon = self._finish(tokens), {}, 0
        for i, token_keys in enumerate(keys):
            if i < free_from or token_keys.isdisjoint(first_keys) and not (
                    prefixes and tokens[i].form.startswith(prefixes)):
                continue
            if i >= horizon:  # states left behind cannot be reached again: memory stays bounded
                memo.clear()
                horizon = i + self.reach
            end = self._match_at(tokens, keys, i, self.fast, finish, memo)
            if end > i:
                spans.append((i, end))
                free_from = end
        # the continuations in the memo refer to it: cleared, the states are freed at once,
        # not left (with the turn's tokens) for a garbage collection to find
        memo.clear()
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


def _anywhere(j: int) -> int:
    return j


def _match(seq, k, i, tokens, keys, n, cont, memo=None) -> int:
    """The end of the first match of `seq[k:]` at token i followed by `cont`
    (what comes after it: a function of the position, -1 if nothing fits), or -1.

    Words are matched in a loop; where the phrase branches (a gap, an optional
    word, alternatives, a group in any order) the outcome is memoised in `memo`
    by (the element, the position, what comes after it): every branching reaches
    each such state at most once, so no phrase takes exponential time, and the
    first match found is still the first in the written order."""
    m = len(seq)
    while k < m:
        kind, data = seq[k]
        if kind == WORD:
            if i < n and not keys[i].isdisjoint(data):
                k += 1
                i += 1
                continue
            return -1
        if kind == PREFIX:
            if i < n and tokens[i].form.startswith(data):
                k += 1
                i += 1
                continue
            return -1
        if memo is None:
            memo = {}
        state = (id(seq), k, i, cont)  # `cont` in the key keeps it alive: its id is never reused
        end = memo.get(state)
        if end is None:
            end = memo[state] = _branch(seq, k, i, tokens, keys, n, cont, memo)
        return end
    return cont(i)


def _branch(seq, k, i, tokens, keys, n, cont, memo) -> int:
    """`_match` at an element where the phrase branches."""
    kind, data = seq[k]
    if kind == GAP:
        for j in range(i, min(i + data, n) + 1):
            end = _match(seq, k + 1, j, tokens, keys, n, cont, memo)
            if end >= 0:
                return end
        return -1
    if kind == OPTIONAL_WORD:
        if i < n and not keys[i].isdisjoint(data):
            end = _match(seq, k + 1, i + 1, tokens, keys, n, cont, memo)
            if end >= 0:
                return end
        return _match(seq, k + 1, i, tokens, keys, n, cont, memo)
    rest = _rest(seq, k + 1, tokens, keys, n, cont, memo)
    if kind == FREE:
        return _match_free(data, i, tokens, keys, n, rest, memo)
    for branch in data:  # ALT
        end = _match(branch, 0, i, tokens, keys, n, rest, memo)
        if end >= 0:
            return end
    return -1


def _rest(seq, k, tokens, keys, n, cont, memo):
    """What comes after a group: the rest of `seq` from k, then `cont`; one
    function per (seq, k, cont), so the states reached through it are shared."""
    key = (id(seq), k, cont)
    rest = memo.get(key)
    if rest is None:
        if k == len(seq):
            rest = cont
        else:
            def rest(j):
                return _match(seq, k, j, tokens, keys, n, cont, memo)
        memo[key] = rest
    return rest


def _match_free(data, i, tokens, keys, n, cont, memo) -> int:
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
    then: dict[int, object] = {}  # elements left → what follows an element: one function each

    def place(p: int, left: int) -> int:  # one of the elements `left` (a bitmask) starts at p
        for e, (seq, _) in enumerate(elements):
            if left >> e & 1 and not left & twins[e]:
                rest = left & ~(1 << e)
                follow = then.get(rest)
                if follow is None:
                    follow = then[rest] = lambda q, rest=rest: after(q, rest)
                end = _match(seq, 0, p, tokens, keys, n, follow, memo)
                if end >= 0:
                    return end
        return -1

    def scan(p: int, left: int) -> int:  # the next element starts at p or after, nearest first
        tried, end, q = [], -1, p
        while True:
            known = scanned.get((q, left))
            if known is not None:
                end = known
                break
            if q + (left & required).bit_count() > stop:  # no room for a word of each required one
                break
            tried.append(q)
            end = place(q, left)
            if end >= 0:
                break
            q += 1
        for q in tried:  # a loop, not recursion: a window may be wide
            scanned[(q, left)] = end
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

    try:
        return place(i, (1 << len(elements)) - 1)
    finally:  # the three call each other: a cycle of closures, broken here rather than by the collector
        place = scan = after = None  # noqa: F841  (empties the cells the closures share)
