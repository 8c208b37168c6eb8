"""Groups in any order, «(трубку & не & кладите)»: speech recognition writes
«не кладите трубку», «день добрый», «меня ксения зовут». Through the CLI on
lowercase unpunctuated text, and against a brute-force reading of the rule:
every required part once, in any order, none overlapping, within the window."""

from __future__ import annotations

from itertools import permutations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phrasecheck import morphology
from phrasecheck.patterns import PatternError, PhraseSet, compile_phrase
from test_patterns import matches, phrase_error


@pytest.mark.parametrize("phrase, text, expected", [
    ("(трубку & не & кладите)", "трубку не кладите", ["трубку не кладите"]),
    ("(трубку & не & кладите)", "алло не кладите трубку пожалуйста", ["не кладите трубку"]),
    # by default one other word may stand among the parts, not two
    ("(трубку & не & кладите)", "трубку вы не кладите", ["трубку вы не кладите"]),
    ("(трубку & не & кладите)", "трубку положите не сейчас кладите", []),
    ("(трубку & не & кладите)~5", "трубку положите не сейчас кладите", ["трубку положите не сейчас кладите"]),
    ("(день & добрый)", "день добрый компания томтел", ["день добрый"]),
    ("(меня & зовут & <Name>)", "здравствуйте меня ксения зовут", ["меня ксения зовут"]),
    ("(меня & зовут & <Name>)", "ольга меня зовут", ["ольга меня зовут"]),
    ("(меня & зовут & <Name>)", "меня зовут слушаю", []),
    # a part of several words keeps its own order
    ("(трубку & не кладите)", "не кладите трубку", ["не кладите трубку"]),
    ("(трубку & не кладите)", "кладите не трубку", []),
    # an optional part is taken where it fits; the group may stand in a longer phrase
    ("(трубку & не & кладите & [пожалуйста])", "пожалуйста не кладите трубку", ["пожалуйста не кладите трубку"]),
    ("(трубку & не & кладите & [пожалуйста])", "не кладите трубку", ["не кладите трубку"]),
    ("^ (вам & удобно) говорить", "удобно вам говорить сейчас", ["удобно вам говорить"]),
    ("(вам|тебе) ((нужно|надо) & <INFN>)", "вам подойти нужно в офис", ["вам подойти нужно"]),
    # parts never share a word
    ("(вы & вы)", "вы сказали", []),
])
def test_a_group_matches_its_parts_in_any_order_within_the_window(cli, tmp_path, phrase, text, expected):
    assert matches(cli, tmp_path, [phrase], text) == expected


@pytest.mark.parametrize("phrase, message, column", [
    ("(трубку & не | да)", "«|» and «&» in one group: put the alternatives in their own brackets", 13),
    ("(трубку & не)~1", "the window «~1» is shorter than the 2 words the group needs", 13),
    ("(трубку|не)~3", "«~3» may only follow a group in any order, as in «(a & b)~4»", 11),
    ("трубку ~3", "«~3» may only follow a group in any order", 7),
    ("(трубку & не)~", "«~» needs the window in words", 13),
    ("(трубку & да ... не)", "a gap (...) cannot stand in a group in any order", 13),
    ("(трубку & )", "a part of a group in any order («&») is empty", 10),
    ("([трубку] & [не])", "a group in any order («&») needs a part that is not optional", 1),
    ("(трубку & [[не]])", "each part of a group in any order («&») needs a word", 10),
])
def test_errors_in_a_group_point_at_the_column(cli, tmp_path, phrase, message, column):
    phrase_error(cli, tmp_path, phrase, message, column)


# Every part is one word (or a choice of words), so the rule can be checked by brute force.
PARTS = {"трубку": None, "не": None, "кладите": None, "<Name>": None, "<NUMB>": None,
         "(да|нет)": None, "[пожалуйста]": None, "[<INFN>]": None}
WORDS = ["трубку", "трубка", "не", "кладите", "ксения", "пётр", "2", "15", "да", "нет",
         "пожалуйста", "подойти", "ну", "вы"]


def fits(part: str, keys) -> bool:
    """Whether the word with these keys is that part (compiled as a one-word phrase)."""
    if PARTS[part] is None:
        PARTS[part] = compile_phrase(part.strip("[]")).first.keys
    return not keys.isdisjoint(PARTS[part])


def brute_force_match(parts, window, keys, start) -> bool:
    """Whether the group matches at `start`: its required parts on distinct words within the
    window, and the word at `start` one of its parts."""
    required = [p for p in parts if not p.startswith("[")]
    end = min(start + window, len(keys))
    for first in parts:
        if not fits(first, keys[start]):
            continue
        rest = list(required)
        if first in rest:
            rest.remove(first)
        for places in permutations(range(start + 1, end), len(rest)):
            if all(fits(part, keys[place]) for part, place in zip(rest, places)):
                return True
    return False


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(PARTS)), min_size=2, max_size=4, unique=True),
       st.sampled_from([None, 2, 3, 4, 6]), st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
def test_the_matcher_finds_a_group_exactly_where_its_rule_holds(parts, window, words):
    source = "(" + " & ".join(parts) + ")" + (f"~{window}" if window else "")
    try:
        pattern = compile_phrase(source)
    except PatternError:
        return  # all parts optional, or the window shorter than the parts
    window = window or len(parts) + 1  # the default: the parts' words and one more
    tokens = morphology.tokenize(" ".join(words))
    keys = [morphology.word_keys(t.form) for t in tokens]
    spans = pattern.find(tokens, keys)
    assert spans == pattern.find_all(tokens, keys)
    phrases = PhraseSet()
    phrases.add(source)
    assert bool(spans) <= (0 in phrases.possible(" ".join(words)))
    start = 0
    for first, end in spans + [(len(tokens), len(tokens))]:
        assert not any(brute_force_match(parts, window, keys, i) for i in range(start, first))
        if first < len(tokens):
            assert brute_force_match(parts, window, keys, first) and end - first <= window
            required = [p for p in parts if not p.startswith("[")]
            assert any(all(fits(p, keys[i]) for p, i in zip(required, places))
                       for places in permutations(range(first, end), len(required)))
        start = end

