"""The phrase index: every phrase of every active rule, and which of them an
utterance may hold, judged from its words alone."""

from __future__ import annotations

from functools import reduce
from operator import or_

from .. import morphology
from .matching import Pattern, compile_phrase
from .needs import commonness, prefix_key

_NOTHING: frozenset = frozenset()
# Distinct sets of needs met kept with their phrases: memory stays bounded (each costs
# ~200 bytes: the phrases allowed are shared, a few thousand distinct sets of them)
WITHIN_LIMIT = 40_000


class PhraseSet:
    """Every phrase of every active rule, and which of them an utterance may hold.

    A phrase *needs* words: sets of keys of which the text must hold one each
    (`Pattern.needs`); each distinct need is a bit. A word form is looked up once
    per run, giving the bits of the needs it meets. An utterance then costs a
    look-up per word and the union of their bits, in C; the phrases whose every
    need is in that union are found once per distinct union (it recurs from turn
    to turn), looking only at the phrases filed under one of its needs (each under
    its rarest). Only those phrases are then tried, and only where their first
    word stands. `Pattern.find_all` is the reference this must equal
    (tests/test_phrase_index.py).
    """

    def __init__(self, precompiled: dict | None = None) -> None:
        self.patterns: list[Pattern] = []
        self._ids: dict[str, int] = {}
        self._precompiled = precompiled or {}  # source → Pattern, from an earlier run
        self.learned = False  # compiled a phrase the precompiled ones lacked
        self._bits: dict[frozenset, int] = {}  # need (keys of which one must be present) → its bit
        self._needs_of_key: dict[str, int] = {}  # key → the bits of the needs it meets
        self._alone: dict[int, frozenset[int]] = {}  # need's bit → phrases that need only it
        self._led: dict[int, list[tuple[int, int]]] = {}  # need's bit → (phrase, bits of its needs) filed under it
        self._bits_of: dict[str, int] = {}  # each word form looked up → the bits of the needs it meets (or 0)
        self._records: dict[int, tuple] = {}  # a form's bits → its record (see `_record`)
        self._within: dict[int, frozenset[int]] = {}  # bits of needs met in a text → the phrases they allow
        self._allowed: dict[frozenset, frozenset] = {}  # each distinct value of `_within`, kept once
        self._prefixes: dict[str, list[str]] = {}  # first two letters → prefixes of `word*` items
        self._token_bound: set[int] = set()  # phrases that look at more than the words' keys

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
        needs = pattern.needs
        required = 0
        for need in needs:
            required |= self._bit(need)
        lead = self._bits[min(needs, key=commonness)]  # compile_phrase ensures a phrase needs a word
        if required == lead:
            self._alone[lead] = self._alone.get(lead, _NOTHING) | {pid}
        else:
            self._led.setdefault(lead, []).append((pid, required))
        for prefix in pattern.prefixes:
            bucket = self._prefixes.setdefault(prefix[:2], [])
            if prefix not in bucket:
                bucket.append(prefix)
        if pattern.uses_tokens:
            self._token_bound.add(pid)
        self._forget_words()  # a word may meet the new phrase's needs
        return pid

    def tokens_needed(self, ids) -> bool:
        """Whether matching one of these phrases needs the tokens, not only the words'
        keys: a sentence boundary («^», «$») or a `word*` prefix in it."""
        return not self._token_bound.isdisjoint(ids)

    def _bit(self, need: frozenset) -> int:
        bit = self._bits.get(need)
        if bit is None:
            bit = self._bits[need] = 1 << len(self._bits)
            for key in need:
                self._needs_of_key[key] = self._needs_of_key.get(key, 0) | bit
        return bit

    def possible(self, text: str) -> frozenset[int]:
        """The phrases that could match in `text`: every need of theirs is met by
        some word of it. Found from the words alone, without tokenising: most
        utterances hold none of a rule's phrases."""
        return self.possible_in(words_of(text))

    def possible_in(self, words: list[str]) -> frozenset[int]:
        """`possible` for a text's words (`words_of`)."""
        bits_of = self._bits_of
        try:  # in C: no step per word
            met = reduce(or_, map(bits_of.__getitem__, words), 0)
        except KeyError:  # a form not looked up yet: each is looked up once a run
            self._learn(words)
            met = reduce(or_, map(bits_of.__getitem__, words), 0)
        if not met:
            return _NOTHING
        found = self._within.get(met)
        if found is None:  # the same needs met recur from turn to turn: this is done once for each
            if len(self._within) >= WITHIN_LIMIT:
                self._within.clear()
                self._allowed.clear()
            found, led = set(), []
            distinct = set(map(bits_of.__getitem__, words))
            distinct.discard(0)
            for alone, filed in map(self._records.__getitem__, distinct):
                found |= alone
                led += filed
            for pid, required in led:
                if required & met == required:
                    found.add(pid)
            found = frozenset(found)
            found = self._within[met] = self._allowed.setdefault(found, found)
        return found

    def _learn(self, words: list[str]) -> None:
        """Look up the text's words not seen before: which needs each meets."""
        bits_of = self._bits_of
        new = set(words).difference(bits_of)
        if len(bits_of) + len(new) > morphology.CACHE_LIMIT:  # memory stays bounded in any batch
            self._forget_words()
            new = set(words)
        for form in new:
            bits = bits_of[form] = self._needs_met(form)
            if bits and bits not in self._records:  # most words are in no phrase at all
                self._records[bits] = self._record(bits)

    def _forget_words(self) -> None:
        self._bits_of.clear()
        self._records.clear()
        self._within.clear()
        self._allowed.clear()

    def _needs_met(self, form: str) -> int:
        """The bits of the needs a word form meets by its keys, «*prefix» ones included."""
        keys = morphology.word_keys(form)
        bucket = self._prefixes.get(form[:2])
        if bucket:
            keys = keys | {prefix_key(p) for p in bucket if form.startswith(p)}
        of_key = self._needs_of_key
        bits = 0
        for key in keys:
            bits |= of_key.get(key, 0)
        return bits

    def _record(self, met: int) -> tuple:
        """(phrases needing only one of the needs a form meets, (phrase, its needs)
        filed under one of them): shared by every form that meets the same needs."""
        alone, filed = set(), []
        for bit in _bits_of(met):
            alone |= self._alone.get(bit, _NOTHING)
            filed += self._led.get(bit, ())
        return frozenset(alone), tuple(filed)

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


