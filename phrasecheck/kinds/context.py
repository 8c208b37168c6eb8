"""What a rule kind's check sees of one call: the `CallContext`.

The engine makes one context per call and hands it to every check that runs on
the call. Phrases are matched in turns (turns.py: one speaker's consecutive
utterances, joined), so an index below is a turn's. Everything is computed
lazily and cached, so rules share the work: a turn is tokenised and matched
against every phrase of every rule at most once, and only if some rule looks at
it and it may hold one of that rule's phrases (told from its words alone,
without tokenising).

A kind's check may use:

    context.call                  the Call (path, utterances, metadata, …)
    context.metadata              its metadata with the names its transcript gives (names.py)
    context.turns                 its turns (turns.Turn: speaker, text, start, end, utterances)
    context.turn_of(utterance)    the index of the turn an utterance (by its index) belongs to
    context.in_scope(rule)        indices of the turns the rule looks at
    context.spoken_by(speaker)    indices of one speaker's turns ("any": all)
    context.possible(index)       phrase ids turn `index` may hold (cheap)
    context.words(index)          its normalized word forms (cheap: no tokens)
    context.template(source[, fill])  a phrase with placeholders filled for the call: (Pattern, WordNeeds)
    context.find(index, compiled)   the token spans of such a phrase in turn `index`
    context.find_template(index, source[, fill])  both, its own words looked for first
    context.may_hold(phrase_ids)  indices of the turns that may hold one of them
    context.hits(index, ids)      phrase id → token spans found in turn `index` (of `ids`, or all)
    context.spans(index, ids)     the token spans of any of these phrases in turn `index`, in order
    context.tokens(index)         its tokens (morphology.Token); context.keys(index) their keys
                                  (made from its words: most matching needs no tokens)
    context.characters(index, first, end)  where tokens [first, end) start and end in its text
                                  (without tokenising, where it can)
    context.is_name(index, first, end)  the tokens [first, end) of turn `index` are all words of
                                  the call's names (company, its aliases, agent, client)
    context.excuse(part)          why the recording lacks the call's "opening" or "closing" (the
                                  engine's recording.Excuses), or None

A phrase id is what `PhraseSet.add` returned when the rule was built.
"""

from __future__ import annotations

from .. import morphology, patterns
from ..model import Call, CannotJudge
from ..patterns import PhraseSet, WordNeeds, words_of
from .turns import Turn, turns_of


