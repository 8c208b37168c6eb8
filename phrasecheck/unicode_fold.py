"""What hides a word from the rules, folded away before matching.

Text can say «минуточку» and still dodge every rule if it carries characters a
reader does not see: zero-width spaces and joiners, soft hyphens, bidi marks
(Unicode format characters); combining accents (ударения: «мину́точку»); or
Latin letters that look Cyrillic inside a Cyrillic word («Аллo» with a Latin
o, «cкидочка» with a Latin c). `fold` removes the first two (composing «й» and
«ё» written with a combining mark) and, in a word with Cyrillic letters whose
other letters all look Cyrillic, makes those Cyrillic. It also says, for each
character it keeps, where it was in the original text, so that columns and
quotes still point at what was written.

Most text holds none of this: one regex search tells, and then nothing else is done.
"""

from __future__ import annotations

import re

_CYRILLIC = "а-яёА-ЯЁ"
_FOREIGN = "a-zA-Z\u00c0-\u024f\u0370-\u03ff"  # Latin, Latin with accents, Greek
# format characters (zero-width, soft hyphen, bidi, BOM, word joiner, tags) and combining marks
_HIDDEN = ("\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
           "\U000e0000-\U000e007f")
_COMBINING = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
_RARE_RE = re.compile(f"[{_HIDDEN}{_COMBINING}{_FOREIGN}]")  # one character class: a quick search
_SUSPECT_RE = re.compile(f"[{_HIDDEN}{_COMBINING}]|[{_CYRILLIC}][{_FOREIGN}]|[{_FOREIGN}][{_CYRILLIC}]")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_CYRILLIC_RE = re.compile(f"[{_CYRILLIC}]")
# letters that look like Cyrillic ones: Latin, then Greek
_LOOK_ALIKES = dict(zip("AaBCcEeHKkMOoPpTXxYyΑΒΕΗΚΜΟοΡρΤΧχΥκ", "АаВСсЕеНКкМОоРрТХхУуАВЕНКМОоРрТХхУк"))
_COMPOSED = frozenset("йЙёЁ")  # Cyrillic letters a combining mark may make: the only marks kept


def needed(text: str) -> bool:
    """Whether the text holds anything to fold (rarely)."""
    return _RARE_RE.search(text) is not None and _SUSPECT_RE.search(text) is not None


def fold_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """The folded text, and for each of its characters the start and the end
    of what it stands for in `text` (a letter and the accents on it). Its lower
    case is as long as itself."""
    import unicodedata  # only for the rare text that needs it: start-up time matters

    kept: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, char in enumerate(text):
        kind = unicodedata.category(char)
        if kind == "Cf":
            continue
        if kind in ("Mn", "Me"):
            if kept:
                composed = unicodedata.normalize("NFC", kept[-1] + char)
                if composed in _COMPOSED:
                    kept[-1] = composed
                ends[-1] = index + 1  # the accent belongs to the letter it is on
            continue
        if len(char.lower()) > 1:
            char = char.lower()[0]  # «İ»: a lower case of its own length keeps offsets in step
        kept.append(char)
        starts.append(index)
        ends.append(index + 1)
    folded = "".join(kept)
    return _cyrillic_words(folded, unicodedata), starts, ends


def _cyrillic_words(text: str, unicodedata) -> str:
    """Look-alike letters made Cyrillic in every word with a Cyrillic letter whose
    other letters all look Cyrillic; the length stays the same."""
    pieces, done = [], 0
    for match in _LETTERS_RE.finditer(text):
        word = match.group()
        if word.isascii() or not _CYRILLIC_RE.search(word) or not _CYRILLIC_RE.sub("", word):
            continue
        mapped = [ch if _CYRILLIC_RE.match(ch) else _look_alike(ch, unicodedata) for ch in word]
        if all(mapped):
            pieces += [text[done:match.start()], "".join(mapped)]
            done = match.end()
    return "".join(pieces) + text[done:] if pieces else text


def _look_alike(char: str, unicodedata) -> str | None:
    """The Cyrillic letter `char` looks like, its accents aside («ó» is «о», «ë» «е»,
    which matches as «ё» does), or None."""
    found = _LOOK_ALIKES.get(char)
    return found if found is not None else _LOOK_ALIKES.get(unicodedata.normalize("NFD", char)[0])
