"""timing — thresholds over the call's timestamps and metadata.

`measure` says which:

    answer-speed    the call's `rings`, or `answer_delay` ÷ `ring_seconds` rounded
                    up, is at most `max_rings` (defaults: 3 rings of 5 seconds)
    silence         no gap longer than `max_seconds` (10) in which nobody speaks
                    (the client is left waiting on the line, whoever spoke
                    last), unless the agent's last turn before it announced a
                    hold or a transfer (`hold_phrases`, anywhere in that turn,
                    outside its `hold_unless` phrases). An announcement covers
                    the silences until the agent speaks again; a silence after
                    that needs one of its own. A client who asked for the
                    time in the turn just before the gap («подождите, я ручку
                    возьму») excuses it too
    interruption    the agent does not start speaking while the client still
                    speaks, overlapping by more than `max_seconds` (1)

A violation points at the utterance after the gap or at the interruption (for
answer-speed, at the agent's first utterance); the rule's scope limits where
they count. A call without what the measure needs (no rings or delay, no start
and end times) is skipped for that rule, with the reason in the report.

    - id: answer-speed
      type: timing
      measure: answer-speed
      message: Оператор ответил позже третьего гудка
      max_rings: 3

    PASS  {rings: 3}  agent «Добрый день!»
    FAIL  {rings: 4}  agent «Добрый день!»
    FAIL  {answer_delay: 16}  agent «Добрый день!»   # the 4th ring of 5 seconds
    PASS  {answer_delay: 14.5}  agent «Добрый день!»

    - id: long-silence
      type: timing
      measure: silence
      message: Слишком долгая пауза без объявленного удержания
      max_seconds: 10
      hold_phrases: ["(минут*|секунд*)", "сейчас (проверю|посмотрю)", "соединяю"]
      hold_unless: ["мегабит в секунду"]

    FAIL  agent 0–3 «Добрый день!»  client 3.5–5 «Здравствуйте»  agent 17–19 «Ваш договор активен»
    PASS  agent 0–3 «Одну минуту, я уточню»  agent 40–42 «Спасибо за ожидание»   # the hold was announced
    PASS  agent 0–2 «сейчас посмотрю ваш заказ»  client 2.5–3 «угу»  agent 30–32 «спасибо за ожидание»
    PASS  agent 0–3 «соединяю вас со специалистом»  agent 40–42 «добрый день слушаю вас»   # a transfer
    FAIL  agent 0–2 «секунду»  client 2.5–3 «угу»  agent 4–6 «так вижу»  agent 25–27 «он в пути»   # the hold was over
    FAIL  agent 0–3 «скорость сто мегабит в секунду»  agent 20–22 «что скажете»   # «в секунду» announces nothing
    PASS  client 0–2 «секунду я ручку возьму»  client 16–17 «так записываю»   # the client asked for the time
    PASS  agent 0–3 «Добрый день!»  client 3.5–12 «Здравствуйте»  agent 20–22 «Чем помочь?»

    - id: interruption
      type: timing
      measure: interruption
      message: Оператор перебил клиента
      max_seconds: 1
      backchannels: [угу, ага, да, да-да, так]

    FAIL  client 0–6 «У меня третий день не работает интернет»  agent 4.5–8 «Назовите номер договора»
    PASS  client 0–6 «У меня не работает интернет»  agent 5.2–8 «Понимаю вас»   # 0.8 s: a short overlap
    PASS  client 0–6 «У меня третий день не работает интернет»  agent 2–2.6 «угу»  agent 4–4.5 «да-да»   # listening
    PASS  agent 0–6 «Назовите номер договора»  client 4–8 «Сейчас найду»   # the client may overlap the agent
"""

from __future__ import annotations

import math

from .. import morphology
from ..model import CannotJudge
from .base import PhraseGroup, finding_at
from .check import Check
from .options import Choice, Number, Texts
from .phrase_items import Phrases

TYPE = "timing"
STRUCTURAL = True
MEASURES = ("answer-speed", "silence", "interruption")
OPTIONS = {
    "measure": Choice(MEASURES, required=True, help="what is measured (above)"),
    "max_rings": Number(help="answer-speed: the last acceptable ring (default 3)"),
    "ring_seconds": Number(positive=True, help="answer-speed: one ring cycle, in seconds (default 5)"),
    "max_seconds": Number(help="silence: the longest gap allowed (default 10); interruption: the longest "
                               "overlap (default 1), in seconds"),
    "hold_phrases": Phrases(help="silence: an agent's turn with one of them (a hold or a transfer announced) "
                                 "excuses the gaps after it, until the agent speaks again"),
    "hold_unless": Phrases(help="silence: phrases that cancel a hold phrase they overlap: the context in which "
                                "its words announce nothing («мегабит в секунду»)"),
    "backchannels": Texts(help="interruption: words of listening, not of taking the turn («угу», «да-да»): an "
                               "agent's utterance of these words only interrupts nobody"),
}
DEFAULTS = {"max_rings": 3, "ring_seconds": 5.0, "max_seconds": 10.0}
MOST_RINGS = 10 ** 6


