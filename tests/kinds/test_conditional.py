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
