"""What a rule kind builds from a rule: a `Check` the engine runs on calls."""

from __future__ import annotations

from typing import Callable, Iterable

from ..model import Finding
from .context import CallContext


class Check:
    """A rule made ready to run.

    `run(context)` yields the rule's findings in one call, or raises
    `CannotJudge` saying what the call lacks (then the rule is skipped for it).

    `phrase_ids` says when running it is worth it:
      None       it may fire on any call: the engine runs it on every call;
      frozenset  it can only fire where one of these phrases may be said: the
                 engine runs it only on calls whose words allow one of them. On
                 other calls it only asks whether the rule's scope could be told,
                 so a rule that cannot be judged is reported skipped either way.

    `practices`: it may yield practices (findings of kind PRACTICE) beside its
    violations; the engine parts only these rules' findings.
    """

    __slots__ = ("run", "phrase_ids", "practices")  # a plain class: made per rule at start-up, read per call

    def __init__(self, run: Callable[[CallContext], Iterable[Finding]],
                 phrase_ids: frozenset[int] | None = None, practices: bool = False) -> None:
        object.__setattr__(self, "run", run)
        object.__setattr__(self, "phrase_ids", phrase_ids)
        object.__setattr__(self, "practices", practices)

    def __setattr__(self, name, value) -> None:
        raise AttributeError("a Check cannot be changed")
