"""greeting — the greeting fits the local time at which it is said.

    - id: greeting-time-of-day
      type: greeting
      scope: opening
      schedule:
        - {from: "00:00", until: "12:00", phrases: [доброе утро], suggest: Доброе утро}
        - {from: "12:00", until: "16:00", phrases: [добрый день], suggest: Добрый день}
        - {from: "16:00", until: "24:00", phrases: [добрый вечер], suggest: Добрый вечер}
      neutral: [здравствуйте]   # accepted only with allow_neutral: true
      allow_neutral: false

The moment is the call's start (`started_at`, in the configured time zone) plus
the utterance's offset. Without a known call time the rule is skipped.

PASS  «Доброе утро» at 11:59      FAIL  «Добрый день» at 11:59
"""

from __future__ import annotations

from datetime import timedelta

from ..model import CannotJudge
from .base import PhraseGroup, finding
from .options import Option

TYPE = "greeting"
STRUCTURAL = True
PERIOD = {"from": Option("time", required=True), "until": Option("time", required=True),
          "phrases": Option("phrases", required=True), "suggest": Option("texts")}
OPTIONS = {
    "schedule": Option("items", required=True, fields=PERIOD, help="greetings by time of day"),
    "neutral": Option("phrases", help="greetings that fit any time"),
    "allow_neutral": Option("flag", help="accept a neutral greeting"),
}


def build(rule, options, phrases):
    periods = [(p["from"], p["until"], PhraseGroup(p["phrases"], phrases), p.get("suggest") or ())
               for p in options["schedule"]]
    neutral = PhraseGroup(options.get("neutral", ()), phrases)
    allow_neutral = options.get("allow_neutral", False)

    def check(analysis):
        scope = analysis.in_scope(rule)
        for index in scope:
            said = [(period, hit) for period in periods for hit in period[2].find(analysis, index)]
            said += [(None, hit) for hit in neutral.find(analysis, index)]
            if not said:
                continue
            period, (_, first, end) = min(said, key=lambda s: s[1][1])
            moment = _moment(analysis.call, index)
            if moment is None:
                raise CannotJudge("the call's start time (started_at) is unknown")
            right = next((p for p in periods if p[0] <= moment < p[1]), None)
            if period is None and allow_neutral or period is right:
                return
            suggestion = right[3] if right else ()
            at = f"{moment // 60:02d}:{moment % 60:02d}"
            message = (f"{rule.message} (в {at} уместно: «{'», «'.join(suggestion)}»)" if suggestion
                       else rule.message)
            yield finding(rule, analysis, index, first, end, suggestions=suggestion, message=message)
            return

    return check


def _moment(call, index) -> int | None:
    """Local minutes since midnight when utterance `index` was said."""
    started = call.metadata.get("started_at")
    if started is None:
        return None
    offset = call.utterances[index].start or 0.0
    local = started + timedelta(seconds=offset)
    return local.hour * 60 + local.minute
