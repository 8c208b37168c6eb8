"""address-by-name through the CLI when the client's name comes from the call
itself, is on record with initials, or is said in its everyday form."""

from __future__ import annotations

import json

from conftest import write


def call(call_id: str, lines: list[tuple[str, str]], **meta) -> dict:
    return {"call_id": call_id, "agent": "Анна", "company": "ТОМТЕЛ", **meta,
            "utterances": [{"speaker": who, "start": 2.0 * i, "end": 2.0 * i + 1.5, "text": text}
                           for i, (who, text) in enumerate(lines)]}


def judged(cli, tmp_path, *calls) -> tuple[list[str], dict]:
    """The calls address-by-name reports, and its skips by call."""
    write(tmp_path / "calls.jsonl", "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in calls))
    result = cli("check", "calls.jsonl", "--select", "address-by-name", "--format", "jsonl")
    assert result.code in (0, 1), result.err
    records = [json.loads(line) for line in result.out.splitlines()]
    reported = [r["call_id"] for r in records if r["record"] == "violation"]
    skipped = {r["call_id"]: [s["reason"] for s in r["skipped"]] for r in records
               if r["record"] == "call" and r["skipped"]}
    return reported, skipped


def test_a_name_the_client_gives_is_the_name_the_agent_must_use(cli, tmp_path):
    reported, skipped = judged(
        cli, tmp_path,
        call("introduced-unused", [("agent", "добрый день томтел анна"),
                                   ("client", "здравствуйте меня зовут ирина у меня не работает интернет"),
                                   ("agent", "сейчас проверю"), ("agent", "всего доброго")]),
        call("introduced-used", [("agent", "добрый день томтел анна"),
                                 ("client", "здравствуйте меня ирина зовут"),
                                 ("agent", "ирина сейчас проверю")]),
        call("answered-unused", [("agent", "кто говорит"), ("client", "смирнова ольга"),
                                 ("agent", "номер заказа")]),
        call("answered-used", [("agent", "как к вам обращаться"), ("client", "ольга петровна"),
                               ("agent", "ольга петровна подскажите номер заказа")]),
        call("never-said", [("agent", "добрый день томтел анна"), ("client", "здравствуйте у меня вопрос"),
                            ("agent", "слушаю")]))
    assert reported == ["introduced-unused", "answered-unused"]
    assert skipped == {"never-said": ["unknown client (add it to the call or the config)"]}


def test_the_metadata_wins_over_a_name_said(cli, tmp_path):
    reported, _ = judged(cli, tmp_path,
                         call("on-record", [("client", "меня зовут ирина"), ("agent", "ирина слушаю вас")],
                              client="Марина Альбертовна"))
    assert reported == ["on-record"]


def test_an_everyday_form_of_the_name_counts_and_an_initial_does_not(cli, tmp_path):
    reported, _ = judged(
        cli, tmp_path,
        call("short-said", [("client", "стас"), ("agent", "станислав подскажите время поездки")]),
        call("short-on-record", [("agent", "саша добрый день")], client="Александра Петровна"),
        call("initials", [("agent", "добрый день и вам спасибо в течение часа")], client="Ковалёва И. В."),
        call("surname", [("agent", "госпожа ковалёва добрый день")], client="Ковалёва И. В."))
    assert reported == ["initials"]


def test_a_names_section_without_a_name_token_is_a_located_error(cli, tmp_path):
    write(tmp_path / "pack.yaml", "pack: {name: mine}\nnames:\n  client:\n    speaker: client\n"
                                  "    phrases: [меня зовут]\nrules:\n  - {id: x, type: forbidden, "
                                  "message: m, phrases: [алло]}\n")
    result = cli("rules", "validate", "pack.yaml")
    assert result.code == 1  # `rules validate` found problems
    assert result.out.startswith("pack.yaml:5:15: phrase «меня зовут» must hold a <Name> token and no placeholder\n")


def test_a_surname_with_initials_on_record_is_completed_by_the_first_name_said(cli, tmp_path):
    reported, _ = judged(
        cli, tmp_path,
        call("said-used", [("agent", "добрый вечер корзинка артём"),
                           ("client", "здравствуйте это маргарита у меня заказ на завтра"),
                           ("agent", "маргарита слушаю вас")], client="Семёнова М."),
        call("said-unused", [("agent", "добрый вечер корзинка артём"),
                             ("client", "здравствуйте это маргарита у меня заказ на завтра"),
                             ("agent", "слушаю вас")], client="Семёнова М."),
        call("surname-used", [("client", "здравствуйте это маргарита"), ("agent", "госпожа семёнова слушаю")],
             client="Семёнова М."))
    assert reported == ["said-unused"]
