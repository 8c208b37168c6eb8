"""Calls whose recording lacks an opening or a closing to judge.

A recording cut at the start or the end, a dropped line, an answering machine,
a transfer or a hand-off to a rating survey: the standard's opening or closing
is not in the recording, and a rule about it would report what the agent may
well have said. Which rules are about the opening or the closing follows from
their scope (`scope: opening…` / `scope: closing…`).

Two sources tell it:

- the call's metadata (`recorded_gap`): `partial: start|end|both` (the
  recording misses the start, the end, or both) and `ended_by: dropped|transfer`
  (no closing). Such rules are then not judged at all;
- the transcript itself (`Signs`, a rule file's `recording:` section): the
  phrases that show a recording starts midway, ends early, or holds no
  conversation. A rule that would report a violation in such a call is skipped
  instead, with the sign and the words that showed it.

    recording:
      starts_midway:                    # the call's first 3 turns are looked at
        turns: 3
        greetings: [здравствуйте, …]    # said by anyone there: the start was recorded
        continuations: [так вот, …]     # else the call's, or the agent's, first turn opening
                                        #   with one of these (or with a word marked as cut,
                                        #   «…ствуйте») shows a recording started midway
        signs:                          # else one of these said there shows it too
          - {name: a redial after a dropped line, phrases: [связь прервалась]}
      ends_early:                       # a sign in the call's last 3 turns
        turns: 3
        signs: [{name: a transfer, phrases: [перевожу вас на]}]
      no_conversation:                  # a sign in the call's first 3 turns: neither
        turns: 3                        #   the opening nor the closing is judged
        signs: [{name: an answering machine, phrases: [оставьте сообщение после сигнала]}]
"""

from __future__ import annotations

import re
import weakref

from ..patterns import placeholders
from .context import CallContext
from .options import Count, Items, Mapping, Text
from .phrase_items import Phrases

DEFAULT_TURNS = 3
# A transcript that marks a word cut by the start of the recording: «…ствуйте», «-говора»
_CUT_RE = re.compile(r"\s*(?:\.{2,}|…|[-–—])(?=[^\W\d_])\w*")


class FixedPhrases(Phrases):
    """Phrases known before any call is read: no placeholders."""

    __slots__ = ()

    def problem(self, phrase: str) -> str | None:
        if placeholders(phrase):
            return (f"phrase «{phrase}»: placeholders are filled per call; "
                    f"a sign of the recording cannot use them")
        return None


_TURNS = Count(help=f"how many of the call's turns are looked at (default {DEFAULT_TURNS})")
_SIGNS = Items({"name": Text(required=True, help="what the sign shows, named in the skip reason"),
                "phrases": FixedPhrases(required=True, help="the words that show it")},
               help="named lists of phrases")
RECORDING = Mapping({
    "starts_midway": Mapping({
        "turns": _TURNS,
        "greetings": FixedPhrases(help="said by anyone in those turns, they show the start was recorded"),
        "continuations": FixedPhrases(help="the call's or the agent's first turn opening with one of them "
                                           "continues a conversation"),
        "signs": _SIGNS,
    }, help="the call's first turns: signs that the recording starts midway; opening rules are skipped"),
    "ends_early": Mapping({"turns": _TURNS, "signs": _SIGNS},
                          help="the call's last turns: signs that it ends without a closing; closing rules "
                               "are skipped"),
    "no_conversation": Mapping({"turns": _TURNS, "signs": _SIGNS},
                               help="the call's first turns: signs that nobody answered (an answering "
                                    "machine); opening and closing rules are skipped"),
}, help="signs in the transcript that the recording lacks the call's opening or closing")


def recorded_gap(metadata, part: str) -> str | None:
    """Why the call's `part` ("opening", "closing") is not in the recording, from
    its metadata (`partial`, `ended_by`, checked by the reader); None if it is."""
    partial, ended_by = metadata.get("partial"), metadata.get("ended_by")
    if part == "opening" and partial in ("start", "both"):
        return f"the recording misses the call's start (partial: {partial})"
    if part != "closing":
        return None
    if partial in ("end", "both"):
        return f"the recording misses the call's end (partial: {partial})"
    if ended_by == "dropped":
        return "the call was dropped (ended_by: dropped)"
    if ended_by == "transfer":
        return "the call ended in a transfer (ended_by: transfer)"
    return None


