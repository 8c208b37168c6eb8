"""Grammar tokens, «<INFN>», «<VERB,impr>», «<Name>», «<NUMB>»: a word matched by
its pymorphy3 reading rather than its lemma. Through the CLI on speech-recognition
text (lowercase, no punctuation, digits for numbers), with the hard negatives:
words whose reading only looks close, and readings too improbable to count."""

from __future__ import annotations

import pytest

from conftest import run_cli, write
from phrasecheck import morphology
from phrasecheck.patterns.grammar import grammar_keys
from test_patterns import matches, pack, phrase_error


@pytest.mark.parametrize("phrase, text, expected", [
    ("(вам|тебе) (нужно|надо|необходимо) <INFN>", "вам нужно подойти в офис", ["вам нужно подойти"]),
    ("(вам|тебе) (нужно|надо|необходимо) <INFN>", "вам нужно три метра кабеля", []),
    ("<Name>", "ксения пётр ольга зовут слушаю", ["ксения", "пётр", "ольга"]),
    ("меня зовут <Name>", "добрый день меня зовут анастасия компания томтел", ["меня зовут анастасия"]),
    ("меня зовут <Name>", "меня зовут слушаю", []),
    ("<VERB,impr> трубку", "не кладите трубку положу трубку", ["кладите трубку"]),
    ("<NUMB> минуту", "подождите 2 минуты или 15 минут", ["2 минуты", "15 минут"]),
    ("<NUMB> минуту", "подождите две минуты", []),
    ("(<NUMB>|<NUMR>) минуту", "две минуты или 2 минуты", ["две минуты", "2 минуты"]),
    ("<ADJF,Anum> числа", "до 1-го числа или до первого числа", ["1-го числа", "первого числа"]),
    ("к <NOUN,datv>", "к мастеру к нему", ["к мастеру"]),
    ("<infn>", "подойти", ["подойти"]),  # the case of a grammeme's name may differ where that is unambiguous
    # improbable readings do not count: «стали» is almost always a verb, «с» a preposition
    ("<NOUN> <NOUN>", "с стали", []),
    ("<VERB> <NOUN>", "стали мастером", ["стали мастером"]),
])
def test_a_grammar_token_matches_a_word_by_its_reading(cli, tmp_path, phrase, text, expected):
    assert matches(cli, tmp_path, [phrase], text) == expected


def test_a_phrase_of_grammar_tokens_only_is_checked_wherever_such_a_word_stands(cli, tmp_path):
    text = "алло ксения вас плохо слышно мы с ольгой перезвоним"
    assert matches(cli, tmp_path, ["<Name>", "<Name,ablt>"], text) == ["ксения", "ольгой"]


@pytest.mark.parametrize("phrase, message, column", [
    ("<INFM> вам", "unknown grammeme «INFM»; did you mean «INFN»?", 1),
    ("нужно <VERB,imper>", "unknown grammeme «imper»; did you mean «impr»?", 12),
    ("нужно <INFN,datv>", "no word can be «<INFN,datv>»: no reading has all of INFN, datv", 6),
    ("нужно <>", "an empty grammar token «<>»", 6),
    ("нужно <INFN", "«<» is never closed with «>»", 6),
])
def test_errors_in_a_grammar_token_point_at_the_column(cli, tmp_path, phrase, message, column):
    phrase_error(cli, tmp_path, phrase, message, column)


def test_explain_shows_the_grammar_of_numbers_in_digits(cli):
    result = cli("explain", "подождите 2 минуты")
    row = next(line.split() for line in result.out.splitlines() if line.split()[:1] == ["2"])
    assert row == ["2", "2", "2", "NUMB,intg"]


WORDS = ["подойти", "кладите", "ксения", "стали", "три", "мой", "сто", "1-й", "2-х", "2", "ok", "xiv", "по-русски",
         "вайбер", "гугланите", "томтел", "скажите", "пожалуйста", "минуты", "квитанции", "ошиблись", "андреевна"]


@pytest.mark.parametrize("word", WORDS)
def test_every_reading_of_a_word_is_one_a_grammar_token_can_name(word):
    # a reading whose tag no token stands for would be missed by every token
    for key in morphology.word_keys(word):
        if morphology.is_grammar_key(key):
            part_of_speech = key[1:].split(",")[0].split(" ")[0].rstrip(">")
            assert key in grammar_keys(frozenset({part_of_speech})), key


def test_a_cache_written_in_another_format_is_never_read(tmp_path, monkeypatch):
    # keys saved by code that knew no grammar: «ксения» would never be a name
    from phrasecheck import cache

    monkeypatch.setenv("PHRASECHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT - 1)
    cache._stamp.cache_clear()
    cache.save("words", ({"ксения": frozenset({"=ксения", "ксения"})}, {}))
    monkeypatch.undo()
    cache._stamp.cache_clear()
    write(tmp_path / "p.yaml", pack("<Name>"))
    write(tmp_path / "c.txt", "Оператор: ксения\n")
    result = run_cli("check", "c.txt", "--no-builtin", "--rules", "p.yaml", "-f", "jsonl", cwd=tmp_path,
                     env={"PHRASECHECK_CACHE_DIR": str(tmp_path / "cache")})
    assert [r["text"] for r in result.jsonl()] == ["ксения"]
    assert len(list((tmp_path / "cache").glob("words-*.pickle"))) == 2
