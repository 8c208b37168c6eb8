"""The types a rule's option may have.

Each type checks a YAML value, reporting every problem with its position to a
checker (rulepack's: `checker.problem(where, message)`; `checker.phrases` is the
run's PhraseSet, where phrases are compiled and registered), converts the checked value into what a kind's `build`
takes (times become minutes since midnight), and describes itself for the
reference in docs/rules.md. `Option` itself is abstract: an option is always
one of the types below, Phrases (phrase_items.py), or one of the
rule-level types in rule_keys.py (Scope, When, Examples).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import Any

from ..model import SEVERITY_NAMES
from ..yamlfile import suggest, where_of

_set = object.__setattr__  # options cannot be changed once made: their __init__ sets them this way


class Option(ABC):
    """One key a rule, or a mapping inside a rule, may have. Options are shared
    constants of the kinds, so they cannot be changed once made. (Plain slotted
    classes rather than dataclasses: they are made at every start-up.)"""

    __slots__ = ("required", "help", "replaced_by")

    def __init__(self, *, required: bool = False, help: str = "", replaced_by: str | None = None) -> None:
        _set(self, "required", required)
        _set(self, "help", help)  # what it means, for the reference
        # a key that takes this one's place: given it, this one is not required and must not be given
        _set(self, "replaced_by", replaced_by)

    def __setattr__(self, name, value) -> None:
        raise AttributeError(f"{type(self).__name__} options cannot be changed")

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for cls in type(self).__mro__
                           for name in getattr(cls, "__slots__", ()))
        return f"{type(self).__name__}({values})"

    @abstractmethod
    def check(self, value, what: str, where, checker) -> bool:
        """Report what is wrong with `value` (named `what`, at `where`); True if nothing."""

    def convert(self, value) -> Any:
        """A checked value → what `build` takes."""
        return value

    @abstractmethod
    def describe(self) -> str:
        """What the value may be, for the reference (Markdown)."""

    def nested(self, name: str) -> list[tuple[str, Option]]:
        """The keys inside a value of this type, named from `name`, for the reference."""
        return []


class Count(Option):
    __slots__ = ()

    def check(self, value, what, where, checker) -> bool:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            checker.problem(where, f"{what} must be a whole number ≥ 1")
            return False
        return True

    def describe(self) -> str:
        return "whole number ≥ 1"


class Text(Option):
    __slots__ = ()

    def check(self, value, what, where, checker) -> bool:
        if not isinstance(value, str) or not value.strip():
            checker.problem(where, f"{what} must be non-empty text")
            return False
        return True

    def describe(self) -> str:
        return "text"


class Texts(Option):
    __slots__ = ()

    def check(self, value, what, where, checker) -> bool:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            checker.problem(where, f"{what} must be text or a list of texts")
            return False
        return True

    def convert(self, value) -> tuple[str, ...]:
        return texts(value)

    def describe(self) -> str:
        return "text or list of texts"


class Number(Option):
    """A finite number ≥ 0; `positive`: > 0 (what a rule divides by)."""

    __slots__ = ("positive",)

    def __init__(self, *, positive: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        _set(self, "positive", positive)

    def check(self, value, what, where, checker) -> bool:
        # YAML reads .inf and .nan as numbers; neither is a threshold
        number = not isinstance(value, bool) and isinstance(value, (int, float))
        if not number or (isinstance(value, float) and not math.isfinite(value)) \
                or value < 0 or (self.positive and value == 0):
            checker.problem(where, f"{what} must be a number {self.bound()}")
            return False
        return True

    def bound(self) -> str:
        return "> 0" if self.positive else "≥ 0"

    def describe(self) -> str:
        return f"number {self.bound()}"


class Flag(Option):
    __slots__ = ()

    def check(self, value, what, where, checker) -> bool:
        if not isinstance(value, bool):
            checker.problem(where, f"{what} must be true or false")
            return False
        return True

    def describe(self) -> str:
        return "`true` or `false`"


class Choice(Option):
    __slots__ = ("choices",)

    def __init__(self, choices: tuple[str, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        _set(self, "choices", tuple(choices))

    def check(self, value, what, where, checker) -> bool:
        if value not in self.choices:
            checker.problem(where, f"{what} must be one of: {', '.join(self.choices)}"
                            f"{suggest(str(value), self.choices)}")
            return False
        return True

    def describe(self) -> str:
        return "one of " + ", ".join(f"`{c}`" for c in self.choices)


class Time(Option):
    __slots__ = ()

    """A time of day, "HH:MM" (quoted: unquoted YAML reads 12:00 as a number)."""

    def check(self, value, what, where, checker) -> bool:
        if minutes(value) is None:
            checker.problem(where, f"{what} must be a time of day like \"12:00\" (in quotes)")
            return False
        return True

    def convert(self, value) -> int | None:
        return minutes(value)

    def describe(self) -> str:
        return '`"HH:MM"`'


class Mapping(Option):
    """A mapping with the keys in `fields`."""

    __slots__ = ("fields",)

    def __init__(self, fields: dict[str, Option], **kwargs) -> None:
        super().__init__(**kwargs)
        _set(self, "fields", fields)

    def check(self, value, what, where, checker) -> bool:
        return check_keys(value, self.fields, what, where, checker) is not None

    def convert(self, value) -> dict[str, Any]:
        return {k: self.fields[k].convert(v) for k, v in value.items()}

    def describe(self) -> str:
        return "mapping"

    def nested(self, name: str) -> list[tuple[str, Option]]:
        return _nested(f"{name}.", self.fields)


class Items(Option):
    """A non-empty list of mappings with the keys in `fields`."""

    __slots__ = ("fields",)

    def __init__(self, fields: dict[str, Option], **kwargs) -> None:
        super().__init__(**kwargs)
        _set(self, "fields", fields)

    def check(self, value, what, where, checker) -> bool:
        if not isinstance(value, list) or not value:
            checker.problem(where, f"{what} must be a non-empty list")
            return False
        return all([check_keys(item, self.fields, f"{what} item", where_of(value, i), checker) is not None
                    for i, item in enumerate(value)])

    def convert(self, value) -> list[dict[str, Any]]:
        return [{k: self.fields[k].convert(v) for k, v in item.items()} for item in value]

    def describe(self) -> str:
        return "list of mappings"

    def nested(self, name: str) -> list[tuple[str, Option]]:
        return _nested(f"{name}[].", self.fields)


SEVERITY = Choice(tuple(SEVERITY_NAMES))  # a severity name, e.g. a phrase item's


def check_keys(mapping, fields: dict[str, Option], what: str, where, checker):
    """Check a mapping against its options; returns it, or None if anything is wrong."""
    if not isinstance(mapping, dict):
        checker.problem(where, f"{what} must be a mapping of keys and values")
        return None
    unknown_keys(mapping, fields, what, checker)
    ok = True
    for key, option in fields.items():
        replaced = option.replaced_by is not None and option.replaced_by in mapping
        if key not in mapping:
            if option.required and not replaced:
                other = f" (or «{option.replaced_by}»)" if option.replaced_by else ""
                checker.problem(mapping.where, f"{what}: missing required key «{key}»{other}")
                ok = False
            continue
        if replaced:
            checker.problem(mapping.key_at.get(key), f"{what}: «{key}» and «{option.replaced_by}» "
                                                     f"cannot both be given")
            ok = False
            continue
        ok &= option.check(mapping[key], f"«{key}»", where_of(mapping, key), checker)
    return mapping if ok else None


def unknown_keys(mapping, known, what: str, checker) -> None:
    for key in mapping:
        if key not in known:
            checker.problem(mapping.key_at.get(key), f"unknown key «{key}» in {what}{suggest(key, known)}")


def _nested(prefix: str, fields: dict[str, Option]) -> list[tuple[str, Option]]:
    rows = []
    for key, option in fields.items():
        rows.append((prefix + key, option))
        rows.extend(option.nested(prefix + key))
    return rows


def texts(value) -> tuple[str, ...]:
    """A checked text or list of texts (or None) → a tuple."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def minutes(value) -> int | None:
    """«09:30» → 570; 24:00 is allowed as the end of the day."""
    if not isinstance(value, str):
        return None
    hours, _, mins = value.strip().partition(":")
    if not (hours.isdigit() and mins.isdigit() and len(mins) == 2):
        return None
    total = int(hours) * 60 + int(mins)
    return total if int(mins) < 60 and total <= 24 * 60 else None
