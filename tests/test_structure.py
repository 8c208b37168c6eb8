"""Call structure and timing rules through the CLI, on text, JSON, JSONL and
WhisperX transcripts, including speech-recognition text."""

from __future__ import annotations

import json

import pytest

from conftest import write

GOOD_OPENING = "Добрый день, компания ТОМТЕЛ, меня зовут Анна. Чем могу помочь?"
GOOD_CLOSING = "Спасибо, что позвонили! Всего доброго!"


def json_call(*turns, **meta):
    """turns: (speaker, start, end, text)"""
    return {**meta, "utterances": [{"speaker": s, "start": a, "end": b, "text": t} for s, a, b, t in turns]}


def violations(result):
    """The violation records of a JSON Lines report that ran to its end: a crash prints no
    violations either, and must not pass for a call without any."""
    records = result.records()
    assert records and records[-1]["record"] == "summary", result.out + result.err
    return [r for r in records if r.pop("record") == "violation"]


def user_error(result) -> str:
    """What the user is told on exit 2; a crash exits 2 as well, so it must not be one."""
    assert result.code == 2, result.out + result.err
    assert "Traceback" not in result.err + result.out and "internal error" not in result.err + result.out
    return result.err


def rules_found(result, rule=None):
    records = violations(result) if result.out.lstrip().startswith("{\"") else result.json()["violations"]
    return [r for r in records if rule is None or r["rule"] == rule]


def check_jsonl(cli, tmp_path, calls, *args):
    write(tmp_path / "calls.jsonl", "\n".join(json.dumps(c, ensure_ascii=False) for c in calls) + "\n")
    return cli("check", "calls.jsonl", "--format", "json", *args)


# --- greeting by time of day ------------------------------------------------------------------

@pytest.mark.parametrize("clock, greeting, expected", [
    ("11:59", "Доброе утро", None),
    ("11:59", "Добрый день", "Доброе утро"),
    ("12:00", "Добрый день", None),
    ("12:00", "Доброе утро", "Добрый день"),
    ("15:59", "Добрый день", None),
    ("15:59", "Добрый вечер", "Добрый день"),
    ("16:00", "Добрый вечер", None),
    ("16:00", "добрый день", "Добрый вечер"),
])
def test_greeting_fits_the_hour(cli, tmp_path, clock, greeting, expected):
    write(tmp_path / "c.txt", f"# started_at: 2026-05-16T{clock}:00+03:00\n"
                              f"Оператор: {greeting}, компания ТОМТЕЛ.\n")
    records = [r for r in violations(cli("check", "c.txt", "-f", "jsonl")) if r["rule"] == "greeting-time-of-day"]
    if expected is None:
        assert records == []
    else:
        assert [(r["text"], r["suggestions"]) for r in records] == [(greeting, [expected])]
        assert records[0]["severity"] == "warning"


def test_greeting_uses_the_moment_it_is_said_and_the_configured_time_zone(cli, tmp_path):
    # 08:59:50 UTC is 11:59:50 in Moscow; the greeting comes 15 s later, at 12:00:05
    call = json_call(("agent", 15.0, 17.0, "Доброе утро, компания ТОМТЕЛ."), started_at="2026-05-16T08:59:50Z")
    result = check_jsonl(cli, tmp_path, [call], "--tz", "Europe/Moscow")
    assert [r["suggestions"] for r in rules_found(result, "greeting-time-of-day")] == [["Добрый день"]]
    # the same call read in UTC is a morning call: no violation
    assert rules_found(check_jsonl(cli, tmp_path, [call], "--tz", "UTC"), "greeting-time-of-day") == []
    # a time without an offset takes the configured zone
    write(tmp_path / "phrasecheck.yaml", "timezone: Asia/Novosibirsk\n")
    naive = json_call(("agent", 0, 2, "Добрый вечер!"), started_at="2026-05-16T15:30:00")
    assert [r["suggestions"] for r in rules_found(check_jsonl(cli, tmp_path, [naive]), "greeting-time-of-day")] \
        == [["Добрый день"]]


