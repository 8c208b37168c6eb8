"""conditional — when a trigger is heard, an answer must follow.

A trigger is one of the `trigger` phrases said by its speaker (the rule's,
unless it names one) within the rule's scope, outside its `unless` phrases (the
context in which the words start nothing: «мегабит в секунду» is no hold). A
turn that holds one of its `cancel` phrases holds no trigger at all (a transfer
is not a hold). With a `pause`, and where the call has timestamps, a trigger
counts only if its speaker then keeps silent that long: from the end of the
trigger's turn to their next words (or the end of the call), the other side's
words in between not counted, so a client's «угу» does not end a hold, and a
client who talks for the whole pause means nobody was waiting.
`trigger.with_pause` phrases are triggers only when that pause follows them
(«минуту» alone, «сейчас проверю»); in a transcript without timestamps the
pause cannot be told, so every `trigger.phrases` trigger counts and no
`with_pause` one does.

Each expectation is then checked on its own: one of its phrases must be said by
its speaker within its window, the speaker's next turns (`within: {turns: N}`,
1 by default) or those that start within N seconds (`within: {seconds: N}`,
which needs timestamps). When the expected speaker is the trigger's, what they
say after the trigger in the same turn counts too (`same_utterance: true`:
anywhere in that turn, before the trigger as well). A missing answer is a
violation that points at the trigger, with the expectation's own `message` and
`suggest` if it has them. A trigger inside the window of the previous one is
the same event.

With a `threshold`, the `phrases` heard in a turn are weighed (each item's
`weight`, 1 by default; a phrase heard twice counts once) and make a trigger
only where they add up to it: a complaint is one strong word, or two weak ones.
`exclamation: N` adds N to the weight of phrases said in a sentence that ends
with «!» (a punctuated transcript's way of raising the voice).

    - id: empathy-on-complaint
      type: conditional
      message: На жалобу клиента оператор не выразил сочувствия
      trigger:
        speaker: client
        threshold: 2
        phrases:
          - {phrase: "(безобразие|сколько можно)", weight: 2}
          - {phrase: "(опять|снова)", weight: 1}
          - {phrase: "не работает", weight: 1}
      expect:
        - {speaker: agent, within: {turns: 2}, phrases: ["понимаю ... (вас|ваши)", "приношу ... извинения"]}

    PASS  client «Это безобразие!»  agent «Номер договора?»  agent «Я понимаю ваше недовольство»
    FAIL  client «Это безобразие!»  agent «Номер договора?»  client «123»  agent «Проверяю»  client «угу»  agent «Приношу извинения»
    FAIL  client «у меня опять интернет не работает»  agent «номер договора»   # two weak cues
    PASS  client «у меня интернет не работает»  agent «номер договора»   # one weak cue: a fault, no complaint
    PASS  client «Интернет работает отлично»  agent «Рада слышать»
    PASS  agent «Сколько можно ждать ответа от склада»  client «Да уж»   # the trigger is the client's

    - id: hold-etiquette
      type: conditional
      message: Постановка на удержание без объяснения причины или благодарности
      pause: 10
      trigger:
        speaker: agent
        phrases: ["(одну|1) (минуту|секунду)", "подождите [пожалуйста] (минуту|секунду)"]
        with_pause: ["(минут*|секунд*)", "сейчас (проверю|посмотрю)"]
        unless: ["мегабит в секунду"]
        cancel: ["(перевожу|соединяю) вас"]
      expect:
        - speaker: agent
          same_utterance: true
          phrases: ["(я|сейчас) ...2 (уточню|проверю|посмотрю)"]
          message: Оператор ставит клиента на удержание, не объяснив причину
        - speaker: agent
          within: {turns: 3}
          phrases: ["спасибо ...2 ожидание"]
          message: После удержания оператор не поблагодарил за ожидание
          suggest: Спасибо за ожидание

    PASS  agent 0–2 «секунду я уточню»  client 2.5–3 «угу»  agent 30–31 «спасибо»  agent 31.2–32 «вам за ожидание»
    FAIL  agent 0–2 «сейчас посмотрю ваш заказ секунду»  agent 40–42 «ваш заказ в пути»   # no thanks
    FAIL  agent 0–2 «минуту подождите»  client 2.5–3 «хорошо»  agent 30–32 «спасибо за ожидание»   # no reason
    PASS  agent 0–2 «одну минуту»  client 2.5–9 «и ещё вопрос по счёту»  agent 10–12 «да»   # no pause: no hold
    PASS  agent 0–3 «одну минуту соединяю вас со специалистом»  agent 40–42 «добрый день»   # a transfer is no hold
    PASS  agent 0–3 «скорость сто мегабит в секунду»  agent 20–22 «что скажете»   # `unless`: no hold in these words
    FAIL  agent «Подождите минуту»  agent «Спасибо за ожидание»   # no timestamps: every trigger is a hold
    PASS  agent «У вас осталось сто минут»  client «Понятно»   # no timestamps: a bare «минут» is no hold
"""

