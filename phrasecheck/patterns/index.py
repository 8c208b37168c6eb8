"""The phrase index: every phrase of every active rule, and which of them an
utterance may hold, judged from its words alone."""

from __future__ import annotations

import re

from .. import morphology
from .matching import Pattern, compile_phrase
from .tree import Walker

_WORDS_RE = re.compile(r"[0-9a-zа-я]+(?:-[0-9a-zа-я]+)*")  # words of normalized text


class PhraseSet:
    """Every phrase of every active rule, and which of them an utterance may hold.

    Each phrase is indexed by one word it cannot match without (the rarest), so
    an utterance costs a dict lookup per word form however many rules there are;
    only phrases whose every required word is present are then tried, and only
    where their first word stands. `Pattern.find_all` is the reference this must
    equal (tests/test_phrase_index.py).
    """

    def __init__(self, precompiled: dict | None = None) -> None:
        self.patterns: list[Pattern] = []
        self._ids: dict[str, int] = {}
        self._precompiled = precompiled or {}  # source → Pattern, from an earlier run
        self.learned = False  # compiled a phrase the precompiled ones lacked
        self._form_keys: dict[str, frozenset] = {}  # word form → those of its keys some phrase needs
        self._needs: list[tuple[frozenset, ...]] = []  # per phrase: sets of which one key must be present
        self._needed: set[str] = set()  # every key of every need
        self._by_key: dict[str, list[int]] = {}
        self._prefixes: dict[str, list[str]] = {}  # first two letters → prefixes of `word*` items

    def add(self, source: str) -> int:
        """Compile (once) and register a phrase; returns its id."""
        if source in self._ids:
            return self._ids[source]
        pattern = self._precompiled.get(source)
        if pattern is None:
            pattern = compile_phrase(source)
            self.learned = True
        pid = len(self.patterns)
        self.patterns.append(pattern)
        self._ids[source] = pid
        self._form_keys.clear()
        needs = tuple(needed_words(pattern.seq))
        self._needs.append(needs)
        self._needed.update(*needs)
        for key in min(needs, key=_commonness):  # compile_phrase ensures a phrase needs a word
            self._by_key.setdefault(key, []).append(pid)
        for prefix in all_prefixes(pattern.seq):
            bucket = self._prefixes.setdefault(prefix[:2], [])
            if prefix not in bucket:
                bucket.append(prefix)
        return pid

    def possible(self, text: str) -> frozenset[int]:
        """The phrases that could match in `text`: each is indexed by a word of it,
        and every word it needs is there. Found from the words alone, without
        tokenising: most utterances hold none of a rule's phrases."""
        forms = self._form_keys
        present: set[str] = set()
        for form in set(_WORDS_RE.findall(morphology.normalize(text))):
            keys = forms.get(form)
            if keys is None:
                if len(forms) >= morphology.CACHE_LIMIT:
                    forms.clear()
                keys = forms[form] = self._needed_keys(form)
            if keys:  # most words are in no phrase at all
                present |= keys
        if not present:
            return frozenset()
        by_key, needs = self._by_key, self._needs
        found = []
        for pid in {pid for key in present for pid in by_key.get(key, ())}:
            for need in needs[pid]:
                if present.isdisjoint(need):
                    break
            else:
                found.append(pid)
        return frozenset(found)

    def _needed_keys(self, form: str) -> frozenset:
        """The keys of a word form, «*prefix» ones included, that some phrase needs."""
        keys = morphology.word_keys(form)
        bucket = self._prefixes.get(form[:2])
        if bucket:
            keys = keys | {_prefix_key(p) for p in bucket if form.startswith(p)}
        return frozenset(keys & self._needed)

    def compiled(self) -> dict:
        """source → Pattern of every phrase, for the next run."""
        return {pattern.source: pattern for pattern in self.patterns}

    def scan(self, tokens, keys, candidates) -> dict[int, list[tuple[int, int]]]:
        """Where each candidate phrase (from `possible`) matches the tokenised
        utterance: phrase id → non-overlapping (first, end) token spans."""
        hits: dict[int, list[tuple[int, int]]] = {}
        for pid in sorted(candidates):
            spans = self.patterns[pid].find(tokens, keys)
            if spans:
                hits[pid] = spans
        return hits


def _prefix_key(prefix: str) -> str:
    """The index's own key for «word*»: morphology's keys never start with «*»."""
    return "*" + prefix


def _commonness(need: frozenset) -> tuple:
    """Sorts needs rarest first: no grammar (most words are a noun or a verb),
    no stop word, then fewest keys."""
    return any(map(morphology.is_grammar_key, need)), any(map(morphology.is_stop_word, need)), len(need)


class _Needs(Walker):
    """Every value is a list of needs: sets of keys of which the text must hold one."""

    def word(self, keys):
        return [keys]

    def prefix(self, start):
        return [frozenset({_prefix_key(start)})]

    def gap(self, most):
        return []

    def choice(self, branches):
        branches = list(branches)
        if all(branches):  # each branch needs at least its rarest word
            return [frozenset().union(*(min(branch, key=_commonness) for branch in branches))]
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