def words_of(text: str) -> list[str]:
    """The normalized word forms of a text, in order: what `possible` and
    `WordNeeds` judge by (the same words tokenising finds)."""
    return morphology.NORMAL_WORD_RE.findall(morphology.normalize(text))


class WordNeeds:
    """One phrase's needs asked of a text's words: a cheap test before tokenising
    for a phrase outside the index (one filled per call from its metadata, such as
    «меня зовут {agent}»). False means the phrase cannot match; True, that it may."""

    __slots__ = ("_needs", "_prefixes", "uses_tokens")

    def __init__(self, pattern: Pattern, unknown: frozenset = frozenset()) -> None:
        """`unknown`: keys standing for words not known yet (a placeholder's value): a need
        one of them could meet is left out."""
        self.uses_tokens = pattern.uses_tokens
        self._needs = [need for need in pattern.needs if need.isdisjoint(unknown)]
        self._prefixes = pattern.prefixes

    @property
    def needs_any(self) -> bool:
        """Whether there is any word it needs (else every text may hold the phrase)."""
        return bool(self._needs)

    def met_by(self, words, keys=None) -> bool:
        """Whether every need is met by some of these word forms; `keys`, their
        `morphology.keys_of` if known. Asked of almost every turn of a call, so
        each need is put to the words' keys in C, and nothing is kept per form."""
        if keys is None:
            keys = morphology.keys_of(words)
        if self._prefixes:
            keys = [k | {prefix_key(p) for p in self._prefixes if form.startswith(p)}
                    for form, k in zip(words, keys)]
        for need in self._needs:
            if all(map(need.isdisjoint, keys)):
                return False
        return True


def _bits_of(value: int):
    """Each set bit of `value`, as an int of that bit alone."""
    while value:
        bit = value & -value
        yield bit
        value ^= bit
