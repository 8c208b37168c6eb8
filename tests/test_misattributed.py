"""Words speech recognition put in the wrong speaker's channel, through the CLI:
the other side's line checks and answers are theirs, not the channel's."""

from __future__ import annotations

import json

from conftest import write


def whisperx(call_id: str, *segments) -> dict:
    """A WhisperX-style call: (speaker label, start, end, text) segments."""
    return {"call_id": call_id, "agent": "Ольга", "company": "Мегалинк", "client": "Тамара Ивановна",
            "segments": [{"speaker": who, "start": start, "end": end, "text": text}
                         for who, start, end, text in segments]}


def findings(cli, tmp_path, *calls, rules="allo,gendered-address,blames-listener,dont-worry") -> dict:
    for call in calls:
        write(tmp_path / f"{call['call_id']}.json", json.dumps(call, ensure_ascii=False))
    selected = [arg for rule in rules.split(",") for arg in ("--select", rule)]
    result = cli("check", ".", "--format", "jsonl", *selected,
                 "--speaker-map", "SPEAKER_00=agent", "--speaker-map", "SPEAKER_01=client")
    assert result.code in (0, 1), result.err
    found: dict = {call["call_id"]: [] for call in calls}
    for line in result.out.splitlines():
        record = json.loads(line)
        if record["record"] == "violation":
            found[record["call_id"]].append((record["rule"], record["utterance"], record["speaker"]))
    return found


AGENT, CLIENT = "SPEAKER_00", "SPEAKER_01"


def test_a_line_check_right_after_ones_own_words_is_the_other_sides(cli, tmp_path):
    found = findings(
        cli, tmp_path,
        whisperx("merged", (AGENT, 0.4, 3.0, "мегалинк ольга добрый день"), (CLIENT, 3.5, 5.0, "здравствуйте"),
                 (AGENT, 13.9, 15.5, "тамара ивановна какой новый адрес"),
                 (AGENT, 15.8, 17.7, "алло девушка вы меня слышите"), (AGENT, 17.9, 19.0, "да слышу говорите"),
                 (CLIENT, 19.6, 21.5, "проспект мира 112")),
        # the agent checks the line after the client has fallen silent: the agent's own «алло»
        whisperx("own", (AGENT, 0.4, 3.0, "мегалинк ольга добрый день"), (CLIENT, 3.5, 5.0, "здравствуйте"),
                 (AGENT, 5.5, 7.0, "тамара ивановна какой новый адрес"),
                 (AGENT, 12.0, 13.5, "алло девушка вы меня слышите")),
        # the line breaks: «алло» after the client's words, then «вас не слышно»
        whisperx("broken", (AGENT, 0.4, 3.0, "мегалинк ольга добрый день"), (CLIENT, 3.5, 5.0, "улица лесная"),
                 (AGENT, 8.0, 8.6, "алло"), (AGENT, 8.9, 10.2, "тамара ивановна вас не слышно")))
    assert found == {
        "merged": [],
        "own": [("allo", 3, "agent"), ("gendered-address", 3, "agent"), ("blames-listener", 3, "agent")],
        "broken": [("allo", 2, "agent")]}


def test_a_line_check_opening_the_call_and_running_into_a_greeting_is_the_callers(cli, tmp_path):
    found = findings(
        cli, tmp_path,
        whisperx("caller", (AGENT, 0.98, 1.85, "алло алло"),
                 (AGENT, 2.05, 4.94, "добрый день мегалинк меня зовут ольга чем могу помочь"),
                 (CLIENT, 5.3, 7.0, "здравствуйте у меня вопрос")),
        whisperx("answered-so", (AGENT, 0.98, 1.85, "алло"), (CLIENT, 2.3, 3.0, "алло здравствуйте"),
                 (AGENT, 3.4, 5.0, "слушаю вас")))
    assert found == {"caller": [], "answered-so": [("allo", 0, "agent")]}


def test_an_answer_to_ones_own_question_is_the_other_sides(cli, tmp_path):
    found = findings(
        cli, tmp_path,
        whisperx("answer", (AGENT, 0.5, 3.0, "добрый день мегалинк ольга"),
                 (CLIENT, 3.5, 9.5, "а почему не 80 тысяч я же считал у меня осталось 80 тысяч"),
                 (AGENT, 8.0, 8.4, "угу"),
                 (CLIENT, 9.8, 11.4, "не переживайте сейчас всё объясню"),
                 (AGENT, 12.0, 15.0, "в сумму входят проценты за месяц")),
        # the client goes on with their own story: no question before it
        whisperx("story", (AGENT, 0.5, 3.0, "добрый день мегалинк ольга"),
                 (CLIENT, 3.5, 6.0, "у меня тут с кредитом история"),
                 (CLIENT, 6.3, 8.0, "давайте я вам всё объясню по порядку")),
        # the agent answered first: the client's words after that are the client's
        whisperx("after-reply", (AGENT, 0.5, 3.0, "добрый день мегалинк ольга"),
                 (CLIENT, 3.5, 5.0, "а почему так дорого"), (AGENT, 5.2, 6.0, "смотрите"),
                 (CLIENT, 6.2, 8.0, "не переживайте сейчас объясню почему спрашиваю")),
        rules="dont-worry")
    assert found == {"answer": [("dont-worry", 3, "agent")], "story": [], "after-reply": []}


def test_a_transcript_without_times_keeps_its_speakers(cli, tmp_path):
    write(tmp_path / "call.txt", "Оператор: Какой новый адрес?\nОператор: Алло, девушка, вы меня слышите?\n")
    result = cli("check", "call.txt", "--format", "jsonl", "--select", "allo")
    assert [json.loads(line)["rule"] for line in result.out.splitlines()
            if json.loads(line)["record"] == "violation"] == ["allo"]


def test_a_broken_section_is_a_located_error(cli, tmp_path):
    write(tmp_path / "pack.yaml", "pack: {name: mine}\nmisattributed:\n  line_checks:\n    cues: [алло]\n"
                                  "rules:\n  - {id: x, type: forbidden, message: m, phrases: [алло]}\n")
    result = cli("rules", "validate", "pack.yaml")
    assert result.code == 1
    assert result.out == "pack.yaml:4:5: «line_checks»: missing required key «words»\n1 problem found\n"
