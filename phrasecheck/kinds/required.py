"""required — at least one of the phrases must be said by the speaker within the scope.

A missing phrase is a violation that points where it was due: the first of
the speaker's utterances in an opening, the last in a closing. A phrase with a
placeholder ({agent}, {client}, {company}) needs that value from the call or
the config: without it the `fallback` phrases are used, or, if there are none,
the rule is skipped for the call and the report says which value was missing.

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
"""

from __future__ import annotations

from ..model import CannotJudge
from .base import PhraseGroup, finding_at
from .check import Check
from .phrase_items import Phrases

TYPE = "required"
STRUCTURAL = True
OPTIONS = {
    "phrases": Phrases(required=True, help="one of them must be said. Placeholders `{agent}`, `{client}`, "
                                           "`{company}` are filled from the call's metadata (or the config's "
                                           "`company`); a name may be said whole or in part, in any case "
                                           "form («Марине Альбертовне»)"),
    "fallback": Phrases(help="phrases used when a placeholder is unknown; without them such a call is "
                             "skipped for this rule, and the report says which value was missing"),
}


def build(rule, options, phrases) -> Check:
    wanted = PhraseGroup(options["phrases"], phrases)
    fallback = PhraseGroup(options.get("fallback", ()), phrases) if "fallback" in options else None

    def run(context):
        group = wanted
        unknown = wanted.unknown(context.call.metadata)
        if unknown and fallback is not None:
            group, unknown = fallback, fallback.unknown(context.call.metadata)
        if unknown:
            raise CannotJudge("unknown " + ", ".join(unknown) + " (add it to the call or the config)")
        scope = context.in_scope(rule)
        if any(group.find(context, index) for index in scope):
            return
        # point where it was due: the first utterance of an opening, the last of a closing
        if not scope:
            where = _first(context, rule)
        elif rule.scope.part == "closing":
            where = context.turns[scope[-1]].last.index
        else:
            where = context.turns[scope[0]].first.index
        yield finding_at(rule, context, where)

    return Check(run)  # a missing phrase can be missed in any call


def _first(context, rule):
    """Where to point when the speaker never speaks in scope: their first turn, or the call."""
    spoken = context.spoken_by(rule.speaker)
    return context.turns[spoken[0]].first.index if spoken else None
