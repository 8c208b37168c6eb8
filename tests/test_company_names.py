"""company-name through the CLI: the company's aliases and departments from the
config, and the company's name as speech recognition writes it."""

from __future__ import annotations

import json

from conftest import write


def opening(call_id: str, said: str, **meta) -> dict:
    return {"call_id": call_id, "agent": "Анна", **meta,
            "utterances": [{"speaker": "agent", "start": 0.4, "end": 3.8, "text": said},
                           {"speaker": "client", "start": 4.0, "end": 5.0, "text": "да здравствуйте"}]}


def missed(cli, tmp_path, *calls) -> list[str]:
    """The calls company-name reports, checked with the folder's config."""
    write(tmp_path / "calls.jsonl", "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in calls))
    result = cli("check", "calls.jsonl", "--select", "company-name", "--format", "jsonl")
    assert "Traceback" not in result.err, result.err
    records = [json.loads(line) for line in result.out.splitlines()]
    assert records[-1]["record"] == "summary"
    assert records[-1]["skipped"] == {}  # every call was judged
    return [r["call_id"] for r in records if r["record"] == "violation"]


def test_aliases_and_departments_from_the_config_count(cli, tmp_path):
    write(tmp_path / "phrasecheck.yaml", "company: ТОМТЕЛ\ncompany_aliases: [ТТ, техподдержка, отдел доставки]\n")
    assert missed(cli, tmp_path,
                  opening("alias", "добрый день техподдержка меня зовут анна"),
                  opening("department", "добрый день отдел доставки анна слушаю"),
                  opening("abbreviation", "добрый день тэ тэ меня зовут анна"),
                  opening("own-name", "добрый день компания томтел меня зовут анна"),
                  opening("half-a-department", "добрый день отдел анна слушаю"),
                  opening("another", "добрый день компания ромашка меня зовут анна"),
                  opening("none", "добрый день меня зовут анна")) == ["half-a-department", "another", "none"]


def test_aliases_per_company_apply_to_that_company_only(cli, tmp_path):
    write(tmp_path / "phrasecheck.yaml",
          "company_aliases:\n  ТОМТЕЛ: [техподдержка]\n  Ромашка: [цветочный магазин]\n")
    assert missed(cli, tmp_path,
                  opening("tomtel", "добрый день техподдержка анна", company="Томтел"),
                  opening("romashka", "добрый день цветочный магазин анна", company="РОМАШКА"),
                  opening("borrowed", "добрый день техподдержка анна", company="Ромашка")) == ["borrowed"]


def test_the_company_name_as_speech_recognition_writes_it(cli, tmp_path):
    write(tmp_path / "phrasecheck.yaml", "company: ТОМТЕЛ\n")
    assert missed(cli, tmp_path,
                  opening("split", "добрый день компания том тел меня зовут анна"),
                  opening("e", "добрый день компания томтэл меня зовут анна"),
                  opening("latin", "добрый день компания tomtel меня зовут анна"),
                  opening("close-but-not", "добрый день компания мотель меня зовут анна"),
                  opening("part", "добрый день компания том меня зовут анна")) == ["close-but-not", "part"]


def test_a_transcript_may_name_its_aliases_in_a_header(cli, tmp_path):
    write(tmp_path / "c.txt", "# company: ТОМТЕЛ\n# company_aliases: ТТ, отдел доставки\n"
                              "[00:00] Оператор: добрый день отдел доставки меня зовут анна\n")
    assert [v for v in cli("check", "c.txt", "--format", "json").json()["violations"]
            if v["rule"] == "company-name"] == []


def test_malformed_aliases_are_a_config_error_or_a_note(cli, tmp_path):
    write(tmp_path / "phrasecheck.yaml", "company_aliases: ТТ\n")
    write(tmp_path / "c.txt", "# company: ТОМТЕЛ\nОператор: Добрый день, компания ТОМТЕЛ.\n")
    result = cli("check", "c.txt")
    assert result.code == 2
    assert result.err == (f"{tmp_path / 'phrasecheck.yaml'}:1:18: «company_aliases» must be a list of names, "
                          f"or map each company to its list, e.g. {{ТОМТЕЛ: [ТТ, техподдержка]}}\n")
    (tmp_path / "phrasecheck.yaml").unlink()
    write(tmp_path / "c.json", json.dumps(opening("odd", "добрый день компания томтел", company="ТОМТЕЛ",
                                                  company_aliases=[1, 2]), ensure_ascii=False))
    report = cli("check", "c.json", "--format", "json").json()
    assert report["calls"][0]["notes"] == [
        "company_aliases «[1, 2]» is neither a list of names nor a mapping of companies to their names; "
        "only the company's own name counts"]
    assert [v for v in report["violations"] if v["rule"] == "company-name"] == []


def test_a_long_or_hyphenated_company_name_is_found_as_recognition_splits_it(cli, tmp_path):
    assert missed(cli, tmp_path,
                  opening("hyphen", "доброе утро курьер сервис меня зовут кирилл", company="Курьер-Сервис"),
                  opening("joined", "доброе утро горэнерго сбыт меня зовут людмила", company="Горэнергосбыт"),
                  opening("other", "доброе утро служба доставки меня зовут кирилл", company="Курьер-Сервис")) \
        == ["other"]


def test_a_word_of_the_trade_alone_does_not_name_the_company(cli, tmp_path):
    """«такси слушаю» could be any taxi firm; «Лидер» is this one."""
    assert missed(cli, tmp_path,
                  opening("trade-only", "такси слушаю", company="Такси Лидер"),
                  opening("distinctive", "лидер добрый вечер слушаю", company="Такси Лидер"),
                  opening("form-only", "доброе утро страховая компания меня зовут тимур",
                          company="Страховая компания Надёжность"),
                  opening("inflected", "доброе утро вы позвонили в надёжность меня зовут тимур",
                          company="Страховая компания Надёжность"),
                  opening("whole", "доброе утро страховая компания надежность тимур",
                          company="Страховая компания Надёжность")) == ["trade-only", "form-only"]
