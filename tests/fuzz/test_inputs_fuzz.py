"""Fuzzing what phrasecheck reads: transcripts (headers, labels, timestamps, encodings,
damaged bytes), JSON and JSON Lines (any structure, odd numbers, deep nesting,
surrogates) and call metadata. The readers are fuzzed directly, in bulk; the CLI
gets many generated files in one run, and must then exit 0, 1 or 2 with no
traceback and a complete, well-formed report."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from phrasecheck.readers import ReaderOptions, ReadError, Source, read_source
from phrasecheck.readers import metadata as call_metadata
from phrasecheck.readers.decoding import decode

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = ReaderOptions()
SPEECH = st.text(alphabet=st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюя АЛЛОминуточку,.!?-:#*[]<>\t"),
                 max_size=60)
ODD_TEXT = st.text(max_size=40)  # any code point but surrogates: controls, RTL marks, emoji
LABEL = st.sampled_from(["Оператор", "Клиент", "оператор ", "SPEAKER_00", "Менеджер", "Абонент", "Кто-то"])
STAMP = st.one_of(st.just(""), st.from_regex(r"\[\d{1,2}:\d{2}(:\d{2})?([.,]\d{1,30})?\] ", fullmatch=True))
HEADER_KEY = st.sampled_from(["call_id", "agent", "started_at", "rings", "answer_delay", "direction", "partial",
                              "ended_by", "company", "company_aliases", "phrasecheck", "x"])
META_VALUE = st.one_of(ODD_TEXT, st.sampled_from(["inf", "-1", "nan", "1e309", "9" * 500, "0001-01-01T00:00:00+14:00",
                                                  "9999-12-31T23:59:59Z", "2026-05-16T10:00:00", "outbound", "both"]))


@st.composite
def transcripts(draw) -> str:
    """A text transcript or script: headers, labelled and unlabelled lines, comments, markup."""
    lines = [f"# {draw(HEADER_KEY)}: {draw(META_VALUE)}" for _ in range(draw(st.integers(0, 3)))]
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 4))
        if kind <= 1:
            lines.append(f"{draw(STAMP)}{draw(LABEL)}: {draw(SPEECH)}")
        elif kind == 2:
            lines.append(draw(SPEECH))
        elif kind == 3:
            lines.append(draw(st.sampled_from(["", "```", "<!-- phrasecheck: disable allo -->", "# comment",
                                               "- item", "> quote", "|---|", "<!--"])))
        else:
            lines.append(draw(ODD_TEXT))
    return draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)


def encoded(draw, text: str) -> bytes:
    """The text in one of the encodings met in the wild, maybe with a few damaged bytes."""
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16"]))
    data = bytearray(text.encode(encoding, errors="replace"))
    for _ in range(draw(st.integers(0, 3)) if data else 0):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0x80, 0xFF))
    return bytes(data)


def calls_of(path) -> list:
    """Everything a file yields; only ReadError may be raised."""
    try:
        return list(read_source(Source(str(path)), OPTIONS))
    except ReadError as exc:
        return [exc]


@given(st.data(), st.lists(transcripts(), min_size=1, max_size=8))
def test_text_transcripts_read_or_say_why(tmp_path_factory, data, texts):
    folder = tmp_path_factory.mktemp("texts")
    for number, text in enumerate(texts):
        suffix = ".md" if number % 3 == 2 else ".txt"
        path = folder / f"t{number}{suffix}"
        path.write_bytes(encoded(data.draw, text))
        for call in calls_of(path):
            if isinstance(call, ReadError):
                continue
            assert_positions_hold(call, path)
            assert_metadata_is_sane(call.metadata)


def assert_positions_hold(call, path) -> None:
    """In a text file every utterance's first line starts where the call says it does."""
    if not str(path).endswith(".txt") or any("«\ufffd»" in note for note in call.notes):
        return
    source = decode(path.read_bytes()).text
    lines = re.split(r"\r\n|\r|\n", source)
    for utterance in call.utterances:
        first = utterance.text.split("\n")[0]
        line, column = utterance.position(0)
        assert lines[line - 1][column - 1:].startswith(first), (utterance, lines[line - 1])


