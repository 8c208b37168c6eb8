"""timing — thresholds over the call's timestamps and metadata.

    measure: answer-speed    # rings (or answer_delay / ring_seconds) ≤ max_rings
    measure: silence         # nobody speaks for more than max_seconds, unless a hold
                             # was announced (hold_phrases) just before the gap
    measure: interruption    # the agent starts while the client still speaks,
                             # overlapping by more than max_seconds

Skipped, with the reason, where the call lacks what the measure needs.
"""

from __future__ import annotations

import math

from ..model import CannotJudge
from .base import PhraseGroup, finding_at
from .options import Option

TYPE = "timing"
STRUCTURAL = True
MEASURES = ("answer-speed", "silence", "interruption")
OPTIONS = {
    "measure": Option("choice", required=True, choices=MEASURES),
    "max_rings": Option("number", help="answer-speed: the last acceptable ring"),
    "ring_seconds": Option("number", help="answer-speed: one ring cycle, seconds"),
    "max_seconds": Option("number", help="silence or overlap allowed, seconds"),
    "hold_phrases": Option("phrases", help="silence: an announced hold excuses the gap"),
}
DEFAULTS = {"max_rings": 3, "ring_seconds": 5.0, "max_seconds": 10.0}


def build(rule, options, phrases):
    defaults = {**DEFAULTS, "max_seconds": 1.0} if options["measure"] == "interruption" else DEFAULTS
    settings = {**defaults, **options}
    hold = PhraseGroup(options.get("hold_phrases", ()), phrases)
    measure = {"answer-speed": _answer_speed, "silence": _silence, "interruption": _interruption}
    run = measure[options["measure"]]

    def check(analysis):
        scope = analysis.in_scope(rule, "any")  # e.g. no interruptions in the opening
        yield from run(rule, analysis, settings, hold, set(scope))

    return check


def _answer_speed(rule, analysis, settings, hold, scope):
    meta = analysis.call.metadata
    if "rings" in meta:
        rings = meta["rings"]
    elif "answer_delay" in meta:
        rings = max(1, math.ceil(meta["answer_delay"] / settings["ring_seconds"]))
    else:
        raise CannotJudge("the call has neither rings nor answer_delay")
    if rings > settings["max_rings"]:
        yield finding_at(rule, analysis, _first(analysis),
                         message=f"{rule.message} (ответ после {rings}-го гудка)")


def _silence(rule, analysis, settings, hold, scope):
    utterances = analysis.call.utterances
    if not _has_ends(utterances):
        raise CannotJudge("the transcript has no start and end times")
    limit = settings["max_seconds"]
    spoken_until = utterances[0].end
    in_scope = set(scope)
    for current in utterances[1:]:
        gap = current.start - spoken_until
        if gap > limit and current.index in in_scope and not _hold_announced(analysis, hold, current.index):
            yield finding_at(rule, analysis, current.index,
                             message=f"{rule.message} (пауза {gap:.0f} с)")
        spoken_until = max(spoken_until, current.end)


def _hold_announced(analysis, hold, index) -> bool:
    """The agent's last utterance before the gap announced a hold."""
    before = [i for i in analysis.spoken_by("agent") if i < index]
    return bool(before) and bool(hold.find(analysis, before[-1]))


def _interruption(rule, analysis, settings, hold, scope):
    utterances = analysis.call.utterances
    if not _has_ends(utterances):
        raise CannotJudge("the transcript has no start and end times")
    client_until = None  # when the client's speech so far ends
    for utterance in utterances:
        if utterance.speaker == "client":
            client_until = max(client_until or utterance.end, utterance.end)
        elif client_until is not None:
            overlap = client_until - utterance.start
            if overlap > settings["max_seconds"] and utterance.index in scope:
                yield finding_at(rule, analysis, utterance.index,
                                 message=f"{rule.message} (наложение {overlap:.1f} с)")
                client_until = None  # one interruption per client turn


def _has_ends(utterances) -> bool:
    return bool(utterances) and all(u.start is not None and u.end is not None for u in utterances)


def _first(analysis):
    spoken = analysis.spoken_by("agent")
    return spoken[0] if spoken else None