class CallContext:
    """One call as the rules see it: its turns, their tokens and phrase hits, computed lazily."""

    def __init__(self, call: Call, phrases: PhraseSet, names=()) -> None:
        self.call = call
        self._names = names  # names.NamesSaid of the rule files
        self._name_keys: frozenset | None = None
        self._metadata: dict | None = None
        self._phrases = phrases
        self._tokens: dict[int, list] = {}
        self._word_spans: dict[int, list | None] = {}  # turns not tokenised: their words' offsets
        self._keys: dict[int, list] = {}
        self._hits: dict[int, dict] = {}
        self._scanned: dict[int, set[int]] = {}  # per turn: the phrase ids matched so far
        self._possible: dict[int, frozenset] = {}
        self._words: dict[int, list[str]] = {}
        self._templates: dict[tuple, tuple | None] = {}
        self._where: dict[int, list[int]] | None = None  # phrase id → utterances that may hold it
        self._spoken_by: dict[str, list[int]] = {}
        self._turns: list[Turn] | None = None
        self.excuse = lambda part: None  # set by the engine: the rule files' signs of a cut recording
        self._turn_of: dict[int, int] | None = None

    @property
    def metadata(self):
        """The call's metadata, completed with the names its transcript gives."""
        metadata = self._metadata
        if metadata is None:
            metadata = self.call.metadata
            learned = {}
            for names in self._names:
                learned.update(names.learn(self, {**metadata, **learned}))
            metadata = self._metadata = {**metadata, **learned} if learned else metadata
        return metadata

    @property
    def turns(self) -> list[Turn]:
        turns = self._turns
        if turns is None:
            turns = self._turns = turns_of(self.call)
        return turns

    def turn_of(self, utterance_index: int) -> int:
        """The index of the turn utterance `utterance_index` belongs to."""
        where = self._turn_of
        if where is None:
            where = self._turn_of = {u.index: t for t, turn in enumerate(self.turns) for u in turn.utterances}
        return where[utterance_index]

    def tokens(self, index: int) -> list[morphology.Token]:
        """The words of turn `index`, with their character offsets in its text."""
        tokens = self._tokens.get(index)
        if tokens is None:
            tokens = self._tokens[index] = _tokenize(self.turns[index])
        return tokens

    def characters(self, index: int, first: int, end: int) -> tuple[int, int]:
        """Where tokens [first, end) of turn `index` start and end in its text, told
        without tokenising a turn not tokenised yet (most findings are in turns
        matched by their words' keys alone)."""
        tokens = self._tokens.get(index)
        if tokens is None:
            spans = self._word_spans.get(index, _UNKNOWN)
            if spans is _UNKNOWN:
                # the same offsets as `_tokenize`'s: the joiner of a turn's utterances is no word
                spans = self._word_spans[index] = morphology.word_spans(self.turns[index].text)
            if spans is not None:
                return spans[first][0], spans[end - 1][1]
            tokens = self.tokens(index)
        return tokens[first].start, tokens[end - 1].end

    def keys(self, index: int) -> list[frozenset]:
        """Per token of turn `index`: the keys (form and lemmas) phrases match it by."""
        keys = self._keys.get(index)
        if keys is None:
            keys = self._keys[index] = morphology.keys_of(self.words(index))
        return keys

    def hits(self, index: int, wanted=None) -> dict[int, list[tuple[int, int]]]:
        """Phrase id → token spans [first, end) found in turn `index`, for the phrase
        ids `wanted` (default: all it may hold). Each phrase is matched once, and only
        when asked for: a turn tokenised for one rule is not matched against the
        phrases of rules that never look at it. The dict may hold other ids too."""
        possible = self.possible(index)
        if not possible:
            return {}
        found = self._hits.get(index)
        if found is None:
            found = self._hits[index] = {}
            self._scanned[index] = set()
        scanned = self._scanned[index]
        missing = (possible if wanted is None else possible.intersection(wanted)).difference(scanned)
        if missing:
            # most phrases need only the words' keys: tokens are made for those that need them
            tokens = self.tokens(index) if self._phrases.tokens_needed(missing) else None
            found.update(self._phrases.scan(tokens, self.keys(index), missing))
            scanned.update(missing)
        return found

    def spans(self, index: int, phrase_ids) -> list[tuple[int, int]]:
        """Token spans [first, end) of any of these phrases in turn `index`, in order."""
        possible = self.possible(index).intersection(phrase_ids)
        if not possible:
            return []
        hits = self.hits(index, possible)
        return sorted(span for pid in possible for span in hits.get(pid, ()))

    def possible(self, index: int) -> frozenset[int]:
        """Phrase ids that could match in turn `index`, told from its words alone."""
        possible = self._possible.get(index)
        if possible is None:
            possible = self._possible[index] = self._phrases.possible_in(self.words(index))
        return possible

    def words(self, index: int) -> list[str]:
        """The normalized word forms of turn `index` (patterns.words_of), without tokenising."""
        words = self._words.get(index)
        if words is None:
            words = self._words[index] = words_of(self.turns[index].text)
        return words

    def template(self, source: str, fill=patterns.fill) -> tuple | None:
        """A phrase with placeholders, filled from the call's metadata by `fill` and
        compiled: (Pattern, its WordNeeds), or None if the call does not fill it.
        Filled once a call, compiled once for each distinct filling."""
        key = (source, fill)
        compiled = self._templates.get(key, _UNKNOWN)
        if compiled is _UNKNOWN:
            try:
                filled = fill(source, self.metadata)
            except KeyError:
                filled = None
            compiled = self._templates[key] = None if filled is None else _compiled(filled)
        return compiled

    def find(self, index: int, compiled: tuple) -> list[tuple[int, int]]:
        """Token spans [first, end) of a phrase outside the index (`template`) in
        turn `index`; its WordNeeds first tell from the words whether to look."""
        pattern, needs = compiled
        if not needs.met_by(self.words(index), self.keys(index)):
            return []
        return pattern.find(self.tokens(index) if needs.uses_tokens else None, self.keys(index))

    def find_template(self, index: int, source: str, fill=patterns.fill) -> list[tuple[int, int]]:
        """Token spans [first, end) of a phrase with placeholders in turn `index`: the words
        of its own are looked for first, so a turn without them costs no filling and no
        compiling for the call (a client's name is new in almost every call)."""
        needs = patterns.template_needs(source)
        if needs is not None and not needs.met_by(self.words(index), self.keys(index)):
            return []
        compiled = self.template(source, fill)
        return [] if compiled is None else self.find(index, compiled)

    def where_possible(self) -> dict[int, list[int]]:
        """Phrase id → the turns that may hold it, for every phrase the call may hold."""
        where = self._where
        if where is None:
            where = self._where = {}
            for index in range(len(self.turns)):
                for pid in self.possible(index):
                    where.setdefault(pid, []).append(index)
        return where

    def may_hold(self, phrase_ids) -> set[int]:
        """Indices of the turns that may hold one of these phrases."""
        where = self.where_possible()
        found: set[int] = set()
        for pid in where.keys() & phrase_ids:  # a rule may have many phrases, a call holds few
            found.update(where[pid])
        return found

    def is_name(self, index: int, first: int, end: int) -> bool:
        """Whether tokens [first, end) of turn `index` are all words of a name the
        call's metadata gives: the brand «Корзинка» is no diminutive, whatever it
        looks like, in a call to the shop of that name."""
        name_keys = self._name_keys
        if name_keys is None:
            name_keys = self._name_keys = _name_keys(self.metadata)
        keys = self.keys(index)
        return bool(name_keys) and all(not name_keys.isdisjoint(keys[i]) for i in range(first, end))

    def spoken_by(self, speaker: str) -> list[int]:
        """Indices of the turns of `speaker` ("agent", "client", or "any"), in order."""
        spoken = self._spoken_by.get(speaker)
        if spoken is None:
            spoken = self._spoken_by[speaker] = [
                index for index, turn in enumerate(self.turns) if speaker == "any" or turn.speaker == speaker]
        return spoken

    def in_scope(self, rule, speaker: str | None = None) -> list[int]:
        """Indices of the turns a rule looks at: its speaker's (or `speaker`'s),
        within its scope (`rule.speaker`, `rule.scope`). Raises CannotJudge when the
        scope cannot be told (no timestamps)."""
        scope = rule.scope.select(self.turns, self.spoken_by(speaker or rule.speaker))
        if isinstance(scope, str):
            raise CannotJudge(scope)
        return scope


