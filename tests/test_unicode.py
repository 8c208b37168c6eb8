"""Words hidden by what a reader does not see — zero-width characters, soft
hyphens, stress marks, Latin or Greek letters that look Cyrillic — are still
words: rules find them, at the column where they are written, quoting them as
written; text without such characters reads as before."""

from __future__ import annotations

import pytest

from conftest import PHRASES_ONLY, write

DODGES = {
    "zero-width space": ("diminutives", "мину\u200bточку"),
    "word joiner": ("diminutives", "мину\u2060точку"),
    "soft hyphen": ("diminutives", "ми\u00adнуточку"),
    "stress mark": ("diminutives", "мину\u0301точку"),
    "two stress marks": ("diminutives", "мину\u0301то\u0301чку"),
    "Latin c": ("diminutives", "cкидочку"),
    "Latin o and p": ("diminutives", "звoнoчек"),
    "Latin o with an accent": ("diminutives", "звонóчек"),
    "Greek omicron": ("diminutives", "минуτочку".replace("τ", "т").replace("о", "ο", 1)),
    "Latin o in Алло": ("allo", "Аллo"),
    "й written with a combining breve": ("dont-worry", "Не волну\u0438\u0306тесь"),
}


def found(cli, tmp_path, text: str, *args):
    write(tmp_path / "s.txt", text)
    result = cli("check", "s.txt", "-f", "jsonl", *PHRASES_ONLY, *args)
    return [(r["rule"], r["line"], r["column"], r["text"]) for r in result.jsonl()]


@pytest.mark.parametrize("name", DODGES)
def test_a_hidden_word_is_found_where_it_is_written_and_quoted_as_written(cli, tmp_path, name):
    rule, word = DODGES[name]
    text = f"Оператор: Хорошо.\nОператор: Так, {word}, пожалуйста.\n"
    assert (rule, 2, 16, word) in found(cli, tmp_path, text)


def test_before_a_hidden_word_columns_count_what_is_written(cli, tmp_path):
    # the zero-width space and the accent before «звоночек» are characters of the line: columns count them
    text = "Оператор: Мину\u200bту, ва\u0301ш звоночек.\n"
    assert ("diminutives", 1, 11 + len("Мину\u200bту, ва\u0301ш "), "звоночек") in found(cli, tmp_path, text)


def test_a_fix_replaces_the_word_as_written(cli, tmp_path):
    path = write(tmp_path / "s.txt", "Подождите мину\u200bточку.\n")
    result = cli("check", "s.txt", "--fix", "--select", "diminutives", "-q")
    assert result.err == "Fixed 1 violation in 1 file.\n"
    assert path.read_text(encoding="utf-8") == "Подождите минуту.\n"


@pytest.mark.parametrize("text", [
    "Оператор: Отправлю SMSку с кодом.",  # Latin letters that look like no Cyrillic one: a Latin word part
    "Оператор: Скажите ваш e-mail или номер: ok.",  # Latin words beside Cyrillic ones
    "Оператор: Тариф Mini очень удобный.",
])
def test_latin_words_are_not_made_cyrillic(cli, tmp_path, text):
    assert found(cli, tmp_path, text + "\n") == []


def test_explain_reads_the_folded_words(cli):
    result = cli("explain", "Аллo, cкидочка")
    assert result.code == 0
    assert "allo" in result.out and "diminutives" in result.out
