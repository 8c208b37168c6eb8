"""What a rule kind's option may hold, checked in one place (rulepack)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    # "text" | "texts" | "phrases" | "number" | "choice" | "flag" | "time" (HH:MM)
    # | "mapping" (keys in `fields`) | "items" (a list of such mappings)
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    fields: dict | None = None


# A phrase item is a phrase, or a mapping that gives it its own suggestions:
#   - phrase: минуточку
#     suggest: одну минуту
#     fix: минута        # a safe replacement: --fix may rewrite scripts with it
PHRASE_ITEM_KEYS = ("phrase", "suggest", "severity", "fix")