def test_a_call_time_with_its_own_offset_is_that_places_local_time(cli, tmp_path):
    # a centre with a site in Novosibirsk: 19:30+07:00 is evening there, whatever the configured zone
    evening = json_call(("agent", 0, 2, "Добрый вечер, компания ТОМТЕЛ."), started_at="2026-05-16T19:30:00+07:00")
    day = json_call(("agent", 0, 2, "Добрый день, компания ТОМТЕЛ."), started_at="2026-05-16T19:30:00+07:00")
    result = check_jsonl(cli, tmp_path, [evening, day], "--tz", "Europe/Moscow")
    assert [(r["line"], r["suggestions"]) for r in rules_found(result, "greeting-time-of-day")] == [
        (2, ["Добрый вечер"])]


def test_neutral_greeting_only_where_the_config_allows_it(cli, tmp_path):
    write(tmp_path / "c.txt", "# started_at: 2026-05-16T10:00:00+03:00\nОператор: Здравствуйте!\n")
    assert [r["suggestions"] for r in violations(cli("check", "c.txt", "-f", "jsonl"))
            if r["rule"] == "greeting-time-of-day"] == [["Доброе утро"]]
    write(tmp_path / "phrasecheck.yaml", "options:\n  greeting-time-of-day: {allow_neutral: true}\n")
    assert [r for r in violations(cli("check", "c.txt", "-f", "jsonl")) if r["rule"] == "greeting-time-of-day"] == []


def test_unknown_or_malformed_call_time_is_skipped_and_said(cli, tmp_path):
    write(tmp_path / "nodate.txt", "Оператор: Добрый вечер, компания ТОМТЕЛ.\n")
    write(tmp_path / "baddate.txt", "# started_at: вчера вечером\nОператор: Добрый вечер, компания ТОМТЕЛ.\n")
    write(tmp_path / "naive.txt", "# started_at: 2026-05-16T10:00:00\nОператор: Добрый вечер.\n")
    report = cli("check", "nodate.txt", "baddate.txt", "naive.txt", "--format", "json").json()
    assert not [v for v in report["violations"] if v["rule"] == "greeting-time-of-day"]
    skipped = {c["path"]: {s["rule"]: s["reason"] for s in c["skipped"]} for c in report["calls"]}
    for path in ("nodate.txt", "baddate.txt", "naive.txt"):
        assert "started_at" in skipped[path]["greeting-time-of-day"]
    notes = {c["path"]: c["notes"] for c in report["calls"]}
    assert notes["baddate.txt"] == ["started_at «вчера вечером» is not an ISO 8601 date and time; "
                                    "the checks that need it are skipped"]
    assert "no UTC offset" in notes["naive.txt"][0]
    console = cli("check", "baddate.txt")
    assert "baddate.txt: note: call baddate: started_at «вчера вечером» is not an ISO 8601" in console.out
    assert "greeting-time-of-day ×1" in console.out.splitlines()[-1]


# --- opening, closing, names ------------------------------------------------------------------

def test_complete_opening_in_asr_text_is_correct(cli, tmp_path):
    call = json_call(
        ("agent", 0.5, 4.0, "добрый день компания томтел меня зовут анна чем могу помочь"),
        ("client", 4.5, 8.0, "э здравствуйте у меня не работает интернет"),
        ("agent", 8.5, 12.0, "ага марина альбертовна сейчас проверю спасибо за ожидание"),
        ("agent", 12.5, 15.0, "спасибо за обращение всего доброго"),
        started_at="2026-05-16T13:00:00+03:00", agent="Анна", client="Марина Альбертовна",
        company="ТОМТЕЛ", rings=2, direction="inbound")
    result = check_jsonl(cli, tmp_path, [call])
    assert rules_found(result) == []
    assert result.code == 0


