"""What every rule kind shares: a rule's phrases (PhraseGroup), and turning a
matched span, or something missing, into a Finding."""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

from .. import diminutives, patterns
from ..model import VIOLATION, Finding, Severity
from .context import CallContext

CONTEXT_CHARS = 60  # how much of the turn to show on each side of a match


def finding(rule, context: CallContext, turn_index: int, first: int, end: int,
            suggestions=None, severity: Severity | None = None, message: str | None = None,
            fix: str | None = None, kind: str = VIOLATION) -> Finding:
    """A finding (a violation, or a practice) for tokens [first, end) of one turn. It
    points at the source utterance, line and column of its first word."""
    call = context.call
    turn = context.turns[turn_index]
    start_char, end_char = context.characters(turn_index, first, end)
    utterance, offset = turn.locate(start_char)
    line, column = utterance.position(offset)
    snippet, span = _context(turn.text, start_char, end_char)
    said = turn.text[start_char:end_char]
    suggested = _filled(rule.suggest if suggestions is None else suggestions, call.metadata)
    if diminutives.BASE_NOUN in suggested:
        suggested = _base_noun(suggested, said)
    return Finding(
        path=call.path, line=line, column=column, rule=rule.id,
        call_id=call.call_id, utterance=utterance.index, start=utterance.start,
        speaker=utterance.speaker, severity=severity or rule.severity,
        message=message or rule.message, text=said, suggestions=suggested,
        context=snippet, span=span, fix=fix, kind=kind,
    )


def said(rule, context: CallContext, phrases: "PhraseGroup", unless: "PhraseGroup", names_excuse: bool = True):
    """(turn, item, first, end) for every match of `phrases` in the turns the rule
    looks at, in order: none that overlaps an `unless` phrase (the context in which
    the words mean something else) or a longer match already given, nor, with
    `names_excuse`, one made only of words of the call's own names."""
    for index in phrases.where(context, context.in_scope(rule)):
        found = phrases.find(context, index)  # in the order of their first words
        if not found:
            continue
        excepted = _Spans([(first, end) for _, first, end in unless.find(context, index)])
        reported_to = 0  # the end of the matches given so far: the found ones start in order
        for item, first, end in found:
            if first < reported_to or excepted.overlap(first, end) or \
                    names_excuse and context.is_name(index, first, end):
                continue
            reported_to = max(reported_to, end)
            yield index, item, first, end


