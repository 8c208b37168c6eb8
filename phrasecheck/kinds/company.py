"""What `{company}` stands for in a `required` rule's phrase: the company's name
as speech recognition may write it, and the other names that count for it.

The name (metadata `company`, or the config's) counts said whole or any one of
its distinctive words, like any name: «Лидер» for «Такси Лидер», but not «такси»
or «страховая компания» alone, which any firm of the trade says; an alias (metadata `company_aliases`, usually from the
config's `company_aliases`: «ТТ», «техподдержка», «отдел доставки») only whole.

Speech recognition writes a brand it does not know the way it hears it, so each
is also accepted in spellings that keep its sound and cannot turn it into
another word (no edit distance: «томтел» must not let «мотель» or «тотем» in):

    joined or split      «Том Тел» → «томтел»; «ТОМТЕЛ» → «том тел» (parts ≥ 3 letters)
    е / э                «томтэл» (words of ≥ 4 letters: «сет» / «сэт» are two words)
    doubled letters      «Аллегро» → «алегро»
    Latin / Cyrillic     «ТОМТЕЛ» → «tomtel»; «Tomtel» → «томтел»
    spelled letters      an abbreviation «ТТ», «МТС» → «тэтэ», «тэ тэ», «эм тэ эс»

A word of the name or alias as written matches its inflected forms («в
Томтеле»); the other spellings (split, spelled) are matched exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from .. import patterns

PLACEHOLDER = "{company}"
MAX_E_LETTERS = 3  # е/э variants of the first three of them: 8 spellings at most
MAX_SPLIT_LETTERS = 16

_TO_LATIN = dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye"))
_TO_LATIN.update({"ж": "zh", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch", "ю": "yu", "я": "ya",
                  "ъ": "", "ь": ""})
_TO_CYRILLIC = [("shch", "щ"), ("sch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"),
                ("ya", "я"), ("yu", "ю"), ("yo", "е"), ("ph", "ф"), ("ck", "к"), ("x", "кс"), ("j", "дж"),
                ("ce", "се"), ("ci", "си"), ("cy", "си")]
_TO_CYRILLIC += list(zip("abcdefghiklmnopqrstuvwyz", "абкдефгхиклмнопкрстуввиз"))
# how a letter is said: «МТС» → «эм тэ эс»
_LETTER_NAMES = dict(zip("бвгджзкмнпрстфхцчш",
                         "бэ вэ гэ дэ жэ зэ ка эм эн пэ эр эс тэ эф ха цэ че ша".split()))
_LETTER_NAMES.update({vowel: vowel for vowel in "аеиоуэюя"}, л="эл")
# Words that say what kind of firm it is, not which: its legal form, its trade.
# Said alone they do not name the company («такси слушаю», «страховая компания»).
GENERIC_WORDS = frozenset("""
    компания группа фирма корпорация холдинг объединение ооо оао зао пао ао ип нко гк ук тк тц мфо мфк
    банк страховая страхование такси служба сервис центр клиника медицинский медцентр магазин
    интернет-магазин салон агентство торговый дом управляющая кредитная микрофинансовая доставка
    курьерская связь телеком интернет аптека поликлиника регистратура отдел
