"""Phrases of every shape the syntax allows, and some it does not: compiling one
either gives a phrase or a PatternError pointing into it, never another error;
a compiled phrase is matched in bounded time, and finds exactly what the plain
backtracking matcher (below: the matcher before memoisation, exponential but
simple) finds on the phrase as written."""

from __future__ import annotations

import re
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phrasecheck import morphology
from phrasecheck.patterns import PatternError, compile_phrase
from phrasecheck.patterns.tree import ALT, FREE, GAP, OPTIONAL_WORD, PREFIX, WORD

# few words, «да» and «нет» most often, so that phrases often match the texts
WORDS = ["да", "да", "нет", "нет", "ага", "ну", "минуточку", "вы", "ошибаетесь", "=да", "мину*", "<INTJ>"]
TEXT_WORDS = ["да", "да", "да", "нет", "нет", "ага", "ну", "минуточку", "минуту", "вы", "ошиблись", "ой", "."]
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _brackets(children):
    """Alternatives and optional words around parts."""
    return st.one_of(st.lists(children, min_size=1, max_size=4).map(lambda p: "(" + "|".join(p) + ")"),
                     children.map(lambda c: f"[{c}]"))


def _in_any_order(parts):
    window = st.one_of(st.just(""), st.integers(0, 35).map(lambda n: f"~{n}"))
    return st.tuples(st.lists(parts, min_size=2, max_size=4), window).map(
        lambda pw: "(" + " & ".join(pw[0]) + ")" + pw[1])


def _sequences(children):
    return st.lists(children, min_size=2, max_size=4).map(" ".join)


A_WORD = st.sampled_from(WORDS)
NO_GAP = st.recursive(A_WORD, lambda c: st.one_of(_brackets(c), _sequences(c)), max_leaves=6)
ELEMENT = st.recursive(
    st.one_of(A_WORD, st.sampled_from(["...", "…", "...1", "...2", "...5", "...", "...31"])),
    lambda c: st.one_of(_brackets(c), _sequences(c), _in_any_order(NO_GAP)), max_leaves=8)
PHRASES = st.tuples(A_WORD, st.lists(ELEMENT, max_size=3).map(" ".join), A_WORD).map(" ".join).flatmap(
    lambda body: st.sampled_from([body, f"^ {body}", f"{body} $"]))
SOUP = st.lists(st.sampled_from(list("()[]|&~^$.…<>=*, 0123456789") + ["да", "нет", "INTJ"]), max_size=60).map("".join)


def compiled_or_error(source: str):
    try:
        return compile_phrase(source)
    except PatternError as exc:
        assert 0 <= exc.column <= len(source), (source, exc.column)
        assert str(exc)
        return None


@FAST
@given(SOUP)
def test_any_text_compiles_or_is_a_located_error(source):
    started = time.perf_counter()
    compiled_or_error(source)
    assert time.perf_counter() - started < 2.0


@FAST
@given(PHRASES, st.data())
def test_the_matcher_finds_what_plain_backtracking_finds_in_bounded_time(source, data):
    pattern = compiled_or_error(source)
    if pattern is None:
        return
    # a text of the phrase's own words and others, so that it often matches
    words = re.findall(r"[а-яё]+", source) * 4 + TEXT_WORDS
    text = data.draw(st.lists(st.sampled_from(words), max_size=40).map(" ".join), label="text")
    tokens = morphology.tokenize(text)
    keys = [morphology.word_keys(t.form) for t in tokens]
    started = time.perf_counter()
    found = pattern.find(tokens, keys)
    assert time.perf_counter() - started < 2.0
    assert found == pattern.find_all(tokens, keys) == plain_find(pattern, tokens, keys)


@settings(max_examples=30, deadline=None)
@given(st.integers(15, 48), st.sampled_from(["[да]", "...30", "(да|да да|[да])", "[да ну]"]))
def test_long_runs_of_branching_elements_stay_fast(count, element):
    pattern = compile_phrase(f"да {' '.join([element] * count)} нет")
    tokens = morphology.tokenize("да " * 150 + "ага")
    keys = [morphology.word_keys(t.form) for t in tokens]
    started = time.perf_counter()
    assert pattern.find(tokens, keys) == []
    assert time.perf_counter() - started < 5.0


