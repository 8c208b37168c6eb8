"""`phrasecheck explain`: how a text is read, and which rules it triggers."""

from __future__ import annotations


def test_explain_shows_words_lemmas_and_triggered_rules(cli):
    result = cli("explain", "Вы ошиблись, подождите минуточку")
    assert result.code == 0
    rows = {line.split()[0]: line.split()[1:] for line in result.out.splitlines()[1:5]}
    assert rows["ошиблись"][:2] == ["ошиблись", "ошибиться"]
    assert rows["минуточку"][:2] == ["минуточку", "минуточка"]
    assert "you-are-wrong (error): «Вы ошиблись» at column 1" in result.out
    assert "diminutives (warning): «минуточку» at column 24" in result.out
    assert "→ одну минуту" in result.out.lower()


def test_explain_a_miss_and_the_clients_words(cli):
    miss = cli("explain", "Одну минуту, пожалуйста")
    assert miss.code == 0 and miss.out.rstrip().endswith("No rule is triggered.")
    client = cli("explain", "Вы ошибаетесь", "--speaker", "client")
    assert client.out.rstrip().endswith("No rule is triggered.")
