"""required: one of the phrases must be said in the scope; placeholders need the call's data."""

from __future__ import annotations

import pytest
from kindcheck import call, engine, problems, read, verdict

RULE = """\
- id: introduce-self
  type: required
  severity: error
  scope: {opening: {utterances: 2}}
  message: Оператор не представился
  phrases: ["(меня зовут|с вами говорит) {agent}"]
  fallback: [меня зовут, с вами говорит]
"""
CLOSING = """\
- id: closing-thanks
  type: required
  scope: closing
  message: Оператор не поблагодарил за звонок
  phrases: ["спасибо ...2 (звонок|обращение)"]
"""


def test_valid_options_load_into_a_rule(tmp_path):
    assert problems(tmp_path, RULE + CLOSING) == []


def test_invalid_options_are_reported_with_their_position(tmp_path):
    rules = """\
    - id: introduce-self
      type: required
      message: Оператор не представился
      phrases: ["меня зовут {agnt}"]
      fallback: {a: 1}
      scope: nowhere
    """
    assert problems(tmp_path, rules) == [
        "pack.yaml:6:26: phrase «меня зовут {agnt}»: unknown placeholder «{agnt}»; known: "
        "{agent}, {client}, {company}",
        "pack.yaml:7:15: «fallback» must be a phrase or a non-empty list of phrases",
        "pack.yaml:8:12: «scope» must be one of: call, opening, closing, first-utterance, last-utterance",
    ]


def test_a_missing_phrase_points_at_the_first_utterance_of_the_opening(tmp_path):
    checker = engine(tmp_path, RULE)
    dialogue = call(("client", "Алло"), ("agent", "Добрый день"), ("agent", "Слушаю вас"), agent="Анна")
    found, skipped = verdict(checker, dialogue, "introduce-self")
    assert skipped == []
    assert [(f.utterance, f.text, f.message) for f in found] == [(1, "", "Оператор не представился")]


def test_the_agents_own_name_in_any_case_form_passes(tmp_path):
    checker = engine(tmp_path, RULE)
    for said in ("Добрый день, меня зовут Анна", "С вами говорит Анна Сергеевна"):
        assert verdict(checker, call(("agent", said), agent="Анна"), "introduce-self") == ([], [])
    found, _ = verdict(checker, call(("agent", "Меня зовут Ольга"), agent="Анна"), "introduce-self")
    assert len(found) == 1


def test_said_after_the_scope_is_too_late(tmp_path):
    checker = engine(tmp_path, RULE)
    late = call(("agent", "Добрый день"), ("client", "Да"), ("agent", "Слушаю"), ("client", "Алло"),
                ("agent", "Меня зовут Анна"), agent="Анна")
    assert len(verdict(checker, late, "introduce-self")[0]) == 1


def test_the_client_saying_it_does_not_count_for_the_agent(tmp_path):
    checker = engine(tmp_path, RULE)
    dialogue = call(("client", "Меня зовут Анна"), ("agent", "Добрый день"), agent="Анна")
    assert len(verdict(checker, dialogue, "introduce-self")[0]) == 1


def test_without_the_agents_name_the_fallback_phrases_are_used(tmp_path):
    checker = engine(tmp_path, RULE)
    assert verdict(checker, call(("agent", "Добрый день, меня зовут Анна")), "introduce-self") == ([], [])
    assert len(verdict(checker, call(("agent", "Добрый день")), "introduce-self")[0]) == 1


def test_without_a_fallback_an_unknown_name_skips_the_rule_and_says_why(tmp_path):
    checker = engine(tmp_path, RULE.replace("  fallback: [меня зовут, с вами говорит]\n", ""))
    assert verdict(checker, call(("agent", "Добрый день")), "introduce-self") == (
        [], ["unknown agent (add it to the call or the config)"])


def test_a_closing_points_at_the_last_utterance_read_from_a_transcript(tmp_path):
    checker = engine(tmp_path, CLOSING)
    transcript = read(tmp_path, """\
        Оператор: Добрый день!
        Клиент: Спасибо за звонок, до свидания.
        Оператор: Всего доброго.
        """)
    found, _ = verdict(checker, transcript, "closing-thanks")
    assert [(f.line, f.column, f.speaker) for f in found] == [(3, 11, "agent")]
    thanked = read(tmp_path, "Оператор: Спасибо за обращение, всего доброго.\n")
    assert verdict(checker, thanked, "closing-thanks") == ([], [])


PARTS = """\
- id: closing-thanks
  type: required
  scope: {closing: {turns: 2}}
  message: Оператор завершил разговор не по стандарту
  suggest: Спасибо, что позвонили! Хорошего дня!
  parts:
    - phrases: ["спасибо ...3 (звонок|обращение|позвонили)"]
      message: Оператор не поблагодарил за обращение
      suggest: Спасибо, что позвонили!
    - phrases: ["(=хорошего|=приятного) (=дня|=вечера)", "всего доброго"]
"""


