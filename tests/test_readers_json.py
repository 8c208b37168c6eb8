"""JSON calls, JSON Lines and Whisper/WhisperX output, read from real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phrasecheck.model import Call
from phrasecheck.inputs import expand
from phrasecheck.readers import ReaderOptions, ReadError, Source, default_speakers, read_calls
from phrasecheck.readers import jsonlines

FIXTURES = Path(__file__).parent / "fixtures" / "json"
WHISPER_MAP = ReaderOptions(speakers={**default_speakers(), "speaker_00": "agent", "speaker_01": "client"})


def read_all(path, options=None):
    """Calls and per-call errors in file order, the way the engine consumes them."""
    return list(read_calls(str(path), options or ReaderOptions()))


def write(tmp_path, name, content, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


def jsonl(*items):
    return "".join((item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)) + "\n"
                   for item in items)


def one_utterance(speaker="agent", **extra):
    return {"utterances": [{"speaker": speaker, "text": "Добрый день!", **extra}]}


# --- .json: one call -------------------------------------------------------------------------

def test_json_call_reads_roles_texts_times_and_metadata():
    [call] = read_all(FIXTURES / "call.json")
    assert call.call_id == "2026-05-16-0002"
    assert call.is_script is False
    assert [u.speaker for u in call.utterances] == ["agent", "client", "agent"]
    assert call.utterances[0].text == "Добрый вечер, компания ТОМТЕЛ, меня зовут Игорь."
    assert [(u.start, u.end) for u in call.utterances] == [(0.6, 4.2), (4.5, 5.1), (None, None)]
    assert [u.index for u in call.utterances] == [0, 1, 2]
    assert call.utterances[2].text == ""  # an empty turn is kept, indices stay as in the file
    # JSON gives no column for words: they point at line 1, column 1 (plus index and start time).
    assert {(u.line, u.column) for u in call.utterances} == {(1, 1)}
    assert call.metadata["answer_delay"] == 4.0
    assert call.metadata["started_at"].isoformat() == "2026-05-16T17:05:00+03:00"  # checked: a real date
    assert call.metadata["queue"] == "retention"  # unknown keys are kept
    assert "utterances" not in call.metadata


def test_json_call_without_call_id_is_named_after_the_file(tmp_path):
    path = write(tmp_path, "evening-call.json", json.dumps(one_utterance()))
    [call] = read_all(path)
    assert call.call_id == "evening-call"
    assert call.path == str(path)


def test_json_in_windows_1251_is_read(tmp_path):
    [call] = read_all(FIXTURES / "cp1251.json")
    assert call.call_id == "cp-1"
    assert call.metadata["agent"] == "Анастасия"
    assert [u.speaker for u in call.utterances] == ["agent", "client"]  # Оператор / Клиент
    assert call.utterances[1].text == "Добрый день, у меня вопрос по счёту."


def test_json_with_forced_encoding(tmp_path):
    path = write(tmp_path, "forced.json", json.dumps(one_utterance(), ensure_ascii=False), encoding="cp1251")
    [call] = read_all(path, ReaderOptions(encoding="cp1251"))
    assert call.utterances[0].text == "Добрый день!"


def test_json_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "broken.json", '{"call_id": "x",\n "utterances": [\n  {"speaker": "agent",}\n]}')
    with pytest.raises(ReadError) as caught:
        read_all(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith("line 3: not valid JSON")


def test_list_of_calls_in_one_json_file_skips_only_the_bad_one(tmp_path):
    calls = [one_utterance(), {"call_id": "mid", "utterances": "oops"}, one_utterance("client")]
    out = read_all(write(tmp_path, "batch.json", json.dumps(calls)))
    assert isinstance(out[0], Call) and isinstance(out[2], Call)
    assert [out[0].call_id, out[2].call_id] == ["batch#1", "batch#3"]
    assert out[2].utterances[0].speaker == "client"
    assert isinstance(out[1], ReadError)
    assert "call 2 of the list" in str(out[1]) and "«utterances» must be a list" in str(out[1])


# --- Whisper / WhisperX ------------------------------------------------------------------------

def test_whisperx_segments_with_mapped_speakers():
    [call] = read_all(FIXTURES / "whisperx.json", WHISPER_MAP)
    assert call.call_id == "whisperx"
    assert [u.speaker for u in call.utterances] == ["agent", "client", "agent"]
    # Text is kept exactly, Whisper's leading space too (offsets into it must stay valid).
    assert call.utterances[0].text == " добрый день компания томтел меня зовут анна чем могу помочь"
    assert [u.start for u in call.utterances] == [0.0, 3.4, 5.2]
    assert call.utterances[2].end == 7.9
    assert call.metadata == {"language": "ru"}  # segments (and their words) are speech, not metadata


def test_unmapped_speaker_label_is_an_error_naming_it_and_how_to_map_it():
    options = ReaderOptions(speakers={**default_speakers(), "speaker_00": "agent"})  # SPEAKER_01 left out
    with pytest.raises(ReadError) as caught:
        read_all(FIXTURES / "whisperx.json", options)
    message = str(caught.value)
    assert "«SPEAKER_01» is not mapped to agent or client" in message
    assert "--speaker-map SPEAKER_01=agent" in message and "speakers:" in message
    assert message.startswith("segment 1:")


def test_numeric_channel_labels_are_mapped_as_text(tmp_path):
    doc = {"segments": [{"speaker": 0, "text": "алло"}, {"speaker": "1", "text": "да"},
                        {"speaker": "  ОПЕРАТОР  ", "text": "слушаю"}]}
    options = ReaderOptions(speakers={**default_speakers(), "0": "client", "1": "agent"})
    [call] = read_all(write(tmp_path, "channels.json", json.dumps(doc, ensure_ascii=False)), options)
    assert [u.speaker for u in call.utterances] == ["client", "agent", "agent"]


def test_unmapped_number_label_is_not_guessed(tmp_path):
    path = write(tmp_path, "channels.json", json.dumps({"segments": [{"speaker": 2, "text": "алло"}]}))
    with pytest.raises(ReadError, match="speaker «2» is not mapped"):
        read_all(path)


def test_segment_without_speaker_is_an_error_not_a_guess(tmp_path):
    doc = {"text": "алло да", "segments": [{"start": 0, "end": 1, "text": "алло"}]}
    with pytest.raises(ReadError, match="segment 0 has no «speaker».*cannot be guessed"):
        read_all(write(tmp_path, "plain-whisper.json", json.dumps(doc)))


@pytest.mark.parametrize("utterance, complaint", [
    ({"speaker": "agent"}, "utterance 0: «text» must be a string, not null"),
    ({"speaker": "agent", "text": 42}, "«text» must be a string, not a number"),
    ({"speaker": "agent", "text": "x", "start": -1}, "«start» must be a number of seconds ≥ 0, not -1"),
    ({"speaker": "agent", "text": "x", "end": "4.2"}, '«end» must be a number of seconds ≥ 0, not "4.2"'),
    ({"speaker": "agent", "text": "x", "start": True}, "«start» must be a number"),
    ({"speaker": True, "text": "x"}, "«speaker» must be a label or a number"),
    ("agent: hi", "utterance 0 must be a JSON object, not a string"),
])
def test_bad_utterance_fields_are_reported(tmp_path, utterance, complaint):
    path = write(tmp_path, "bad.json", json.dumps({"utterances": [utterance]}))
    with pytest.raises(ReadError) as caught:
        read_all(path)
    assert complaint in str(caught.value)


def test_not_a_call_object(tmp_path):
    with pytest.raises(ReadError, match="no «utterances» list"):
        read_all(write(tmp_path, "meta.json", '{"call_id": "x"}'))
    with pytest.raises(ReadError, match="must be a JSON object, not a string"):
        read_all(write(tmp_path, "str.json", '"hello"'))


# --- .jsonl ------------------------------------------------------------------------------------

def test_jsonl_broken_line_is_reported_and_the_rest_are_read():
    out = read_all(FIXTURES / "calls.jsonl")
    assert len(out) == 4
    first, second, error, fourth = out
    assert [c.call_id for c in (first, second, fourth)] == ["c-1", "calls:2", "c-4"]
    assert [c.line for c in (first, second, fourth)] == [1, 2, 4]
    assert fourth.utterances[0].line == 4 and fourth.utterances[0].column == 1
    assert fourth.utterances[0].speaker == "agent"  # «Оператор» is a default label
    assert second.utterances[0].text == "Алло?" and second.utterances[0].start == 1.0
    assert isinstance(error, ReadError)
    assert error.line == 3
    assert str(error).startswith("line 3: not valid JSON")


def test_jsonl_call_missing_utterances(tmp_path):
    path = write(tmp_path, "day.jsonl", jsonl(one_utterance(), {"call_id": "no-speech", "rings": 2},
                                              one_utterance("client")))
    out = read_all(path)
    assert [type(x).__name__ for x in out] == ["Call", "ReadError", "Call"]
    assert out[1].line == 2
    assert str(out[1]) == "line 2: no «utterances» list (nor Whisper «segments»)"
    assert out[2].line == 3 and out[2].call_id == "day:3"


def test_jsonl_unmapped_speaker_fails_only_that_call(tmp_path):
    path = write(tmp_path, "day.jsonl", jsonl(one_utterance("SPEAKER_02"), one_utterance()))
    error, call = read_all(path)
    assert isinstance(error, ReadError) and error.line == 1
    assert "«SPEAKER_02» is not mapped" in str(error) and "--speaker-map SPEAKER_02=agent" in str(error)
    assert call.line == 2 and call.utterances[0].speaker == "agent"


def test_jsonl_blank_lines_bom_and_crlf(tmp_path):
    body = jsonl(one_utterance(), "", "   ", {**one_utterance("client"), "call_id": 17}).replace("\n", "\r\n")
    path = write(tmp_path, "export.jsonl", b"\xef\xbb\xbf" + body.encode("utf-8"))
    first, second = read_all(path)
    assert (first.line, first.call_id) == (1, "export:1")
    assert (second.line, second.call_id) == (4, "17")  # blank lines still count
    assert second.utterances[0].text == "Добрый день!"


def test_jsonl_line_that_is_not_utf8_or_not_an_object(tmp_path):
    bad = json.dumps(one_utterance(), ensure_ascii=False).encode("cp1251") + b"\n"
    path = write(tmp_path, "mixed.jsonl", bad + b"[1, 2]\n" + jsonl(one_utterance()).encode())
    not_utf8, not_object, call = read_all(path)
    assert not_utf8.line == 1 and "not UTF-8" in str(not_utf8)
    assert not_object.line == 2 and "must be a JSON object, not a list" in str(not_object)
    assert call.line == 3


def test_jsonl_in_utf16_is_refused_once(tmp_path):
    path = write(tmp_path, "wide.jsonl", jsonl(one_utterance(), one_utterance()), encoding="utf-16")
    with pytest.raises(ReadError, match="must be UTF-8; this file is UTF-16"):
        read_all(path)


def test_jsonl_first_call_comes_out_before_a_later_error(tmp_path):
    path = write(tmp_path, "stream.jsonl", jsonl(one_utterance(), "{not json"))
    calls = jsonlines.read(Source(str(path)), ReaderOptions())
    first = next(calls)
    assert isinstance(first, Call) and first.line == 1
    second = next(calls)
    assert isinstance(second, ReadError) and second.line == 2


def test_jsonl_is_read_incrementally_not_whole(tmp_path):
    """Only line 1 exists when the first call is asked for; line 2 is written after it.
    A reader that slurped the file at the start would never see line 2."""
    path = tmp_path / "live.jsonl"
    path.write_text(jsonl(one_utterance()), encoding="utf-8")
    calls = read_calls(str(path), ReaderOptions())
    first = next(calls)
    with open(path, "a", encoding="utf-8") as out:
        out.write(jsonl(one_utterance("client")))
    rest = list(calls)
    assert first.utterances[0].speaker == "agent"
    assert [c.utterances[0].speaker for c in rest] == ["client"]


# --- finding the files -------------------------------------------------------------------------

def test_folders_yield_json_and_jsonl_files(tmp_path):
    for name in ("a.json", "b.jsonl", "c.txt", "d.csv"):
        write(tmp_path, name, "")
    assert [Path(p).name for p in expand([str(tmp_path)])] == ["a.json", "b.jsonl", "c.txt"]
