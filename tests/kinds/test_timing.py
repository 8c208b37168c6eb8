"""timing: answer speed, silences and interruptions, from the call's times and metadata."""

from __future__ import annotations

import pytest
from kindcheck import call, engine, problems, read, verdict

ANSWER = """\
- id: answer-speed
  type: timing
  measure: answer-speed
  message: Ответ позже третьего гудка
"""
SILENCE = """\
- id: silence
  type: timing
  measure: silence
  message: Долгая пауза
  hold_phrases: ["(одну|одна) минуту"]
"""
INTERRUPTION = """\
- id: interruption
  type: timing
  measure: interruption
  message: Оператор перебил клиента
"""


def test_valid_options_load_into_a_rule(tmp_path):
    assert problems(tmp_path, ANSWER + "  max_rings: 2\n  ring_seconds: 6\n" + SILENCE + "  max_seconds: 5\n"
                    + INTERRUPTION) == []


def test_invalid_options_are_reported_with_their_position(tmp_path):
    rules = """\
    - id: answer-speed
      type: timing
      measure: speed
      max_rings: "3"
      hold_phrases: ["..."]
    - id: silence
      type: timing
      message: Долгая пауза
    """
    assert problems(tmp_path, rules) == [
        "pack.yaml:3:5: rule «answer-speed»: missing required key «message»",
        "pack.yaml:5:14: «measure» must be one of: answer-speed, silence, interruption",
        "pack.yaml:6:16: «max_rings» must be a number ≥ 0",
        "pack.yaml:7:20: phrase «...»: the phrase can match without any word: make a word required",
        "pack.yaml:8:5: rule «silence»: missing required key «measure»",
    ]


@pytest.mark.parametrize("meta, late", [
    ({"rings": "3"}, False), ({"rings": "4"}, True),
    ({"answer_delay": "14.5"}, False), ({"answer_delay": "16"}, True),
])
def test_answer_speed_counts_rings_or_the_delay_in_rings(tmp_path, meta, late):
    checker = engine(tmp_path, ANSWER)
    found, skipped = verdict(checker, call(("client", "Алло"), ("agent", "Добрый день"), **meta), "answer-speed")
    assert skipped == []
    assert [(f.utterance, f.message) for f in found] == (
        [(1, "Ответ позже третьего гудка (ответ после 4-го гудка)")] if late else [])


def test_answer_speed_options_change_the_limit(tmp_path):
    checker = engine(tmp_path, ANSWER + "  max_rings: 2\n  ring_seconds: 6\n")
    assert len(verdict(checker, call(("agent", "Добрый день"), answer_delay="13"), "answer-speed")[0]) == 1
    assert verdict(checker, call(("agent", "Добрый день"), answer_delay="12"), "answer-speed") == ([], [])


def test_answer_speed_without_rings_or_delay_is_skipped_with_the_reason(tmp_path):
    checker = engine(tmp_path, ANSWER)
    assert verdict(checker, call(("agent", "Добрый день")), "answer-speed") == (
        [], ["the call has neither rings nor answer_delay"])


def test_a_long_silence_points_at_the_utterance_after_it(tmp_path):
    checker = engine(tmp_path, SILENCE)
    silent = call(("agent", 0, 3, "Добрый день"), ("client", 3.5, 5, "Здравствуйте"),
                  ("agent", 17, 19, "Договор активен"))
    found, _ = verdict(checker, silent, "silence")
    assert [(f.utterance, f.start, f.message) for f in found] == [(2, 17.0, "Долгая пауза (пауза 12 с)")]


def test_a_gap_while_someone_speaks_or_after_an_announced_hold_is_no_silence(tmp_path):
    checker = engine(tmp_path, SILENCE)
    talking = call(("agent", 0, 3, "Добрый день"), ("client", 3.5, 12, "Здравствуйте"),
                   ("agent", 20, 22, "Чем помочь?"))
    assert verdict(checker, talking, "silence") == ([], [])
    hold = call(("agent", 0, 3, "Одну минуту, я уточню"), ("agent", 40, 42, "Спасибо за ожидание"))
    assert verdict(checker, hold, "silence") == ([], [])


def test_a_client_who_asks_for_time_excuses_only_the_silence_right_after(tmp_path):
    """The client's own search is not the agent leaving them waiting; a later
    silence of the agent's is."""
    checker = engine(tmp_path, SILENCE)
    searching = call(("agent", 0, 3, "Добрый день"), ("client", 3, 5, "Одну минуту, найду договор"),
                     ("client", 30, 32, "Вот, нашла"))
    assert verdict(checker, searching, "silence") == ([], [])
    later = call(("client", 0, 2, "Одну минуту, найду договор"), ("client", 20, 22, "Вот, нашла"),
                 ("agent", 23, 24, "Хорошо"), ("agent", 40, 42, "Договор активен"))
    assert [f.utterance for f in verdict(checker, later, "silence")[0]] == [3]


