"""forbidden — the agent must not say any of these phrases.

    - id: diminutives
      type: forbidden
      phrases:
        - phrase: минуточку
          suggest: одну минуту
      unless: [ ... ]        # contexts that cancel a match

PASS  «Одну минуту, пожалуйста»      FAIL  «Подождите минуточку»
"""

from __future__ import annotations

from .base import PhraseGroup, finding
from .options import Option

TYPE = "forbidden"
OPTIONS = {
    "phrases": Option("phrases", required=True, help="what must not be said"),
    "unless": Option("phrases", help="contexts in which a match is fine"),
}


def build(rule, options, phrases):
    said = PhraseGroup(options["phrases"], phrases)
    unless = PhraseGroup(options.get("unless", ()), phrases)

    def check(analysis):
        for index in said.where(analysis, analysis.in_scope(rule)):
            found = said.find(analysis, index)
            if not found:
                continue
            taken = [(first, end) for _, first, end in unless.find(analysis, index)]
            for item, first, end in found:
                if _overlaps((first, end), taken):
                    continue  # an exception's context, or a longer phrase already reported
                taken.append((first, end))
                yield finding(rule, analysis, index, first, end,
                              suggestions=item.suggest, severity=item.severity, fix=item.fix)

    if not said.templates:
        check.phrase_ids = said.ids  # it can only fire where one of these was heard
    return check


def _overlaps(span, spans) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)
