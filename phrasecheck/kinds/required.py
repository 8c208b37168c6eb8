"""required — the speaker must say one of the phrases within the scope.

A missing phrase is a violation that points where it was due: the first of
the speaker's utterances in an opening, the last in a closing. A standard that
asks for several things at once (thanks *and* a wish) lists them as `parts`:
each must be said, and each missing one is a violation of its own, with its own
message and suggestion.

A phrase with a placeholder ({agent}, {client}, {company}) needs that value
from the call or the config: without it the `fallback` phrases are used, or,
if there are none, the rule is skipped for the call and the report says which
value was missing. `{company}` also accepts the company's aliases
(`company_aliases` in the config) and the spellings speech recognition gives a
brand: «томтел», «том тел», «томтэл», «tomtel» for «ТОМТЕЛ».

    - id: introduce-self
      type: required
      severity: error
      scope: {opening: {turns: 2}}
      message: Оператор не представился
      phrases: ["(меня зовут|у телефона|с вами говорит) {agent}"]
      fallback: [меня зовут, у телефона, с вами говорит]

    PASS  {agent: Анна}  agent «Добрый день, компания ТОМТЕЛ, меня зовут Анна»
    FAIL  {agent: Анна}  agent «Добрый день, компания ТОМТЕЛ»
    FAIL  {agent: Анна}  agent «Добрый день, меня зовут Ольга»   # not the agent's own name
    FAIL  {agent: Анна}  agent «Добрый день»  client «Да?»  agent «Слушаю вас»  client «Алло»  agent «Меня зовут Анна»   # too late
    PASS  {agent: Анна}  client «Алло»  agent «Добрый день»  client «Да»  agent «Меня зовут Анна»
    PASS  agent «Добрый день, меня зовут Анна»   # no name known: the fallback phrases

    - id: company-name
      type: required
      scope: {opening: {turns: 2}}
      message: Оператор не назвал компанию
      phrases: ["{company}"]

    PASS  {company: ТОМТЕЛ}  agent «добрый день компания томтел меня зовут анна»
    PASS  {company: ТОМТЕЛ}  agent «добрый день компания том тел»   # speech recognition split the name
    PASS  {company: ТОМТЕЛ}  agent «добрый день компания томтэл»
    PASS  {company: ТОМТЕЛ}  agent «добрый день компания tomtel»
    PASS  {company: ТОМТЕЛ, company_aliases: ТТ}  agent «добрый день тэтэ слушаю»
    FAIL  {company: ТОМТЕЛ}  agent «добрый день компания ромашка»   # another company
    FAIL  {company: ТОМТЕЛ}  agent «добрый день мотель слушаю»

    - id: closing-thanks
      type: required
      scope: {closing: {turns: 2}}
      message: Оператор не завершил разговор по стандарту
      parts:
        - phrases: ["спасибо ...3 (звонок|обращение|позвонили)"]
          message: Оператор не поблагодарил за обращение
          suggest: Спасибо, что позвонили!
        - phrases: ["(=хорошего|=приятного) (=дня|=вечера)", "всего доброго"]
          message: Оператор не пожелал клиенту хорошего дня
          suggest: Хорошего дня!

    PASS  agent «Добрый день»  client «Спасибо»  agent «спасибо что позвонили хорошего дня»
    FAIL  agent «Добрый день»  client «Спасибо»  agent «спасибо за обращение до свидания»   # no wish
    FAIL  agent «Добрый день»  client «Спасибо»  agent «всего доброго»   # no thanks
    PASS  agent «спасибо за звонок»  client «и вам»  agent «всего доброго»
"""

from __future__ import annotations

from ..model import CannotJudge
from .base import PhraseGroup, finding_at
from .check import Check
from .company import CompanyPhrases, uses_company
from .options import Items, Text, Texts
from .phrase_items import Phrases