from __future__ import annotations

import re

from ..model import CannotJudge
from .base import PhraseGroup, finding
from .check import Check
from .options import Choice, Flag, Items, Mapping, Number, Text, Texts
from .phrase_items import Phrases
from .turns import silence_after

TYPE = "conditional"
STRUCTURAL = True
SPEAKERS = ("agent", "client", "any")
DEFAULT_PAUSE = 10.0  # seconds, where a rule with `trigger.with_pause` sets no `pause`
TRIGGER = {
    "speaker": Choice(SPEAKERS, help="whose words are the trigger (default: the rule's speaker)"),
    "phrases": Phrases(required=True, help="the words that start the check"),
    "with_pause": Phrases(help="words that start the check only where the `pause` follows them, so never in a "
                               "transcript without timestamps: a bare «минуту» may be a price per minute"),
    "unless": Phrases(help="phrases that cancel a trigger they overlap: the context in which its words start "
                           "nothing («мегабит в секунду»)"),
    "cancel": Phrases(help="phrases that cancel every trigger of the turn they are said in: «одну минуту, "
                           "соединяю вас со специалистом» is a transfer, not a hold"),
    "threshold": Number(help="the `phrases` heard in a turn are weighed (an item's `weight`, 1 by default; a "
                             "phrase heard twice counts once) and start the check only where they add up to "
                             "this: a complaint is one strong word or two weak ones. Default 1: any phrase"),
    "exclamation": Number(help="with a `threshold`: weight added where a phrase is said in a sentence ending "
                               "with «!» («Мне сказали, что без неё кредит не дадут!»)"),
}
WITHIN = {
    "turns": Number(help="the expected speaker's next N turns"),
    "seconds": Number(help="… that start within N seconds of the trigger (needs timestamps)"),
}
EXPECT = {
    "speaker": Choice(SPEAKERS, help="who must answer (default: the rule's speaker)"),
    "phrases": Phrases(required=True, help="one of them must be said"),
    "within": Mapping(WITHIN, help="where the answer may come (default: `{turns: 1}`)"),
    "same_utterance": Flag(help="`true`: the answer may come in the trigger's own turn"),
    "message": Text(help="the violation's message (default: the rule's)"),
    "suggest": Texts(help="the violation's suggestions (default: the rule's)"),
}
OPTIONS = {
    "trigger": Mapping(TRIGGER, required=True, help="what starts the check"),
    "pause": Number(help="seconds of silence that confirm a trigger where the call has timestamps (start times "
                         "are enough): its speaker says nothing more for at least this long after the trigger's "
                         "turn, the other side's words in between not counted. Without timestamps every "
                         "`trigger.phrases` trigger counts. Default: none needed, or 10 where `trigger.with_pause` "
                         "is given"),
    "expect": Items(EXPECT, required=True, help="what must follow: a list of expectations, each checked on "
                                                "its own"),
}


def build(rule, options, phrases) -> Check:
    trigger = options["trigger"]
    trigger_speaker = trigger.get("speaker", rule.speaker)
    triggers = Trigger(trigger, options.get("pause"), phrases)
    expectations = [(e, PhraseGroup(e["phrases"], phrases)) for e in options["expect"]]

    def run(context):
        def windows(index, end):
            found = [answer_window(context, index, end, expect, rule.speaker) for expect, _ in expectations]
            problem = next((window for window in found if isinstance(window, str)), None)
            if problem:
                raise CannotJudge(problem)
            return found

        scope = context.in_scope(rule, trigger_speaker)  # where triggers count
        for index, first, end, found in triggers.events(context, scope, windows):
            for (expect, wanted), window in zip(expectations, found):
                if not any(hit[1] >= after for turn, after in window for hit in wanted.find(context, turn)):
                    yield finding(rule, context, index, first, end,
                                  suggestions=expect.get("suggest"),
                                  message=expect.get("message") or rule.message)

    return Check(run, triggers.phrase_ids)  # nothing to follow up where no trigger can be


