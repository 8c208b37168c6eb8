"""closing-thanks through the CLI, on speech-recognition text: the closing of 003
is thanks and a wish, each reported on its own; «до свидания» is neither."""

from __future__ import annotations

import json

import pytest

from conftest import write

THANKS = "Оператор не поблагодарил клиента за обращение в конце разговора"
WISH = "Оператор не попрощался пожеланием («Хорошего дня!», «Всего доброго!»)"


def closing_findings(cli, tmp_path, *last_words):
    """The closing-thanks messages for a call ending in the agent's `last_words` segments."""
    utterances = [{"speaker": "agent", "start": 0.0, "end": 3.0, "text": "добрый день компания томтел анна слушаю"},
                  {"speaker": "client", "start": 3.5, "end": 6.0, "text": "все понятно спасибо"}]
    utterances += [{"speaker": "agent", "start": 6.5 + i, "end": 7.3 + i, "text": text}
                   for i, text in enumerate(last_words)]
    write(tmp_path / "call.json", json.dumps({"call_id": "c", "utterances": utterances}, ensure_ascii=False))
    result = cli("check", "call.json", "--select", "closing-thanks", "--format", "json")
    report = result.json()
    assert report["calls"][0]["skipped"] == []
    return [(v["message"], v["utterance"]) for v in report["violations"]]


@pytest.mark.parametrize("said", [
    ("спасибо что позвонили всего доброго",),
    ("благодарю за звонок", "хорошего вечера"),
    ("спасибо за обращение", "всего вам хорошего до свидания"),
    ("спасибо вам что обратились в томтел хорошего дня",),
    ("спасибо андрей николаевич всего доброго",),  # thanks by the client's name
    ("вам спасибо что сообщили", "хорошего вечера"),
    ("спасибо вам геннадий иванович хорошего", "дня"),  # the wish split over two segments
    ("спасибо счастливого пути",),
])
def test_thanks_and_a_wish_pass(cli, tmp_path, said):
    assert closing_findings(cli, tmp_path, *said) == []


@pytest.mark.parametrize("said, missing", [
    (("спасибо за обращение до свидания",), [WISH]),  # a farewell wishes nothing
    (("до свидания",), [THANKS, WISH]),
    (("всего доброго",), [THANKS]),
    (("спасибо за ожидание", "ваш договор активен"), [THANKS, WISH]),  # thanks for a hold is not for the call
    (("ну ладно пока",), [THANKS, WISH]),
    (("спасибо за ожидание всего доброго",), [THANKS]),  # a hold's thanks, not the call's
])
def test_each_missing_part_is_reported_at_the_last_utterance(cli, tmp_path, said, missing):
    last = 1 + len(said)
    assert closing_findings(cli, tmp_path, *said) == [(message, last) for message in missing]


def test_a_config_override_of_the_phrases_replaces_the_parts(cli, tmp_path):
    write(tmp_path / "phrasecheck.yaml", "options:\n  closing-thanks: {phrases: [до свидания]}\n")
    assert closing_findings(cli, tmp_path, "до свидания") == []
    assert [message for message, _ in closing_findings(cli, tmp_path, "ну пока")] == [
        "Оператор завершил разговор не по стандарту"]
