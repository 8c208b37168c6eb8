"""A JSON Lines record is written byte for byte as json.dumps(record,
ensure_ascii=False) wrote it (line breaks escaped, UTF-8, a lone surrogate as
its escape), whether orjson writes it or, for what orjson writes otherwise,
json.dumps: random records shaped like the report's, with every kind of text
and number."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from phrasecheck.reporters.jsonline import encode, encode_all, plain

LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
NASTY = ["\x00", "\x1f", "\x7f", "\x85", "\u2028", "\u2029", '"', "\\", '\\"', "/", "\n\r\t\b\f", "null", "1e-7",
         "e-", "0.0000", ", ", ": ", "{}", "[]", "\ufeff", "\u202e", "😀", "Алло, минуточку"]


def rarely(common, rare):
    """Mostly `common`, one time in about twenty `rare`."""
    return st.tuples(common, st.integers(0, 20), rare).map(lambda drawn: drawn[2] if drawn[1] == 7 else drawn[0])


# Mostly values orjson writes as json.dumps does, sometimes one it does not (a lone surrogate,
# NaN, 1e-7, an integer beyond 64 bits, a key that is no string): either way the bytes must be the same.
PLAIN_TEXT = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)), max_size=4).map("".join)
SURROGATES = st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=2)
TEXT = rarely(PLAIN_TEXT, st.tuples(PLAIN_TEXT, SURROGATES).map("".join))
FLOATS = rarely(st.one_of(
    st.integers(-10**9, 10**9).map(lambda n: n / 10),  # like scores and times: 94.0, 12.3
    st.floats(min_value=1e-4, max_value=1e308) | st.floats(min_value=-1e308, max_value=-1e-4),
    st.sampled_from([94.0, 123456789.123, 0.0, -0.0, 1e-4, 1e15, 9999999999999998.0, 1e16, 1.5e16, 1e22,
                     1.7976931348623157e308])),
    st.one_of(st.floats(), st.sampled_from([1e-7, 9.999999999999999e-05, 1e-05, 2.5e-6, 1e-300, 5e-324,
                                            float("nan"), float("inf"), float("-inf")])))
INTS = rarely(st.one_of(st.integers(-(2**63), 2**64 - 1), st.sampled_from([0, -1, 2**53 + 1, 2**63, 2**64 - 1])),
              st.sampled_from([2**64, -(2**63) - 1, 10**30, -(10**30)]))
LEAVES = st.one_of(st.none(), st.booleans(), INTS, FLOATS, TEXT)
VALUES = st.recursive(LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                      max_leaves=20)
RECORDS = st.builds(lambda kind, fields: {"record": kind, **fields},
                    st.sampled_from(["violation", "call", "error", "summary"]),
                    st.dictionaries(st.one_of(st.text(max_size=10), TEXT), VALUES, max_size=6))
ODD_KEYS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT)


def written_before(record) -> bytes:
    """What the JSON Lines reporter wrote for a record: json.dumps, line breaks
    escaped, into a report file (UTF-8, a lone surrogate as its escape)."""
    return (json.dumps(record, ensure_ascii=False).translate(LINE_BREAKS) + "\n").encode("utf-8", "backslashreplace")


@settings(max_examples=600)
@given(RECORDS)
def test_a_record_is_written_as_json_dumps_wrote_it(record):
    assert encode(record) == plain(record) == written_before(record)


@settings(max_examples=300)
@given(st.lists(RECORDS, max_size=5))
def test_records_written_together_are_the_lines_json_dumps_wrote(records):
    assert encode_all(records) == b"".join(map(written_before, records))


@settings(max_examples=300)
@given(st.lists(st.fixed_dictionaries({"speaker": st.sampled_from(["agent", "client"]), "start": FLOATS,
                                       "end": st.one_of(st.none(), FLOATS), "text": TEXT, "line": INTS})))
def test_a_transcript_is_written_as_json_dumps_wrote_it(transcript):
    record = {"record": "call", "path": "calls.jsonl", "call_id": "c1", "score": 94.0, "transcript": transcript}
    assert encode(record) == written_before(record)


@settings(max_examples=200)
@given(st.dictionaries(ODD_KEYS, LEAVES, max_size=4))
def test_keys_that_are_no_strings_are_written_as_json_dumps_wrote_them(fields):
    record = {"record": "summary", "fields": fields}
    assert encode(record) == written_before(record)


def test_values_orjson_writes_otherwise_are_still_written_as_before():
    for value in [float("nan"), float("inf"), -float("inf"), 1e-7, 2.5e-5, 2**64, -(2**63) - 1, "\ud800",
                  {1: "a"}, {None: 1, True: 2, 1.5: 3}, (1, 2), [[[[]]]], "a\u2028b\x85c\u2029"]:
        record = {"record": "violation", "value": value, "fix": None}
        assert encode(record) == written_before(record), value
