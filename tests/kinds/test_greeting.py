"""greeting: the greeting fits the local time at which it is said."""

from __future__ import annotations

import pytest
from kindcheck import call, engine, problems, read, verdict

RULE = """\
- id: greeting-time
  type: greeting
  scope: opening
  message: Приветствие не по времени
  schedule:
    - {from: "00:00", until: "12:00", phrases: [доброе утро], suggest: Доброе утро}
    - {from: "12:00", until: "16:00", phrases: [добрый день], suggest: Добрый день}
    - {from: "16:00", until: "24:00", phrases: [добрый вечер], suggest: Добрый вечер}
  neutral: [здравствуйте]
"""


def test_valid_options_load_into_a_rule(tmp_path):
    assert problems(tmp_path, RULE + "  allow_neutral: true\n") == []


def test_invalid_options_are_reported_with_their_position(tmp_path):
    rules = """\
    - id: greeting-time
      type: greeting
      message: Приветствие не по времени
      schedule:
        - {from: 12:00, until: "25:00", phrases: [добрый день]}
        - {from: "9:5", phrases: []}
        - утро
      allow_neutral: 1
    """
    assert problems(tmp_path, rules) == [
        "pack.yaml:7:30: «until» must be a time of day like \"12:00\" (in quotes)",
        "pack.yaml:8:9: «schedule» item: missing required key «until»",
        "pack.yaml:8:16: «from» must be a time of day like \"12:00\" (in quotes)",
        "pack.yaml:8:32: «phrases» must be a phrase or a non-empty list of phrases",
        "pack.yaml:9:9: «schedule» item must be a mapping of keys and values",
        "pack.yaml:10:20: «allow_neutral» must be true or false",
    ]


def test_an_empty_schedule_is_reported(tmp_path):
    rules = """\
    - id: greeting-time
      type: greeting
      message: Приветствие не по времени
      schedule: []
    """
    assert problems(tmp_path, rules) == ["pack.yaml:6:15: «schedule» must be a non-empty list"]


@pytest.mark.parametrize("clock, said, suggested", [
    ("11:59", "Доброе утро", None),
    ("11:59", "Добрый день", "Доброе утро"),
    ("12:00", "Добрый день", None),
    ("15:59", "Добрый вечер", "Добрый день"),
    ("16:00", "Добрый вечер", None),
    ("23:59", "Доброе утро", "Добрый вечер"),
])
def test_the_greeting_fits_the_hour(tmp_path, clock, said, suggested):
    checker = engine(tmp_path, RULE)
    found, skipped = verdict(checker, call(("agent", f"{said}, компания ТОМТЕЛ"),
                                           started_at=f"2026-05-16T{clock}:00+03:00"), "greeting-time")
    assert skipped == []
    if suggested is None:
        assert found == []
    else:
        assert [(f.text, f.suggestions, f.message) for f in found] == [
            (said, (suggested,), f"Приветствие не по времени (в {clock} уместно: «{suggested}»)")]


def test_the_moment_is_the_call_start_plus_the_utterance_start(tmp_path):
    checker = engine(tmp_path, RULE)
    late = call(("agent", 15.0, 17.0, "Доброе утро"), started_at="2026-05-16T11:59:50+03:00")
    assert [f.suggestions for f in verdict(checker, late, "greeting-time")[0]] == [("Добрый день",)]


def test_a_neutral_greeting_only_where_allowed(tmp_path):
    hello = call(("agent", "Здравствуйте!"), started_at="2026-05-16T10:00:00+03:00")
    found, _ = verdict(engine(tmp_path, RULE), hello, "greeting-time")
    assert [(f.text, f.suggestions) for f in found] == [("Здравствуйте", ("Доброе утро",))]
    assert verdict(engine(tmp_path, RULE + "  allow_neutral: true\n"), hello, "greeting-time") == ([], [])


def test_the_clients_greeting_is_not_judged(tmp_path):
    checker = engine(tmp_path, RULE)
    dialogue = call(("client", "Добрый вечер"), ("agent", "Доброе утро"), started_at="2026-05-16T09:00:00+03:00")
    assert verdict(checker, dialogue, "greeting-time") == ([], [])


def test_without_a_greeting_there_is_nothing_to_judge(tmp_path):
    checker = engine(tmp_path, RULE)
    assert verdict(checker, call(("agent", "Слушаю вас")), "greeting-time") == ([], [])


def test_a_greeting_without_the_call_time_is_skipped_with_the_reason(tmp_path):
    checker = engine(tmp_path, RULE)
    assert verdict(checker, call(("agent", "Добрый день")), "greeting-time") == (
        [], ["the call's start time (started_at) is unknown"])


def test_a_transcript_header_gives_the_call_time(tmp_path):
    checker = engine(tmp_path, RULE)
    transcript = read(tmp_path, """\
        # started_at: 2026-05-16T18:30:00+03:00
        Оператор: Добрый день, компания ТОМТЕЛ.
        """)
    found, _ = verdict(checker, transcript, "greeting-time")
    assert [(f.line, f.column, f.text, f.suggestions) for f in found] == [(2, 11, "Добрый день", ("Добрый вечер",))]
