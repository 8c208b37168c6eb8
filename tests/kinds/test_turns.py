"""Turns: phrases are found across one speaker's consecutive segments, never across speakers,
and findings still point at the source of their first word."""

from __future__ import annotations

import json

from conftest import PHRASES_ONLY, write


def segments(*parts, **metadata):
    """A JSON call from (speaker, start, end, text) tuples."""
    utterances = [{"speaker": s, "start": a, "end": b, "text": t} for s, a, b, t in parts]
    return json.dumps({"call_id": "c1", **metadata, "utterances": utterances}, ensure_ascii=False)


def records(cli, *args):
    result = cli("check", *args, "-f", "jsonl")
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert lines and lines[-1]["record"] == "summary", result.err
    return [r for r in lines if r["record"] == "violation"], [r for r in lines if r["record"] == "call"]


def test_a_phrase_split_over_two_segments_is_found_and_points_at_its_first_word(cli, tmp_path):
    write(tmp_path / "call.jsonl", segments(
        ("agent", 0.0, 1.5, "добрый день вы"), ("agent", 1.6, 2.4, "ошибаетесь это не так"),
        ("client", 2.6, 3.0, "ну да")) + "\n")
    found, _ = records(cli, *PHRASES_ONLY, "call.jsonl")
    assert [(r["rule"], r["utterance"], r["text"], r["start"], r["line"]) for r in found] == [
        ("you-are-wrong", 0, "вы ошибаетесь", 0.0, 1)]


def test_a_phrase_is_never_matched_across_speakers(cli, tmp_path):
    write(tmp_path / "call.jsonl", segments(
        ("agent", 0.0, 1.0, "скажите пожалуйста вы"), ("client", 1.1, 2.0, "ошибаетесь"),
        ("agent", 2.2, 3.0, "хорошо")) + "\n")
    found, _ = records(cli, *PHRASES_ONLY, "call.jsonl")
    assert found == []


def test_a_long_pause_ends_the_turn(cli, tmp_path):
    # «вы» … 20 s … «ошибаетесь»: two turns, so no phrase spans them
    write(tmp_path / "call.jsonl", segments(
        ("agent", 0.0, 1.0, "подскажите вы"), ("agent", 21.0, 22.0, "ошибаетесь в номере")) + "\n")
    found, _ = records(cli, *PHRASES_ONLY, "call.jsonl")
    assert found == []


def test_text_transcript_lines_of_one_speaker_join_and_keep_their_line_and_column(cli, tmp_path):
    write(tmp_path / "call.txt", "Клиент: здравствуйте\nОператор: ну что вы\nОператор: ошибаетесь конечно\n")
    found, _ = records(cli, *PHRASES_ONLY, "call.txt")
    assert [(r["rule"], r["line"], r["column"], r["utterance"], r["text"]) for r in found] == [
        ("you-are-wrong", 2, 18, 1, "вы ошибаетесь")]


def test_closing_thanks_split_over_segments_counts(cli, tmp_path):
    opening = [("agent", 0.0, 3.0, "добрый день компания томтел меня зовут анна чем могу помочь"),
               ("client", 3.2, 5.0, "подскажите баланс"), ("agent", 5.2, 7.0, "баланс двести рублей")]
    split = segments(*opening, ("agent", 7.2, 8.0, "спасибо вам что"), ("agent", 8.1, 8.6, "позвонили хорошего"),
                     ("agent", 8.7, 9.0, "дня"), agent="Анна", company="ТОМТЕЛ")
    missing = segments(*opening, ("agent", 7.2, 8.0, "ну ладно пока"), agent="Анна", company="ТОМТЕЛ")
    write(tmp_path / "calls.jsonl", split + "\n" + missing + "\n")
    found, calls = records(cli, "calls.jsonl", "--select", "closing-thanks")
    # the thanks and the wish are two parts of the closing, each missing one reported
    assert [(r["line"], r["rule"], r["utterance"]) for r in found] == [(2, "closing-thanks", 3)] * 2
    assert len(calls) == 2


def test_thanks_split_across_lines_after_a_hold_counts(cli, tmp_path):
    hold = [("agent", 0.0, 2.0, "одну минуту я уточню ваш договор"), ("client", 2.2, 2.6, "угу")]
    split = segments(*hold, ("agent", 40.0, 40.6, "спасибо"), ("agent", 40.7, 41.5, "вам за ожидание"))
    none = segments(*hold, ("agent", 40.0, 41.0, "договор активен"))
    write(tmp_path / "calls.jsonl", split + "\n" + none + "\n")
    found, _ = records(cli, "calls.jsonl", "--select", "hold-etiquette")
    assert [(r["line"], r["utterance"], r["text"]) for r in found] == [(2, 0, "одну минуту")]


def test_scripts_lines_are_separate_turns(cli, tmp_path):
    # a script's lines are written, not recognised: a phrase does not run from one line into the next
    write(tmp_path / "script.md", "Скажите, правильно ли вы\n\nошибаетесь ли вы в этом сомневаться нельзя\n")
    found, _ = records(cli, *PHRASES_ONLY, "script.md")
    assert [r["rule"] for r in found if r["rule"] == "you-are-wrong"] == []
