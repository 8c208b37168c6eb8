"""What a rule kind builds from a rule: a `Check` the engine runs on calls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..model import Finding
from .context import CallContext


@dataclass(frozen=True, slots=True)
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
    """

    run: Callable[[CallContext], Iterable[Finding]]
    phrase_ids: frozenset[int] | None = None
