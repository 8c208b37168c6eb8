"""--fix and --diff: rewrite scripts where a rule declares a safe replacement.

A one-word replacement takes the case, number and gender of the word it
replaces («звоночком» → «звонком») and its capital letter; longer replacements
are used as written. The replacement BASE_NOUN stands for the noun the matched
diminutive is made from («скидочкой» → «скидкой», «пакетики» → «пакеты»).
The file keeps its encoding, BOM and line endings, is replaced atomically,
and is left alone if it changed since it was checked or cannot be written
safely (safe_write.py says when).
Transcripts from speech recognition (JSON, JSONL) are never rewritten.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import diminutives, morphology, safe_write
from .model import FileResult, Finding
from .readers import ReadError, TEXT_SUFFIXES
from .readers.decoding import decode

_LINE_SPLIT = re.compile(r"(\r\n|\r|\n)")
# A rule's `fix: <base>`: replace a diminutive with the noun it is made from.
BASE_NOUN = diminutives.BASE_NOUN


@dataclass
class FixOutcome:
    path: str
    fixed: list[Finding] = field(default_factory=list)
    diff: str = ""
    problem: str | None = None  # why the file was left alone


def replacement(fix: str, matched: str) -> str | None:
    """The text to put in place of `matched`; None when it cannot be made safely."""
    if fix.strip() == BASE_NOUN:
        return _base_noun(matched)
    if len(fix.split()) > 1:
        return fix
    return morphology.inflect_like(fix, matched)


def _base_noun(matched: str) -> str | None:
    """The base noun of a matched diminutive, in its case and number; None for a
    word that is no diminutive, or whose grammar the dictionary only guesses."""
    if len(matched.split()) != 1:
        return None
    noun = diminutives.base(morphology.normalize(matched))
    word = morphology.inflect_like(noun, matched) if noun else None
    if word and noun in diminutives.PLURAL_ONLY and not _plural(word):
        return None  # «денежку» would become «деньгу»: rephrasing is a person's job
    return word


def _plural(word: str) -> bool:
    readings = morphology.describe(morphology.normalize(word))
    return bool(readings) and "plur" in readings[0][1]  # the likeliest reading


def fix_file(result: FileResult, write: bool) -> FixOutcome:
    """Apply the fixable findings of one checked file: write it, or only diff it.
    Whatever goes wrong with this file is its outcome's `problem`, never an error."""
    outcome = FixOutcome(result.path)
    fixable = [f for f in result.findings if f.fix and f.text and "\n" not in f.text]
    if not fixable or not result.path.lower().endswith(TEXT_SUFFIXES) or result.digest is None:
        return outcome
    path = Path(result.path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        outcome.problem = f"cannot read: {exc.strerror or exc}: not fixed"
        return outcome
    if hashlib.sha256(data).hexdigest() != result.digest:
        outcome.problem = "changed on disk while being checked: not fixed"
        return outcome
    try:
        decoded = decode(data)
    except ReadError as exc:
        outcome.problem = str(exc)
        return outcome
    new_text = _fixed_text(decoded.text, fixable, outcome)
    if new_text is None:
        return outcome
    outcome.diff = "".join(difflib.unified_diff(
        _with_ends(decoded.text), _with_ends(new_text), fromfile=result.path, tofile=result.path))
    if write:
        outcome.problem = safe_write.replace(path, data, decoded.bom + new_text.encode(decoded.encoding))
        if outcome.problem:
            outcome.fixed, outcome.diff = [], ""
    return outcome


def _fixed_text(text: str, fixable: list[Finding], outcome: FixOutcome) -> str | None:
    """The text with each fix made that can be made safely (listed in
    `outcome.fixed`); None if none can."""
    pieces = _LINE_SPLIT.split(text)  # text, ending, text, ending, …
    lines = pieces[0::2]
    before = list(lines)
    # right to left within a line, so earlier columns stay valid
    for item in sorted(fixable, key=lambda f: (f.line, -f.column)):
        index, start = item.line - 1, item.column - 1
        line = lines[index]
        new = replacement(item.fix, item.text)
        if new is None or line[start:start + len(item.text)] != item.text:
            continue  # no safe form, or two fixes overlap: leave it for a person
        lines[index] = line[:start] + new + line[start + len(item.text):]
        outcome.fixed.append(item)
    if lines == before:
        outcome.fixed = []
        return None
    pieces[0::2] = lines
    return "".join(pieces)


def _with_ends(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    return lines


def without_fixed(result: FileResult, outcome: FixOutcome) -> FileResult:
    """The file's results less what was fixed."""
    fixed = {id(f) for f in outcome.fixed}
    return replace(result, findings=[f for f in result.findings if id(f) not in fixed])
