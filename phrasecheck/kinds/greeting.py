"""greeting — the greeting fits the local time at which it is said.

The moment is the call's start (`started_at`, in the configured time zone)
plus the utterance's start. The first greeting the speaker says in the scope
is judged: a greeting of another period, or a neutral one unless
`allow_neutral` is true, is a violation whose suggestion is the greeting of
the moment. A call that says no greeting passes (`required` rules see to
that); one without a known start time is skipped.

    - id: greeting-time-of-day
      type: greeting
      scope: opening
      message: Приветствие не соответствует времени суток
      schedule:
        - {from: "00:00", until: "12:00", phrases: [доброе утро], suggest: Доброе утро}
        - {from: "12:00", until: "16:00", phrases: [добрый день], suggest: Добрый день}
        - {from: "16:00", until: "24:00", phrases: [добрый вечер], suggest: Добрый вечер}
      neutral: [здравствуйте]
      allow_neutral: false

    PASS  {started_at: 2026-05-16T11:59+03:00}  agent «Доброе утро, компания ТОМТЕЛ»
    FAIL  {started_at: 2026-05-16T11:59+03:00}  agent «Добрый день, компания ТОМТЕЛ»
    PASS  {started_at: 2026-05-16T16:00+03:00}  agent «Добрый вечер»
    FAIL  {started_at: 2026-05-16T11:59:50+03:00}  agent 15–17 «Доброе утро»   # said at 12:00:05
    FAIL  {started_at: 2026-05-16T10:00+03:00}  agent «Здравствуйте»   # neutral greetings are not allowed
    PASS  {started_at: 2026-05-16T10:00+03:00}  client «Добрый вечер»  agent «Доброе утро»
"""

from __future__ import annotations

from datetime import timedelta

from ..model import CannotJudge
from .base import PhraseGroup, finding
from .check import Check
from .options import Flag, Items, Texts, Time
from .phrase_items import Phrases

TYPE = "greeting"
STRUCTURAL = True
PERIOD = {
    "from": Time(required=True, help="the period's first minute (included)"),
    "until": Time(required=True, help="its end (not included); `\"24:00\"` ends the day"),
    "phrases": Phrases(required=True, help="the greetings that fit it"),
    "suggest": Texts(help="the greeting to suggest when another one is said in it"),
}
OPTIONS = {
    "schedule": Items(PERIOD, required=True, help="greetings by time of day. Quote the times"),
    "neutral": Phrases(help="greetings that fit any hour («Здравствуйте»)"),
    "allow_neutral": Flag(help="`true` accepts a neutral greeting; otherwise it is a violation with the "
                               "time's greeting as the suggestion"),
}


def build(rule, options, phrases) -> Check:
    periods = [(p["from"], p["until"], PhraseGroup(p["phrases"], phrases), p.get("suggest") or ())
               for p in options["schedule"]]
    neutral = PhraseGroup(options.get("neutral", ()), phrases)
    allow_neutral = options.get("allow_neutral", False)

    def run(context):
        scope = context.in_scope(rule)
        for index in scope:
            said = [(period, hit) for period in periods for hit in period[2].find(context, index)]
            said += [(None, hit) for hit in neutral.find(context, index)]
            if not said:
                continue
            period, (_, first, end) = min(said, key=lambda s: s[1][1])
            moment = _moment(context, index, first)
            if moment is None:
                raise CannotJudge("the call's start time (started_at) is unknown")
            right = next((p for p in periods if p[0] <= moment < p[1]), None)
            if period is None and allow_neutral or period is right:
                return
            suggestion = right[3] if right else ()
            at = f"{moment // 60:02d}:{moment % 60:02d}"
            message = (f"{rule.message} (в {at} уместно: «{'», «'.join(suggestion)}»)" if suggestion
                       else rule.message)
            yield finding(rule, context, index, first, end, suggestions=suggestion, message=message)
            return

    return Check(run)


def _moment(context, index, first) -> int | None:
    """Local minutes since midnight when token `first` of turn `index` was said
    (the start of the utterance it is in)."""
    started = context.call.metadata.get("started_at")
    if started is None:
        return None
    utterance, _ = context.turns[index].locate(context.characters(index, first, first + 1)[0])
    offset = utterance.start or 0.0
    local = started + timedelta(seconds=offset)
    return local.hour * 60 + local.minute