@pytest.mark.parametrize("text, missing", [
    ("Компания ТОМТЕЛ, меня зовут Анна.", {"greeting-missing"}),
    ("Добрый день, компания ТОМТЕЛ.", {"introduce-self"}),
    ("Добрый день, меня зовут Анна.", {"company-name"}),
    ("добрый день меня зовут ольга компания томтел", {"introduce-self"}),  # not the agent's name
    ("ну алло", {"greeting-missing", "introduce-self", "company-name"}),
])
def test_opening_names_greeting_agent_and_company(cli, tmp_path, text, missing):
    write(tmp_path / "c.txt", f"# agent: Анна\n# company: ТОМТЕЛ\n# started_at: 2026-05-16T13:00:00+03:00\n"
                              f"Оператор: {text}\nКлиент: Да.\nОператор: {GOOD_CLOSING}\n")
    found = {r["rule"] for r in violations(cli("check", "c.txt", "-f", "jsonl"))}
    assert found & {"greeting-missing", "introduce-self", "company-name"} == missing


def test_missing_phrase_points_at_the_utterance_where_it_belonged(cli, tmp_path):
    write(tmp_path / "c.txt", "# company: ТОМТЕЛ\n\nКлиент: Алло?\n[00:03] Оператор: Слушаю вас.\n")
    records = {r["rule"]: r for r in violations(cli("check", "c.txt", "-f", "jsonl"))}
    greeting = records["greeting-missing"]
    assert (greeting["line"], greeting["column"], greeting["utterance"], greeting["start"], greeting["text"]) \
        == (4, 19, 1, 3.0, "")
    assert greeting["suggestions"] == ["Добрый день, компания ТОМТЕЛ, меня зовут …"]


def test_unknown_company_skips_company_name_and_config_default_fills_it(cli, tmp_path):
    write(tmp_path / "c.txt", f"Оператор: Добрый день, меня зовут Анна.\nОператор: {GOOD_CLOSING}\n")
    report = cli("check", "c.txt", "--format", "json").json()
    assert [s for s in report["calls"][0]["skipped"] if s["rule"] == "company-name"] == [
        {"rule": "company-name", "reason": "unknown company (add it to the call or the config)"}]
    write(tmp_path / "phrasecheck.yaml", "company: ТОМТЕЛ\n")
    records = violations(cli("check", "c.txt", "-f", "jsonl"))
    assert [r["rule"] for r in records if r["rule"] == "company-name"] == ["company-name"]


def test_closing_thanks(cli, tmp_path):
    base = f"Оператор: {GOOD_OPENING}\nКлиент: Спасибо, всё понятно.\n"
    write(tmp_path / "good.txt", base + "Оператор: спасибо за обращение хорошего дня\n")
    write(tmp_path / "bad.txt", base + "Оператор: Ага, ну пока.\n")
    write(tmp_path / "farewell.txt", base + "Оператор: спасибо за обращение до свидания\n")
    records = violations(cli("check", "good.txt", "bad.txt", "farewell.txt", "-f", "jsonl"))
    # thanks and a wish (003): each missing part is a violation of its own; «до свидания» is no wish
    assert [(r["path"], r["line"], r["suggestions"][0]) for r in records if r["rule"] == "closing-thanks"] == [
        ("bad.txt", 3, "Спасибо, что позвонили!"), ("bad.txt", 3, "Хорошего дня!"),
        ("farewell.txt", 3, "Хорошего дня!")]


def test_address_by_name_inflected_and_skipped_without_a_name(cli, tmp_path):
    write(tmp_path / "named.txt", f"# client: Марина Альбертовна\nОператор: {GOOD_OPENING}\n"
                                  f"Оператор: Марине Альбертовне придёт письмо. {GOOD_CLOSING}\n")
    write(tmp_path / "unnamed.txt", f"# client: Марина Альбертовна\nОператор: {GOOD_OPENING}\n"
                                    f"Оператор: {GOOD_CLOSING}\n")
    write(tmp_path / "anonymous.txt", f"Оператор: {GOOD_OPENING}\nОператор: {GOOD_CLOSING}\n")
    report = cli("check", "named.txt", "unnamed.txt", "anonymous.txt", "--format", "json").json()
    assert [v["path"] for v in report["violations"] if v["rule"] == "address-by-name"] == ["unnamed.txt"]
    skipped = {c["path"]: [s["rule"] for s in c["skipped"]] for c in report["calls"]}
    assert "address-by-name" in skipped["anonymous.txt"] and "address-by-name" not in skipped["named.txt"]


