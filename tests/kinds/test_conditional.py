"""conditional: when a trigger is heard, an answer must follow within its window."""

from __future__ import annotations

from kindcheck import call, engine, problems, read, verdict

RULE = """\
- id: empathy
  type: conditional
  message: Нет сочувствия
  trigger: {speaker: client, phrases: [безобразие]}
  expect:
    - {speaker: agent, within: {turns: 2}, phrases: ["понимаю ... (вас|ваше)"], suggest: Я понимаю вас}
"""
HOLD = """\
- id: hold
  type: conditional
  message: Удержание без причины
  trigger: {speaker: agent, phrases: ["подождите минуту"]}
  expect:
    - {same_utterance: true, phrases: ["я ...2 (уточню|проверю)"]}
    - {within: {seconds: 60}, phrases: ["спасибо ...2 ожидание"], message: Нет благодарности за ожидание}
"""


def test_valid_options_load_into_a_rule(tmp_path):
    assert problems(tmp_path, RULE + HOLD) == []


def test_invalid_options_are_reported_with_their_position(tmp_path):
    rules = """\
    - id: empathy
      type: conditional
      message: Нет сочувствия
      trigger: {speaker: bob, phrasess: [безобразие]}
      expect:
        - {phrases: [понимаю], within: {turns: -1, secs: 3}, same_utterance: 2, message: ""}
        - {within: 3}
    """
    assert problems(tmp_path, rules) == [
        "pack.yaml:6:14: «trigger»: missing required key «phrases»",
        "pack.yaml:6:24: «speaker» must be one of: agent, client, any",
        "pack.yaml:6:29: unknown key «phrasess» in «trigger» (did you mean «phrases»?)",
        "pack.yaml:8:46: «turns» must be a number ≥ 0",
        "pack.yaml:8:50: unknown key «secs» in «within» (did you mean «seconds»?)",
        "pack.yaml:8:76: «same_utterance» must be true or false",
        "pack.yaml:8:88: «message» must be non-empty text",
        "pack.yaml:9:9: «expect» item: missing required key «phrases»",
        "pack.yaml:9:18: «within» must be a mapping of keys and values",
    ]


def test_a_trigger_and_expectations_are_required(tmp_path):
    rules = """\
    - id: empathy
      type: conditional
      message: Нет сочувствия
      trigger: [безобразие]
      expect: {phrases: [понимаю]}
    """
    assert problems(tmp_path, rules) == [
        "pack.yaml:6:14: «trigger» must be a mapping of keys and values",
        "pack.yaml:7:13: «expect» must be a non-empty list",
    ]


def test_an_answer_within_the_window_passes_and_a_late_one_points_at_the_trigger(tmp_path):
    checker = engine(tmp_path, RULE)
    answered = call(("client", "Это безобразие!"), ("agent", "Номер договора?"),
                    ("agent", "Я понимаю ваше недовольство"))
    assert verdict(checker, answered, "empathy") == ([], [])
    late = call(("client", "Это безобразие!"), ("agent", "Номер договора?"), ("client", "123"),
                ("agent", "Проверяю"), ("client", "угу"), ("agent", "Я понимаю вас"))
    found, _ = verdict(checker, late, "empathy")
    assert [(f.utterance, f.speaker, f.text, f.suggestions) for f in found] == [
        (0, "client", "безобразие", ("Я понимаю вас",))]


def test_the_trigger_must_come_from_its_speaker(tmp_path):
    checker = engine(tmp_path, RULE)
    assert verdict(checker, call(("agent", "Это безобразие"), ("client", "Да")), "empathy") == ([], [])


def test_the_answer_must_come_from_its_speaker(tmp_path):
    checker = engine(tmp_path, RULE)
    client_only = call(("client", "Это безобразие!"), ("client", "Я понимаю вас, но всё же"))
    assert len(verdict(checker, client_only, "empathy")[0]) == 1


