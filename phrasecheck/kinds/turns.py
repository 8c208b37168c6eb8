"""Turns: what phrases are matched in.

Speech recognition splits one speaker's sentence over several segments
(«спасибо что обратились до» / «свидания»), so phrase rules look at turns: the
consecutive utterances of one speaker, joined. A turn never spans two speakers,
and a pause longer than TURN_PAUSE seconds ends it (a hold, then «спасибо за
ожидание», is two turns). A script's lines are written, not recognised: each is
a turn of its own.

A turn maps every character of its text back to the utterance it came from,
so a finding still points at the source line and column of its first word.
`silence_after` tells how long a turn's speaker then keeps silent (a hold).
"""

from __future__ import annotations

from bisect import bisect_right

from ..model import Call, Utterance

TURN_PAUSE = 3.0  # seconds of silence that end a speaker's turn
# Where a transcript gives start times only ([mm:ss]), an utterance is taken to
# last as long as its text takes to say at this many characters a second.
SPEECH_RATE = 15.0
JOINER = " "  # between the texts of a turn's utterances


class Turn:
    """Consecutive utterances of one speaker, as one text."""

    __slots__ = ("utterances", "text", "_offsets")

    def __init__(self, utterances: list[Utterance]) -> None:
        self.utterances = utterances
        if len(utterances) == 1:
            self.text = utterances[0].text
            self._offsets = (0,)
            return
        offsets, position = [], 0
        for utterance in utterances:
            offsets.append(position)
            position += len(utterance.text) + len(JOINER)
        self.text = JOINER.join(u.text for u in utterances)
        self._offsets = tuple(offsets)

    @property
    def speaker(self) -> str:
        return self.utterances[0].speaker

    @property
    def start(self) -> float | None:
        return self.utterances[0].start

    @property
    def end(self) -> float | None:
        return self.utterances[-1].end

    @property
    def first(self) -> Utterance:
        return self.utterances[0]

    @property
    def last(self) -> Utterance:
        return self.utterances[-1]

    def pieces(self):
        """(offset in the turn's text, utterance) for each of its utterances."""
        return zip(self._offsets, self.utterances)

    def locate(self, offset: int) -> tuple[Utterance, int]:
        """The utterance holding character `offset` of the turn's text, and the
        offset within that utterance."""
        if len(self.utterances) == 1:
            return self.utterances[0], offset
        part = bisect_right(self._offsets, offset) - 1
        return self.utterances[part], offset - self._offsets[part]


def turns_of(call: Call) -> list[Turn]:
    """The call's turns, in order."""
    utterances = call.utterances
    if call.is_script:
        return [Turn([u]) for u in utterances]
    turns: list[Turn] = []
    current: list[Utterance] = []
    for utterance in utterances:
        if current and not _continues(current[-1], utterance):
            turns.append(Turn(current))
            current = []
        current.append(utterance)
    if current:
        turns.append(Turn(current))
    return turns


def _continues(before: Utterance, after: Utterance) -> bool:
    """`after` goes on with the turn `before` belongs to."""
    if before.speaker != after.speaker:
        return False
    end = before.end
    if end is None and before.start is not None:
        end = before.start + len(before.text) / SPEECH_RATE
    if end is None or after.start is None:
        return True  # no times: consecutive lines of one speaker are one turn
    return after.start - end <= TURN_PAUSE


def silence_after(context, index: int) -> float | None:
    """Seconds the speaker of turn `index` then says nothing: from the end of the
    turn to their next words (or to the end of the call), less the time others
    speak in between. None where the call's times cannot tell."""
    turns = context.turns
    speaker = turns[index].speaker
    since = _end(turns[index].last)
    if since is None:
        return None
    until, others = since, []
    for turn in turns[index + 1:]:
        if turn.speaker == speaker:
            if turn.start is None:
                return None
            until = turn.start
            break
        for utterance in turn.utterances:
            end = _end(utterance)
            if end is None:
                return None
            others.append((utterance.start, end))
            until = max(until, end)
    spoken, reached = 0.0, since  # the others' speech in [since, until], overlaps counted once
    for start, end in sorted(others):
        start, end = max(start, reached), min(end, until)
        if end > start:
            spoken += end - start
            reached = end
    return until - since - spoken


def _end(utterance) -> float | None:
    """When an utterance ends; with start times only, as long as its text takes to say."""
    if utterance.end is not None:
        return utterance.end
    return None if utterance.start is None else utterance.start + len(utterance.text) / SPEECH_RATE
