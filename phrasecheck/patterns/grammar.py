"""Grammar tokens: «<INFN>», «<VERB,impr>», «<Name>», «<NOUN,datv>» match a word
by its grammar instead of its lemma, in the spirit of LanguageTool's POS tags.

A token names pymorphy3 (OpenCorpora) grammemes; a word matches if one of its
likely readings has them all. It compiles to an ordinary WORD whose keys are
the keys of every known tag with those grammemes (morphology.known_tags), so
the matcher, the optimiser and the index treat it like any word.
"""

from __future__ import annotations

import re

from .. import morphology
from .errors import PatternError
from .tree import WORD

_NAME_RE = re.compile(r"[^\s,]+")


def grammar_token(names: str, column: int) -> tuple:
    """The element of `<names>`, whose names start at `column`; raises
    PatternError for an unknown grammeme or a combination no word has."""
    wanted = [_grammeme(m.group(), column + m.start()) for m in _NAME_RE.finditer(names)]
    if not wanted:
        raise PatternError("an empty grammar token «<>»: name a part of speech or grammemes, "
                           "as in «<INFN>» or «<NOUN,datv>»", column - 1)
    keys = grammar_keys(frozenset(wanted))
    if not keys:
        raise PatternError(f"no word can be «<{','.join(wanted)}>»: no reading has all of "
                           + ", ".join(wanted), column - 1)
    return WORD, keys


_KEYS: dict[frozenset, frozenset] = {}
_GRAMMEMES: list[frozenset] = []


def grammar_keys(wanted: frozenset[str]) -> frozenset[str]:
    """The keys of every tag with all the `wanted` grammemes: «<VERB,impr>» is
    every imperative's tag, so a word matches if one of its readings has both."""
    keys = _KEYS.get(wanted)
    if keys is None:
        keys = _KEYS[wanted] = frozenset(k for k, has in morphology.known_tags().items() if wanted <= has)
    return keys


def grammemes() -> frozenset[str]:
    """Every grammeme some tag has: what a grammar token may name."""
    if not _GRAMMEMES:
        _GRAMMEMES.append(frozenset().union(*morphology.known_tags().values()))
    return _GRAMMEMES[0]


def _grammeme(name: str, column: int) -> str:
    """A grammeme as pymorphy3 spells it; the case may differ if that is unambiguous («infn»)."""
    known = grammemes()
    if name in known:
        return name
    same = [g for g in known if g.lower() == name.lower()]
    if len(same) == 1:
        return same[0]
    import difflib  # only for a mistake

    by_lower = {g.lower(): g for g in sorted(known)}
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6) or [
        by_lower[g] for g in difflib.get_close_matches(name.lower(), by_lower, n=1, cutoff=0.6)]
    hint = f"; did you mean «{close[0]}»?" if close else \
        " (pymorphy3's grammemes: parts of speech as INFN, VERB, NOUN, ADJF, NUMR, NUMB; Name, Surn; datv, impr …)"
    raise PatternError(f"unknown grammeme «{name}»{hint}", column)