def test_no_trigger_no_violation(tmp_path):
    checker = engine(tmp_path, RULE)
    assert verdict(checker, call(("client", "Всё работает, спасибо"), ("agent", "Рада слышать")),
                   "empathy") == ([], [])


def test_each_expectation_is_checked_on_its_own_with_its_own_message(tmp_path):
    checker = engine(tmp_path, HOLD)
    no_reason = call(("agent", 0, 2, "Подождите минуту"), ("agent", 30, 32, "Спасибо за ожидание"))
    assert [f.message for f in verdict(checker, no_reason, "hold")[0]] == ["Удержание без причины"]
    no_thanks = call(("agent", 0, 2, "Подождите минуту, я проверю"), ("agent", 90, 92, "Спасибо за ожидание"))
    assert [f.message for f in verdict(checker, no_thanks, "hold")[0]] == ["Нет благодарности за ожидание"]
    good = call(("agent", 0, 2, "Подождите минуту, я уточню"), ("agent", 40, 42, "Спасибо за ожидание"))
    assert verdict(checker, good, "hold") == ([], [])


def test_a_window_in_seconds_without_timestamps_skips_the_rule_with_the_reason(tmp_path):
    checker = engine(tmp_path, HOLD)
    transcript = read(tmp_path, "Оператор: Подождите минуту, я уточню.\nОператор: Спасибо за ожидание.\n")
    assert verdict(checker, transcript, "hold") == ([], ["the transcript has no timestamps"])


PAUSED = """\
- id: hold
  type: conditional
  message: Удержание без причины
  pause: 10
  trigger:
    speaker: agent
    phrases: ["одну минуту"]
    with_pause: ["минут*", "сейчас проверю"]
    unless: ["мегабит в секунду", "сто минут"]
    cancel: ["соединяю"]
  expect:
    - {same_utterance: true, phrases: ["я ...2 (уточню|проверю)", "сейчас проверю"]}
"""


def test_pause_options_load_and_bad_ones_are_reported_with_their_position(tmp_path):
    assert problems(tmp_path, PAUSED) == []
    rules = """\
    - id: hold
      type: conditional
      message: Удержание
      pause: десять
      trigger: {phrases: [одну минуту], with_pause: [], cancel: "..."}
      expect: [{phrases: [уточню]}]
    """
    assert problems(tmp_path, rules) == [
        "pack.yaml:6:12: «pause» must be a number ≥ 0",
        "pack.yaml:7:51: «with_pause» must be a phrase or a non-empty list of phrases",
        "pack.yaml:7:63: phrase «...»: the phrase can match without any word: make a word required",
    ]


def test_a_pause_after_the_triggers_turn_confirms_it_and_none_cancels_it(tmp_path):
    checker = engine(tmp_path, PAUSED)
    held = call(("agent", 0, 2, "одну минуту"), ("agent", 30, 32, "спасибо за ожидание"))
    found, _ = verdict(checker, held, "hold")
    assert [(f.utterance, f.text) for f in found] == [(0, "одну минуту")]
    goes_on = call(("agent", 0, 2, "одну минуту"), ("client", 2.5, 4, "да"), ("agent", 5, 7, "какой у вас адрес"))
    assert verdict(checker, goes_on, "hold") == ([], [])


def test_the_pause_ends_at_the_speakers_next_words_and_is_measured_from_their_turns_end(tmp_path):
    checker = engine(tmp_path, PAUSED)
    # 9.9 s from the end of the turn (its second segment) to the agent's next words: no hold
    short = call(("agent", 0, 1, "одну"), ("agent", 1.2, 2, "минуту"), ("agent", 11.9, 13, "вижу ваш договор"))
    assert verdict(checker, short, "hold") == ([], [])
    exact = call(("agent", 0, 1, "одну"), ("agent", 1.2, 2, "минуту"), ("agent", 12, 13, "вижу ваш договор"))
    assert [f.text for f in verdict(checker, exact, "hold")[0]] == ["одну минуту"]


