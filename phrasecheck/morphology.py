"""The one place that knows Russian morphology: tokens, cached lemmas, the keys
rule words match by, stop words, inflection.

Everything above this module sees a word as a set of *keys*:
- ``"=form"`` for the exact (lowercased, ё→е) surface form;
- the pymorphy3 normal form of every parse of the word;
- ``"~stem+p"`` / ``"~stem+i"`` for perfective / imperfective verbs: a rule
  word asks for the other aspect's key too, so «ошибаетесь» catches «ошиблись»;
- ``"<tag>"`` for the pymorphy3 tag of every likely reading of a text word
  («<INFN,perf,intr>», «<NUMB,intg>» for «2»): a grammar token such as
  «<INFN>» stands for the keys of every known tag with its grammemes.
"""

from __future__ import annotations

import re

from . import unicode_fold

# A word is letters or digits, optionally joined by hyphens («где-то», «какое-то»).
WORD_RE = re.compile(r"[0-9a-zа-яё]+(?:-[0-9a-zа-яё]+)*", re.IGNORECASE)
NORMAL_WORD_RE = re.compile(r"[0-9a-zа-я]+(?:-[0-9a-zа-я]+)*")  # a word of `normalize`d text

_NONSTANDARD = frozenset({"Infr", "Slng", "Arch", "Litr", "Erro", "Dist", "Abbr"})
_VERB_POS = frozenset({"INFN", "VERB", "PRTF", "PRTS", "GRND"})
# Imperfective and perfective partners usually differ only in the thematic
# suffix before -ть(ся): ошиб-а-ться / ошиб-и-ться, повтор-я-ть / повтор-и-ть.
_ASPECT_SUFFIX_RE = re.compile(r"(?:ыва|ива|ва|а|я|и|е)(ть|ться|ти|тись)$")


def normalize(text: str) -> str:
    """Lowercase, «ё» as «е», and what hides a word folded away (unicode_fold:
    zero-width characters, accents, look-alike Latin letters): none of it matters.
    The same words `tokenize` finds: a letter whose lower case is longer («İ» → «i̇»)
    is folded the same way, not split off by the combining mark its lower case has."""
    lowered = text.lower()
    if len(lowered) != len(text) or unicode_fold.needed(text):
        lowered = unicode_fold.fold_with_offsets(text)[0].lower()
    return lowered.replace("ё", "е")


class Token:
    """One word of an utterance: where it is and what it can mean."""

    __slots__ = ("text", "form", "start", "end", "sentence_start", "sentence_end")

    def __init__(self, text: str, form: str, start: int, end: int, sentence_start: bool,
                 sentence_end: bool = False) -> None:
        self.text = text  # as written in the source
        self.form = form  # normalized
        self.start, self.end = start, end  # character offsets in the utterance text
        self.sentence_start = sentence_start  # first word of the utterance or of a sentence
        self.sentence_end = sentence_end  # last word of the utterance or of a sentence

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


_analyzer = None


def analyzer():
    """The shared pymorphy3 analyzer, loaded on first use (it costs ~0.1 s)."""
    global _analyzer
    if _analyzer is None:
        import pymorphy3

        _analyzer = pymorphy3.MorphAnalyzer(lang="ru")
    return _analyzer


# form → keys, for text words (every reading) and rule words (standard readings).
# Kept across calls in a process; cleared when large, so memory stays bounded
# whatever the size of a batch. A run may start from a saved snapshot (cache.py).
_KEYS: dict[str, frozenset[str]] = {}
_STANDARD_KEYS: dict[str, frozenset[str]] = {}
CACHE_LIMIT = 300_000


def word_keys(form: str, standard_only: bool = False) -> frozenset[str]:
    """Every key a normalized word form can match by (see module docstring).

    With `standard_only`, informal, erroneous and abbreviated readings are left
    out: a rule word «ща» must not come to mean «сейчас».
    """
    cache = _STANDARD_KEYS if standard_only else _KEYS
    keys = cache.get(form)
    if keys is None:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        keys = cache[form] = _keys(form, standard_only)
    return keys


def keys_of(forms: list[str]) -> list[frozenset[str]]:
    """`word_keys` of each normalized word form: looked up in C where all are known."""
    try:
        return list(map(_KEYS.__getitem__, forms))
    except KeyError:
        return [word_keys(form) for form in forms]


