"""The tree a phrase compiles to, and the one way to walk it.

A phrase is a sequence of elements, each a ``(kind, data)`` pair:

    (WORD, keys)               a word with one of these keys (see morphology)
    (PREFIX, "трубоч")         a word starting so
    (GAP, 3)                   up to 3 words, any
    (ALT, (seq, seq, ...))     one of these sequences; «[x y]» is (ALT, ((x, y), ()))
    (OPTIONAL_WORD, keys)      such a word or none: made only by the optimiser
    (FREE, (6, ((seq, True), (seq, False), ...)))
                               every required sequence (True) once, in any order, and
                               the optional ones where they fit, within 6 words

A grammar token («<INFN>») is a WORD whose keys are tags (grammar.py).

Plain tuples rather than objects: the matcher reads them millions of times a
run, and the cache pickles them.
"""

from __future__ import annotations

from collections.abc import Iterator

WORD, PREFIX, GAP, ALT, OPTIONAL_WORD, FREE = range(6)


class Walker:
    """Folds a phrase's tree bottom-up into one value.

    Each element becomes a value through the method of its kind: `word`,
    `prefix` and `gap` get the element's data, `choice` the values of its
    branches, `sequence` the values of its elements, `free_order` the window and
    (value, required) of each of its elements. Those come as iterators,
    in order and computed only when taken, so a walker may stop early (the first
    word of a phrase is known without walking the rest); one pass only. A
    subclass says what each means; an optional word means by default what it
    stands for, a choice between the word and nothing.
    """

    def __init__(self) -> None:
        self._by_kind = (self.word, self.prefix, self.gap, self._alt, self.optional_word,
                         self._free)  # indexed by kind

    def walk(self, seq: tuple):
        by_kind = self._by_kind
        return self.sequence(by_kind[kind](data) for kind, data in seq)

    def _alt(self, branches: tuple):
        return self.choice(self.walk(branch) for branch in branches)

    def _free(self, data: tuple):
        window, elements = data
        return self.free_order(window, ((self.walk(seq), required) for seq, required in elements))

    def optional_word(self, keys: frozenset):
        return self._alt((((WORD, keys),), ()))

    def word(self, keys: frozenset):
        raise NotImplementedError

    def prefix(self, start: str):
        raise NotImplementedError

    def gap(self, most: int):
        raise NotImplementedError

    def choice(self, branches: Iterator):
        raise NotImplementedError

    def sequence(self, items: Iterator):
        raise NotImplementedError

    def free_order(self, window: int, elements: Iterator):
        raise NotImplementedError


class _Span(Walker):
    """Every value is (fewest, most) words the part can match."""

    def word(self, keys):
        return 1, 1

    prefix = word

    def gap(self, most):
        return 0, most

    def choice(self, branches):
        fewest, most = zip(*branches)
        return min(fewest), max(most)

    def sequence(self, items):
        spans = list(items)
        return sum(fewest for fewest, _ in spans), sum(most for _, most in spans)

    def free_order(self, window, elements):
        return sum(span[0] for span, required in elements if required), window


_span = _Span()


def span(seq: tuple) -> tuple[int, int]:
    """The fewest and the most words the sequence can match."""
    return _span.walk(seq)


def can_be_empty(seq: tuple) -> bool:
    """Whether the sequence can match no word at all («[пожалуйста]», «...»)."""
    return span(seq)[0] == 0