# --- the plain matcher: every path in the written order, nothing remembered --------------------

def plain_find(pattern, tokens, keys) -> list[tuple[int, int]]:
    spans, i, n = [], 0, len(tokens)
    while i < n:
        end = -1
        if not pattern.at_start or tokens[i].sentence_start:
            def finish(j, start=i):
                return j if j > start and (not pattern.at_end or tokens[j - 1].sentence_end) else -1

            end = _plain(pattern.seq, 0, i, tokens, keys, n, finish)
        spans.append((i, end)) if end > i else None
        i = end if end > i else i + 1
    return spans


def _plain(seq, k, i, tokens, keys, n, cont) -> int:
    if k == len(seq):
        return cont(i)
    kind, data = seq[k]
    if kind in (WORD, PREFIX, OPTIONAL_WORD):
        fits = i < n and (tokens[i].form.startswith(data) if kind == PREFIX else not keys[i].isdisjoint(data))
        end = _plain(seq, k + 1, i + 1, tokens, keys, n, cont) if fits else -1
        return _plain(seq, k + 1, i, tokens, keys, n, cont) if end < 0 and kind == OPTIONAL_WORD else end
    if kind == GAP:
        return next((e for j in range(i, min(i + data, n) + 1)
                     if (e := _plain(seq, k + 1, j, tokens, keys, n, cont)) >= 0), -1)
    def rest(j):
        return _plain(seq, k + 1, j, tokens, keys, n, cont)

    if kind == FREE:
        return _plain_free(data, i, tokens, keys, n, rest)
    assert kind == ALT
    return next((e for branch in data if (e := _plain(branch, 0, i, tokens, keys, n, rest)) >= 0), -1)


def _plain_free(data, i, tokens, keys, n, cont) -> int:
    """Every required element once, the first at i, in written order, nearest place first."""
    window, elements = data
    stop = min(i + window, n)
    required = sum(1 << e for e, (_, needed) in enumerate(elements) if needed)
    twins = [sum(1 << d for d in range(e) if elements[d] == elements[e]) for e in range(len(elements))]

    def place(p, left):
        for e, (seq, _) in enumerate(elements):
            if left >> e & 1 and not left & twins[e]:
                end = _plain(seq, 0, p, tokens, keys, n, lambda q, rest=left & ~(1 << e): after(q, rest))
                if end >= 0:
                    return end
        return -1

    def after(q, left):
        if q > stop:
            return -1
        for p in range(q, stop + 1) if left else ():
            if p + (left & required).bit_count() > stop:
                break
            end = place(p, left)
            if end >= 0:
                return end
        return cont(q) if not left & required else -1

    return place(i, (1 << len(elements)) - 1)


# pieces of transcripts: words of either case, «ё», digits, hyphens, punctuation, line breaks,
# and what needs folding (a dotted capital, a zero-width space, an accent, Latin look-alikes)
SPAN_PIECES = st.sampled_from(["Да", "ещё", "ЁЛКИ", "где-то", "2", "24-го", "ok", " ", " ", ", ", ". ", "\n",
                               "\n\n", "-", "…", "İ", "\u200b", "о\u0301", "Kpyг", "ß", "ﬁ"])


@settings(max_examples=300, deadline=None)
@given(st.lists(SPAN_PIECES, max_size=30).map("".join))
def test_word_spans_are_where_tokenising_puts_the_words(text):
    """A finding in a turn not tokenised is located by `word_spans`: the same offsets."""
    spans = morphology.word_spans(text)
    tokens = [(token.start, token.end) for token in morphology.tokenize(text)]
    if spans is not None:  # None: a text to fold, whose tokens are made instead
        assert spans == tokens
    if not re.search(r"[a-zA-Zİßﬁ\u200b\u0301]", text):  # Russian words, digits, punctuation
        assert spans == tokens  # found the fast way
