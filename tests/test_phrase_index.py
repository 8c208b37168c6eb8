"""The indexed one-pass scan must find exactly what matching every phrase at
every position finds (Pattern.find_all, the reference path), on texts built from
the built-in pack's own words, their inflected forms and noise; and so must it
for random phrases of every construct of the syntax, whose simplified tree must
match exactly what the tree as written matches. The index's candidate stage must
name exactly the phrases the plain definition names (every need of the phrase
shares a key with some word), on texts with words the dictionary lacks too."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from phrasecheck import morphology
from phrasecheck.kinds.context import CallContext
from phrasecheck.kinds.turns import Turn
from phrasecheck.model import Call, Utterance
from phrasecheck.patterns import (PLACEHOLDER_RE, PatternError, PhraseSet, compile_phrase, fill, template_needs,
                                  words_of)
from phrasecheck.patterns.needs import all_prefixes, needed_words
from phrasecheck.patterns.matching import _match
from phrasecheck.patterns.syntax import parse
from phrasecheck.rulepack import load_rules

PHRASES = load_rules([]).phrases
WORDS = sorted({w for p in PHRASES.patterns for w in re.findall(r"[а-яё-]+", p.source.lower()) if w.strip("-")})
INFLECTED = sorted({form.word for w in WORDS[:400] for parse in morphology.analyzer().parse(w)[:1]
                    for form in parse.lexeme[:6]})
NOISE = ["интернет", "договор", "сегодня", "пожалуйста", "мастер", "нормально", "123", "ок", "э", "ну"]
VOCABULARY = WORDS + INFLECTED + NOISE
SEPARATORS = [" ", " ", " ", ", ", ". ", "! ", "? ", " — ", "\n"]

texts = st.lists(st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)), min_size=1, max_size=40).map(
    lambda pairs: "".join(word + sep for word, sep in pairs))


def reference(tokens, keys):
    found = {pid: p.find_all(tokens, keys) for pid, p in enumerate(PHRASES.patterns)}
    return {pid: spans for pid, spans in found.items() if spans}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_indexed_scan_equals_matching_every_phrase_everywhere(text):
    tokens = morphology.tokenize(text)
    keys = [morphology.word_keys(t.form) for t in tokens]
    assert PHRASES.scan(tokens, keys, PHRASES.possible(text)) == reference(tokens, keys)


def test_the_vocabulary_really_exercises_the_rules():
    text = "Подождите минуточку, вы ошиблись. Алло! Короче, это не моя ошибка, таковы правила."
    tokens = morphology.tokenize(text)
    hits = PHRASES.scan(tokens, [morphology.word_keys(t.form) for t in tokens], PHRASES.possible(text))
    assert len(hits) >= 5 and len(VOCABULARY) > 500


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_the_prefilter_never_skips_a_phrase_that_matches(text):
    tokens = morphology.tokenize(text)
    assert set(reference(tokens, [morphology.word_keys(t.form) for t in tokens])) <= PHRASES.possible(text)


# Random phrases over a few words, with every construct: alternatives, optional
# parts, gaps, groups in any order, exact forms, prefixes, grammar tokens and
# anchors; and texts of those words' forms.
PHRASE_WORDS = ["вы", "ошибаетесь", "=алло", "трубоч*", "да", "слушаю", "говорите", "нет",
                "пожалуйста", "минуточку", "но", "правила", "=так", "вот",
                "<Name>", "<INFN>", "<NUMB>", "<VERB,impr>", "<NOUN,datv>", "<numr>"]
TEXT_WORDS = ["вы", "Вы", "ошиблись", "ошибались", "ошибаетесь", "алло", "Алло", "аллоха", "трубочка",
              "трубка", "да", "слушаю", "говорите", "нет", "пожалуйста", "минуточку", "минуточки", "но",
              "правила", "правило", "правит", "так", "такой", "вот", "ну", "э", "123",
              "ксения", "Пётр", "подойти", "кладите", "2", "три", "минуте", "ok"]
JOINERS = [" ", " ", " ", " ... ", " ...1 "]


def join(pairs):
    return "".join(part + joiner for part, joiner in pairs[:-1]) + pairs[-1][0]


def compound(inner, joiners, group_parts):
    """Sequences, alternatives, optional parts and groups in any order of `inner` parts;
    a group's parts from `group_parts`, which have no gap (the syntax refuses one there)."""
    return st.one_of(
        st.lists(st.tuples(inner, st.sampled_from(joiners)), min_size=2, max_size=4).map(join),
        st.lists(inner, min_size=2, max_size=4).map(lambda parts: "(" + "|".join(parts) + ")"),
        inner.map(lambda part: f"[{part}]"),
        st.tuples(st.lists(group_parts, min_size=2, max_size=3), st.sampled_from(["", "", "~2", "~4", "~6"])).map(
            lambda group: "(" + " & ".join(group[0]) + ")" + group[1]))


