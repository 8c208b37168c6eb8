"""The registry of rule kinds: `type:` in a rule file names one of these.

Every kind is a module with the same face:

    TYPE        the name rule files use (`type: forbidden`)
    STRUCTURAL  True if the kind judges a whole call's shape (an opening, a
                reply, timing): script fragments are then left out
    OPTIONS     the keys it takes beyond the ones every rule shares
                (rule_keys.RULE_KEYS), as option types (options.py)
    build(rule, options, phrases) -> Check
                `options` are the rule's checked and converted values; phrases
                it registers in `phrases` (a PhraseSet) are found for it by the
                engine's one-pass scan. The Check (check.py) runs on a
                CallContext (context.py).

and a docstring: what the kind checks, an example rule in YAML and examples of
calls it passes and fails, in the format of docstring.py. The test suite runs
those examples, and docs/rules.md shows them (kinds/reference.py).
"""

from __future__ import annotations

from types import ModuleType

from ..yamlfile import suggest
from . import conditional, forbidden, greeting, recommended, required, timing

KINDS: dict[str, ModuleType] = {
    module.TYPE: module for module in (forbidden, required, greeting, conditional, timing, recommended)
}


class UnknownKind(LookupError):
    """A rule's `type:` names no kind; the message lists them."""


def get(name) -> ModuleType:
    """The kind called `name`; raises UnknownKind saying which names there are."""
    kind = KINDS.get(name) if isinstance(name, str) else None
    if kind is None:
        raise UnknownKind(f"unknown rule type «{name}»; known types: {', '.join(KINDS)}"
                          f"{suggest(str(name), KINDS)}")
    return kind
