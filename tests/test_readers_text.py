"""Plain-text and Markdown transcripts and scripts, in every encoding met in practice."""

from __future__ import annotations

import pytest

from conftest import PHRASES_ONLY, write

CALL = "# call_id: enc-1\nОператор: Добрый день. Подождите минуточку, пожалуйста.\n"


@pytest.mark.parametrize("encoding, prefix", [
    ("utf-8", b""),
    ("utf-8", b"\xef\xbb\xbf"),
    ("cp1251", b""),
    ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"),
])
def test_every_encoding_is_read_without_a_flag(cli, tmp_path, encoding, prefix):
    (tmp_path / "c.txt").write_bytes(prefix + CALL.encode(encoding))
    records = cli("check", *PHRASES_ONLY, "c.txt", "-f", "jsonl").jsonl()
    assert [(r["call_id"], r["text"], r["line"], r["column"]) for r in records] == [
        ("enc-1", "минуточку", 2, 34)]


def test_encoding_can_be_forced(cli, tmp_path):
    text = "Оператор: Минуточку.\n"
    (tmp_path / "c.txt").write_bytes(text.encode("koi8-r"))
    records = cli("check", *PHRASES_ONLY, "c.txt", "-f", "jsonl", "--encoding", "koi8-r").jsonl()
    assert [r["text"] for r in records] == ["Минуточку"]
    wrong = cli("check", *PHRASES_ONLY, "c.txt", "--encoding", "no-such-codec")
    assert wrong.code == 2 and "unknown encoding" in wrong.out


def test_undecodable_file_is_unreadable_with_a_reason(cli, tmp_path):
    (tmp_path / "bad.txt").write_bytes(bytes(range(0x80, 0xA0)) * 20)
    result = cli("check", *PHRASES_ONLY, "bad.txt")
    assert result.code == 2
    assert "bad.txt: unreadable: not UTF-8, UTF-16 or Windows-1251 text" in result.out


def test_headers_timestamps_labels_and_continuation_lines(cli, tmp_path):
    write(tmp_path / "c.txt", (
        "# call_id: 77\n# direction: inbound\n# custom_key: kept\n"
        "[01:02] оператор: Здравствуйте.\n"
        "[1:00:03.5] АБОНЕНТ: Минуточку, алло.\n"
        "Менеджер:Одну минуту,\n"
        "    подождите минуточку\n"
        "\n"
        "  и звоночек.\n"
    ))
    records = cli("check", *PHRASES_ONLY, "c.txt", "-f", "jsonl").jsonl()
    assert [(r["text"], r["line"], r["column"], r["utterance"], r["start"], r["speaker"]) for r in records] == [
        ("минуточку", 7, 15, 2, None, "agent"),
        ("звоночек", 9, 5, 2, None, "agent"),
    ]
    assert records[0]["call_id"] == "77"


def test_markdown_script_markup_is_not_speech_but_positions_are_the_sources(cli, tmp_path):
    write(tmp_path / "script.md", (
        "# Алло: как не надо\n"
        "\n"
        "Текст скрипта **минуточку** и `паспортик`.\n"
        "- Пункт: *трубочка*\n"
        "<!-- комментарий: алло -->\n"
        "```\nалло в коде\n```\n"
        "> Цитата: звоночек\n"
    ))
    records = cli("check", *PHRASES_ONLY, "script.md", "-f", "jsonl").jsonl()
    assert [(r["text"], r["line"], r["column"]) for r in records] == [
        ("минуточку", 3, 17), ("паспортик", 3, 32), ("трубочка", 4, 11), ("звоночек", 9, 11)]
    assert {r["speaker"] for r in records} == {"agent"}


def test_text_script_comment_lines_are_not_speech(cli, tmp_path):
    write(tmp_path / "script.txt", "# title: скрипт\nОдну минуту, пожалуйста.\n# не говорите «минуточку»\nЗвоночек.\n")
    records = cli("check", *PHRASES_ONLY, "script.txt", "-f", "jsonl").jsonl()
    assert [(r["text"], r["line"]) for r in records] == [("Звоночек", 4)]


def test_crlf_line_endings_keep_line_numbers(cli, tmp_path):
    (tmp_path / "c.txt").write_bytes("Оператор: Добрый день.\r\nКлиент: Да.\r\nОператор: Минуточку.\r\n".encode())
    records = cli("check", *PHRASES_ONLY, "c.txt", "-f", "jsonl").jsonl()
    assert [(r["line"], r["column"], r["utterance"]) for r in records] == [(3, 11, 2)]