TYPE = "required"
STRUCTURAL = True
_PHRASES_HELP = ("one of them must be said. Placeholders `{agent}`, `{client}`, `{company}` are filled from "
                 "the call's metadata (or the config's `company`); a name may be said whole or in part, in any "
                 "case form («Марине Альбертовне»); `{company}` also takes the config's `company_aliases` and "
                 "the company's name as speech recognition spells it («том тел», «томтэл», «tomtel»)")
_FALLBACK_HELP = ("phrases used when a placeholder is unknown; without them such a call is skipped for this "
                  "rule, and the report says which value was missing")
PART = {
    "phrases": Phrases(required=True, help="one of them must be said for this part"),
    "fallback": Phrases(help="this part's phrases when a placeholder is unknown"),
    "message": Text(help="the violation's message when this part is missing (default: the rule's)"),
    "suggest": Texts(help="what to say for this part (default: the rule's suggestions)"),
}
OPTIONS = {
    "phrases": Phrases(required=True, replaced_by="parts", help=_PHRASES_HELP + ". A rule with `parts` "
                                                                               "gives no `phrases`"),
    "fallback": Phrases(replaced_by="parts", help=_FALLBACK_HELP),
    "parts": Items(PART, help="instead of `phrases`: several things that must all be said, each a list "
                              "of phrases of which one is enough; each missing part is a violation of its own"),
}


class _Phrases:
    """One part's phrases: fixed ones and ones with placeholders through the shared
    PhraseGroup, ones naming the company with every name and spelling it has."""

    def __init__(self, items, phrases) -> None:
        items = list(items)
        self.plain = PhraseGroup([i for i in items if not uses_company(i.phrase)], phrases)
        self.company = CompanyPhrases([i for i in items if uses_company(i.phrase)])
        self.fixed = not self.plain.templates and not self.company.items  # nothing to fill per call

    def unknown(self, metadata) -> list[str]:
        if self.fixed:
            return []
        return sorted(set(self.plain.unknown(metadata)) | set(self.company.unknown(metadata)))

    def said(self, context, scope: list[int]) -> bool:
        """Whether one of the phrases is said in one of these turns."""
        plain, company = self.plain, self.company
        return any(plain.heard(context, index) for index in plain.where(context, scope)) or \
            bool(company.items) and any(company.find(context, index) for index in scope)


class _Part:
    def __init__(self, options, phrases, message=None, suggest=None) -> None:
        self.wanted = _Phrases(options["phrases"], phrases)
        self.fallback = _Phrases(options["fallback"], phrases) if "fallback" in options else None
        self.message, self.suggest = message, suggest

    def phrases(self, metadata) -> _Phrases:
        """The phrases this call can be judged by; raises CannotJudge if none."""
        unknown = self.wanted.unknown(metadata)
        if not unknown:
            return self.wanted
        if self.fallback is not None:
            unknown = self.fallback.unknown(metadata)
            if not unknown:
                return self.fallback
        raise CannotJudge("unknown " + ", ".join(unknown) + " (add it to the call or the config)")


def build(rule, options, phrases) -> Check:
    parts = [_Part(part, phrases, part.get("message"), part.get("suggest")) for part in options["parts"]] \
        if "parts" in options else [_Part(options, phrases)]

    def run(context):
        metadata = context.metadata
        judged = [(part, part.phrases(metadata)) for part in parts]  # every part, or none: skipped
        scope = context.in_scope(rule)
        for part, wanted in judged:
            if not wanted.said(context, scope):
                yield finding_at(rule, context, _due(context, rule, scope), part.message, part.suggest)

    return Check(run)  # a missing phrase can be missed in any call


def _due(context, rule, scope) -> int | None:
    """Where a missing phrase was due: the first utterance of an opening, the last
    of a closing; the speaker's first turn if they say nothing in scope, or the call."""
    if scope:
        if rule.scope.part == "closing":
            return context.turns[scope[-1]].last.index
        return context.turns[scope[0]].first.index
    spoken = context.spoken_by(rule.speaker)
    return context.turns[spoken[0]].first.index if spoken else None
