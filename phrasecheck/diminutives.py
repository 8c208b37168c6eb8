"""Diminutive nouns outside any list: «скидочку» is a diminutive of «скидка»,
«денежки» of «деньги», «платёжик» of «платёж».

`base(form)` names the noun a word form is a diminutive of, or None. A form is
a diminutive only when a diminutive suffix taken off its lemma leaves a real
noun of the dictionary, of the same gender and animacy, and the lemma is not
one of the LEXICALISED words (diminutive_words.py). Precision comes first: a
word is rather missed than flagged wrongly, so every doubtful case is decided
for "not a diminutive".

Only `morphology` touches pymorphy3; this module asks it for the shared analyzer.
"""

from __future__ import annotations

from functools import lru_cache

from . import morphology
from .diminutive_words import IRREGULAR, LEXICALISED, PLURAL_ONLY, SPELLING

__all__ = ["base", "BASE_NOUN", "LEXICALISED", "PLURAL_ONLY"]

# In a rule's `fix:` or `suggest:`, the noun the matched diminutive is made from.
BASE_NOUN = "<base>"

_VOWELS = "аеиоуыэюя"
# (lemma ending, gender, base endings, letters the stem may end in or None for
# any): the base is the lemma less its ending, with one of the base endings;
# the first real noun wins. A "~" base ending drops a fleeting vowel or
# alternates the stem's last consonant: «циферка» → «цифра», «яблочко» → «яблоко».
_RULES = (
    # звоночек → звонок, номерочек → номерок (→ номер), кабелёчек → кабель
    ("очек", "masc", ("ок", "", "й"), None),
    ("ечек", "masc", ("ек", "ь", "й", ""), None),
    # -чик after a sonorant, a labial, й or ь: договорчик, тарифчик, парольчик. After
    # т, д, з, с, ж it names a person or tool: переводчик, заказчик, счётчик.
    ("чик", "masc", ("",), "нрлмйфпбвь"),
    ("ик", "masc", ("", "ь"), None),  # заказик, рублик
    ("ок", "masc", ("",), None),  # адресок, часок
    ("ек", "masc", ("ь", "й", ""), None),  # денёк, чаёк, уголёк (ё is written е)
    # скидочка → скидка, минуточка → минута, улочка → улица
    ("очка", "femn", ("ка", "а", "ица"), None),
    # бумажечка → бумажка, кастрюлечка → кастрюля; not утечка, насечка (verbal)
    ("ечка", "femn", ("ка", "а", "я"), "жшчщлнйрмк"),
    ("ичка", "femn", ("ица", "а"), None),  # страничка → страница
    # минутка, неделька, циферка; not заявка, доставка (verbal -вка), экономика
    ("ка", "femn", ("а", "я", "~а", "~я"), "бгджзклмнпрстфхцчшщь"),
    ("ечко", "neut", ("о", "е", "я", "~о"), None),  # словечко, времечко, яблочко
    ("очко", "neut", ("о", "е", "~о"), None),
    ("ышко", "neut", ("о",), None),  # зёрнышко
    ("ко", "neut", ("о",), "бгджзклмнпрстфхцчшщ"),  # пивко
    ("ецо", "neut", ("о",), None),  # письмецо
    ("ице", "neut", ("е", "о"), None),  # платьице
    ("ики", "Pltm", ("ы",), None),  # часики → часы
    ("очки", "Pltm", ("ки",), None),  # сливочки → сливки
    ("чки", "Pltm", ("ки",), None),  # брючки → брюки
)
_ALTERNATIONS = {"ж": "г", "ч": "к"}
# A plain -ка or -ок after a verbal prefix makes a noun of a verb (набросок,
# отрезок, подставка, заметка), whatever noun the rest may look like.
_VERBAL_ENDINGS = ("ка", "ок", "ек")
_PREFIXES = ("вы", "на", "об", "обо", "от", "ото", "пере", "под", "подо", "при", "про", "раз",
             "рас", "недо", "до", "за", "по", "из", "ис", "вз", "вс", "воз", "вос", "над", "пред",
             "со", "без", "бес")
