"""Which turns a rule looks at: the whole call, its opening or its closing.

A turn is one speaker's consecutive utterances (see kinds/turns.py).

    scope: call                         # every turn (default)
    scope: opening                      # the speaker's first turn
    scope: closing                      # the speaker's last turn
    scope: {opening: {turns: 3}}        # the speaker's first 3 turns («utterances» means the same)
    scope: {opening: {seconds: 30}}     # … begun in the first 30 s of the call
    scope: {closing: {percent: 20}}     # … in the last 20% of the call's turns
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PARTS = ("call", "opening", "closing")
MEASURES = ("turns", "utterances", "seconds", "percent")  # utterances: the older name of turns
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
            raise ValueError("must be call, opening, closing, or e.g. {opening: {turns: 3}}")
        (part, spec), = value.items()
        if part not in ("opening", "closing"):
            raise ValueError(f"«{part}»: only opening or closing take a size")
        if not isinstance(spec, dict) or len(spec) != 1:
            raise ValueError(f"{part} takes one of: {', '.join(MEASURES)} (e.g. {{turns: 3}})")
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
        measure = "turns" if self.measure == "utterances" else self.measure  # the older name says the same
        return f"{self.part} ({self.amount:g} {measure})"

    def select(self, turns, indices: list[int]) -> list[int] | str:
        """The turns (of those given, in order) within the scope, or why it cannot be told.
        `turns` are the call's (each with a start and an end, or None)."""
        if self.part == "call":
            return indices
        opening = self.part == "opening"
        if self.measure in ("turns", "utterances"):
            n = int(self.amount)
            return indices[:n] if opening else indices[-n:]
        if self.measure == "percent":
            share = math.ceil(len(turns) * self.amount / 100)
            if opening:
                return [i for i in indices if i < share]
            return [i for i in indices if i >= len(turns) - share]
        if not all(turn.start is not None for turn in turns):
            return "the transcript has no timestamps"
        if opening:
            return [i for i in indices if turns[i].start <= self.amount]
        last = max((t.end if t.end is not None else t.start) for t in turns)
        return [i for i in indices if turns[i].start >= last - self.amount]
