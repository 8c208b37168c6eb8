"""Which utterances a rule looks at: the whole call, its opening or its closing.

    scope: call                         # every utterance (default)
    scope: opening                      # the speaker's first utterance
    scope: closing                      # the speaker's last utterance
    scope: {opening: {utterances: 3}}   # the speaker's first 3 utterances
    scope: {opening: {seconds: 30}}     # … said in the first 30 s of the call
    scope: {closing: {percent: 20}}     # … in the last 20% of the call's utterances
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PARTS = ("call", "opening", "closing")
MEASURES = ("utterances", "seconds", "percent")
ALIASES = {"first-utterance": "opening", "last-utterance": "closing"}


@dataclass(frozen=True)
class Scope:
    part: str = "call"
    measure: str = "utterances"
    amount: float = 1

    @classmethod
    def parse(cls, value) -> "Scope":
        """From YAML; raises ValueError saying what is expected."""
        if isinstance(value, str):
            part = ALIASES.get(value, value)
            if part not in PARTS:
                raise ValueError(f"must be one of: {', '.join(PARTS + tuple(ALIASES))}")
            return cls(part)
        if not isinstance(value, dict) or len(value) != 1:
            raise ValueError("must be call, opening, closing, or e.g. {opening: {utterances: 3}}")
        (part, spec), = value.items()
        if part not in ("opening", "closing"):
            raise ValueError(f"«{part}»: only opening or closing take a size")
        if not isinstance(spec, dict) or len(spec) != 1:
            raise ValueError(f"{part} takes one of: {', '.join(MEASURES)} (e.g. {{utterances: 3}})")
        (measure, amount), = spec.items()
        if measure not in MEASURES:
            raise ValueError(f"{part} takes one of: {', '.join(MEASURES)}, not «{measure}»")
        if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount <= 0:
            raise ValueError(f"{part} {measure} must be a number > 0")
        if measure == "percent" and amount > 100:
            raise ValueError("percent must be at most 100")
        return cls(part, measure, amount)

    def __str__(self) -> str:
        if self.part == "call":
            return "call"
        return f"{self.part} ({self.amount:g} {self.measure})"

    def select(self, call, indices: list[int]) -> list[int] | str:
        """The utterances (of those given, in order) within the scope, or why it cannot be told."""
        if self.part == "call":
            return indices
        opening = self.part == "opening"
        if self.measure == "utterances":
            n = int(self.amount)
            return indices[:n] if opening else indices[-n:]
        utterances = call.utterances
        if self.measure == "percent":
            share = math.ceil(len(utterances) * self.amount / 100)
            if opening:
                return [i for i in indices if i < share]
            return [i for i in indices if i >= len(utterances) - share]
        if not call.timed:
            return "the transcript has no timestamps"
        if opening:
            return [i for i in indices if utterances[i].start <= self.amount]
        last = max((u.end if u.end is not None else u.start) for u in utterances)
        return [i for i in indices if utterances[i].start >= last - self.amount]
