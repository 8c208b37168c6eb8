"""conditional — when a trigger is heard, an answer must follow.

    - id: empathy-on-complaint
      type: conditional
      trigger: {speaker: client, phrases: [безобразие, не работает]}
      expect:
        - speaker: agent
          phrases: [я понимаю, приношу извинения]
          within: {turns: 2}          # the speaker's next 2 utterances (or seconds: 30)
          same_utterance: false       # may the answer be in the trigger's own utterance?
          message: …                  # optional: what to say when it is missing
          suggest: …

Each expectation is checked on its own; a missing one is a violation pointing
at the trigger. PASS «подождите, я уточню» FAIL «подождите» (no reason given)
"""

from __future__ import annotations

from ..model import CannotJudge
from .base import PhraseGroup, finding
from .options import Option

TYPE = "conditional"
STRUCTURAL = True
TRIGGER = {"speaker": Option("choice", choices=("agent", "client", "any")),
           "phrases": Option("phrases", required=True)}
WITHIN = {"turns": Option("number"), "seconds": Option("number")}
EXPECT = {"speaker": Option("choice", choices=("agent", "client", "any")),
          "phrases": Option("phrases", required=True),
          "within": Option("mapping", fields=WITHIN),
          "same_utterance": Option("flag"),
          "message": Option("text"), "suggest": Option("texts")}
OPTIONS = {
    "trigger": Option("mapping", required=True, fields=TRIGGER, help="what starts the check"),
    "expect": Option("items", required=True, fields=EXPECT, help="what must follow"),
}


def build(rule, options, phrases):
    trigger = options["trigger"]
    trigger_speaker = trigger.get("speaker", rule.speaker)
    triggers = PhraseGroup(trigger["phrases"], phrases)
    expectations = [(e, PhraseGroup(e["phrases"], phrases)) for e in options["expect"]]

    def check(analysis):
        scope = analysis.in_scope(rule, trigger_speaker)  # where triggers count
        last_end = -1  # a trigger inside the window of the previous one is the same event
        for index in triggers.where(analysis, scope):
            if index <= last_end:
                continue
            hit = triggers.find(analysis, index)
            if not hit:
                continue
            _, first, end = hit[0]
            for expect, wanted in expectations:
                window = _window(analysis, index, expect, rule.speaker)
                if isinstance(window, str):
                    raise CannotJudge(window)
                last_end = max(last_end, window[-1] if window else index)
                if not any(wanted.find(analysis, i) for i in window):
                    yield finding(rule, analysis, index, first, end,
                                  suggestions=expect.get("suggest"),
                                  message=expect.get("message") or rule.message)

    if not triggers.templates:
        check.phrase_ids = triggers.ids  # nothing to follow up where no trigger can be
    return check


def _window(analysis, index, expect, default_speaker) -> list[int] | str:
    """The utterances in which the expected answer may come."""
    speaker = expect.get("speaker", default_speaker)
    within = expect.get("within") or {"turns": 1}
    after = [i for i in analysis.spoken_by(speaker) if i > index]
    if "seconds" in within:
        utterances = analysis.call.utterances
        if utterances[index].start is None:
            return "the transcript has no timestamps"
        limit = utterances[index].start + within["seconds"]
        after = [i for i in after if utterances[i].start is not None and utterances[i].start <= limit]
    if "turns" in within:
        after = after[: int(within["turns"])]
    same = expect.get("same_utterance", False) and (speaker in ("any", analysis.call.utterances[index].speaker))
    return ([index] if same else []) + after