_SHORTEST_BASE = 3
# Readings a base must not have: names, places, abbreviations, slang, archaisms.
_NOT_A_BASE = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "Init",
                         "Infr", "Slng", "Arch", "Litr", "Erro", "Dist"})


@lru_cache(maxsize=100_000)
def base(form: str) -> str | None:
    """The noun `form` (a lowercased word; ё may be written е) is a diminutive of,
    in its dictionary form: «скидочку» → «скидка», «денежки» → «деньги»; None
    for a word that is not a diminutive in service speech."""
    form = morphology.normalize(form)
    if not any("а" <= ch <= "я" for ch in form):
        return None
    if not morphology.analyzer().word_is_known(form):
        return _base_of_unknown(form)
    found, share, total = None, 0.0, 0.0
    for parse in morphology.analyzer().parse(form):
        total += parse.score
        tag = parse.tag
        if tag.POS != "NOUN" or _NOT_A_BASE & tag.grammemes:
            continue
        lemma = morphology.normalize(parse.normal_form)
        base_of_reading = _base_of_lemma(lemma, _gender(tag), str(tag.animacy))
        if base_of_reading:
            found = found or base_of_reading
            share += parse.score
    # a form that is mostly something else is left: «вечерком» (an adverb as
    # often as a noun), «леска» (a fishing line as often as a small forest)
    return found if found and share > total / 2 else None


def _base_of_unknown(form: str) -> str | None:
    """A form out of the dictionary (pymorphy3 would only guess its lemma,
    «номерочек» → «номерочка»): its lemma is rebuilt from its diminutive shape."""
    for lemma, gender in _rebuilt_lemmas(form):
        found = _base_of_lemma(lemma, gender, None)
        if found:
            return found
    return None


def _gender(tag) -> str:
    if "Pltm" in tag.grammemes:
        return "Pltm"
    return str(tag.gender or "")


@lru_cache(maxsize=50_000)
def _base_of_lemma(lemma: str, gender: str, animacy: str | None, depth: int = 0) -> str | None:
    """The base noun of a diminutive lemma, following chains («бумажечка» →
    «бумажка» → «бумага»), in its dictionary spelling; None if it is none."""
    if lemma in LEXICALISED or depth > 2:
        return None
    if lemma in IRREGULAR:
        return IRREGULAR[lemma]
    for candidate in _candidates(lemma, gender):
        found = _noun_lemma(candidate, gender, animacy)
        if found:
            spelling, animacy_of_base = found
            deeper = _base_of_lemma(candidate, gender, animacy_of_base, depth + 1)
            return deeper or SPELLING.get(candidate, spelling)
    return None


def _candidates(lemma: str, gender: str):
    """Base lemmas a diminutive lemma may come from, most likely first."""
    for ending, rule_gender, base_endings, stem_ends in _RULES:
        if rule_gender != gender or not lemma.endswith(ending):
            continue
        stem = lemma[: -len(ending)]
        if not stem or (stem_ends and stem[-1] not in stem_ends):
            continue
        if ending == "ик" and _is_known_noun(lemma + "а"):
            continue  # статистик, график, пластик: from «статистика», not «статист»
        if ending in _VERBAL_ENDINGS and _prefixed(stem):
            continue  # набросок, подставка, заметка: made from a verb, not a noun
        for base_ending in base_endings:
            if base_ending.startswith("~"):
                yield from (s + base_ending[1:] for s in _alternated(stem, gender))
            elif stem.endswith("ь") and base_ending == "я":
                yield stem[:-1] + base_ending  # неделька → неделя
            else:
                yield stem + base_ending


def _prefixed(stem: str) -> bool:
    """Whether a stem is a verbal prefix and a root of three letters or more."""
    return any(stem.startswith(p) and len(stem) - len(p) >= 3 for p in _PREFIXES)


