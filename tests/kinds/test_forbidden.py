"""forbidden: the speaker must not say the phrases; `unless` excuses a context."""

from __future__ import annotations

from kindcheck import call, engine, problems, read, texts, verdict

from phrasecheck.model import Severity

RULE = """\
- id: slang
  type: forbidden
  message: Без жаргона
  phrases:
    - phrase: минуточ*
      suggest: одну минуту
      severity: error
      fix: минута
    - короче
  unless: ["ни минуточки"]
  suggest: Скажите иначе
"""


def test_valid_options_load_into_a_rule(tmp_path):
    assert problems(tmp_path, RULE) == []


def test_invalid_options_are_reported_with_their_position(tmp_path):
    rules = """\
    - id: slang
      type: forbidden
      message: Без жаргона
      phrases: []
      unless: "(ни"
      unles: [а]
    """
    assert problems(tmp_path, rules) == [
        "pack.yaml:6:14: «phrases» must be a phrase or a non-empty list of phrases",
        "pack.yaml:7:13: phrase «(ни»: «(» is never closed with «)»",
        "pack.yaml:8:5: unknown key «unles» in rule «slang» (did you mean «unless»?)",
    ]


def test_a_phrase_item_is_checked_key_by_key(tmp_path):
    rules = """\
    - id: slang
      type: forbidden
      message: Без жаргона
      phrases:
        - {phrase: короче, severity: fatal}
        - {phrase: ""}
        - {phrase: типа, sugest: так}
    """
    assert problems(tmp_path, rules) == [
        "pack.yaml:7:36: «severity» must be one of: info, warning, error",
        "pack.yaml:8:18: empty phrase: a phrase must have at least one word",
        "pack.yaml:9:24: unknown key «sugest» in phrase (did you mean «suggest»?)",
    ]


def test_a_missing_phrases_key_is_reported_at_the_rule(tmp_path):
    rules = """\
    - id: slang
      type: forbidden
      message: Без жаргона
    """
    assert problems(tmp_path, rules) == ["pack.yaml:3:5: rule «slang»: missing required key «phrases»"]


def test_every_match_is_a_finding_with_its_items_own_suggestion_and_severity(tmp_path):
    checker = engine(tmp_path, RULE)
    found, skipped = verdict(checker, call(("agent", "Короче, подождите минуточку")), "slang")
    assert skipped == []
    assert [(f.text, f.column, f.suggestions, f.severity, f.fix) for f in found] == [
        ("Короче", 1, ("Скажите иначе",), Severity.WARNING, None),
        ("минуточку", 19, ("одну минуту",), Severity.ERROR, "минута"),
    ]


def test_inflected_forms_match_and_clean_speech_passes(tmp_path):
    checker = engine(tmp_path, RULE)
    assert texts(checker, call(("agent", "Одну минуточкой позже")), "slang") == ["минуточкой"]
    assert texts(checker, call(("agent", "Одну минуту, пожалуйста")), "slang") == []


def test_the_client_saying_it_is_not_the_agents_violation(tmp_path):
    checker = engine(tmp_path, RULE)
    dialogue = call(("client", "Короче, подождите минуточку"), ("agent", "Конечно, жду"))
    assert texts(checker, dialogue, "slang") == []


def test_an_unless_context_cancels_the_match_it_overlaps(tmp_path):
    checker = engine(tmp_path, RULE)
    assert texts(checker, call(("agent", "У меня нет ни минуточки")), "slang") == []
    assert texts(checker, call(("agent", "Ни минуточки, подождите минуточку")), "slang") == ["минуточку"]


def test_a_word_inside_another_word_is_no_match(tmp_path):
    checker = engine(tmp_path, RULE)
    assert texts(checker, call(("agent", "Это укороченный тариф")), "slang") == []


def test_a_transcript_read_from_a_file_points_at_the_line_and_column(tmp_path):
    checker = engine(tmp_path, RULE)
    transcript = read(tmp_path, """\
        Клиент: Короче, у меня вопрос.
        Оператор: Да, минуточку.
        """)
    found, _ = verdict(checker, transcript, "slang")
    assert [(f.line, f.column, f.speaker, f.text) for f in found] == [(2, 15, "agent", "минуточку")]


def test_a_client_rule_looks_at_the_client_only(tmp_path):
    checker = engine(tmp_path, RULE + "  speaker: client\n")
    dialogue = call(("agent", "Короче, так"), ("client", "Короче, нет"))
    found, _ = verdict(checker, dialogue, "slang")
    assert [(f.utterance, f.speaker) for f in found] == [(1, "client")]