def test_outbound_only_rule_follows_the_direction(cli, tmp_path):
    opening = "Оператор: Добрый день, компания ТОМТЕЛ, меня зовут Анна. Хочу рассказать о тарифе.\n"
    write(tmp_path / "out.txt", "# direction: outbound\n" + opening)
    write(tmp_path / "asked.txt", "# direction: outbound\n" + opening + "Оператор: Вам удобно говорить?\n")
    write(tmp_path / "in.txt", "# direction: inbound\n" + opening)
    write(tmp_path / "unknown.txt", opening)
    report = cli("check", "out.txt", "asked.txt", "in.txt", "unknown.txt", "--format", "json").json()
    assert [v["path"] for v in report["violations"] if v["rule"] == "outbound-ask-time"] == ["out.txt"]
    skipped = {c["path"]: {s["rule"]: s["reason"] for s in c["skipped"]} for c in report["calls"]}
    assert skipped["unknown.txt"]["outbound-ask-time"] == "the call's direction is unknown"
    assert "outbound-ask-time" not in skipped["in.txt"]


PHRASE_RULES_NEEDING_THE_CALL = """\
pack: {name: own, language: ru, description: rules that need call data, source: test}
rules:
  - id: outbound-promo
    type: forbidden
    when: {direction: outbound}
    message: Не предлагайте акции на исходящих звонках
    phrases: [акция]
  - id: early-slang
    type: forbidden
    scope: {opening: {seconds: 30}}
    message: Без жаргона в начале разговора
    phrases: [короче]
"""


def test_a_phrase_rule_that_cannot_be_judged_is_reported_skipped_whether_or_not_its_phrase_is_said(
        cli, tmp_path):
    # skipped checks must not depend on what happened to be said: a QA lead compares them across calls
    write(tmp_path / "own.yaml", PHRASE_RULES_NEEDING_THE_CALL)
    write(tmp_path / "said.txt", "Оператор: Короче, у нас акция.\n")
    write(tmp_path / "silent.txt", "Оператор: Добрый день, слушаю Вас.\n")
    report = cli("check", "said.txt", "silent.txt", "--no-builtin", "--rules", "own.yaml",
                 "--format", "json").json()
    skipped = {c["path"]: {s["rule"]: s["reason"] for s in c["skipped"]} for c in report["calls"]}
    expected = {"outbound-promo": "the call's direction is unknown",
                "early-slang": "the transcript has no timestamps"}
    assert skipped["said.txt"] == skipped["silent.txt"] == expected
    assert report["violations"] == []


# --- holds and complaints ---------------------------------------------------------------------

def test_hold_needs_a_reason_and_thanks_on_return(cli, tmp_path):
    write(tmp_path / "good.txt", "Оператор: Одну минуту, я уточню информацию.\nКлиент: Хорошо.\n"
                                 "Оператор: Спасибо за ожидание! Договор активен.\n")
    write(tmp_path / "noreason.txt", "Оператор: Подождите минуту.\nОператор: Спасибо за ожидание.\n")
    write(tmp_path / "nothanks.txt", "оператор: оставайтесь на линии я проверю\nоператор: договор активен\n")
    records = violations(cli("check", "good.txt", "noreason.txt", "nothanks.txt", "-f", "jsonl"))
    holds = [(r["path"], r["text"], r["message"]) for r in records if r["rule"] == "hold-etiquette"]
    assert [(p, t) for p, t, _ in holds] == [("noreason.txt", "Подождите минуту"),
                                             ("nothanks.txt", "оставайтесь на линии")]
    assert "не объяснив причину" in holds[0][2] and "не поблагодарил за ожидание" in holds[1][2]