def _alternated(stem: str, gender: str) -> list[str]:
    """The stem less a fleeting vowel («цифер» → «цифр», «песен» → «песн»), and
    for a neuter its last consonant alternated («яблоч» → «яблок»)."""
    stems = []
    if len(stem) > 3 and stem[-2] in "ео" and stem[-3] not in _VOWELS and stem[-1] not in _VOWELS:
        stems.append(stem[:-2] + stem[-1])
    if gender == "neut" and stem[-1:] in _ALTERNATIONS:
        stems.append(stem[:-1] + _ALTERNATIONS[stem[-1]])
    return stems


def _is_known_noun(word: str) -> bool:
    morph = morphology.analyzer()
    return morph.word_is_known(word) and any(
        p.tag.POS == "NOUN" and morphology.normalize(p.normal_form) == word for p in morph.parse(word))


def _noun_lemma(word: str, gender: str, animacy: str | None) -> tuple[str, str] | None:
    """(dictionary spelling, animacy) of `word` if it is the lemma of a standard
    noun of this gender (and animacy, when known) that the dictionary knows well."""
    if len(word) < _SHORTEST_BASE:
        return None
    morph = morphology.analyzer()
    if not morph.word_is_known(word):
        return None
    score, found = 0.0, None
    for parse in morph.parse(word):
        tag = parse.tag
        if (tag.POS != "NOUN" or _NOT_A_BASE & tag.grammemes
                or morphology.normalize(parse.normal_form) != word
                or not _same_gender(_gender(tag), gender)
                or (animacy and str(tag.animacy) != animacy)):
            continue
        score += parse.score
        found = found or (parse.normal_form, str(tag.animacy))
    # a rare noun reading of a word that is mostly something else («справа») is no base
    return found if score >= 0.1 else None


def _same_gender(base_gender: str, gender: str) -> bool:
    return base_gender == gender or (base_gender == "ms-f" and gender in ("masc", "femn"))


# Inflectional endings of diminutive nouns, by the gender of their lemma, for a
# form the dictionary does not know («номерочками», «заявочку», «платёжиком»).
_FORM_ENDINGS = {
    "masc": ("", "а", "у", "ом", "е", "и", "ов", "ам", "ами", "ах"),
    "femn": ("а", "и", "е", "у", "ой", "ою", "ам", "ами", "ах"),
    "neut": ("о", "а", "у", "ом", "е", "и", "ам", "ами", "ах"),
}


def _rebuilt_lemmas(form: str) -> list[tuple[str, str]]:
    """(lemma, gender) a form out of the dictionary may have, if it has the shape
    of a diminutive: a stem in -к- or -ик-, and an ending its gender allows."""
    lemmas: list[tuple[str, str]] = []
    for gender, endings in _FORM_ENDINGS.items():
        for ending in endings:
            if form.endswith(ending):
                stem = form[: len(form) - len(ending)]
                lemmas += [(lemma, gender) for lemma in _lemmas_of_stem(stem, gender, ending)
                           if (lemma, gender) not in lemmas]
    # the genitive plural of a -ка or -ко word has no ending and a fleeting vowel: «заявочек»
    if len(form) > 4 and form[-2] in "ое" and form.endswith("к") and form[-3] not in _VOWELS:
        collapsed = form[:-2] + "к"
        lemmas += [(collapsed + "а", "femn"), (collapsed + "о", "neut")]
    return lemmas


def _lemmas_of_stem(stem: str, gender: str, ending: str) -> list[str]:
    if len(stem) < 4:
        return []
    if gender == "masc":
        if stem.endswith("ик"):
            return [stem]
        if not ending and stem.endswith(("ок", "ек")):  # the nominative itself
            return [stem]
        if ending and stem.endswith("к") and stem[-2] not in _VOWELS:  # звоночк- → звоночек
            return [stem[:-1] + "ек", stem[:-1] + "ок"]
        return []
    if stem.endswith("к"):
        return [stem + ("а" if gender == "femn" else "о")]
    return []