""".split())
_DOUBLED_RE = re.compile(r"(.)\1")
_WORD_RE = re.compile(r"[0-9a-zа-яё]+(?:-[0-9a-zа-яё]+)*", re.IGNORECASE)  # as a phrase's words are


def uses_company(phrase: str) -> bool:
    return PLACEHOLDER in phrase


def fill(phrase: str, metadata) -> str:
    """A phrase with `{company}` put in as every accepted name and spelling, and
    the other placeholders filled as usual; raises KeyError for an unknown value."""
    if not patterns.can_fill("company", metadata):
        raise KeyError("company")
    aliases = metadata.get("company_aliases") or ()
    alternatives = names(str(metadata["company"]), tuple(aliases))
    return patterns.fill(phrase.replace(PLACEHOLDER, alternatives), metadata)


@lru_cache(maxsize=256)
def names(company: str, aliases: tuple[str, ...]) -> str:
    """The company and its aliases as one phrase alternative: «(томтел|tomtel|=том =тел|…)»."""
    words = _words(company)
    distinctive = [word for word in words if word not in GENERIC_WORDS]
    found = [" ".join(words)] + (distinctive if len(words) > 1 else [])  # the name whole or in part
    for name in (company, *aliases):
        found.extend(spellings(name))
    return "(" + "|".join(dict.fromkeys(found)) + ")"


def spellings(name: str) -> list[str]:
    """The phrases (words) a name may be written as, itself first."""
    words = _words(name)
    if not words:
        return []
    written = " ".join(words)
    forms = [written] + (["".join(words)] if len(words) > 1 else [])
    if "-" in written:  # «Курьер-Сервис» is heard as two words, or as one
        forms += [written.replace("-", " "), written.replace("-", "")]
    forms += [_DOUBLED_RE.sub(r"\1", form) for form in forms if len(form) >= 4]  # «тт» is not «т»
    latin = all(_is_latin(word) for word in words)
    forms.append(_to_cyrillic(written) if latin else _to_latin(written))
    forms = [variant for form in forms for variant in _e_variants(form)]
    split = _split(words[0]) if len(words) == 1 else []
    exact = split + _spelled(name)  # not words of their own: matched as written
    return list(dict.fromkeys(forms + [" ".join("=" + w for w in parts.split()) for parts in exact]))


def _words(text: str) -> list[str]:
    return [_normalize(word) for word in _WORD_RE.findall(text)]


def _normalize(text: str) -> str:
    return text.lower().replace("ё", "е")


def _is_latin(word: str) -> bool:
    return not any("а" <= ch <= "я" for ch in word)


def _to_latin(text: str) -> str:
    return "".join(_TO_LATIN.get(ch, ch) for ch in text)


def _to_cyrillic(text: str) -> str:
    for latin, cyrillic in _TO_CYRILLIC:
        text = text.replace(latin, cyrillic)
    return re.sub(r"(?<=[аеиоуэюя])и", "й", text)  # «y» after a vowel: «maykop» → «майкоп»


def _e_variants(form: str) -> list[str]:
    """The form with each of its first «е»/«э» in long words written either way."""
    if len(form) < 4 or _is_latin(form):
        return [form]
    spots = [i for i, ch in enumerate(form) if ch in "еэ"][:MAX_E_LETTERS]
    variants = []
    for letters in product("еэ", repeat=len(spots)):
        chars = list(form)
        for spot, letter in zip(spots, letters):
            chars[spot] = letter
        variants.append("".join(chars))
    return sorted(variants, key=lambda v: v != form)


def _split(word: str) -> list[str]:
    """A one-word name cut in two, as speech recognition hears a brand: «том тел».
    Not a long word: recognition knows «техподдержка» and writes it whole."""
    if _is_latin(word) or not word.isalpha() or not 5 <= len(word) <= MAX_SPLIT_LETTERS:
        return []  # «курьер-сервис» is already two words where it is cut
    return [f"{word[:i]} {word[i:]}" for i in range(3, len(word) - 2) if word[i] not in "ьъы"]


def _spelled(name: str) -> list[str]:
    """An abbreviation in capitals said letter by letter: «ТТ» → «тэтэ», «тэ тэ»."""
    letters = _normalize(name.strip())
    if not (name.strip().isupper() and 2 <= len(letters) <= 4 and all(ch in _LETTER_NAMES for ch in letters)):
        return []
    said = [_LETTER_NAMES[ch] for ch in letters]
    return ["".join(said), " ".join(said)]


class CompanyPhrases:
    """A rule's phrases that name the company, filled per call (`fill`) and
    compiled once per distinct filling."""

    def __init__(self, items) -> None:
        self.items = list(items)
        self._placeholders = sorted({name for item in self.items for name in patterns.placeholders(item.phrase)})

    def unknown(self, metadata) -> list[str]:
        """Placeholders these phrases need that the call does not fill."""
        return [name for name in self._placeholders if not patterns.can_fill(name, metadata)]

    def find(self, context, index: int):
        """(item, first, end) for every phrase heard in turn `index`."""
        found = []
        for item in self.items:
            found.extend((item, first, end) for first, end in context.find_template(index, item.phrase, fill))
        return found