class Signs:
    """One rule file's `recording:` section, its phrases registered in the run's PhraseSet."""

    def __init__(self, values: dict, phrases) -> None:
        start = values.get("starts_midway", {})
        self.start_turns = start.get("turns", DEFAULT_TURNS)
        self.greetings = _ids(start.get("greetings", ()), phrases)
        self.continuations = _ids(start.get("continuations", ()), phrases)
        self.start_signs = _named(start.get("signs", ()), phrases)
        self.cut_words = "starts_midway" in values
        end, none = values.get("ends_early", {}), values.get("no_conversation", {})
        self.end_turns, self.end_signs = end.get("turns", DEFAULT_TURNS), _named(end.get("signs", ()), phrases)
        self.none_turns, self.none_signs = none.get("turns", DEFAULT_TURNS), _named(none.get("signs", ()), phrases)

    def starts_midway(self, context: CallContext) -> str | None:
        turns = context.turns
        first = range(min(self.start_turns, len(turns)))
        if not first or _said(context, first, self.greetings):
            return None
        cut = _CUT_RE.match(turns[0].text) if self.cut_words else None
        if cut:
            return f"the recording seems to start midway: «{cut.group(0).strip()}»"
        agent = next((i for i in first if turns[i].speaker == "agent"), None)
        for index in dict.fromkeys(i for i in (0, agent) if i is not None):
            words = _said(context, [index], self.continuations, opening=True)
            if words:
                return f"the recording seems to start midway: «{words}»"
        return _sign(context, first, self.start_signs, "the recording seems to start midway")

    def ends_early(self, context: CallContext) -> str | None:
        count = len(context.turns)
        last = range(max(0, count - self.end_turns), count)
        return _sign(context, reversed(last), self.end_signs, "the recording seems to end early")

    def no_conversation(self, context: CallContext) -> str | None:
        first = range(min(self.none_turns, len(context.turns)))
        return _sign(context, first, self.none_signs, "the call seems to reach nobody")


class Excuses:
    """Why one call's opening or closing cannot be judged, from what is said in
    it: asked only of a rule that would report a violation, then kept."""

    def __init__(self, signs: list[Signs], context: CallContext) -> None:
        # the context keeps its excuses: a strong reference back would make a cycle, and
        # every call's turns, tokens and hits would wait for a garbage collection
        self.signs, self.context = signs, weakref.proxy(context)
        self._found: dict[str, str | None] = {}

    def __call__(self, part: str) -> str | None:
        if part not in self._found:
            self._found[part] = next(filter(None, (self._find(signs, part) for signs in self.signs)), None)
        return self._found[part]

    def _find(self, signs: Signs, part: str) -> str | None:
        if part == "opening":
            return signs.no_conversation(self.context) or signs.starts_midway(self.context)
        if part == "closing":
            return signs.no_conversation(self.context) or signs.ends_early(self.context)
        return None


def _ids(items, phrases) -> dict[int, str]:
    return {phrases.add(item.phrase): item.phrase for item in items}


def _named(signs, phrases) -> list[tuple[str, dict[int, str]]]:
    return [(sign["name"], _ids(sign["phrases"], phrases)) for sign in signs]


def _said(context: CallContext, indices, ids: dict[int, str], opening: bool = False) -> str:
    """The words of the first of the phrases said in these turns (at a turn's
    very start if `opening`), as said; "" if none is."""
    for index in indices:
        spans = context.spans(index, ids)
        if opening:
            spans = [span for span in spans if span[0] == 0]
        if spans:
            start, end = context.characters(index, *spans[0])
            return context.turns[index].text[start:end]
    return ""


def _sign(context, indices, signs, what: str) -> str | None:
    indices = list(indices)
    for name, ids in signs:
        words = _said(context, indices, ids)
        if words:
            return f"{what} ({name}): «{words}»"
    return None