def build(rule, options, phrases) -> Check:
    defaults = {**DEFAULTS, "max_seconds": 1.0} if options["measure"] == "interruption" else DEFAULTS
    settings = {**defaults, **options}
    settings["backchannels"] = frozenset(morphology.normalize(w) for w in options.get("backchannels", ()))
    hold = Announcements(options.get("hold_phrases", ()), options.get("hold_unless", ()), phrases)
    measures = {"answer-speed": _answer_speed, "silence": _silence, "interruption": _interruption}
    measure = measures[options["measure"]]

    def run(context):
        scope = None  # the utterances it judges, e.g. no interruptions in the opening; None: all
        if rule.scope.part != "call":
            turns = context.turns
            scope = {u.index for t in context.in_scope(rule, "any") for u in turns[t].utterances}
        yield from measure(rule, context, settings, hold, scope)

    return Check(run)


def _answer_speed(rule, context, settings, hold, scope):
    meta = context.call.metadata
    if "rings" in meta:
        rings = meta["rings"]
    elif "answer_delay" in meta:
        # a ring of a tiny fraction of a second must not make the count overflow
        rings = max(1, math.ceil(min(meta["answer_delay"] / settings["ring_seconds"], MOST_RINGS)))
    else:
        raise CannotJudge("the call has neither rings nor answer_delay")
    if rings > settings["max_rings"]:
        yield finding_at(rule, context, _first(context),
                         message=f"{rule.message} (ответ после {rings}-го гудка)")


def _silence(rule, context, settings, hold, scope):
    utterances = context.call.utterances
    if not _has_ends(utterances):
        raise CannotJudge("the transcript has no start and end times")
    limit = settings["max_seconds"]
    spoken_until = utterances[0].end
    for current in utterances[1:]:
        gap = current.start - spoken_until
        judged = scope is None or current.index in scope
        if gap > limit and judged and not hold.before(context, current.index):
            yield finding_at(rule, context, current.index,
                             message=f"{rule.message} (пауза {gap:.0f} с)")
        spoken_until = max(spoken_until, current.end)


class Announcements:
    """The hold phrases of a silence rule, and the contexts in which they announce nothing."""

    def __init__(self, items, unless, phrases) -> None:
        self.said = PhraseGroup(items, phrases)
        self.unless = PhraseGroup(unless, phrases)

    def before(self, context, index: int) -> bool:
        """The agent's last turn before the gap (before utterance `index`) announced a
        hold: the client's words since (an «угу») do not end it, the agent's do. Or
        the client asked for the time in the turn just before it («подождите, я
        ручку возьму»): their own silence is not the agent's."""
        turn = context.turn_of(index - 1)  # the gap ends a turn: the one before it is done
        if context.turns[turn].speaker == "client" and self._announced(context, turn):
            return True
        spoken = [t for t in context.spoken_by("agent") if t <= turn]
        return bool(spoken) and self._announced(context, spoken[-1])

    def _announced(self, context, turn: int) -> bool:
        found = self.said.find(context, turn)
        if found and self.unless.items:
            contexts = [(first, end) for _, first, end in self.unless.find(context, turn)]
            found = [hit for hit in found if not any(hit[1] < end and start < hit[2] for start, end in contexts)]
        return bool(found)


def _interruption(rule, context, settings, hold, scope):
    utterances = context.call.utterances
    if not _has_ends(utterances):
        raise CannotJudge("the transcript has no start and end times")
    client_until = None  # when the client's speech so far ends
    for utterance in utterances:
        if utterance.speaker == "client":
            client_until = max(client_until or utterance.end, utterance.end)
        elif client_until is not None:
            overlap = client_until - utterance.start
            if overlap <= settings["max_seconds"] or scope is not None and utterance.index not in scope:
                continue
            if _only(utterance.text, settings["backchannels"]):
                continue  # «угу» over the client's words is listening
            yield finding_at(rule, context, utterance.index, message=f"{rule.message} (наложение {overlap:.1f} с)")
            client_until = None  # one interruption per client turn


def _only(text: str, words) -> bool:
    """The text says nothing but these words (case and punctuation aside)."""
    said = morphology.WORD_RE.findall(morphology.normalize(text))
    return bool(said) and bool(words) and all(word in words for word in said)


def _has_ends(utterances) -> bool:
    return bool(utterances) and all(u.start is not None and u.end is not None for u in utterances)


def _first(context):
    spoken = context.spoken_by("agent")
    return context.turns[spoken[0]].first.index if spoken else None