def phrase_parts(leaves):
    gapless = st.recursive(leaves, lambda inner: compound(inner, [" "], inner), max_leaves=5)
    return st.recursive(leaves, lambda inner: compound(inner, JOINERS, gapless), max_leaves=10)


phrase_bodies = phrase_parts(st.sampled_from(PHRASE_WORDS))
# A required word before or after the rest, or most phrases would be all optional.
# After the rest only where no gap comes before it: in «[да] ... вы» a match may start at a
# word the gap skips, which `find` never tries and `find_all` does («ну вы»).
phrase_texts = st.tuples(st.sampled_from(["", "^ "]), st.sampled_from(PHRASE_WORDS), st.sampled_from(JOINERS),
                         phrase_bodies, st.booleans(), st.sampled_from(["", " $"])).map(
    lambda t: t[0] + (t[1] + t[2] + t[3] if t[4] or "..." in t[2] + t[3] else t[3] + t[2] + t[1]) + t[5])
small_texts = st.lists(st.tuples(st.sampled_from(TEXT_WORDS), st.sampled_from(SEPARATORS)),
                       min_size=1, max_size=14).map(lambda pairs: "".join(word + sep for word, sep in pairs))


def compiled(source):
    try:
        return compile_phrase(source)
    except PatternError:
        assume(False)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(phrase_texts, small_texts)
def test_the_simplified_phrase_matches_exactly_what_the_phrase_as_written_matches(source, text):
    pattern = compiled(source)
    tokens = morphology.tokenize(text)
    keys = [morphology.word_keys(t.form) for t in tokens]
    for i in range(len(tokens)):
        assert pattern.match_at(tokens, keys, i) == pattern.match_at(tokens, keys, i, pattern.seq)
    assert pattern.find(tokens, keys) == pattern.find_all(tokens, keys)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(phrase_texts, min_size=1, max_size=4), small_texts)
def test_the_index_finds_every_match_of_random_phrases(sources, text):
    phrases = PhraseSet()
    for source in sources:
        compiled(source)
        phrases.add(source)
    tokens = morphology.tokenize(text)
    keys = [morphology.word_keys(t.form) for t in tokens]
    found = {pid: p.find_all(tokens, keys) for pid, p in enumerate(phrases.patterns)}
    assert phrases.scan(tokens, keys, phrases.possible(text)) == {pid: s for pid, s in found.items() if s}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(phrase_parts(st.sampled_from(PHRASE_WORDS + ["...", "...1"])))
def test_a_phrase_is_refused_exactly_when_it_can_match_no_word(source):
    try:  # the phrase's own tree, between two words so that it compiles whatever it is
        tree = parse(f"вы ({source}) вы")[0][1:-1]
    except PatternError:
        assume(False)
    matches_nothing = _match(tree, 0, 0, [], [], 0, lambda end: end) == 0  # the matcher, on no words at all
    try:
        compile_phrase(source)
        refusal = ""
    except PatternError as error:
        refusal = str(error)
    assert (refusal == "the phrase can match without any word: make a word required") == matches_nothing


