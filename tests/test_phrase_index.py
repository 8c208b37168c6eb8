"""The indexed one-pass scan must find exactly what matching every phrase at
every position finds (Pattern.find_all, the reference path), on texts built from
the built-in pack's own words, their inflected forms and noise."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phrasecheck import morphology
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