def test_empathy_on_complaint_within_two_agent_turns(cli, tmp_path):
    complaint = "Клиент: Это безобразие, интернет опять не работает!\n"
    write(tmp_path / "late.txt", complaint + "Оператор: Номер договора?\nКлиент: 123.\n"
                                             "Оператор: Проверяю.\nКлиент: Угу.\nОператор: Приношу извинения.\n")
    write(tmp_path / "ok.txt", complaint + "Оператор: Номер договора?\nОператор: Я понимаю ваше недовольство.\n")
    write(tmp_path / "calm.txt", "Клиент: Интернет работает отлично, спасибо.\nОператор: Рада слышать.\n")
    records = violations(cli("check", "late.txt", "ok.txt", "calm.txt", "-f", "jsonl"))
    found = [(r["path"], r["speaker"], r["text"]) for r in records if r["rule"] == "empathy-on-complaint"]
    assert found == [("late.txt", "client", "безобразие")]


# --- timing -----------------------------------------------------------------------------------

def test_answer_speed_from_rings_or_answer_delay_with_a_configurable_ring(cli, tmp_path):
    calls = [json_call(("agent", 0, 2, GOOD_OPENING), call_id=cid, **meta) for cid, meta in [
        ("r3", {"rings": 3}), ("r4", {"rings": 4}), ("d14", {"answer_delay": 14.0}),
        ("d16", {"answer_delay": 16.0}), ("none", {})]]
    result = check_jsonl(cli, tmp_path, calls)
    assert [r["call_id"] for r in rules_found(result, "answer-speed")] == ["r4", "d16"]
    skipped = {c["call_id"]: [s["rule"] for s in c["skipped"]] for c in result.json()["calls"]}
    assert "answer-speed" in skipped["none"]
    write(tmp_path / "phrasecheck.yaml", "options:\n  answer-speed: {ring_seconds: 6}\n")
    assert [r["call_id"] for r in rules_found(check_jsonl(cli, tmp_path, calls), "answer-speed")] == ["r4"]


def test_long_silence_unless_a_hold_was_announced(cli, tmp_path):
    calls = [
        json_call(("agent", 0, 3, "Добрый день."), ("client", 3.5, 5, "Здравствуйте."),
                  ("agent", 17, 19, "Ваш договор активен."), call_id="silent"),
        json_call(("agent", 0, 3, "Одну минуту, я уточню."), ("agent", 40, 42, "Спасибо за ожидание."),
                  call_id="hold"),
        json_call(("agent", 0, 3, "Добрый день."), ("client", 3.5, 12, "Здравствуйте."),
                  ("agent", 20, 22, "Чем помочь?"), call_id="short"),
    ]
    result = check_jsonl(cli, tmp_path, calls)
    silences = rules_found(result, "long-silence")
    assert [(r["call_id"], r["utterance"], r["start"]) for r in silences] == [("silent", 2, 17.0)]
    assert "12 с" in silences[0]["message"]


def test_interruption_when_overlap_exceeds_a_second(cli, tmp_path):
    calls = [
        json_call(("client", 0, 6, "У меня третий день не работает интернет"),
                  ("agent", 4.5, 8, "Назовите номер договора"), call_id="cut"),
        json_call(("client", 0, 6, "У меня не работает интернет"),
                  ("agent", 5.2, 8, "Понимаю вас"), call_id="backchannel"),
    ]
    assert [(r["call_id"], r["speaker"]) for r in rules_found(check_jsonl(cli, tmp_path, calls), "interruption")] \
        == [("cut", "agent")]