def answer_window(context, index, end, expect, default_speaker) -> list[tuple[int, int]] | str:
    """(turn, first token that counts) for each turn in which the expected answer
    may come. The trigger's own turn counts from the token after the trigger if
    its speaker is the one expected (consecutive lines of one speaker are one
    turn), or whole with `same_utterance`."""
    speaker = expect.get("speaker", default_speaker)
    within = expect.get("within") or {"turns": 1}
    after = [i for i in context.spoken_by(speaker) if i > index]
    if "seconds" in within:
        turns = context.turns
        if turns[index].start is None:
            return "the transcript has no timestamps"
        limit = turns[index].start + within["seconds"]
        after = [i for i in after if turns[i].start is not None and turns[i].start <= limit]
    if "turns" in within:
        after = after[: int(within["turns"])]
    window = [(i, 0) for i in after]
    if speaker in ("any", context.turns[index].speaker):
        window.insert(0, (index, 0 if expect.get("same_utterance", False) else end))
    return window


class Trigger:
    """What starts a conditional check: its phrases, those that need a pause after
    them, and those that cancel it, each found only in the turns that may hold them."""

    def __init__(self, options, pause, phrases) -> None:
        self.phrases = PhraseGroup(options["phrases"], phrases)
        self.with_pause = PhraseGroup(options.get("with_pause", ()), phrases)
        self.unless = PhraseGroup(options.get("unless", ()), phrases)
        self.cancel = PhraseGroup(options.get("cancel", ()), phrases)
        self.pause = DEFAULT_PAUSE if pause is None and self.with_pause.items else pause
        self.threshold = options.get("threshold", 1)
        self.exclamation = options.get("exclamation", 0)
        # phrase id → weight, to pass over turns whose words cannot reach the threshold
        self._weights = {pid: item.weight for pid, item in self.phrases.fixed} \
            if self.threshold > 1 and not self.phrases.templates else None
        ids = (self.phrases.phrase_ids, self.with_pause.phrase_ids)
        self.phrase_ids = None if None in ids else ids[0] | ids[1]

    def where(self, context, scope: list[int]) -> list[int]:
        """The turns of `scope` that may hold a trigger."""
        found = self.phrases.where(context, scope)
        if self._weights is not None:  # told from the words alone, before tokenising
            weights = self._weights
            extra = self.exclamation
            found = [i for i in found
                     if sum(weights[pid] for pid in context.possible(i) if pid in weights)
                     + (extra if extra and "!" in context.turns[i].text else 0) >= self.threshold]
        if self.with_pause.items:
            found = sorted(set(found).union(self.with_pause.where(context, scope)))
        return found

    def events(self, context, scope: list[int], windows):
        """(turn, first, end, windows) of each trigger heard in `scope`, `windows(turn,
        end)` giving the turns where its answers may come (answer_window's). A trigger
        inside a window of the previous one is the same event, and is passed over."""
        last_end = -1
        for index in self.where(context, scope):
            if index <= last_end:
                continue
            heard = self.find(context, index)
            if heard is None:
                continue
            first, end = heard
            found = windows(index, end)
            for window in found:
                last_end = max(last_end, window[-1][0] if window else index)
            yield index, first, end, found

    def find(self, context, index: int) -> tuple[int, int] | None:
        """The trigger heard in turn `index`, as tokens [first, end), or None: no
        pause after it (where the times tell), none said outside an `unless`
        context, or the turn cancelled. A `phrases` trigger is pointed at before
        a `with_pause` one. The pause is told first: it needs no tokens."""
        silence = None if self.pause is None else silence_after(context, index)
        if silence is not None and silence < self.pause:
            return None
        hits = self.phrases.find(context, index)
        paused = self.with_pause.find(context, index) if silence is not None and self.with_pause.items else []
        if self.unless.items and (hits or paused):
            contexts = [(first, end) for _, first, end in self.unless.find(context, index)]
            hits, paused = _outside(hits, contexts), _outside(paused, contexts)
        if hits and self._weight(context, index, hits) < self.threshold:
            hits = []  # too little of a complaint, say, to be one
        hits = hits or paused
        if not hits or self.cancel.items and self.cancel.find(context, index):
            return None
        _, first, end = hits[0]
        return first, end

    def _weight(self, context, index: int, hits) -> float:
        weight = sum({id(item): item.weight for item, _, _ in hits}.values())
        if self.exclamation and "!" in context.turns[index].text:
            text = context.turns[index].text
            if any(_sentence_end(text, context.characters(index, first, end)[1]) == "!" for _, first, end in hits):
                weight += self.exclamation
        return weight


def _sentence_end(text: str, offset: int) -> str:
    """The mark that ends the sentence going on at `offset` ("" at the text's end)."""
    match = _SENTENCE_END_RE.search(text, offset)
    return match.group(0)[0] if match else ""


_SENTENCE_END_RE = re.compile(r"[.!?…]")


def _outside(hits, spans):
    """The hits that overlap none of the token spans."""
    return [hit for hit in hits if not any(hit[1] < end and start < hit[2] for start, end in spans)]