def _keys(form: str, standard_only: bool) -> frozenset[str]:
    keys = {exact_key(form)}
    cyrillic = any("а" <= ch <= "я" for ch in form)
    if not cyrillic:  # digits and Latin: their grammar only, for text words
        if not standard_only:
            keys.add(_NUMBER_KEY if form.isdigit() else grammar_key(str(analyzer().parse(form)[0].tag)))
        return frozenset(keys)
    parses = analyzer().parse(form)
    if not standard_only:  # rule words are matched by lemma, never by grammar
        keys.update(_grammar_keys(parses))
        from . import diminutives  # it asks this module's analyzer: imported once a word is analysed

        if diminutives.base(form):
            keys.add(_DIMINUTIVE_KEY)
    for parse in parses:
        if standard_only and _NONSTANDARD & parse.tag.grammemes:
            continue
        lemma = normalize(parse.normal_form)
        keys.add(lemma)
        if parse.tag.POS in _VERB_POS:
            stem = aspect_stem(lemma)
            if stem:
                keys.add(f"~{stem}+{'p' if 'perf' in parse.tag.grammemes else 'i'}")
    return frozenset(keys)


# A reading counts for grammar tokens only if its lemma and part of speech
# together score at least this share of the likeliest one's: pymorphy3 also
# lists improbable readings («с» as an abbreviated noun, «стали» as «сталь»).
GRAMMAR_MIN_SHARE = 0.1


def _grammar_keys(parses) -> set[str]:
    if len(parses) == 1:
        return {grammar_key(str(parses[0].tag))}
    shares: dict[tuple, float] = {}
    readings = []
    for parse in parses:
        reading = parse.normal_form, parse.tag.POS
        shares[reading] = shares.get(reading, 0.0) + parse.score
        readings.append(reading)
    floor = max(shares.values()) * GRAMMAR_MIN_SHARE
    return {grammar_key(str(parse.tag)) for parse, reading in zip(parses, readings) if shares[reading] >= floor}


_TAG_KEYS: dict[str, str] = {}  # one key string per tag, however many words have it


def grammar_key(tag: str) -> str:
    """The key of a pymorphy3 tag («NOUN,anim,femn,Name sing,nomn»)."""
    return _TAG_KEYS.get(tag) or _TAG_KEYS.setdefault(tag, f"<{tag}>")


def is_grammar_key(key: str) -> bool:
    return key.startswith("<")


_NUMBER_KEY = grammar_key("NUMB,intg")  # what pymorphy3 says of every number in digits
_SHAPE_TAGS = ("NUMB,intg", "NUMB,real", "LATN", "ROMN", "UNKN", "PNCT")  # of words not in the dictionary
_TAGS: dict[str, frozenset[str]] = {}
# phrasecheck's own grammeme: a diminutive noun («скидочка», «денежки»), told by
# diminutives.base from the word's suffix and its base noun
DIMINUTIVE = "Dimin"
_DIMINUTIVE_KEY = grammar_key(DIMINUTIVE)


def known_tags() -> dict[str, frozenset[str]]:
    """Every tag a reading can have: its key → its grammemes («<INFN,perf,intr>» → INFN, perf, intr)."""
    if not _TAGS:
        morph = analyzer()
        for tag in [*morph.dictionary.gramtab, *map(morph.TagClass, _SHAPE_TAGS)]:
            _TAGS[grammar_key(str(tag))] = frozenset(tag.grammemes)
        _TAGS[_DIMINUTIVE_KEY] = frozenset({DIMINUTIVE})
    return _TAGS


def snapshot() -> tuple[dict, dict]:
    """The word caches, to save for the next run."""
    return dict(_KEYS), dict(_STANDARD_KEYS)


def preload(keys: dict, standard: dict) -> None:
    """Start from saved word caches: a run whose words are all known never loads the dictionary."""
    _KEYS.update(keys)
    _STANDARD_KEYS.update(standard)


def aspect_stem(lemma: str) -> str | None:
    """The part of a verb lemma shared by its aspect partner, or None."""
    reflexive = lemma.endswith(("ся", "сь"))
    match = _ASPECT_SUFFIX_RE.search(lemma)
    if not match or len(lemma) - len(match.group(0)) < 3:
        return None
    return lemma[: match.start()] + ("ся" if reflexive else "")


def exact_key(form: str) -> str:
    """The key of exactly this normalized form, whatever it is a form of."""
    return "=" + form


