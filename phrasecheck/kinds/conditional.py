"""conditional — when a trigger is heard, an answer must follow.

A trigger is one of the `trigger` phrases said by its speaker (the rule's,
unless it names one) within the rule's scope. Each expectation is then checked
on its own: one of its phrases must be said by its speaker within its window,
the speaker's next turns (`within: {turns: N}`, 1 by default) or those
that start within N seconds (`within: {seconds: N}`, which needs timestamps).
When the expected speaker is the trigger's, what they say after the trigger in
the same turn counts too (`same_utterance: true`: anywhere in that turn).
A missing answer is a violation that points at the trigger, with the
expectation's own `message` and `suggest` if it has them. A trigger inside the
window of the previous one is the same event.

    - id: empathy-on-complaint
      type: conditional
      message: На жалобу клиента оператор не выразил сочувствия
      trigger: {speaker: client, phrases: [безобразие, сколько можно]}
      expect:
        - {speaker: agent, within: {turns: 2}, phrases: ["понимаю ... (вас|ваши)", "приношу ... извинения"]}

    PASS  client «Это безобразие!»  agent «Номер договора?»  agent «Я понимаю ваше недовольство»
    FAIL  client «Это безобразие!»  agent «Номер договора?»  client «123»  agent «Проверяю»  client «угу»  agent «Приношу извинения»
    PASS  client «Интернет работает отлично»  agent «Рада слышать»
    PASS  agent «Сколько можно ждать ответа от склада»  client «Да уж»   # the trigger is the client's

    - id: hold-etiquette
      type: conditional
      message: Постановка на удержание без объяснения причины или благодарности
      trigger: {speaker: agent, phrases: ["подождите [пожалуйста] минуту"]}
      expect:
        - speaker: agent
          same_utterance: true
          phrases: ["(я|сейчас) ...2 (уточню|проверю)"]
          message: Оператор ставит клиента на удержание, не объяснив причину
        - speaker: agent
          within: {turns: 3}
          phrases: ["спасибо ...2 ожидание"]
          message: После удержания оператор не поблагодарил за ожидание
          suggest: Спасибо за ожидание

    PASS  agent «Подождите минуту, я уточню»  client «Хорошо»  agent «Спасибо за ожидание!»
    FAIL  agent «Подождите минуту»  agent «Спасибо за ожидание»   # no reason given
    FAIL  agent «Подождите минуту, я проверю»  agent «Договор активен»   # no thanks
"""

from __future__ import annotations

from ..model import CannotJudge
from .base import PhraseGroup, finding
from .check import Check
from .options import Choice, Flag, Items, Mapping, Number, Text, Texts
from .phrase_items import Phrases

TYPE = "conditional"
STRUCTURAL = True
SPEAKERS = ("agent", "client", "any")
TRIGGER = {
    "speaker": Choice(SPEAKERS, help="whose words are the trigger (default: the rule's speaker)"),
    "phrases": Phrases(required=True, help="the words that start the check"),
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
    "expect": Items(EXPECT, required=True, help="what must follow: a list of expectations, each checked on "
                                                "its own"),
}


def build(rule, options, phrases) -> Check:
    trigger = options["trigger"]
    trigger_speaker = trigger.get("speaker", rule.speaker)
    triggers = PhraseGroup(trigger["phrases"], phrases)
    expectations = [(e, PhraseGroup(e["phrases"], phrases)) for e in options["expect"]]

    def run(context):
        scope = context.in_scope(rule, trigger_speaker)  # where triggers count
        last_end = -1  # a trigger inside the window of the previous one is the same event
        for index in triggers.where(context, scope):
            if index <= last_end:
                continue
            hit = triggers.find(context, index)
            if not hit:
                continue
            _, first, end = hit[0]
            for expect, wanted in expectations:
                window = _window(context, index, end, expect, rule.speaker)
                if isinstance(window, str):
                    raise CannotJudge(window)
                last_end = max(last_end, window[-1][0] if window else index)
                if not any(hit[1] >= after for turn, after in window for hit in wanted.find(context, turn)):
                    yield finding(rule, context, index, first, end,
                                  suggestions=expect.get("suggest"),
                                  message=expect.get("message") or rule.message)

    return Check(run, triggers.phrase_ids)  # nothing to follow up where no trigger can be


def _window(context, index, end, expect, default_speaker) -> list[tuple[int, int]] | str:
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
