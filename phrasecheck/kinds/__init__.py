"""The registry of rule kinds: `type:` in a rule file names one of these.

Every kind has the same face: `OPTIONS` (the keys it takes, beyond the ones all
rules share) and `build(rule, options, phrases) -> check`, where `check(analysis)`
yields findings, or raises `CannotJudge` saying what the call lacks. A check with a
`phrase_ids` attribute can only fire where one of those phrases may be said, so
the engine runs it only then (otherwise it only asks whether the rule's scope
can be told). `STRUCTURAL = True`: the kind judges a whole call's shape, so
script fragments are left out.
"""

from __future__ import annotations

from types import ModuleType

from . import conditional, forbidden, greeting, required, timing

KINDS: dict[str, ModuleType] = {
    module.TYPE: module for module in (forbidden, required, greeting, conditional, timing)
}


def get(name: str) -> ModuleType:
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown rule type «{name}»; known types: {', '.join(sorted(KINDS))}") from None
