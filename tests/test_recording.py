"""Recordings that lack the call's opening or closing, told by the call's metadata
(`partial`, `ended_by`) or by the transcript's own words (the pack's `recording:`
section): the rules about the missing part are skipped with the reason, never
reported as the agent's fault; a call that shows no such sign is judged as ever.
Calls are written the way speech recognition gives them: lower case, no punctuation."""

from __future__ import annotations

import json

from conftest import write

OPENING_RULES = ("greeting-missing", "introduce-self", "company-name")
OPENING = "добрый день компания томтел меня зовут анна чем могу помочь"
CLOSING = "спасибо за обращение хорошего дня"


def asr(*texts, call_id="c", **meta):
    """A call of alternating agent / client segments, three seconds each."""
    speakers = ("agent", "client")
    return {"call_id": call_id, "agent": "Анна", "company": "ТОМТЕЛ", **meta, "utterances": [
        {"speaker": speakers[i % 2], "start": 3.0 * i, "end": 3.0 * i + 2.5, "text": text}
        for i, text in enumerate(texts)]}


def check(cli, tmp_path, *calls, name="calls.jsonl"):
    """(violations by call: [rule…], skip reasons by call: {rule: reason}, the report)."""
    if name.endswith(".jsonl"):
        write(tmp_path / name, "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in calls))
    else:
        write(tmp_path / name, json.dumps(list(calls), ensure_ascii=False))
    result = cli("check", name, "--format", "json")
    assert "Traceback" not in result.err, result.err
    report = result.json()
    found = {c["call_id"]: [] for c in report["calls"]}
    for violation in report["violations"]:
        found[violation["call_id"]].append(violation["rule"])
    skipped = {c["call_id"]: {s["rule"]: s["reason"] for s in c["skipped"]} for c in report["calls"]}
    return found, skipped, report


# --- metadata -----------------------------------------------------------------------------------

def test_metadata_marks_the_part_the_recording_misses_and_those_rules_are_not_judged(cli, tmp_path):
    cut_both = ("да по договору всё верно", "угу", "ну ладно")  # no opening, no closing
    found, skipped, report = check(
        cli, tmp_path,
        asr(*cut_both, call_id="start", partial="start"), asr(*cut_both, call_id="end", partial="end"),
        asr(*cut_both, call_id="both", partial="Both"), asr(*cut_both, call_id="dropped", ended_by="dropped"),
        asr(*cut_both, call_id="transfer", ended_by="transfer"), asr(*cut_both, call_id="client", ended_by="client"))
    start = "the recording misses the call's start (partial: start)"
    assert found["start"] == ["closing-thanks", "closing-thanks"]  # the end was recorded: no thanks, no wish
    assert {rule: skipped["start"][rule] for rule in (*OPENING_RULES, "informal-answer")} == {
        "greeting-missing": start, "introduce-self": start, "company-name": start, "informal-answer": start}
    assert "closing-thanks" not in skipped["start"]
    assert set(found["end"]) == set(OPENING_RULES)
    assert skipped["end"]["closing-thanks"] == "the recording misses the call's end (partial: end)"
    assert found["both"] == []
    assert skipped["both"]["greeting-missing"] == "the recording misses the call's start (partial: both)"
    assert skipped["both"]["closing-thanks"] == "the recording misses the call's end (partial: both)"
    assert skipped["dropped"]["closing-thanks"] == "the call was dropped (ended_by: dropped)"
    assert skipped["transfer"]["closing-thanks"] == "the call ended in a transfer (ended_by: transfer)"
    assert "closing-thanks" not in found["dropped"] + found["transfer"]
    assert set(found["dropped"]) >= set(OPENING_RULES)  # a dropped call still had its start
    assert found["client"].count("closing-thanks") == 2  # the client hung up after a closing that never came
    assert report["summary"]["skipped"]["closing-thanks"] == 4


def test_a_phrase_rule_on_a_missing_part_is_skipped_whether_or_not_its_phrase_is_said(cli, tmp_path):
    # informal-answer fires on «да» only; a QA lead compares skipped checks across calls
    _, skipped, _ = check(cli, tmp_path, asr("да слушаю", call_id="said", partial="start"),
                          asr("по договору всё верно", call_id="silent", partial="start"))
    assert skipped["said"]["informal-answer"] == skipped["silent"]["informal-answer"] \
        == "the recording misses the call's start (partial: start)"


def test_a_bad_recording_value_is_a_note_and_the_call_is_judged_whole(cli, tmp_path):
    write(tmp_path / "c.txt", "# partial: middle\n# ended_by: hangup\n"
                              "[00:00] Оператор: слушаю вас\n[00:03] Клиент: ага\n[00:05] Оператор: ну пока\n")
    report = cli("check", "c.txt", "--format", "json").json()
    assert report["calls"][0]["notes"] == [
        "ended_by «hangup» is not one of agent, client, dropped, transfer; the call's closing is judged",
        "partial «middle» is not one of start, end, both; the call is judged as recorded whole"]
    assert {v["rule"] for v in report["violations"]} >= {"greeting-missing", "closing-thanks"}
    console = cli("check", "c.txt")
    assert "c.txt: note: call c: partial «middle» is not one of start, end, both" in console.out


# --- the transcript: a recording that starts midway -------------------------------------------

def test_a_recording_that_starts_midway_is_not_judged_on_its_opening(cli, tmp_path):
    calls = [
        asr("так вот по вашему договору задолженность двести рублей", "ага понятно", CLOSING, call_id="so"),
        asr("ну значит по вашему тарифу скидка десять процентов", "хорошо", CLOSING, call_id="tariff"),
        asr("да и по поводу роутера мастер приедет завтра", "спасибо", CLOSING, call_id="router"),
        # the client's words open the recording mid-sentence
        asr("и еще у меня вопрос по счету", "слушаю вас", CLOSING, call_id="client-first"),
    ]
    calls[3]["utterances"] = [{**u, "speaker": ("client", "agent", "agent")[i]}
                              for i, u in enumerate(calls[3]["utterances"])]
    found, skipped, report = check(cli, tmp_path, *calls, name="calls.json")
    assert found == {"so": [], "tariff": [], "router": [], "client-first": []}
    assert {rule: skipped["so"][rule] for rule in OPENING_RULES} == dict.fromkeys(
        OPENING_RULES, "the recording seems to start midway: «так вот»")
    assert skipped["tariff"]["greeting-missing"] == "the recording seems to start midway: «ну значит по вашему»"
    assert skipped["router"]["introduce-self"] == "the recording seems to start midway: «да и по поводу»"
    assert skipped["client-first"]["greeting-missing"] == "the recording seems to start midway: «и еще»"
    assert [c["score"] for c in report["calls"]] == [100, 100, 100, 100]  # skipped rules take no points


def test_an_agent_who_just_skips_the_greeting_is_still_reported(cli, tmp_path):
    found, skipped, _ = check(
        cli, tmp_path,
        asr("слушаю вас", "у меня не работает интернет", CLOSING, call_id="listening"),
        asr("компания томтел анна слушаю", "у меня не работает интернет", CLOSING, call_id="no-greeting"),
        # a continuation that does not open the call
        asr("алло так вот по вашему договору", "да", CLOSING, call_id="later"),
    )
    assert set(found["listening"]) >= {"greeting-missing", "introduce-self", "company-name"}
    assert found["no-greeting"] == ["greeting-missing"]
    assert "greeting-missing" in found["later"]
    assert all(not reason.startswith("the recording") for reasons in skipped.values() for reason in reasons.values())


def test_the_client_greeting_first_keeps_the_opening_judged(cli, tmp_path):
    call = asr("здравствуйте", "так вот по вашему договору всё верно", CLOSING, call_id="client-greets")
    call["utterances"] = [{**u, "speaker": ("client", "agent", "agent")[i]} for i, u in enumerate(call["utterances"])]
    found, skipped, _ = check(cli, tmp_path, call)
    assert "greeting-missing" in found["client-greets"]
    assert "greeting-missing" not in skipped["client-greets"]


def test_a_word_cut_by_the_start_of_the_recording(cli, tmp_path):
    marked = "…ствуйте компания томтел меня зовут анна"  # the export marks the cut
    unmarked = "ствуйте компания томтел меня зовут анна"  # speech recognition wrote the greeting's tail
    write(tmp_path / "marked.txt", f"[00:00] Оператор: {marked}\n[00:04] Клиент: да\n[00:06] Оператор: {CLOSING}\n")
    write(tmp_path / "unmarked.txt", f"[00:00] Оператор: {unmarked}\n[00:04] Клиент: да\n"
                                     f"[00:06] Оператор: {CLOSING}\n")
    report = cli("check", "marked.txt", "unmarked.txt", "--format", "json").json()
    assert [v for v in report["violations"] if v["rule"] == "greeting-missing"] == []
    reasons = {c["call_id"]: {s["rule"]: s["reason"] for s in c["skipped"]} for c in report["calls"]}
    assert reasons["marked"]["greeting-missing"] == "the recording seems to start midway: «…ствуйте»"
    assert reasons["unmarked"]["greeting-missing"] == "the recording seems to start midway: «ствуйте»"


def test_a_redial_after_a_dropped_line(cli, tmp_path):
    found, skipped, _ = check(
        cli, tmp_path, asr("марина альбертовна это анна у нас прервалась связь", "да да", CLOSING, call_id="redial"))
    assert found["redial"] == []
    assert skipped["redial"]["greeting-missing"] == \
        "the recording seems to start midway (a redial after a dropped line): «прервалась связь»"


# --- the transcript: a recording that ends early -------------------------------------------------

def test_a_call_that_ends_in_a_transfer_a_dead_line_or_a_survey_is_not_judged_on_its_closing(cli, tmp_path):
    found, skipped, _ = check(
        cli, tmp_path,
        asr(OPENING, "мне нужен технический специалист", "соединяю вас со специалистом",
            "хорошо", call_id="transfer"),
        asr(OPENING, "у меня не работает интернет", "назовите номер договора", "алло алло вас не слышно",
            call_id="dead-line"),
        asr(OPENING, "спасибо все понятно", "останьтесь на линии для оценки качества обслуживания",
            call_id="survey"),
        asr(OPENING, "а где мой заказ", "сейчас переключаю на отдел доставки", call_id="switch"))
    assert found == {"transfer": [], "dead-line": [], "survey": [], "switch": []}
    assert skipped["transfer"]["closing-thanks"] == "the recording seems to end early (a transfer): «соединяю вас со»"
    assert skipped["dead-line"]["closing-thanks"] == "the recording seems to end early (a dead line): «алло алло»"
    assert skipped["survey"]["closing-thanks"] == \
        "the recording seems to end early (a survey hand-off): «останьтесь на линии для оценки»"
    assert skipped["switch"]["closing-thanks"] == "the recording seems to end early (a transfer): «переключаю на»"


def test_a_recording_cut_mid_sentence_is_not_judged_on_its_closing(cli, tmp_path):
    found, skipped, _ = check(
        cli, tmp_path,
        asr(OPENING, "а справку где брать", "у работодателя мужа", "ага а если он", call_id="cut"),
        # «к нам» ends a sentence: a missing closing is reported
        asr(OPENING, "а справку где брать", "обращайтесь к нам", "ладно", call_id="whole"))
    assert found == {"cut": [], "whole": ["closing-thanks", "closing-thanks"]}
    assert skipped["cut"]["closing-thanks"] == "the recording seems to end early (words cut off): «если он»"


def test_a_sign_before_the_last_turns_does_not_excuse_a_missing_closing(cli, tmp_path):
    found, skipped, _ = check(
        cli, tmp_path,
        asr(OPENING, "а можно специалиста", "перевожу вас на специалиста", "спасибо", "да слушаю",
            "у меня вопрос по тарифу", "тариф действует до мая", "понятно", "ну ладно пока", call_id="mid-transfer"),
        # a closing said despite the sign is judged, and passes
        asr(OPENING, "спасибо", f"{CLOSING} оцените пожалуйста работу оператора", call_id="closed-then-survey"))
    assert found["mid-transfer"] == ["closing-thanks", "closing-thanks"]
    assert "closing-thanks" not in skipped["mid-transfer"]
    assert found["closed-then-survey"] == [] and "closing-thanks" not in skipped["closed-then-survey"]


def test_an_answering_machine_is_judged_on_neither_opening_nor_closing(cli, tmp_path):
    write(tmp_path / "machine.txt",
          "# direction: outbound\n# company: ТОМТЕЛ\n# agent: Анна\n"
          "[00:00] Оператор: алло\n"
          "[00:02] Клиент: абонент не может ответить оставьте сообщение после сигнала\n"
          "[00:09] Оператор: перезвоню позже\n")
    report = cli("check", "machine.txt", "--format", "json").json()
    assert {v["rule"] for v in report["violations"]} == {"allo"}  # what the agent says is still theirs
    reasons = {s["rule"]: s["reason"] for s in report["calls"][0]["skipped"]}
    machine = "the call seems to reach nobody (an answering machine): «абонент не может ответить»"
    assert {rule: reasons[rule] for rule in (*OPENING_RULES, "closing-thanks", "outbound-ask-time")} == \
        dict.fromkeys((*OPENING_RULES, "closing-thanks", "outbound-ask-time"), machine)


# --- the pack's `recording:` section -----------------------------------------------------------

OWN_PACK = """\
pack: {name: own, language: ru}
recording:
  ends_early:
    turns: 1
    signs:
      - {name: клиент положил трубку, phrases: [короткие гудки]}
rules:
  - id: farewell
    type: required
    scope: closing
    message: Оператор не попрощался
    phrases: [всего доброго]
"""


def test_signs_are_data_a_pack_of_its_own_names_them(cli, tmp_path):
    write(tmp_path / "own.yaml", OWN_PACK)
    write(tmp_path / "calls.jsonl", "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in (
        asr("добрый день", "у меня вопрос", "короткие гудки", call_id="hung-up"),
        asr("добрый день", "короткие гудки", "ну ладно", call_id="earlier"),
        asr("добрый день", "перевожу вас на специалиста", call_id="builtin-sign"))))
    report = cli("check", "calls.jsonl", "--no-builtin", "--rules", "own.yaml", "--format", "json").json()
    assert [v["call_id"] for v in report["violations"]] == ["earlier", "builtin-sign"]  # only the last turn counts
    assert report["calls"][0]["skipped"] == [
        {"rule": "farewell", "reason": "the recording seems to end early (клиент положил трубку): «короткие гудки»"}]


def test_a_broken_recording_section_is_reported_with_file_line_and_column(cli, tmp_path):
    write(tmp_path / "own.yaml", """\
pack: {name: own}
recording:
  starts_midway:
    turns: 0
    continuations: ["(так вот"]
  ends_early:
    signs:
      - {phrases: [перевожу вас]}
      - {name: named, phrases: ["{agent} перевожу"]}
  ends_erly: {}
rules:
  - {id: x, type: forbidden, message: x, phrases: [x]}
""")
    result = cli("rules", "validate", "own.yaml")
    assert result.code == 1
    assert [line for line in result.out.splitlines() if line.startswith("own.yaml")] == [
        "own.yaml:4:12: «turns» must be a whole number ≥ 1",
        "own.yaml:5:21: phrase «(так вот»: «(» is never closed with «)»",
        "own.yaml:8:9: «signs» item: missing required key «name»",
        "own.yaml:9:33: phrase «{agent} перевожу»: placeholders are filled per call; "
        "a sign of the recording cannot use them",
        "own.yaml:10:3: unknown key «ends_erly» in «recording» (did you mean «ends_early»?)",
    ]