class _Spans:
    """Token spans [first, end), asked whether one of them overlaps a span in
    O(log n): a turn may be one line of megabytes with thousands of matches."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.firsts = [first for first, _ in spans]
        self.ends_to = list(accumulate((end for _, end in spans), max))  # the furthest end so far

    def overlap(self, first: int, end: int) -> bool:
        before = bisect_left(self.firsts, end)  # the spans that start before this one ends
        return before > 0 and self.ends_to[before - 1] > first


def _filled(suggestions, metadata) -> tuple[str, ...]:
    """Suggestions speak of this call: «меня зовут {agent}» → «меня зовут Анна» (else «…»)."""
    def value(match) -> str:
        return str(metadata.get(match.group(1)) or "…")

    return tuple(patterns.PLACEHOLDER_RE.sub(value, s) for s in suggestions)


def _base_noun(suggestions: tuple[str, ...], said: str) -> tuple[str, ...]:
    """A suggestion `<base>` is the noun the diminutive said is made from («скидочку»
    → «скидка»); left out when that cannot be told."""
    noun = diminutives.base(said) if said.isalpha() else None
    return tuple(noun if s == diminutives.BASE_NOUN else s for s in suggestions
                 if s != diminutives.BASE_NOUN or noun)


def finding_at(rule, context: CallContext, utterance_index: int | None, message: str | None = None,
               suggestions=None) -> Finding:
    """A finding about something missing: it points at the utterance (by its
    index in the call) where it should have been, or at the start of the call."""
    call = context.call
    if utterance_index is None:
        return Finding(path=call.path, line=call.line or 1, column=1, rule=rule.id, call_id=call.call_id,
                       utterance=None, start=None, speaker=None, severity=rule.severity,
                       message=message or rule.message, text="",
                       suggestions=_filled(rule.suggest if suggestions is None else suggestions, call.metadata))
    utterance = call.utterances[utterance_index]
    snippet, span = _context(utterance.text, 0, 0)
    return Finding(path=call.path, line=utterance.line, column=utterance.column, rule=rule.id,
                   call_id=call.call_id, utterance=utterance.index, start=utterance.start,
                   speaker=utterance.speaker, severity=rule.severity, message=message or rule.message,
                   text="", suggestions=_filled(rule.suggest if suggestions is None else suggestions,
                                                call.metadata),
                   context=snippet, span=span)


def _context(text: str, start: int, end: int) -> tuple[str, tuple[int, int]]:
    left = max(0, start - CONTEXT_CHARS)
    right = min(len(text), end + CONTEXT_CHARS)
    prefix = "…" if left else ""
    snippet = prefix + text[left:right] + ("…" if right < len(text) else "")
    snippet = snippet.replace("\n", " ")
    shift = len(prefix) - left
    return snippet, (start + shift, end + shift)


def _first_then_position(hit) -> tuple[int, int]:
    return hit[0], hit[1]


class PhraseGroup:
    """A rule's list of phrases: fixed ones are found by the shared one-pass scan;
    ones with placeholders are filled from each call's metadata and matched then."""

    def __init__(self, items, phrases) -> None:
        self.items = list(items)
        self.fixed = [(phrases.add(item.phrase), item) for item in self.items
                      if not patterns.placeholders(item.phrase)]
        self.templates = [item for item in self.items if patterns.placeholders(item.phrase)]
        self._id_set = frozenset(pid for pid, _ in self.fixed)
        # phrase id → (position in the list, item): a turn's hits are looked up only for the phrases it
        # may hold, not for every phrase of a long list; positions keep the list's order among ties
        self._items_of: dict[int, list] = {}
        for position, (pid, item) in enumerate(self.fixed):
            self._items_of.setdefault(pid, []).append((position, item))
        self._placeholders = sorted({name for item in self.templates for name in patterns.placeholders(item.phrase)})

    @property
    def phrase_ids(self) -> frozenset[int] | None:
        """The ids of its phrases, if they are all fixed: it can be heard only where
        one of them may be said. None if placeholders make that unknowable."""
        return None if self.templates else self._id_set

    def unknown(self, metadata) -> list[str]:
        """Placeholders this group needs that the call does not fill."""
        return [name for name in self._placeholders if not patterns.can_fill(name, metadata)]

    def where(self, context: CallContext, scope: list[int]) -> list[int]:
        """The turns of `scope` in which one of the group's phrases may be said."""
        if self.templates:
            return scope  # filled from each call's metadata: only matching can tell
        near = context.may_hold(self._id_set)
        return [index for index in scope if index in near] if near else []

    def heard(self, context: CallContext, index: int) -> bool:
        """Whether one of the group's phrases is said in turn `index`: `find`, without
        building what it returns."""
        if not context.possible(index).isdisjoint(self._id_set) and \
                not self._id_set.isdisjoint(context.hits(index, self._id_set)):
            return True
        return any(context.find_template(index, item.phrase) for item in self.templates)

    def find(self, context: CallContext, index: int):
        """(item, first, end) for every phrase of the group heard in turn `index`."""
        found = []
        said = context.possible(index) & self._id_set
        if said:  # else not worth tokenising
            hits = context.hits(index, said)
            items_of = self._items_of
            found = [(first, position, item, end) for pid in said if pid in hits
                     for position, item in items_of[pid] for first, end in hits[pid]]
        after = len(self.fixed)
        for position, item in enumerate(self.templates, after):
            found.extend((first, position, item, end) for first, end in context.find_template(index, item.phrase))
        found.sort(key=_first_then_position)  # stable: one phrase's spans keep their order
        return [(item, first, end) for first, _, item, end in found]
