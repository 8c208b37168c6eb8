"""forbidden — the speaker must not say any of these phrases.

Every match in the speaker's utterances within the scope is a violation that
points at the words said. A phrase item's own `suggest`, `severity` and `fix`
replace the rule's for its matches. A match that overlaps an `unless` phrase
(the context in which the words are fine), a longer match already reported,
or one made only of words of the call's own names (company, its aliases, agent,
client: the shop «Корзинка» is no diminutive in its own calls) is not a
violation.

    - id: diminutives
      type: forbidden
      message: Уменьшительные слова звучат непрофессионально
      phrases:
        - phrase: минуточ*
          suggest: одну минуту
          fix: минута
        - звоночек

    PASS  agent «Одну минуту, пожалуйста»
    FAIL  agent «Подождите минуточку»
    FAIL  agent «Спасибо за звоночек»
    PASS  client «Подождите минуточку»   # the client's words are never the agent's violation
    PASS  {company: Минуточка}  agent «Кафе Минуточка, добрый день»   # the company's own name

    - id: yes-but
      type: forbidden
      severity: info
      message: «Да, но…» забирает согласие назад
      phrases: ["(=да|=хорошо|=понимаю) ...3 =но"]
      unless: ["не только ...5 =но =и"]
      suggest: [Да, и именно поэтому…]

    PASS  agent «Да, и именно поэтому тариф выгоднее»
    FAIL  agent «Да, но тариф дороже»
    FAIL  agent «хорошо я поняла но тариф дороже»
    PASS  agent «Но тариф дороже»   # a «но» that opens a plain statement agrees with nothing
    PASS  agent «Да, не только быстро, но и дёшево»   # an `unless` phrase overlaps the match
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

from .base import PhraseGroup, finding
from .check import Check
from .phrase_items import Phrases

TYPE = "forbidden"
STRUCTURAL = False
OPTIONS = {
    "phrases": Phrases(required=True, help="what must not be said. An item may be a mapping with its own "
                                           "`suggest`, `severity` and `fix` (a safe replacement for "
                                           "`--fix`): `{phrase: минуточку, suggest: одну минуту}`"),
    "unless": Phrases(help="phrases that cancel a match they overlap: the context in which the words are fine"),
}


def build(rule, options, phrases) -> Check:
    said = PhraseGroup(options["phrases"], phrases)
    unless = PhraseGroup(options.get("unless", ()), phrases)

    def run(context):
        for index in said.where(context, context.in_scope(rule)):
            found = said.find(context, index)  # in the order of their first words
            if not found:
                continue
            excepted = _Spans([(first, end) for _, first, end in unless.find(context, index)])
            reported_to = 0  # the end of the matches reported so far: the found ones start in order
            for item, first, end in found:
                if first < reported_to or excepted.overlap(first, end) or context.is_name(index, first, end):
                    continue  # a longer phrase already reported, an exception's context, or a name
                reported_to = max(reported_to, end)
                yield finding(rule, context, index, first, end,
                              suggestions=item.suggest, severity=item.severity, fix=item.fix)

    return Check(run, said.phrase_ids)  # it can only fire where one of its phrases was heard


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