def lemma_keys(form: str) -> frozenset[str]:
    """Keys a rule word matches by: its own lemma if written in dictionary form
    («правило» is only that word), else every lemma it can be a form of; a verb
    also matches its aspect partner («ошибаетесь» catches «ошиблись»)."""
    keys = word_keys(form, standard_only=True)
    lemmas = {k for k in keys if not k.startswith(("=", "~"))}
    partners = {_other_aspect(k) for k in keys if k.startswith("~")}
    if form in lemmas:
        stem = aspect_stem(form)
        partners = {k for k in partners if stem and k.startswith(f"~{stem}+")}
        return frozenset({form} | partners)
    return frozenset(lemmas | partners) or keys


def _other_aspect(key: str) -> str:
    """«~ошиб+i» → «~ошиб+p»: the aspect partner's key of a verb's key."""
    return key[:-1] + ("i" if key.endswith("p") else "p")


# Stop words: so frequent that almost every utterance holds one, so a phrase
# indexed by one of them would be tried nearly everywhere. The phrase index
# (patterns.index) files a phrase under a rarer word where it has one.
STOP_WORDS = frozenset(
    "вы я мы он она они оно ты не да нет но и а или в на с по к у о за из от до для что как это "
    "этот тот так уже еще вот же ли бы быть мой ваш наш свой весь сейчас только можно надо".split())


def is_stop_word(key: str) -> bool:
    """Whether a key (a lemma or an exact form) stands for one of the STOP_WORDS."""
    return key in STOP_WORDS or key.lstrip("=") in STOP_WORDS


def lemmas(form: str) -> list[str]:
    """The distinct normal forms of a word, most likely first."""
    seen: list[str] = []
    if any("а" <= ch <= "я" for ch in form):
        for parse in analyzer().parse(form):
            lemma = normalize(parse.normal_form)
            if lemma not in seen:
                seen.append(lemma)
    return seen or [form]


# Words, and what ends a sentence between them, in one pass over normalized text.
_SCAN_RE = re.compile(rf"(?P<word>{NORMAL_WORD_RE.pattern})|[.!?…;]|\n[^\S\n]*\n")


def tokenize(text: str) -> list[Token]:
    """Split text into words, remembering sentence boundaries and offsets in `text`."""
    lowered = text.lower().replace("ё", "е")
    if len(lowered) != len(text) or unicode_fold.needed(text):
        # rare: words are found in the folded text (unicode_fold), their offsets mapped back
        folded, starts, ends = unicode_fold.fold_with_offsets(text)
        tokens = _tokenize(folded, folded.lower().replace("ё", "е"))
        for token in tokens:
            token.start, token.end = starts[token.start], ends[token.end - 1]
            token.text = text[token.start:token.end]
        return tokens
    return _tokenize(text, lowered)


def word_spans(text: str) -> list[tuple[int, int]] | None:
    """The (start, end) offsets `tokenize` gives the words of `text`, without making
    tokens (a third of the time): where a finding is, in a turn matched by its words'
    keys alone. None for a text that needs unicode_fold, whose offsets map back."""
    lowered = text.lower()
    if len(lowered) != len(text) or unicode_fold.needed(text):
        return None
    return [match.span() for match in NORMAL_WORD_RE.finditer(lowered.replace("ё", "е"))]


def _tokenize(text: str, lowered: str) -> list[Token]:
    tokens: list[Token] = []
    boundary = True
    for match in _SCAN_RE.finditer(lowered):
        if match.lastgroup is None:  # punctuation or a blank line: a sentence ends here
            if tokens and not boundary:
                tokens[-1].sentence_end = True
            boundary = True
            continue
        start, end = match.span()
        tokens.append(Token(text[start:end], match.group(), start, end, boundary))
        boundary = False
    if tokens:
        tokens[-1].sentence_end = True
    return tokens


def describe(form: str) -> list[tuple[str, str]]:
    """(normal form, grammatical tag) of every parse: what `explain` shows."""
    return [(normalize(p.normal_form), str(p.tag)) for p in analyzer().parse(form)]


def inflect_like(replacement: str, original: str) -> str | None:
    """Put a one-word replacement into the case and number of `original`, keeping
    its capital letter; None where the original's grammar is only a guess (a word
    not in the dictionary), so no fix is made on a guess."""
    morph = analyzer()
    form = normalize(original)
    if not morph.word_is_known(form):
        return None
    source = morph.parse(form)[0]
    grammemes = {g for g in source.tag.grammemes if g in _INFLECTABLE}
    target = morph.parse(replacement)[0]
    inflected = target.inflect(grammemes) if grammemes else None
    if grammemes and inflected is None:
        return None
    word = inflected.word if inflected else replacement
    if original[:1].isupper():
        word = word[:1].upper() + word[1:]
    return word


_INFLECTABLE = frozenset(
    {"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2", "sing", "plur"}
)
