"""recommended — a technique the speaker should use: found, reported and credited.

Every match of the rule's `phrases` in the speaker's turns within the scope is a
practice: a finding like a violation (the words said, where), reported apart
from violations, counted per agent and credited in the call's score (the rule's
`credit`, once per call however often it is used; see scoring). A match that
overlaps an `unless` phrase (the context in which the words mean something
else) is none. Practices never fail a run.

With `expect`, a situation calls for the technique, and a call where it does not
come is a violation of this same rule, with the rule's `suggest` (or its plain
phrases) as suggestions and the expectation's `message`:

- `after:` a trigger, written as a `conditional` rule's (phrases, speaker,
  threshold, unless, cancel, with_pause): the technique must be used within the
  speaker's next turns (`within: {turns: N}`, 1 by default; 0: none), or in the
  trigger's own turn after it (the speaker's own words: consecutive lines of one speaker
  are one turn), or anywhere in that turn with `same_utterance: true`. The
  violation points at the trigger; a trigger inside the window of the previous
  one is the same event. `also` phrases are the technique only there, in the
  window of a trigger: after a refusal, «можно сдать билет» offers another way,
  while elsewhere it is mere information. Found there, they are practices too.
- `turns: N`: a call of at least N turns (a long call) must hold the technique
  somewhere in the speaker's scope; the violation points at the speaker's last
  turn. A call whose recording lacks its closing (the metadata's `partial` or
  `ended_by`, or the rule files' `recording:` signs) is not judged: the
  technique may have come after the recording ends.

Expectations judge calls, not scripts: in a script only practices are found.

    - id: paraphrase
      type: recommended
      message: Оператор перефразирует, чтобы убедиться, что понял клиента
      phrases: ["правильно ли я (понимаю|поняла|понял)", "(правильно|верно) я вас (поняла|понял)"]

    USED  agent «Правильно ли я понимаю, что счёт пришёл дважды?»
    USED  client «мне дважды пришёл счёт»  agent «так верно я вас поняла счет пришел дважды»
    PASS  agent «Счёт пришёл дважды»   # not used: nothing reported, nothing expected
    PASS  client «Правильно ли я понимаю, что вы мне перезвоните?»   # the client's words are no practice

    - id: polite-refusal
      type: recommended
      severity: info
      message: Оператор вежливо отказывает
      phrases: ["(к сожалению|боюсь)", "не представляется возможным"]
      suggest: ["К сожалению, это невозможно, потому что…"]
      expect:
        after: {phrases: ["(нельзя|невозможно|не можем)"], unless: ["нельзя ли"]}
        same_utterance: true
        message: Отказ без вежливой формулы
        within: {turns: 0}

    USED  agent «К сожалению, вернуть деньги нельзя»
    USED  agent «Вернуть деньги нельзя, боюсь, таковы правила»
    FAIL  agent «Вернуть деньги нельзя»  client «Почему?»  agent «Боюсь, таковы правила»   # too late
    FAIL  agent «Нельзя»  client «Почему?»  agent «Не положено, нельзя»   # two refusals: two events
    PASS  agent «Нельзя ли уточнить номер договора?»   # `unless`: a question, no refusal
    PASS  client «Почему нельзя вернуть деньги?»   # the trigger is the agent's

    - id: alternative
      type: recommended
      severity: info
      message: Оператор предлагает альтернативу
      phrases: ["могу ...2 предложить"]
      expect:
        after: {phrases: ["(нельзя|невозможно|не получится)"]}
        within: {turns: 2}
        also: ["можно <INFN>"]
        message: Отказ без альтернативы

    USED  agent «Вернуть нельзя»  client «Почему?»  agent «Могу вам предложить обмен»
    USED  agent «поменять пассажира невозможно»  client «и что делать»  agent «можно сдать билет»   # `also`
    PASS  agent «Можно оплатить картой»   # no refusal: an `also` phrase is nothing elsewhere
    FAIL  agent «Вернуть нельзя»  client «Почему?»  agent «Таковы правила»

    - id: summary
      type: recommended
      severity: info
      message: Оператор подводит итог разговора
      phrases: ["(итак|таким образом) ...2 (договорились|согласны)"]
      suggest: [Итак, мы с Вами договорились о…]
      expect:
        turns: 6
        message: Долгий разговор без подведения итога

    FAIL  agent «Добрый день»  client «Тариф»  agent «Какой?»  client «Новый»  agent «Готово»  client «Спасибо»
    USED  agent «Добрый день»  client «Тариф»  agent «Какой?»  client «Новый»  agent «Итак мы договорились»  client «Да»
    PASS  agent «Добрый день»  client «Тариф»  agent «Готово»  client «Спасибо»   # a short call
    PASS  {partial: end}  agent «Добрый день»  client «Тариф»  agent «Какой?»  client «Новый»  agent «Готово»  client «Спасибо»   # cut short
"""

from __future__ import annotations

import re

from ..model import PRACTICE
from .base import PhraseGroup, finding, finding_at, said
from .check import Check
from .conditional import TRIGGER, Trigger, answer_window
from .options import Flag, Mapping, Number, Text
from .phrase_items import Phrases
from .recording import recorded_gap

