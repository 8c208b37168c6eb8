"""What a compiled phrase derives from its tree to be matched fast: a simpler
tree that matches the same, and the words a match can start with."""

from __future__ import annotations

from dataclasses import dataclass

from .tree import ALT, FREE, GAP, OPTIONAL_WORD, PREFIX, WORD, Walker


@dataclass(frozen=True)
class Entry:
    """Which tokens a pattern may start at: by key, or by prefix."""

    keys: frozenset = frozenset()
    prefixes: tuple = ()


class _Simplify(Walker):
    """Every value is a sequence: a choice may become several elements, or none."""

    def word(self, keys):
        return ((WORD, keys),)

    def prefix(self, start):
        return ((PREFIX, start),)

    def gap(self, most):
        return ((GAP, most),)

    def sequence(self, items):
        return tuple(element for item in items for element in item)

    def choice(self, branches):
        merged = []
        for branch in branches:
            if merged and _one_word(branch) and _one_word(merged[-1]):
                merged[-1] = ((WORD, merged[-1][0][1] | branch[0][1]),)
            else:
                merged.append(branch)
        if len(merged) == 1:
            return merged[0]
        if len(merged) == 2 and _one_word(merged[0]) and not merged[1]:
            return ((OPTIONAL_WORD, merged[0][0][1]),)
        return ((ALT, tuple(merged)),)

    def free_order(self, window, elements):
        return ((FREE, (window, tuple(elements))),)


def _one_word(seq) -> bool:
    return len(seq) == 1 and seq[0][0] == WORD


_simplify = _Simplify()


def simplify(seq: tuple) -> tuple:
    """The same phrase, cheaper to match: neighbouring one-word alternatives become
    one word with all their keys («(да|слушаю|говорите)» is one set lookup, not
    three branches), an optional single word needs no branching, and a choice
    left with one branch is inlined. The order in which matches are tried is kept,
    so the first match found is the same."""
    return _simplify.walk(seq)


class _Entry(Walker):
    """Every value is (keys, prefixes, whether the part can match no word): a
    sequence's first word is among its elements' up to the first that cannot
    be skipped."""

    def word(self, keys):
        return keys, (), False

    def prefix(self, start):
        return frozenset(), (start,), False

    def gap(self, most):
        return frozenset(), (), True

    def choice(self, branches):
        branches = list(branches)
        return (frozenset().union(*(keys for keys, _, _ in branches)),
                tuple(p for _, prefixes, _ in branches for p in prefixes),
                any(empty for _, _, empty in branches))

    def sequence(self, items):
        keys, prefixes = set(), []
        for item_keys, item_prefixes, empty in items:
            keys |= item_keys
            prefixes.extend(item_prefixes)
            if not empty:
                return frozenset(keys), tuple(prefixes), False
        return frozenset(keys), tuple(prefixes), True

    def free_order(self, window, elements):  # any element may come first
        elements = list(elements)
        return (frozenset().union(*(keys for (keys, _, _), _ in elements)),
                tuple(p for (_, prefixes, _), _ in elements for p in prefixes),
                all(empty or not required for (_, _, empty), required in elements))


_entry = _Entry()


def entry(seq: tuple) -> Entry:
    """The keys/prefixes the first matched word must have: where `Pattern.find` tries."""
    keys, prefixes, _ = _entry.walk(seq)
    return Entry(keys, prefixes)