def test_timing_is_skipped_without_timestamps(cli, tmp_path):
    write(tmp_path / "c.txt", f"Оператор: {GOOD_OPENING}\nКлиент: Спасибо.\nОператор: {GOOD_CLOSING}\n")
    report = cli("check", "c.txt", "--format", "json").json()
    reasons = {s["rule"]: s["reason"] for s in report["calls"][0]["skipped"]}
    assert reasons["long-silence"] == reasons["interruption"] == "the transcript has no start and end times"
    assert report["summary"]["skipped"]["long-silence"] == 1


# --- formats ----------------------------------------------------------------------------------

def test_jsonl_with_a_broken_line_reports_it_and_checks_the_rest(cli, tmp_path):
    good = json_call(("agent", 0, 2, "Алло, слушаю."), call_id="a")
    lines = [json.dumps(good, ensure_ascii=False), '{"call_id": "b", "utterances": [', "",
             json.dumps({**good, "call_id": "c"}, ensure_ascii=False)]
    write(tmp_path / "day.jsonl", "\n".join(lines) + "\n")
    result = cli("check", "day.jsonl", "--format", "json")
    assert user_error(result) == "day.jsonl: unreadable: line 2: not valid JSON: expecting value (column 1)\n"
    report = result.json()
    assert report["errors"] == [{"path": "day.jsonl", "error": "line 2: not valid JSON: expecting value (column 1)"}]
    allo = [v for v in report["violations"] if v["rule"] == "allo"]
    assert [(v["call_id"], v["line"], v["utterance"], v["start"]) for v in allo] == [("a", 1, 0, 0), ("c", 4, 0, 0)]
    assert report["summary"]["calls"] == 2 and report["summary"]["unreadable"] == 1


def test_whisperx_with_a_speaker_map(cli, tmp_path):
    whisper = {"language": "ru", "segments": [
        {"start": 0.0, "end": 2.5, "speaker": "SPEAKER_01", "text": " алло да говорите"},
        {"start": 2.8, "end": 5.0, "speaker": "SPEAKER_00", "text": " здравствуйте вы меня слышите"},
        {"start": 5.5, "end": 7.0, "speaker": "SPEAKER_01", "text": " вы ошибаетесь"},
    ]}
    write(tmp_path / "rec.json", json.dumps(whisper, ensure_ascii=False))
    unmapped = cli("check", "rec.json")
    assert user_error(unmapped) == ""
    assert unmapped.out.splitlines()[:2] == [
        "rec.json", "rec.json: unreadable: segment 0: speaker «SPEAKER_01» is not mapped to agent or client "
                    "(use --speaker-map SPEAKER_01=agent or the config's speakers:)"]
    mapped = cli("check", "rec.json", "-f", "jsonl", "--speaker-map", "SPEAKER_01=agent",
                 "--speaker-map", "SPEAKER_00=client")
    records = violations(mapped)
    assert {(r["rule"], r["utterance"], r["start"]) for r in records} >= {("allo", 0, 0.0), ("you-are-wrong", 2, 5.5)}
    assert all(r["speaker"] == "agent" for r in records)  # «вы меня слышите» is the client's
    write(tmp_path / "phrasecheck.yaml", "speakers: {SPEAKER_01: agent, SPEAKER_00: client}\n")
    assert violations(cli("check", "rec.json", "-f", "jsonl")) == records
    assert user_error(cli("check", "rec.json", "--speaker-map", "SPEAKER_01=boss")) == (
        "phrasecheck: --speaker-map «SPEAKER_01=boss»: expected LABEL=agent or LABEL=client\n")


def test_scripts_get_phrase_rules_only_unless_configured(cli, tmp_path):
    write(tmp_path / "objection.md", "# Возражение «дорого»\n\nПонимаю вас. Давайте посмотрим тариф подешевле.\n")
    assert violations(cli("check", "objection.md", "-f", "jsonl")) == []
    write(tmp_path / "phrasecheck.yaml", "scripts_are_calls: true\n")
    found = {r["rule"] for r in violations(cli("check", "objection.md", "-f", "jsonl"))}
    assert {"greeting-missing", "introduce-self", "closing-thanks"} <= found