def test_each_missing_part_is_a_violation_of_its_own_with_its_message_and_suggestion(tmp_path):
    checker = engine(tmp_path, PARTS)
    nothing = call(("agent", "добрый день"), ("client", "спасибо"), ("agent", "ну ладно пока"))
    found, skipped = verdict(checker, nothing, "closing-thanks")
    assert skipped == []
    assert [(f.utterance, f.message, f.suggestions) for f in found] == [
        (2, "Оператор не поблагодарил за обращение", ("Спасибо, что позвонили!",)),
        (2, "Оператор завершил разговор не по стандарту", ("Спасибо, что позвонили! Хорошего дня!",)),  # defaults
    ]
    farewell = call(("agent", "добрый день"), ("client", "спасибо"), ("agent", "спасибо за обращение до свидания"))
    assert [f.message for f in verdict(checker, farewell, "closing-thanks")[0]] == [
        "Оператор завершил разговор не по стандарту"]  # thanked, but «до свидания» wishes nothing
    whole = call(("agent", "спасибо что позвонили"), ("client", "и вам"), ("agent", "хорошего вечера"))
    assert verdict(checker, whole, "closing-thanks") == ([], [])


def test_a_part_with_an_unknown_name_uses_its_fallback_or_skips_the_rule(tmp_path):
    rules = """\
    - id: named-closing
      type: required
      scope: closing
      message: Нет обращения по имени и благодарности
      parts:
        - phrases: ["{client}"]
          fallback: [уважаемый клиент]
        - phrases: ["спасибо ...3 (звонок|обращение)"]
    """
    checker = engine(tmp_path, rules)
    said = "Марина Альбертовна, спасибо за звонок"
    assert verdict(checker, call(("agent", said), client="Марина Альбертовна"), "named-closing") == ([], [])
    assert len(verdict(checker, call(("agent", said)), "named-closing")[0]) == 1  # the fallback is not said
    assert verdict(checker, call(("agent", "уважаемый клиент спасибо за звонок")), "named-closing") == ([], [])
    without = engine(tmp_path, rules.replace("          fallback: [уважаемый клиент]\n", ""))
    assert verdict(without, call(("agent", "спасибо за звонок")), "named-closing") == (
        [], ["unknown client (add it to the call or the config)"])


def test_parts_are_validated_with_their_positions(tmp_path):
    rules = """\
    - id: closing-thanks
      type: required
      message: Нет благодарности
      phrases: [спасибо]
      parts:
        - phrases: ["(спасибо"]
          mesage: Нет благодарности
        - message: Нет пожелания
    - id: no-phrases
      type: required
      message: Ничего
    - id: fallback-and-parts
      type: required
      message: Ничего
      fallback: [спасибо]
      parts: []
    """
    assert problems(tmp_path, rules) == [
        "pack.yaml:6:5: rule «closing-thanks»: «phrases» and «parts» cannot both be given",
        "pack.yaml:8:19: phrase «(спасибо»: «(» is never closed with «)»",
        "pack.yaml:9:9: unknown key «mesage» in «parts» item (did you mean «message»?)",
        "pack.yaml:10:9: «parts» item: missing required key «phrases»",
        "pack.yaml:11:5: rule «no-phrases»: missing required key «phrases» (or «parts»)",
        "pack.yaml:17:5: rule «fallback-and-parts»: «fallback» and «parts» cannot both be given",
        "pack.yaml:18:12: «parts» must be a non-empty list",
    ]


COMPANY = """\
- id: company-name
  type: required
  scope: {opening: {turns: 2}}
  message: Оператор не назвал компанию
  phrases: ["{company}"]
"""


@pytest.mark.parametrize("said", [
    "добрый день компания томтел",
    "добрый день компания том тел",  # speech recognition split the brand
    "добрый день компания томтэл",  # е / э
    "добрый день компания tomtel",  # written in Latin letters
    "добрый день компания ТОМТЕЛ",
])
def test_the_company_as_speech_recognition_spells_it(tmp_path, said):
    checker = engine(tmp_path, COMPANY)
    assert verdict(checker, call(("agent", said), company="ТОМТЕЛ"), "company-name") == ([], [])


@pytest.mark.parametrize("said", [
    "добрый день компания ромашка",  # another company
    "добрый день мотель слушаю",  # letters of the name, not the name
    "добрый день компания том",  # half of it
    "добрый день томский телеком",
])
def test_other_words_are_not_the_company(tmp_path, said):
    checker = engine(tmp_path, COMPANY)
    assert len(verdict(checker, call(("agent", said), company="ТОМТЕЛ"), "company-name")[0]) == 1


def test_a_latin_company_name_is_heard_in_cyrillic_and_a_doubled_letter_once(tmp_path):
    checker = engine(tmp_path, COMPANY)
    assert verdict(checker, call(("agent", "компания томтэл"), company="Tomtel"), "company-name") == ([], [])
    assert verdict(checker, call(("agent", "магазин алегро"), company="Аллегро"), "company-name") == ([], [])


def test_aliases_count_whole_and_an_abbreviation_said_letter_by_letter(tmp_path):
    checker = engine(tmp_path, COMPANY)
    aliases = "ТТ, отдел доставки"
    for said in ("добрый день отдел доставки", "добрый день тэ тэ слушаю", "добрый день тэтэ", "добрый день тт"):
        assert verdict(checker, call(("agent", said), company="ТОМТЕЛ", company_aliases=aliases),
                       "company-name") == ([], []), said
    for said in ("добрый день отдел слушаю", "добрый день доставка"):  # a part of an alias is not the alias
        assert len(verdict(checker, call(("agent", said), company="ТОМТЕЛ", company_aliases=aliases),
                           "company-name")[0]) == 1, said