def test_the_other_sides_words_do_not_end_the_pause_nor_count_toward_it(tmp_path):
    checker = engine(tmp_path, PAUSED)
    backchannel = call(("agent", 0, 2, "одну минуту"), ("client", 2.5, 3, "угу"), ("client", 8, 8.5, "жду"),
                       ("agent", 13, 15, "вижу ваш договор"))  # 11 s, 1 s of it the client's
    assert [f.text for f in verdict(checker, backchannel, "hold")[0]] == ["одну минуту"]
    talked = call(("agent", 0, 2, "одну минуту"), ("client", 2.5, 12, "а ещё у меня телевизор не показывает"),
                  ("agent", 13, 15, "понятно"))  # 11 s without the agent, only 1.5 s of them quiet
    assert verdict(checker, talked, "hold") == ([], [])
    overlapping = call(("agent", 0, 2, "одну минуту"), ("client", 1, 6, "да конечно я подожду"),
                       ("client", 5, 9, "только побыстрее"), ("agent", 12, 13, "вижу"))  # quiet 3 s
    assert verdict(checker, overlapping, "hold") == ([], [])


def test_a_pause_runs_to_the_end_of_the_call_when_the_speaker_never_comes_back(tmp_path):
    checker = engine(tmp_path, PAUSED)
    hung_up = call(("agent", 0, 2, "одну минуту"), ("client", 30, 31, "алло"))
    assert [f.text for f in verdict(checker, hung_up, "hold")[0]] == ["одну минуту"]
    last_words = call(("client", 0, 2, "спасибо"), ("agent", 2.5, 4, "одну минуту"))
    assert verdict(checker, last_words, "hold") == ([], [])


def test_with_pause_phrases_are_triggers_only_before_a_pause(tmp_path):
    checker = engine(tmp_path, PAUSED)
    paused = call(("agent", 0, 2, "сейчас проверю"), ("agent", 30, 32, "договор активен"),
                  ("agent", 60, 62, "у вас осталось двести минут"), ("client", 80, 82, "понятно"))
    # «сейчас проверю» is its own reason; «минут» is followed by 18 s of the agent's silence
    assert [f.text for f in verdict(checker, paused, "hold")[0]] == ["минут"]
    talking = call(("agent", 0, 2, "у вас осталось двести минут"), ("client", 2.5, 4, "понятно"),
                   ("agent", 4.5, 6, "что-нибудь ещё"))
    assert verdict(checker, talking, "hold") == ([], [])


def test_without_timestamps_every_phrases_trigger_counts_and_no_with_pause_one(tmp_path):
    checker = engine(tmp_path, PAUSED)
    transcript = read(tmp_path, "Оператор: Одну минуту.\nКлиент: Хорошо.\nОператор: Осталось двести минут.\n")
    assert [f.text for f in verdict(checker, transcript, "hold")[0]] == ["Одну минуту"]


def test_start_times_alone_tell_the_pause(tmp_path):
    checker = engine(tmp_path, PAUSED)
    held = read(tmp_path, "[00:00] Оператор: Одну минуту.\n[00:40] Оператор: Договор активен.\n")
    assert [f.text for f in verdict(checker, held, "hold")[0]] == ["Одну минуту"]
    talking = read(tmp_path, "[00:00] Оператор: Одну минуту.\n[00:05] Оператор: Какой у вас адрес?\n")
    assert verdict(checker, talking, "hold") == ([], [])


def test_a_cancel_phrase_anywhere_in_the_turn_cancels_its_triggers(tmp_path):
    checker = engine(tmp_path, PAUSED)
    transfer = call(("agent", 0, 1, "одну минуту"), ("agent", 1.5, 3, "соединяю со специалистом"),
                    ("agent", 40, 42, "слушаю вас"))
    assert verdict(checker, transfer, "hold") == ([], [])
    untimed = read(tmp_path, "Оператор: Соединяю со специалистом, одну минуту.\n")
    assert verdict(checker, untimed, "hold") == ([], [])


