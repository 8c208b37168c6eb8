"""A rule's list of phrases: the `Phrases` option type and the items it yields.

    phrases:
      - минуточку                  # a phrase (patterns.py gives the syntax)
      - phrase: звоночек           # or an item with its own
        suggest: звонок            #   suggestions,
        severity: info             #   severity
        fix: звонок                #   and safe replacement, for --fix
        weight: 2                  #   and weight, where the rule adds phrases up (conditional triggers)
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Severity
from ..patterns import PatternError, check_template, placeholders
from ..yamlfile import where_of
from .options import SEVERITY, Number, Option, Text, Texts, texts, unknown_keys

PHRASE_ITEM_KEYS = ("phrase", "suggest", "severity", "fix", "weight")


@dataclass(frozen=True)
class PhraseItem:
    phrase: str
    suggest: tuple[str, ...] | None = None
    severity: Severity | None = None
    fix: str | None = None  # safe replacement for --fix
    weight: float = 1.0  # what it adds where phrases are weighed (a conditional trigger's threshold)


class Phrases(Option):
    """A phrase, or a list of phrases or phrase items (PHRASE_ITEM_KEYS)."""

    __slots__ = ()

    def check(self, value, what, where, checker) -> bool:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            checker.problem(where, f"{what} must be a phrase or a non-empty list of phrases")
            return False
        ok = True
        for index, item in enumerate(items):
            at = where_of(items, index) if isinstance(items, list) and items is value else where
            ok &= _phrase_item(item, at, checker)
        if not ok:
            return False
        for index, item in enumerate(self.convert(value)):  # what a kind of its own asks of each phrase
            message = self.problem(item.phrase)
            if message:
                checker.problem(where_of(value, index) if isinstance(value, list) else where, message)
                return False
        return True

    def problem(self, phrase: str) -> str | None:
        """What is wrong with a well-formed phrase where this option is used; None: nothing."""
        return None

    def convert(self, value) -> list[PhraseItem]:
        items = [value] if isinstance(value, str) else value
        out = []
        for item in items:
            if isinstance(item, dict):
                severity = item.get("severity")
                out.append(PhraseItem(item["phrase"], texts(item["suggest"]) if "suggest" in item else None,
                                      Severity.parse(severity) if severity else None, item.get("fix"),
                                      float(item.get("weight", 1.0))))
            else:
                out.append(PhraseItem(item))
        return out

    def describe(self) -> str:
        return "[phrase](#phrase-syntax) or list of phrases"


_ITEM_OPTIONS = {"suggest": Texts(), "severity": SEVERITY, "fix": Text(), "weight": Number()}


def _phrase_item(item, where, checker) -> bool:
    phrase = item
    if isinstance(item, dict):
        unknown_keys(item, PHRASE_ITEM_KEYS, "phrase", checker)
        phrase = item.get("phrase")
        where = where_of(item, "phrase") or where
        for key, option in _ITEM_OPTIONS.items():  # the first wrong one is enough
            if key in item and not option.check(item[key], f"«{key}»", where_of(item, key), checker):
                return False
    if not isinstance(phrase, str) or not phrase.strip():
        checker.problem(where, "empty phrase: a phrase must have at least one word")
        return False
    try:
        if placeholders(phrase):
            check_template(phrase)
        else:
            checker.phrases.add(phrase)
    except PatternError as exc:
        column = where.column + exc.column if where else 1
        checker.problem(_At(where.line if where else 1, column), f"phrase «{phrase}»: {exc}")
        return False
    return True


@dataclass(frozen=True)
class _At:
    line: int
    column: int
