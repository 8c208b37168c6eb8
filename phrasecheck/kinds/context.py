"""What a rule kind's check sees of one call: the `CallContext`.

The engine makes one context per call and hands it to every check that runs on
the call. Everything is computed lazily and cached, so rules share the work: an
utterance is tokenised and matched against every phrase of every rule at most
once, and only if some rule looks at it and it may hold one of that rule's
phrases (told from its words alone, without tokenising).

A kind's check may use:

    context.call                  the Call (path, utterances, metadata, …)
    context.in_scope(rule)        indices of the utterances the rule looks at
    context.spoken_by(speaker)    indices of one speaker's utterances ("any": all)
    context.possible(index)       phrase ids utterance `index` may hold (cheap)
    context.may_hold(phrase_ids)  indices of the utterances that may hold one of them
    context.hits(index)           phrase id → token spans found in utterance `index`
    context.tokens(index)         its tokens (morphology.Token); context.keys(index) their keys

A phrase id is what `PhraseSet.add` returned when the rule was built.
"""

from __future__ import annotations

from .. import morphology
from ..model import Call, CannotJudge
from ..patterns import PhraseSet


class CallContext:
    """One call as the rules see it: tokens and phrase hits per utterance, computed lazily."""

    def __init__(self, call: Call, phrases: PhraseSet) -> None:
        self.call = call
        self._phrases = phrases
        self._tokens: dict[int, list] = {}
        self._keys: dict[int, list] = {}
        self._hits: dict[int, dict] = {}
        self._possible: dict[int, frozenset] = {}
        self._where: dict[int, list[int]] | None = None  # phrase id → utterances that may hold it
        self._spoken_by: dict[str, list[int]] = {}

    def tokens(self, index: int) -> list[morphology.Token]:
        """The words of utterance `index`, with their character offsets."""
        tokens = self._tokens.get(index)
        if tokens is None:
            tokens = self._tokens[index] = morphology.tokenize(self.call.utterances[index].text)
        return tokens

    def keys(self, index: int) -> list[frozenset]:
        """Per token of utterance `index`: the keys (form and lemmas) phrases match it by."""
        keys = self._keys.get(index)
        if keys is None:
            keys = self._keys[index] = [morphology.word_keys(t.form) for t in self.tokens(index)]
        return keys

    def hits(self, index: int) -> dict[int, list[tuple[int, int]]]:
        """Phrase id → token spans [first, end) found in utterance `index`."""
        hits = self._hits.get(index)
        if hits is None:
            possible = self.possible(index)
            hits = self._phrases.scan(self.tokens(index), self.keys(index), possible) if possible else {}
            self._hits[index] = hits
        return hits

    def possible(self, index: int) -> frozenset[int]:
        """Phrase ids that could match in utterance `index`, told from its words alone."""
        possible = self._possible.get(index)
        if possible is None:
            possible = self._possible[index] = self._phrases.possible(self.call.utterances[index].text)
        return possible

    def where_possible(self) -> dict[int, list[int]]:
        """Phrase id → the utterances that may hold it, for every phrase the call may hold."""
        where = self._where
        if where is None:
            where = self._where = {}
            for utterance in self.call.utterances:
                for pid in self.possible(utterance.index):
                    where.setdefault(pid, []).append(utterance.index)
        return where

    def may_hold(self, phrase_ids) -> set[int]:
        """Indices of the utterances that may hold one of these phrases."""
        where = self.where_possible()
        found: set[int] = set()
        for pid in phrase_ids:
            found.update(where.get(pid, ()))
        return found

    def spoken_by(self, speaker: str) -> list[int]:
        """Indices of the utterances of `speaker` ("agent", "client", or "any"), in order."""
        spoken = self._spoken_by.get(speaker)
        if spoken is None:
            spoken = self._spoken_by[speaker] = [
                u.index for u in self.call.utterances if speaker == "any" or u.speaker == speaker]
        return spoken

    def in_scope(self, rule, speaker: str | None = None) -> list[int]:
        """Indices of the utterances a rule looks at: its speaker's (or `speaker`'s),
        within its scope (`rule.speaker`, `rule.scope`). Raises CannotJudge when the
        scope cannot be told (no timestamps)."""
        scope = rule.scope.select(self.call, self.spoken_by(speaker or rule.speaker))
        if isinstance(scope, str):
            raise CannotJudge(scope)
        return scope
