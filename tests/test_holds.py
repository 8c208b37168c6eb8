"""Holds on calls transcribed by speech recognition, through the CLI: hold-etiquette (a hold gets a
reason and thanks on return) and long-silence (a silence nobody announced). Calls are written the
way ASR writes them: lowercase, no punctuation, phrases split over segments, with timestamps."""

from __future__ import annotations

import json

import pytest

from conftest import write

HOLD_RULES = ("--select", "hold-etiquette", "--select", "long-silence")
BACK = (("agent", 40.0, 41.0, "спасибо"), ("agent", 41.2, 42.5, "вам за ожидание"))  # thanks split by ASR
NO_THANKS = (("agent", 40.0, 42.0, "ваш заказ передан в доставку"),)


def asr_call(call_id: str, *parts) -> dict:
    """A JSON call from (speaker, start, end, text) segments."""
    return {"call_id": call_id, "utterances": [{"speaker": s, "start": a, "end": b, "text": t}
                                               for s, a, b, t in parts]}


def what(record) -> str:
    """A violation in short: which rule, and for hold-etiquette what was missing."""
    if record["rule"] == "long-silence":
        return "silence"
    return "reason" if "не объяснив причину" in record["message"] else "thanks"


def check(cli, tmp_path, calls, *args) -> dict[str, list[tuple[str, str]]]:
    """call id → (what, text) of each hold violation, for calls checked as one JSON Lines file."""
    write(tmp_path / "calls.jsonl", "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in calls))
    result = cli("check", "calls.jsonl", *HOLD_RULES, "-f", "jsonl", *args)
    records = result.records()
    assert records and records[-1]["record"] == "summary", result.out + result.err
    found: dict[str, list[tuple[str, str]]] = {c["call_id"]: [] for c in calls}
    for record in records:
        if record["record"] == "violation":
            found[record["call_id"]].append((what(record), record["text"]))
    return found


ANNOUNCEMENTS = [  # as said, and the words the violation points at
    ("секунду пожалуйста", "секунду"),
    ("минуту", "минуту"),
    ("сейчас минутку", "минутку"),
    ("2 минуты", "2 минуты"),
    ("одну секундочку", "одну секундочку"),
    ("минуту подождите", "минуту подождите"),
    ("подождите одну минуту", "подождите одну минуту"),
    ("1 минуту", "1 минуту"),
    ("пару минут", "пару минут"),
    ("подождите", "подождите"),
    ("оставайтесь на линии", "оставайтесь на линии"),
    ("на линии оставайтесь", "на линии оставайтесь"),
    ("не кладите трубку", "не кладите трубку"),
    ("трубку не кладите", "трубку не кладите"),
]


def test_a_hold_is_announced_in_any_word_order_with_words_or_digits(cli, tmp_path):
    # no reason and no thanks: hold-etiquette flags both; the silence was announced: long-silence does not
    calls = [asr_call(f"a{n}", ("agent", 0.0, 2.0, said), ("client", 2.4, 2.8, "угу"), *NO_THANKS)
             for n, (said, _) in enumerate(ANNOUNCEMENTS)]
    found = check(cli, tmp_path, calls)
    assert [found[f"a{n}"] for n in range(len(ANNOUNCEMENTS))] == [
        [("reason", text), ("thanks", text)] for _, text in ANNOUNCEMENTS]


def test_words_that_only_sound_like_a_hold_are_none(cli, tmp_path):
    calls = [
        asr_call("goes-on", ("agent", 0.0, 1.5, "одну минуту"), ("agent", 1.8, 4.0, "а какой у вас адрес"),
                 ("client", 4.5, 6.0, "ленина пять"), ("agent", 6.5, 8.0, "записала")),
        asr_call("minutes-left", ("agent", 0.0, 2.5, "у вас осталось двести минут"), ("client", 3.0, 3.5, "понятно"),
                 ("agent", 4.0, 5.0, "что-нибудь ещё")),
        asr_call("later", ("agent", 0.0, 3.0, "через пару минут каналы должны появиться"),
                 ("client", 18.0, 19.0, "да появились")),
        asr_call("your-time", ("agent", 0.0, 3.0, "вы можете уделить мне пару минут"), ("client", 3.5, 4.0, "да")),
        asr_call("router", ("agent", 0.0, 5.0, "отключите на десять секунд и подождите пока загорятся индикаторы"),
                 ("client", 40.0, 41.0, "всё загорелись")),
    ]
    # «через пару минут» announces no hold: the silence after it is an unannounced one
    assert check(cli, tmp_path, calls) == {**{c["call_id"]: [] for c in calls}, "later": [("silence", "")]}


def test_the_agents_silence_confirms_a_hold_and_the_clients_backchannels_do_not_end_it(cli, tmp_path):
    calls = [
        asr_call("backchannels", ("agent", 0.0, 1.0, "минуту"), ("client", 1.5, 2.0, "угу"),
                 ("client", 15.0, 16.0, "хорошо жду"), *BACK),
        asr_call("client-talks", ("agent", 0.0, 1.0, "одну минуту"),
                 ("client", 1.5, 12.0, "а ещё у меня телевизор не показывает второй день"),
                 ("agent", 12.5, 14.0, "понятно сейчас посмотрим")),
        asr_call("fifteen", ("agent", 0.0, 1.0, "одну минуту"), ("agent", 16.0, 18.0, "ваш договор активен")),
    ]
    assert check(cli, tmp_path, calls) == {"backchannels": [("reason", "минуту")], "client-talks": [],
                                           "fifteen": [("reason", "одну минуту"), ("thanks", "одну минуту")]}
    write(tmp_path / "phrasecheck.yaml", "options:\n  hold-etiquette: {pause: 20}\n")
    assert check(cli, tmp_path, calls)["fifteen"] == []  # 15 s is no hold now


def test_without_timestamps_every_announcement_is_a_hold_and_a_bare_minute_is_none(cli, tmp_path):
    write(tmp_path / "hold.txt", "оператор: одну минуту\nклиент: хорошо\nоператор: договор активен\n")
    write(tmp_path / "tariff.txt", "оператор: у вас осталось сто минут\nклиент: понятно\n")
    write(tmp_path / "checking.txt", "оператор: сейчас проверю\nоператор: договор активен\n")
    result = cli("check", "hold.txt", "tariff.txt", "checking.txt", *HOLD_RULES, "-f", "json")
    report = result.json()
    assert [(v["path"], what(v), v["text"]) for v in report["violations"]] == [
        ("hold.txt", "reason", "одну минуту"), ("hold.txt", "thanks", "одну минуту")]
    assert report["summary"]["skipped"] == {"long-silence": 3}  # it needs start and end times


def test_an_unannounced_silence_is_a_long_silence_and_no_hold(cli, tmp_path):
    calls = [
        asr_call("client-waits", ("client", 0.0, 3.0, "у меня не работает интернет"),
                 ("agent", 16.0, 18.0, "ваш договор активен")),
        asr_call("agent-goes-quiet", ("agent", 0.0, 1.0, "так"), ("client", 1.5, 2.0, "угу"),
                 ("agent", 20.0, 22.0, "ваш договор активен")),
        asr_call("announced", ("agent", 0.0, 2.0, "секунду я уточню"), ("client", 2.4, 2.8, "угу"), *BACK),
        asr_call("hold-over", ("agent", 0.0, 2.0, "секунду я уточню"), ("client", 2.4, 2.8, "угу"),
                 ("agent", 15.0, 17.0, "спасибо за ожидание вижу ваш заказ"), ("client", 17.5, 18.0, "и что"),
                 ("agent", 35.0, 37.0, "он в пути")),
    ]
    assert check(cli, tmp_path, calls) == {"client-waits": [("silence", "")], "agent-goes-quiet": [("silence", "")],
                                           "announced": [], "hold-over": [("silence", "")]}


def test_the_reason_may_come_before_or_after_the_announcement_or_announce_the_hold_alone(cli, tmp_path):
    calls = [
        asr_call("before", ("agent", 0.0, 2.5, "сейчас посмотрю ваш заказ секунду"), *BACK),
        asr_call("after", ("agent", 0.0, 1.0, "секунду"), ("agent", 1.2, 2.5, "я уточню"), *BACK),
        asr_call("alone", ("agent", 0.0, 1.5, "сейчас проверю"), ("client", 2.0, 2.5, "ага"), *BACK),
        asr_call("alone-no-thanks", ("agent", 0.0, 1.5, "сейчас проверю"), *NO_THANKS),
        asr_call("need-to", ("agent", 0.0, 1.5, "мне нужно уточнить"), *NO_THANKS),
        asr_call("promise", ("agent", 0.0, 1.5, "я проверю и перезвоню"), ("client", 2.0, 3.0, "хорошо спасибо"),
                 ("agent", 3.5, 4.5, "всего доброго")),
    ]
    assert check(cli, tmp_path, calls) == {
        "before": [], "after": [], "alone": [], "alone-no-thanks": [("thanks", "сейчас проверю")],
        "need-to": [("thanks", "мне нужно уточнить")], "promise": []}


@pytest.mark.parametrize("thanks, found", [
    (("спасибо", "вам за ожидание"), []),
    (("благодарю за", "ожидание"), []),
    (("спасибо что", "дождались"), []),
    (("спасибо большое что", "подождали"), []),
    (("извините за", "долгое ожидание"), []),
    (("простите что заставила", "вас ждать"), []),
    (("так", "вижу ваш заказ"), [("thanks", "одну минуту")]),
])
def test_thanks_on_return_may_be_split_over_segments(cli, tmp_path, thanks, found):
    first, second = thanks
    calls = [asr_call("c", ("agent", 0.0, 2.0, "одну минуту я уточню"), ("client", 2.5, 3.0, "угу"),
                      ("agent", 40.0, 41.0, first), ("agent", 41.2, 42.5, second))]
    assert check(cli, tmp_path, calls) == {"c": found}


def test_thanks_may_come_within_the_agents_next_three_turns(cli, tmp_path):
    hold = (("agent", 0.0, 2.0, "одну минуту я уточню"), ("client", 2.5, 3.0, "угу"))
    turns = [("agent", 40.0, 41.0, "алло"), ("client", 41.5, 42.0, "да"), ("agent", 42.5, 43.0, "вы тут"),
             ("client", 43.5, 44.0, "да да"), ("agent", 44.5, 45.0, "так"), ("client", 45.5, 46.0, "ну"),
             ("agent", 46.5, 48.0, "спасибо за ожидание")]
    calls = [asr_call("third", *hold, *turns[2:]), asr_call("fourth", *hold, *turns)]
    assert check(cli, tmp_path, calls) == {"third": [], "fourth": [("thanks", "одну минуту")]}


def test_a_transfer_is_no_hold_and_the_silence_after_it_is_excused(cli, tmp_path):
    specialist = ("agent", 40.0, 42.0, "технический отдел добрый день слушаю вас")
    calls = [
        asr_call("transfer", ("agent", 0.0, 3.0, "перевожу вас на технический отдел"), specialist),
        asr_call("connect", ("agent", 0.0, 3.0, "соединяю вас со специалистом"), ("client", 3.5, 4.0, "хорошо"),
                 specialist),
        asr_call("switch", ("agent", 0.0, 1.0, "одну минуту"), ("agent", 1.2, 3.0, "переключаю на коллегу"),
                 specialist),
        # «переведу на тариф» moves the client to a tariff, not to a colleague: a hold,
        # its reason given (what the agent is doing), its thanks missing
        asr_call("tariff", ("agent", 0.0, 3.0, "одну минуту переведу вас на тариф максимум"), *NO_THANKS),
    ]
    assert check(cli, tmp_path, calls) == {"transfer": [], "connect": [], "switch": [],
                                           "tariff": [("thanks", "одну минуту")]}
