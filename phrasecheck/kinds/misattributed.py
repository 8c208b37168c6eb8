"""Words speech recognition put in the wrong speaker's channel.

Diarization merges a short utterance into the speaker next to it. Two kinds of
utterance show it by where they stand, and a rule file's `misattributed:`
section says what they are:

- `line_checks`: the other side's «алло алло», «девушка, вы меня слышите?». A
  speaker does not check the line a moment after their own words; nor does the
  one who answers a call check the line and greet in one breath, so a line check
  that opens the call and runs straight into the same speaker's words is the
  caller's. Such a line check is given to the other side. Said after the other
  side's words or after a silence («алло… вас не слышно» when the line breaks),
  it is the speaker's own. A line check is an utterance made only of the
  section's `words`, with at least one of its `cues`.
- `answers`: nobody answers their own question the moment they ask it. An
  utterance that opens with one of the `phrases` («сейчас всё объясню») right
  after the same speaker's question (one of the `questions`, or a «?» at its
  end), with nothing said by the other side in between, is the other side's
  answer.

`within` is how close (seconds) the neighbouring words must be. Calls without
start and end times, and scripts, are left as they are.

    misattributed:
      line_checks: {within: 1.0, cues: [алло, слышите], words: [алло, девушка, вы, меня, слышите]}
      answers: {within: 1.0, questions: [почему, "как так"], phrases: ["сейчас [все] объясню"]}
"""

from __future__ import annotations

import dataclasses

from .. import morphology
from ..model import Call, Utterance
from ..patterns import compile_phrase
from .options import Mapping, Number, Texts
from .phrase_items import Phrases

DEFAULT_WITHIN = 1.0
_WITHIN = Number(help=f"seconds between it and the same speaker's neighbouring words (default {DEFAULT_WITHIN})")
MISATTRIBUTED = Mapping({
    "line_checks": Mapping({
        "within": _WITHIN,
        "cues": Texts(required=True, help="words of which a line check says at least one («алло», «слышите»)"),
        "words": Texts(required=True, help="the words a line check is made of, the cues included"),
    }, help="the other side's line checks: given to them"),
    "answers": Mapping({
        "within": _WITHIN,
        "questions": Phrases(required=True, help="words that make an utterance a question (or a «?» at its end)"),
        "phrases": Phrases(required=True, help="an utterance opening with one of them right after the same "
                                               "speaker's question answers it: it is the other side's"),
    }, help="answers to the same speaker's question: given to the other side"),
}, help="words speech recognition put in the wrong speaker's channel")

_OTHER = {"agent": "client", "client": "agent"}


class Misattributed:
    """One rule file's `misattributed:` section."""

    def __init__(self, values: dict) -> None:
        checks, answers = values.get("line_checks"), values.get("answers")
        self.check_within = float(checks.get("within", DEFAULT_WITHIN)) if checks else None
        self.cues = frozenset(_normal(w) for w in checks["cues"]) if checks else frozenset()
        self.words = frozenset(_normal(w) for w in checks["words"]) | self.cues if checks else frozenset()
        self.answer_within = float(answers.get("within", DEFAULT_WITHIN)) if answers else None
        self.questions = [compile_phrase(i.phrase) for i in answers["questions"]] if answers else []
        self.answers = [compile_phrase(i.phrase) for i in answers["phrases"]] if answers else []

    def relabel(self, call: Call) -> Call:
        """The call with each misplaced utterance given to the other side."""
        utterances = call.utterances
        if call.is_script or len(utterances) < 2 or \
                not all(u.start is not None and u.end is not None for u in utterances):
            return call
        moved = []
        said_until: dict[str, float] = {}  # speaker → when their words so far ended
        for index, utterance in enumerate(utterances):
            speaker = utterance.speaker
            if self._line_check_of_other(utterances, index) or \
                    self._answer_of_other(utterances, index, said_until.get(_OTHER.get(speaker), -1.0)):
                moved.append(index)
            if utterance.end > said_until.get(speaker, -1.0):
                said_until[speaker] = utterance.end
        if not moved:
            return call
        fixed = list(utterances)
        for i in moved:
            fixed[i] = dataclasses.replace(fixed[i], speaker=_OTHER.get(fixed[i].speaker, fixed[i].speaker))
        return dataclasses.replace(call, utterances=fixed)

    def _is_check(self, utterance: Utterance) -> bool:
        if self.check_within is None or len(utterance.text) > 80:
            return False
        words = [_normal(w) for w in morphology.WORD_RE.findall(utterance.text)]
        return bool(words) and len(words) <= 8 and self.words.issuperset(words) \
            and not self.cues.isdisjoint(words)

    def _line_check_of_other(self, utterances: list[Utterance], index: int) -> bool:
        """A line check right after the same speaker's words, or one that opens
        the call and runs straight into them."""
        if self.check_within is None:
            return False
        check = utterances[index]
        near = utterances[index - 1] if index else utterances[1]
        if near.speaker != check.speaker:
            return False
        gap = check.start - near.end if index else near.start - check.end
        return gap <= self.check_within and self._is_check(check) and not self._is_check(near)

    def _answer_of_other(self, utterances: list[Utterance], index: int, other_until: float) -> bool:
        """An answer opening the utterance right after the same speaker's question,
        the other side silent since (`other_until`: when they last stopped)."""
        if self.answer_within is None or index == 0:
            return False
        answer = utterances[index]
        asked = utterances[index - 1]
        if asked.speaker != answer.speaker:  # the other side's backchannel over the question is no reply
            asked = next((u for u in reversed(utterances[max(0, index - 3):index - 1])
                          if u.speaker == answer.speaker), None)
        if asked is None or answer.start - asked.end > self.answer_within or other_until > asked.end:
            return False
        return _opens_with(answer.text, self.answers) and _is_question(asked.text, self.questions)


def _opens_with(text: str, patterns) -> bool:
    tokens = morphology.tokenize(text)
    keys = morphology.keys_of([t.form for t in tokens])
    return any(pattern.match_at(tokens, keys, 0) > 0 for pattern in patterns)


def _is_question(text: str, patterns) -> bool:
    if text.rstrip().endswith("?"):
        return True
    tokens = morphology.tokenize(text)
    keys = morphology.keys_of([t.form for t in tokens])
    return any(pattern.find(tokens, keys) for pattern in patterns)


def _normal(word: str) -> str:
    return word.lower().replace("ё", "е")