# The candidate stage against its plain definition: a phrase may be held where each
# of its needs (sets of keys) shares a key with some word of the text, «*prefix» keys
# included. Texts mix the pack's words and forms with what the dictionary lacks
# (misspellings, made-up words, which pymorphy3 lemmatises by guess), prefixes'
# continuations, hyphenated compounds, digits, Latin, «ё» and capitals.
TEXT_WORD_RE = re.compile(r"[0-9a-zа-я]+(?:-[0-9a-zа-я]+)*")


def possible_by_definition(phrases, text):
    prefixes = {prefix for pattern in phrases.patterns for prefix in all_prefixes(pattern.seq)}
    present = set()
    for form in TEXT_WORD_RE.findall(morphology.normalize(text)):
        present |= morphology.word_keys(form) | {"*" + p for p in prefixes if form.startswith(p)}
    return frozenset(pid for pid, pattern in enumerate(phrases.patterns)
                     if all(not present.isdisjoint(need) for need in needed_words(pattern.seq)))


def mutate(word, position, letter, how):
    """A misspelling: a letter replaced, inserted or dropped, or an ending added."""
    at = position % (len(word) + 1)
    return {"replace": word[:at] + letter + word[at + 1:], "insert": word[:at] + letter + word[at:],
            "drop": word[:at] + word[at + 1:], "ending": word + letter + "ся"}[how] or letter


PREFIXES = sorted({p for pattern in PHRASES.patterns for p in all_prefixes(pattern.seq)})
LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
misspelt = st.builds(mutate, st.sampled_from(WORDS + INFLECTED), st.integers(0, 20), st.sampled_from(LETTERS),
                     st.sampled_from(["replace", "insert", "drop", "ending"]))
made_up = st.text(LETTERS + "0123456789ab", min_size=1, max_size=9)
continued = st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(PREFIXES or ["за"]),
                      st.text(LETTERS, max_size=4))
exact_forms = st.sampled_from(sorted({k[1:] for p in PHRASES.patterns for need in needed_words(p.seq)
                                      for k in need if k.startswith("=")}) or ["алло"])
plain = st.sampled_from(VOCABULARY + ["2", "15", "3-й", "ok", "wi-fi", "Ёлки", "ещё", "всё-таки", "ПРОСТИТЕ"])
any_word = st.one_of(plain, plain, misspelt, made_up, continued, exact_forms)
shaped = st.one_of(any_word, st.builds(lambda a, b: f"{a}-{b}", any_word, any_word),
                   any_word.map(lambda w: w.replace("е", "ё")), any_word.map(str.upper))
GLUE = SEPARATORS + ["-", " - ", "--", "-", "«", "»", "1", "…"]
wild_texts = st.lists(st.tuples(shaped, st.sampled_from(GLUE)), min_size=1, max_size=30).map(
    lambda pairs: "".join(word + glue for word, glue in pairs))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wild_texts)
def test_the_candidate_stage_names_exactly_the_phrases_the_definition_names(text):
    assert PHRASES.possible(text) == possible_by_definition(PHRASES, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(phrase_texts, min_size=1, max_size=6), st.lists(st.one_of(small_texts, wild_texts), max_size=4))
def test_the_candidate_stage_of_random_phrases_equals_the_definition_however_they_are_added(sources, texts):
    phrases = PhraseSet()
    for count, source in enumerate(sources, 1):
        compiled(source)
        phrases.add(source)  # words looked up for earlier phrases must meet the new one's needs too
        for text in texts:
            assert phrases.possible(text) == possible_by_definition(phrases, text), (count, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(small_texts, wild_texts), min_size=2, max_size=8))