def _tokenize(turn: Turn) -> list[morphology.Token]:
    """A turn's tokens. Each utterance is tokenised on its own, so where one ends
    and the next begins stays a boundary for `^` and `$` (a segment of speech
    recognition often ends a sentence), while a phrase may run across it."""
    if len(turn.utterances) == 1:
        return morphology.tokenize(turn.text)
    tokens = []
    for offset, utterance in turn.pieces():
        for token in morphology.tokenize(utterance.text):
            token.start += offset
            token.end += offset
            tokens.append(token)
    return tokens


_UNKNOWN = object()  # not worked out yet for this call
_COMPILED: dict[str, tuple] = {}  # filled phrase → (Pattern, WordNeeds), shared by calls


def _compiled(source: str) -> tuple:
    compiled = _COMPILED.get(source)
    if compiled is None:
        if len(_COMPILED) >= 1000:  # one per agent, client and company: bounded whatever the batch
            _COMPILED.clear()
        pattern = patterns.compile_phrase(source)
        compiled = _COMPILED[source] = (pattern, WordNeeds(pattern))
    return compiled


_NAME_FIELDS = ("company", "company_aliases", "agent", "client")


def _name_keys(metadata) -> frozenset:
    """The lemmas of every word (of three letters or more) of the call's names."""
    keys: set[str] = set()
    for field in _NAME_FIELDS:
        value = metadata.get(field)
        for text in (value if isinstance(value, (list, tuple)) else [value]):
            for word in morphology.WORD_RE.findall(str(text or "")):
                if len(word) >= 3:
                    keys |= morphology.lemma_keys(morphology.normalize(word))
    return frozenset(keys)
