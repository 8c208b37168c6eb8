"""required — at least one of the phrases must be said by the speaker within the scope.

    - id: introduce-self
      type: required
      scope: {opening: {utterances: 2}}
      phrases: ["(меня зовут|у телефона) {agent}"]
      fallback: ["меня зовут", "у телефона"]   # when the agent's name is not known

A phrase with a placeholder ({agent}, {client}, {company}) needs that value from
the call or the config: without it the `fallback` phrases are used, or, if there
are none, the rule is skipped for the call and the report says so.

PASS  «Добрый день, меня зовут Анна»      FAIL  «Добрый день, слушаю Вас»
"""

from __future__ import annotations

from ..model import CannotJudge
from .base import PhraseGroup, finding_at
from .options import Option

TYPE = "required"
STRUCTURAL = True
OPTIONS = {
    "phrases": Option("phrases", required=True, help="one of these must be said"),
    "fallback": Option("phrases", help="used instead when a placeholder is unknown"),
}


def build(rule, options, phrases):
    wanted = PhraseGroup(options["phrases"], phrases)
    fallback = PhraseGroup(options.get("fallback", ()), phrases) if "fallback" in options else None

    def check(analysis):
        group = wanted
        unknown = wanted.unknown(analysis.call.metadata)
        if unknown and fallback is not None:
            group, unknown = fallback, fallback.unknown(analysis.call.metadata)
        if unknown:
            raise CannotJudge("unknown " + ", ".join(unknown) + " (add it to the call or the config)")
        scope = analysis.in_scope(rule)
        if any(group.find(analysis, index) for index in scope):
            return
        # point where it was due: the first utterance of an opening, the last of a closing
        where = (scope[-1] if rule.scope.part == "closing" else scope[0]) if scope else _first(analysis, rule)
        yield finding_at(rule, analysis, where)

    return check


def _first(analysis, rule):
    """Where to point when the speaker never speaks in scope: their first turn, or the call."""
    spoken = analysis.spoken_by(rule.speaker)
    return spoken[0] if spoken else None