def test_a_run_whose_words_outgrow_the_cache_still_names_the_same_phrases(texts):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(morphology, "CACHE_LIMIT", 12)  # a few texts' words: forgotten again and again
        phrases = PhraseSet({pattern.source: pattern for pattern in PHRASES.patterns})
        for pattern in PHRASES.patterns:
            phrases.add(pattern.source)
        for text in texts:
            assert phrases.possible(text) == possible_by_definition(phrases, text), text


# What hides a word (unicode_fold) and what lowercases to more than one character
# must not make the words seen without tokenising differ from the tokens.
ODD = ["мину\u0301точку", "c\u043aидочка", "ал\u200bло", "İstanbul", "ёлки-палки", "где-", "-то", "ЁЖ"]
odd_texts = st.lists(st.tuples(st.sampled_from(VOCABULARY + ODD), st.sampled_from(SEPARATORS)),
                     min_size=1, max_size=30).map(lambda pairs: "".join(word + sep for word, sep in pairs))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(odd_texts, min_size=1, max_size=3))
@example(["İstanbul "])  # its lower case is longer: «i» and a combining dot
def test_a_turns_words_are_its_tokens_forms_and_match_without_tokens(pieces):
    """Phrases without «^», «$» or `word*` are matched on the words' keys alone
    (CallContext makes tokens only when needed): the words found without tokenising
    must be the tokens' forms, one for one, in a turn of several utterances too."""
    turn = Turn([Utterance(i, "agent", text, i + 1, 1) for i, text in enumerate(pieces)])
    context = CallContext(Call("t.txt", list(turn.utterances)), PHRASES)
    context._turns = [turn]
    assert context.words(0) == [token.form for token in context.tokens(0)]
    keys = context.keys(0)
    candidates = PHRASES.possible(turn.text)
    without_tokens = {pid for pid in candidates if not PHRASES.tokens_needed([pid])}
    assert PHRASES.scan(None, keys, without_tokens) == \
        {pid: spans for pid, spans in reference(context.tokens(0), keys).items() if pid in without_tokens}


# A phrase with placeholders («меня зовут {agent}») is asked for its own words before it is
# filled and compiled for a call: that test must never skip a turn where the filled phrase matches.
def _template_sources() -> list[str]:
    found = set()

    def collect(value):
        if isinstance(value, str) and PLACEHOLDER_RE.search(value):
            found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)

    for rule in load_rules([]).rules:
        collect(rule.options)
    return sorted(found)


TEMPLATES = _template_sources() + ["меня зовут {agent}", "(меня|{client}) зовут", "{client} [=вам] удобно ...2 говорить",
                                   "компания {company} ...2 (слушаю|здравствуйте)", "(оператор & {agent})~4"]
NAMES = {"agent": "Татьяна", "client": "Ольга Петровна Смирнова", "company": "Мобилайн"}
TEMPLATE_WORDS = sorted({w for source in TEMPLATES for w in re.findall(r"[а-яё]+", source.lower())}
                        | {"татьяна", "ольга", "петровна", "смирнова", "смирновой", "олечка", "мобилайн", "удобно", "говорить"})
template_texts = st.lists(st.sampled_from(TEMPLATE_WORDS + NOISE), min_size=1, max_size=12).map(" ".join)


def test_the_pack_has_templates_whose_own_words_tell_something():
    told = [source for source in TEMPLATES if template_needs(source) is not None]
    assert len(TEMPLATES) >= 10 and len(told) >= 6
    assert not template_needs("меня зовут {agent}").met_by(words_of("добрый день ольга петровна"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(template_texts, st.sampled_from(TEMPLATES))
@example("меня зовут татьяна", "меня зовут {agent}")
def test_a_template_is_never_skipped_where_its_filling_matches(text, source):
    needs = template_needs(source)
    assume(needs is not None)
    pattern = compile_phrase(fill(source, NAMES))
    tokens = morphology.tokenize(text)
    matched = pattern.find_all(tokens, [morphology.word_keys(t.form) for t in tokens])
    assert not matched or needs.met_by(words_of(text))
