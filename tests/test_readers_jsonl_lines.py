"""JSON Lines as exports write them, odd lines included, read through the CLI: a line
msgspec decodes and a line only json reads (NaN, Infinity, long integers, lone
surrogates, a BOM, deep nesting) give the calls, notes and messages they always gave."""

from __future__ import annotations

from conftest import run_cli

AGENT = '{"speaker": "agent", "text": "Добрый день, компания Ромашка, меня зовут Анна."}'
CLIENT = '{"speaker": "client", "text": "Здравствуйте."}'


def call(extra: str = "", utterances: tuple[str, ...] = (AGENT, CLIENT), key: str = "utterances") -> str:
    return f'{{"{key}": [{", ".join(utterances)}]{extra}}}'


def timed(start: str, end: str | None = None) -> str:
    return AGENT.replace("}", f', "start": {start}' + (f', "end": {end}}}' if end else "}"))


LINES = [
    call(', "call_id": "plain", "agent": "Анна"'),
    call(', "call_id": "nan-start"', (timed("NaN"), CLIENT)),
    call(', "call_id": "rings", "rings": 1000000000000000000000000000000'),
    call(', "call_id": 18446744073709551616'),  # no float can hold it: still the id as written
    call(', "call_id": "surrogate"', (AGENT.replace("Анна.", "Анна \\ud800."), CLIENT)),
    call(', "call_id": "first", "agent": "Олег", "call_id": "last"'),  # a key given twice: the last counts
    "\ufeff" + call(', "call_id": "bom-later"'),
    call(', "call_id": "delay", "answer_delay": Infinity'),
    "[1, 2]",
    call(', "call_id": "int-start"', (timed("0", "3"), CLIENT)),
    call(', "call_id": "digits", "rings": ' + "9" * 5000),
    "[" * 2000 + "]" * 2000,
    call(', "call_id": "comma",'),
    call(', "call_id": "control\tchar"'),
    call(', "call_id": "neg-zero"', (timed("-0.0", "-0"), CLIENT)),
    call(', "call_id": "huge-start"', (timed("1e400"), CLIENT)),
    call(', "call_id": "channel"', (AGENT.replace('"agent"', "0"), CLIENT.replace('"client"', "1"))),
    call(', "call_id": "deep-meta", "x": ' + "[" * 600 + "]" * 600),  # deeper than msgspec is asked to read
    call(', "call_id": "segments"', key="segments"),
    call(', "call_id": "big-end"', (AGENT.replace("}", ', "end": 18446744073709551616}'), CLIENT)),
    '{"call_id": "both", "utterances": [], "segments": []}',
    call(', "call_id": "unmapped"', (AGENT.replace('"agent"', '"SPEAKER_07"'), CLIENT)),
    "   ",
    call(', "call_id": "tags", "company_aliases": ["Ромашка", 18446744073709551616]'),
]
NOT_UTF8 = b'{"utterances": [{"speaker": "agent", "text": "\xff\xfe"}]}\n'

# What the report says of each line, as it said before msgspec read any of them.
CALLS = [
    (1, "plain", "Анна", []),
    (3, "rings", None, ["rings «1000000000000000000000000000000» is more than 1,000, which no call takes; "
                        "the checks that need it are skipped"]),
    (4, "18446744073709551616", None, []),
    (5, "surrogate", None, ["lone UTF-16 surrogates (\\uD800–\\uDFFF escapes) in the JSON are read as «\ufffd»"]),
    (6, "last", "Олег", []),
    (8, "delay", None, ["answer_delay «inf» is not a finite number; the checks that need it are skipped"]),
    (10, "int-start", None, []),
    (15, "neg-zero", None, []),
    (17, "channel", None, []),
    (18, "deep-meta", None, []),
    (19, "segments", None, []),
    (20, "big-end", None, []),
    (24, "tags", None, ["company_aliases «['Ромашка', 18446744073709551616]» is neither a list of names nor a "
                        "mapping of companies to their names; only the company's own name counts"]),
]
ERRORS = [
    "line 2: utterance 0: «start» must be a number of seconds ≥ 0, not NaN",
    "line 7: not valid JSON: expecting value (column 1)",
    "line 9: a call must be a JSON object, not a list",
    "line 11: not readable JSON: an integer of 5,000 digits (at most 4,300 can be read)",
    "line 12: not readable JSON: nested too deeply",
    "line 13: not valid JSON: expecting property name enclosed in double quotes (column 166)",
    "line 14: not valid JSON: invalid control character (column 166)",
    "line 16: utterance 0: «start» must be a number of seconds ≥ 0, not Infinity",
    "line 21: both «utterances» and «segments»: which is the speech is unclear",
    "line 22: utterance 0: speaker «SPEAKER_07» is not mapped to agent or client "
    "(use --speaker-map SPEAKER_07=agent or the config's speakers:)",
    "line 25: not UTF-8 (byte 47: invalid start byte); JSON Lines must be UTF-8",
]


def test_odd_lines_of_an_export_read_as_they_always_did(tmp_path):
    data = ("\ufeff" + "\n".join(LINES) + "\n").encode("utf-8", errors="surrogatepass") + NOT_UTF8
    (tmp_path / "odd.jsonl").write_bytes(data)
    result = run_cli("check", "odd.jsonl", "-f", "jsonl", "--speaker-map", "0=agent", "--speaker-map", "1=client",
                     cwd=tmp_path)
    assert result.code == 2, result.err
    records = result.records()
    calls = [(r["line"], r["call_id"], r["agent"], r["notes"]) for r in records if r["record"] == "call"]
    assert calls == CALLS
    assert [r["error"] for r in records if r["record"] == "error"] == ERRORS
    assert [f"odd.jsonl: unreadable: {error}" for error in ERRORS] == [
        line for line in result.err.splitlines() if "unreadable" in line]
    starts = {r["call_id"]: r["start"] for r in records if r["record"] == "violation" and r["utterance"] == 0}
    assert (starts["int-start"], repr(starts["neg-zero"]), starts["plain"]) == (0.0, "-0.0", None)
    contexts = {r["call_id"]: r["context"] for r in records if r["record"] == "violation"}
    assert contexts["surrogate"] == "Добрый день, компания Ромашка, меня зовут Анна \ufffd."


def test_a_long_export_reads_every_call_the_same_whichever_way_each_line_goes(tmp_path):
    """Lines alternate between those msgspec decodes and those left to json; each is its own call."""
    usual = [call(f', "call_id": "c{n}", "agent": "Анна"', (timed(f"{n}.5", f"{n + 1}.25"), CLIENT))
             for n in range(300)]
    odd = [call(f', "call_id": "c{n}", "agent": "Анна", "rings": NaN', (timed(f"{n}.5", f"{n + 1}.25"), CLIENT))
           for n in range(300)]
    lines = [usual[n] if n % 2 else odd[n] for n in range(300)]
    (tmp_path / "day.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = run_cli("check", "day.jsonl", "-f", "jsonl", "--jobs", "2", cwd=tmp_path).records()
    calls = [r for r in records if r["record"] == "call"]
    assert [r["call_id"] for r in calls] == [f"c{n}" for n in range(300)]
    assert [r["notes"] for r in calls] == [[] if n % 2 else ["rings «nan» is not a number ≥ 0; the checks that "
                                                             "need it are skipped"] for n in range(300)]
    starts = [r["start"] for r in records if r["record"] == "violation" and r["utterance"] == 0]
    assert starts and all(start % 1 == 0.5 for start in starts)