def test_an_interruption_is_the_agent_overlapping_the_client_too_long(tmp_path):
    checker = engine(tmp_path, INTERRUPTION)
    cut = call(("client", 0, 6, "У меня не работает интернет"), ("agent", 4.5, 8, "Назовите номер договора"))
    found, _ = verdict(checker, cut, "interruption")
    assert [(f.utterance, f.speaker, f.message) for f in found] == [
        (1, "agent", "Оператор перебил клиента (наложение 1.5 с)")]
    backchannel = call(("client", 0, 6, "У меня не работает интернет"), ("agent", 5.2, 8, "Понимаю вас"))
    assert verdict(checker, backchannel, "interruption") == ([], [])


def test_the_client_overlapping_the_agent_is_no_interruption(tmp_path):
    checker = engine(tmp_path, INTERRUPTION)
    dialogue = call(("agent", 0, 6, "Назовите номер договора"), ("client", 2, 8, "Сейчас найду"))
    assert verdict(checker, dialogue, "interruption") == ([], [])


def test_a_transcript_without_end_times_skips_silence_and_interruption(tmp_path):
    checker = engine(tmp_path, SILENCE + INTERRUPTION)
    transcript = read(tmp_path, "[00:00] Оператор: Добрый день.\n[00:30] Клиент: Здравствуйте.\n")
    reason = ["the transcript has no start and end times"]
    assert verdict(checker, transcript, "silence") == ([], reason)
    assert verdict(checker, transcript, "interruption") == ([], reason)


HOLDS = """\
- id: silence
  type: timing
  measure: silence
  message: Долгая пауза
  hold_phrases: ["(минут*|секунд*)", "сейчас (проверю|посмотрю)", "соединяю"]
  hold_unless: ["мегабит в секунду"]
"""


def test_an_announcement_anywhere_in_the_agents_last_turn_excuses_the_silence(tmp_path):
    checker = engine(tmp_path, HOLDS)
    before = call(("agent", 0, 1.5, "сейчас посмотрю ваш заказ"), ("agent", 1.8, 2.5, "секунду"),
                  ("agent", 40, 42, "спасибо за ожидание"))
    assert verdict(checker, before, "silence") == ([], [])
    reason_only = call(("agent", 0, 2, "так сейчас проверю"), ("agent", 30, 32, "договор активен"))
    assert verdict(checker, reason_only, "silence") == ([], [])
    transfer = call(("agent", 0, 3, "соединяю вас со специалистом"), ("agent", 40, 42, "слушаю вас"))
    assert verdict(checker, transfer, "silence") == ([], [])


def test_an_announced_hold_covers_every_silence_until_the_agent_speaks_again(tmp_path):
    checker = engine(tmp_path, HOLDS)
    client_asks = call(("agent", 0, 2, "секунду"), ("client", 2.5, 3, "угу"), ("client", 20, 21, "алло"),
                       ("agent", 40, 42, "да да спасибо за ожидание"))
    assert verdict(checker, client_asks, "silence") == ([], [])
    agent_again = call(("agent", 0, 2, "секунду"), ("client", 2.5, 3, "угу"), ("agent", 4, 6, "так вижу ваш заказ"),
                       ("agent", 25, 27, "он в пути"))
    found, _ = verdict(checker, agent_again, "silence")
    assert [(f.utterance, f.message) for f in found] == [(3, "Долгая пауза (пауза 19 с)")]


def test_a_hold_unless_phrase_cancels_the_hold_phrase_it_overlaps_and_no_other(tmp_path):
    checker = engine(tmp_path, HOLDS)
    speed = call(("agent", 0, 3, "скорость сто мегабит в секунду"), ("agent", 20, 22, "что скажете"))
    assert [f.utterance for f in verdict(checker, speed, "silence")[0]] == [1]
    both = call(("agent", 0, 3, "сто мегабит в секунду подключаю одну минуту"), ("agent", 20, 22, "готово"))
    assert verdict(checker, both, "silence") == ([], [])
    assert problems(tmp_path, HOLDS + '  max_seconds: 5\n') == []
    assert problems(tmp_path, HOLDS.replace('["мегабит в секунду"]', '[]')) == [
        "pack.yaml:8:18: «hold_unless» must be a phrase or a non-empty list of phrases"]