TYPE = "recommended"
STRUCTURAL = False  # practices are found in scripts too; expectations judge calls only
WITHIN = {"turns": Number(help="the speaker's next N turns (default 1); 0: only the trigger's own turn")}
EXPECT = {
    "after": Mapping(TRIGGER, required=True, replaced_by="turns",
                     help="the situation: a trigger written as a `conditional` rule's"),
    "turns": Number(positive=True, help="instead of `after`: a call of at least this many turns (a long "
                                        "call) must hold the technique"),
    "within": Mapping(WITHIN, help="with `after`: where the technique must come (default `{turns: 1}`)"),
    "same_utterance": Flag(help="with `after`: `true`: anywhere in the trigger's own turn counts, before "
                                "the trigger as well"),
    "also": Phrases(help="with `after`: phrases that are the technique only in the window of a trigger (after "
                         "a refusal, «можно сдать билет» offers another way): found there, they are practices "
                         "and meet the expectation"),
    "message": Text(required=True, help="the violation's message where the technique does not come"),
}
OPTIONS = {
    "phrases": Phrases(required=True, help="the ways the technique is said"),
    "unless": Phrases(help="phrases that cancel a match they overlap: the context in which the words are "
                           "no technique"),
    "credit": Number(help="points a call in which the technique is used gets back (default 2; the config's "
                          "`credit_cap` bounds all of a call's credits)"),
    "expect": Mapping(EXPECT, help="a situation that calls for the technique: its absence is a violation"),
}
_PLAIN_RE = re.compile(r"[\w\s,.!?ёЁ-]+")  # a phrase without pattern syntax reads as a suggestion


def build(rule, options, phrases) -> Check:
    technique = PhraseGroup(options["phrases"], phrases)
    unless = PhraseGroup(options.get("unless", ()), phrases)
    expected = options.get("expect")
    situation = _Situation(expected, rule, unless, phrases) if expected and "after" in expected else None
    suggestions = rule.suggest or tuple(item.phrase for item in technique.items
                                        if _PLAIN_RE.fullmatch(item.phrase))[:3]

    def run(context):
        used = []  # (turn, first token) of every use
        for index, _item, first, end in said(rule, context, technique, unless, names_excuse=False):
            used.append((index, first))
            yield finding(rule, context, index, first, end, suggestions=(), kind=PRACTICE)
        if not expected or context.call.is_script:
            return
        if situation is not None:
            missed, also = situation.judge(context, used)
            for index, first, end in also:
                yield finding(rule, context, index, first, end, suggestions=(), kind=PRACTICE)
            for index, first, end in missed:
                yield finding(rule, context, index, first, end, suggestions=suggestions,
                              message=expected["message"])
        elif len(context.turns) >= expected["turns"] and not used and not _cut(context):
            spoken = context.in_scope(rule) or context.spoken_by(rule.speaker)
            last = context.turns[spoken[-1]].last.index if spoken else None
            yield finding_at(rule, context, last, expected["message"], suggestions)

    ids = technique.phrase_ids
    if expected:  # a long call needs looking at whatever is said in it
        ids = None if situation is None or ids is None or situation.phrase_ids is None \
            else ids | situation.phrase_ids
    return Check(run, ids, practices=True)


def _cut(context) -> bool:
    """The recording lacks the call's closing: the technique may have come after it ends."""
    return bool(recorded_gap(context.metadata, "closing") or context.excuse("closing"))


class _Situation:
    """An `expect: after:` — the trigger, and where the technique must follow it."""

    def __init__(self, expected, rule, unless: PhraseGroup, phrases) -> None:
        self.rule, self.unless = rule, unless
        self.trigger = Trigger(expected["after"], None, phrases)
        self.also = PhraseGroup(expected.get("also", ()), phrases)
        self.speaker = expected["after"].get("speaker", rule.speaker)
        self.window = {"speaker": rule.speaker, "within": expected.get("within") or {"turns": 1},
                       "same_utterance": expected.get("same_utterance", False)}
        self.phrase_ids = self.trigger.phrase_ids

    def judge(self, context, used: list[tuple[int, int]]):
        """([(turn, first, end) of every trigger the technique did not follow],
        [(turn, first, end) of every `also` phrase found in a trigger's window])."""
        missed, also, seen = [], [], set(used)
        scope = context.in_scope(self.rule, self.speaker)
        windows = lambda index, end: [answer_window(context, index, end, self.window, self.rule.speaker)]  # noqa: E731
        for index, first, end, (window,) in self.trigger.events(context, scope, windows):
            met = any(turn == at and start >= after for turn, after in window for at, start in used)
            for turn, after in window if self.also.items else ():
                for start, stop in self._also(context, turn, after):
                    met = True
                    if (turn, start) not in seen:
                        seen.add((turn, start))
                        also.append((turn, start, stop))
            if not met:
                missed.append((index, first, end))
        return missed, also

    def _also(self, context, turn: int, after: int) -> list[tuple[int, int]]:
        """Spans of `also` phrases in a turn from token `after`, outside the rule's `unless` phrases."""
        found = [(first, end) for _, first, end in self.also.find(context, turn) if first >= after]
        if found and self.unless.items:
            excepted = [(first, end) for _, first, end in self.unless.find(context, turn)]
            found = [(a, b) for a, b in found if not any(a < e and f < b for f, e in excepted)]
        return found
