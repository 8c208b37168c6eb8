"""Phrases with placeholders («меня зовут {agent}»): filled per call from its
metadata or the config, then compiled like any phrase."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import morphology
from ..name_forms import other_forms
from .errors import PatternError
from .index import WordNeeds
from .matching import compile_phrase

PLACEHOLDERS = ("agent", "client", "company")
PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
_SLOT = "=phrasecheckslot"  # a word no text holds, standing for a placeholder's value


def placeholders(source: str) -> list[str]:
    """The placeholders a phrase uses; raises PatternError for an unknown one."""
    names = []
    for match in PLACEHOLDER_RE.finditer(source):
        if match.group(1) not in PLACEHOLDERS:
            raise PatternError(f"unknown placeholder «{match.group(0)}»; known: "
                               + ", ".join("{%s}" % p for p in PLACEHOLDERS), match.start())
        names.append(match.group(1))
    return names


def fill(source: str, values: dict) -> str:
    """Put call metadata into a phrase's placeholders. A name may be said whole or
    in part («Марина Альбертовна», «Марина»), or by a first name's everyday form
    («Стас», «Станислав»), but not by an initial alone («И.» of «Ковалёва И. В.»
    is any «и»); raises KeyError for an unknown value."""

    def value(match) -> str:
        name = match.group(1)
        return _said_as(name, str(values.get(name) or ""))

    return PLACEHOLDER_RE.sub(value, source)


@lru_cache(maxsize=4096)  # the same agents, clients and companies, call after call
def _said_as(name: str, text: str) -> str:
    """The phrase alternative a placeholder's value may be said as."""
    words = morphology.WORD_RE.findall(text)
    if not words:
        raise KeyError(name)
    parts = [word for word in words if len(word) > 1] if len(words) > 1 else []
    said = [form for word in words for form in sorted(other_forms(word))]  # «Стас» for «Станислав»
    options = list(dict.fromkeys([" ".join(words)] + parts + said))
    return "(" + "|".join(options) + ")"


def can_fill(name: str, values: dict) -> bool:
    """Whether the metadata has a value, with a word in it, for this placeholder."""
    return bool(morphology.WORD_RE.search(str(values.get(name) or "")))


def check_template(source: str) -> None:
    """Validate a phrase that may hold placeholders (raises PatternError)."""
    names = placeholders(source)
    compile_phrase(fill(source, {name: "имя" for name in names}) if names else source)


@lru_cache(maxsize=1024)
def template_needs(source: str) -> WordNeeds | None:
    """What a phrase with placeholders needs of a text whatever their values are: the
    words of its own (from «меня зовут {agent}», one of «меня», «зовут»). Asked before
    the phrase is filled and compiled for a call, which costs far more: a call's client
    is rarely the last call's. None where nothing can be told."""
    try:
        pattern = compile_phrase(PLACEHOLDER_RE.sub(_SLOT, source))
    except PatternError:
        return None
    needs = WordNeeds(pattern, unknown=frozenset({_SLOT}))
    return needs if needs.needs_any else None
