"""What a phrase needs of a text's words before it can match: sets of keys of
which the text must hold one each, and its `word*` prefixes. Worked out once, when
the phrase is compiled (Pattern.needs, Pattern.prefixes), and kept with it in the
cache: the index and the filled templates ask them of every phrase."""

from __future__ import annotations

from .. import morphology
from .tree import Walker


def prefix_key(prefix: str) -> str:
    """The index's own key for «word*»: morphology's keys never start with «*»."""
    return "*" + prefix


def commonness(need: frozenset) -> tuple:
    """Sorts needs rarest first: no grammar (most words are a noun or a verb),
    no stop word, then fewest keys."""
    return any(map(morphology.is_grammar_key, need)), any(map(morphology.is_stop_word, need)), len(need)


class _Needs(Walker):
    """Every value is a list of needs: sets of keys of which the text must hold one."""

    def word(self, keys):
        return [keys]

    def prefix(self, start):
        return [frozenset({prefix_key(start)})]

    def gap(self, most):
        return []

    def choice(self, branches):
        branches = list(branches)
        if all(branches):  # each branch needs at least its rarest word
            return [frozenset().union(*(min(branch, key=commonness) for branch in branches))]
        return []  # a branch that can match no word needs nothing

    def sequence(self, items):
        return [need for item in items for need in item]

    def free_order(self, window, elements):
        return [need for needs, required in elements if required for need in needs]


class _Prefixes(Walker):
    """Every value is a list of the `word*` prefixes anywhere in the part."""

    def word(self, keys):
        return []

    def prefix(self, start):
        return [start]

    def gap(self, most):
        return []

    def choice(self, branches):
        return [prefix for branch in branches for prefix in branch]

    sequence = choice

    def free_order(self, window, elements):
        return [prefix for prefixes, _ in elements for prefix in prefixes]


_needs, _prefixes = _Needs(), _Prefixes()


def needed_words(seq: tuple) -> list[frozenset]:
    """Sets of keys of which the text must hold one for the phrase to match."""
    return _needs.walk(seq)


def all_prefixes(seq: tuple) -> list[str]:
    """The prefixes of every `word*` in the phrase, in order."""
    return _prefixes.walk(seq)
