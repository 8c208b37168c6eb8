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

from .base import PhraseGroup, finding, said
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
    forbidden = PhraseGroup(options["phrases"], phrases)
    unless = PhraseGroup(options.get("unless", ()), phrases)

    def run(context):
        for index, item, first, end in said(rule, context, forbidden, unless):
            yield finding(rule, context, index, first, end,
                          suggestions=item.suggest, severity=item.severity, fix=item.fix)

    return Check(run, forbidden.phrase_ids)  # it can only fire where one of its phrases was heard