def test_an_unless_phrase_cancels_the_triggers_it_overlaps_and_no_other(tmp_path):
    checker = engine(tmp_path, PAUSED)
    speed = call(("agent", 0, 3, "скорость сто мегабит в секунду"), ("agent", 30, 32, "что скажете"))
    assert verdict(checker, speed, "hold") == ([], [])
    both = call(("agent", 0, 3, "у вас осталось сто минут одну минуту"), ("agent", 30, 32, "договор активен"))
    assert [f.text for f in verdict(checker, both, "hold")[0]] == ["одну минуту"]


def test_a_phrases_trigger_is_pointed_at_before_a_with_pause_one(tmp_path):
    checker = engine(tmp_path, PAUSED)
    both = call(("agent", 0, 3, "сейчас проверю одну минуту"), ("agent", 30, 32, "договор активен"))
    assert verdict(checker, both, "hold") == ([], [])  # the reason is given in the turn, before the trigger
    no_reason = call(("agent", 0, 3, "пару минут и одну минуту"), ("agent", 30, 32, "договор активен"))
    assert [f.text for f in verdict(checker, no_reason, "hold")[0]] == ["одну минуту"]


def test_the_pause_is_ten_seconds_where_with_pause_phrases_are_given_and_none_is_set(tmp_path):
    checker = engine(tmp_path, PAUSED.replace("  pause: 10\n", ""))
    nine = call(("agent", 0, 2, "пару минут"), ("agent", 11, 12, "договор активен"))
    assert verdict(checker, nine, "hold") == ([], [])
    ten = call(("agent", 0, 2, "пару минут"), ("agent", 12, 13, "договор активен"))
    assert [f.text for f in verdict(checker, ten, "hold")[0]] == ["минут"]
    assert verdict(checker, call(("agent", 0, 2, "одну минуту"), ("agent", 3, 4, "да")), "hold") == ([], [])


def test_without_a_pause_or_with_pause_phrases_every_trigger_counts(tmp_path):
    checker = engine(tmp_path, PAUSED.replace("  pause: 10\n", "").replace(
        '    with_pause: ["минут*", "сейчас проверю"]\n', ""))
    assert len(verdict(checker, call(("agent", 0, 2, "одну минуту"), ("agent", 3, 4, "да")), "hold")[0]) == 1


WEIGHED = """\
- id: complaint
  type: conditional
  message: Нет сочувствия
  trigger:
    speaker: client
    threshold: 2
    phrases:
      - {phrase: безобразие, weight: 2}
      - {phrase: "(опять|снова)", weight: 1}
      - {phrase: не работает, weight: 1}
  expect:
    - {speaker: agent, within: {turns: 2}, phrases: ["понимаю ... (вас|ваше)"]}
"""


def test_a_weighed_trigger_needs_its_phrases_to_add_up_to_the_threshold(tmp_path):
    checker = engine(tmp_path, WEIGHED)
    unanswered = lambda text: call(("client", text), ("agent", "номер договора"))  # noqa: E731
    assert len(verdict(checker, unanswered("это безобразие"), "complaint")[0]) == 1  # one strong cue
    assert len(verdict(checker, unanswered("опять интернет не работает"), "complaint")[0]) == 1  # two weak
    assert verdict(checker, unanswered("интернет не работает"), "complaint") == ([], [])  # one weak: a fault
    # a phrase heard twice counts once
    assert verdict(checker, unanswered("не работает и телевизор не работает"), "complaint") == ([], [])
    found, _ = verdict(checker, unanswered("снова у нас не работает"), "complaint")
    assert [(f.text, f.speaker) for f in found] == [("снова", "client")]  # it points at the first cue


def test_weights_and_threshold_are_numbers(tmp_path):
    rules = WEIGHED.replace("threshold: 2", "threshold: много").replace("weight: 2", "weight: -2")
    assert problems(tmp_path, rules) == [
        "pack.yaml:8:18: «threshold» must be a number ≥ 0",
        "pack.yaml:10:40: «weight» must be a number ≥ 0",
    ]