def assert_metadata_is_sane(meta: dict) -> None:
    if "rings" in meta:
        assert isinstance(meta["rings"], int) and 0 <= meta["rings"] <= 1000
    if "answer_delay" in meta:
        assert 0 <= meta["answer_delay"] <= 86400
    if "started_at" in meta:
        assert meta["started_at"].tzinfo is not None and 1900 <= meta["started_at"].year <= 2199


@given(st.text(alphabet=st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщыьэюя .,!"), min_size=40, max_size=300),
       st.lists(st.integers(0, 10_000), min_size=1, max_size=3), st.sampled_from([b"\xff", b"\xd0", b"\x80\x80"]))
def test_utf8_with_a_few_bad_bytes_is_never_read_as_cp1251(text, places, bad):
    data = bytearray(text.encode("utf-8"))
    for place in places:
        data[place % len(data):place % len(data)] = bad
    decoded = decode(bytes(data), replace_damage=True)
    assert decoded.encoding == "utf-8" and decoded.damaged
    assert "invalid UTF-8 at byte offset" in decoded.note()


@given(st.text(alphabet=st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЫЬЭЮЯ"
                                        " .,!?«»№–—…"), min_size=20, max_size=300).filter(lambda t: sum(
                                            c.isalpha() for c in t) >= 10))
def test_a_genuine_cp1251_text_still_reads_as_one(text):
    assert decode(text.encode("cp1251")).encoding == "cp1251"


# --- JSON and JSON Lines ---------------------------------------------------------------------

NUMBER_TEXT = st.sampled_from(["1e309", "-1e309", "NaN", "Infinity", "9" * 5000, "9" * 400, "-0", "1e-400",
                               "0.5", "12", "3.0", '"12"'])
SCALAR_TEXT = st.one_of(NUMBER_TEXT, st.sampled_from(['"\\ud800"', '"\\udc80x"', '"\\ud83d\\ude00"', "true",
                                                      "null", '"agent"', '"client"', '""']),
                        ODD_TEXT.map(lambda s: json.dumps(s)))


def json_text(depth: int = 0) -> st.SearchStrategy[str]:
    """JSON as text (so that numbers no Python float holds can be written), call-shaped or not."""
    if depth > 3:
        return SCALAR_TEXT
    inner = st.deferred(lambda: json_text(depth + 1))
    keys = st.sampled_from(["utterances", "segments", "speaker", "text", "start", "end", "call_id", "agent",
                            "rings", "answer_delay", "started_at", "company_aliases", "partial", "\\ud800"])
    return st.one_of(
        SCALAR_TEXT,
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(keys, inner, max_size=5).map(
            lambda d: "{" + ", ".join(f'"{k}": {v}' for k, v in d.items()) + "}"),
        st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    )


CALL_TEXT = st.builds(lambda utterances, extra: '{"utterances": [' + ", ".join(utterances) + "]" + extra + "}",
                      st.lists(st.builds(lambda sp, tx, st_: f'{{"speaker": {sp}, "text": {tx}, "start": {st_}}}',
                                         st.sampled_from(['"agent"', '"client"', '"SPEAKER_00"', "0", "[]"]),
                                         st.one_of(SPEECH.map(json.dumps), SCALAR_TEXT), NUMBER_TEXT),
                               max_size=4),
                      st.sampled_from(["", ', "call_id": "x"', ', "answer_delay": 1e309', ', "rings": ' + "9" * 900,
                                       ', "started_at": "0001-01-01T00:00:00Z"']))
LINE = st.one_of(CALL_TEXT, json_text(), st.text(max_size=30).filter(lambda s: "\n" not in s and "\r" not in s))


@given(st.lists(LINE, min_size=1, max_size=25))
def test_every_jsonl_line_is_one_call_or_one_located_error(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("jsonl") / "calls.jsonl"
    path.write_bytes(b"\n".join(line.encode("utf-8", errors="surrogatepass") for line in lines) + b"\n")
    got = calls_of(path)
    expected = [n for n, line in enumerate(lines, 1) if line.encode("utf-8", errors="surrogatepass").strip()]
    assert len(got) == len(expected)  # each line: a call or an error, and no line lost or doubled
    for number, item in zip(expected, got):
        assert (item.line == number) if item.line is not None else isinstance(item, ReadError)
        if not isinstance(item, ReadError):
            assert_metadata_is_sane(item.metadata)
            "".join(u.text for u in item.utterances).encode("utf-8")  # no lone surrogate left


@given(st.lists(st.one_of(CALL_TEXT, json_text()), max_size=6))
def test_json_documents_read_or_say_why(tmp_path_factory, items):
    folder = tmp_path_factory.mktemp("json")
    (folder / "list.json").write_text("[" + ", ".join(items) + "]", encoding="utf-8")
    for path in [folder / "list.json"] + [folder / f"one{n}.json" for n in range(len(items))]:
        if path.name != "list.json":
            path.write_text(items[int(path.stem[3:])], encoding="utf-8")
        ids = [c.call_id for c in calls_of(path) if not isinstance(c, ReadError)]
        assert len(ids) == len(set(ids))  # two calls never share an id in one file


@given(st.dictionaries(st.sampled_from(["rings", "answer_delay", "started_at", "direction", "partial", "ended_by",
                                        "company_aliases", "agent", "call_id"]),
                       st.one_of(META_VALUE, st.integers(), st.floats(), st.booleans(), st.none(),
                                 st.lists(ODD_TEXT, max_size=3), st.dictionaries(ODD_TEXT, ODD_TEXT, max_size=2))))
def test_metadata_values_are_checked_never_crash(meta):
    from datetime import timezone

    from phrasecheck.model import Call

    for zone in (None, timezone.utc):
        call = call_metadata.check(Call("x.json", [], metadata=dict(meta)), ReaderOptions(timezone=zone))
        assert_metadata_is_sane(call.metadata)


# --- the CLI over a batch of generated files ------------------------------------------------

# each example is two CLI runs: a tenth of the examples, and no shrinking (a failure shows its files as drawn)
@settings(max_examples=max(2, settings.default.max_examples // 10),
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(st.data())
def test_a_batch_of_generated_files_ends_in_a_complete_report(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("batch")
    files = 0
    for number in range(data.draw(st.integers(5, 25))):
        kind = number % 3
        if kind == 0:
            (folder / f"f{number}.txt").write_bytes(encoded(data.draw, data.draw(transcripts())))
        elif kind == 1:
            lines = data.draw(st.lists(LINE, min_size=1, max_size=8))
            (folder / f"f{number}.jsonl").write_bytes("\n".join(lines).encode("utf-8", errors="surrogatepass"))
        else:
            (folder / f"f{number}.json").write_text(data.draw(st.one_of(CALL_TEXT, json_text())), encoding="utf-8")
        files += 1
    jobs = str(random.Random(files).choice([1, 2]))
    report = folder / "report.jsonl"
    proc = run(["check", str(folder), "-f", "jsonl", "-o", str(report), "-q", "--no-gitignore", "--jobs", jobs,
                "--tz", "America/New_York"], folder)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1, 2), proc.stderr
    # JSON Lines are split at "\n" only: U+2028 or U+0085 may stand unescaped inside a string
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").split("\n") if line]
    summary = records[-1]
    assert summary["record"] == "summary" and summary["files"] == files and not summary["partial"]
    assert summary["calls"] == sum(r["record"] == "call" for r in records)
    assert summary["unreadable"] == sum(r["record"] == "error" for r in records)
    assert (proc.returncode == 2) == (summary["unreadable"] > 0)
    rebuilt = run(["report", str(report), "-f", "json", "--fail-on", "never"], folder)
    assert rebuilt.returncode == (2 if summary["unreadable"] else 0), rebuilt.stderr
    again = json.loads(rebuilt.stdout)["summary"]
    # a file that gave no call, violation or error (a blank JSONL file) leaves no record to count it by
    assert again.pop("files") <= summary["files"]
    assert again == {k: v for k, v in summary.items() if k not in ("record", "tool", "version", "files")}


def run(args: list[str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "phrasecheck", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
                          timeout=300)
