"""The fast way of reading JSON Lines gives what the exact way gives, for any line.

A line is decoded by msgspec (readers/fastjson.py) unless it may hold what only json
reads, or reads its own way; and the usual utterance is made without its checks
(jsoncall._utterances). Both are compared here with the exact way on generated lines,
well-formed or broken: NaN and Infinity, integers of any length, floats spelt every
way, lone and paired surrogate escapes, keys given twice, BOMs, control characters,
deep nesting, damaged bytes; and on utterances of every odd shape. The call read, or
the message saying why not, must be the same to the byte."""

from __future__ import annotations

import json

from hypothesis import example, given, settings
from hypothesis import strategies as st

from phrasecheck.readers import ReaderOptions, default_speakers, fastjson, jsoncall, jsonlines
from phrasecheck.readers.jsoncall import Invalid

OPTIONS = ReaderOptions(speakers={**default_speakers(), "speaker_00": "agent", "12": "client", "true": "agent"})
MANY = settings(max_examples=settings.default.max_examples * 5)
RARELY = st.sampled_from([False] * 9 + [True])  # not st.integers(0, 9) == 0: hypothesis draws 0 often

# --- JSON written every way its grammar allows, and some ways it does not -------------------

VALID_NUMBER = st.one_of(
    st.integers().map(str),
    st.integers(-2 ** 70, 2 ** 70).map(str),
    st.sampled_from([str(2 ** 63), str(-2 ** 63 - 1), str(2 ** 64), "-0", "0", "9" * 4299, "9" * 4300,
                     "-" + "9" * 4299, "1e-400", "2.4703282292062327e-324", "1.7976931348623157e308",
                     "1.7976931348623159e308", "0." + "3" * 800, "-0.0", "1E+2"]),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.from_regex(r"-?(0|[1-9][0-9]{0,25})(\.[0-9]{1,30})?([eE][-+]?[0-9]{1,3})?", fullmatch=True),
)
# What json reads and msgspec does not, or json reads its own way, or neither reads.
ODD_NUMBER = st.sampled_from(["9" * 4301, "-" + "9" * 4300, "1e309", "-1e309", "1" + "0" * 400 + ".0", "NaN",
                              "Infinity", "-Infinity", "1.", ".5", "01", "+1", "0x10", "1e", "-"])
VALID_PART = st.one_of(
    st.text(max_size=8).map(lambda s: json.dumps(s, ensure_ascii=False)[1:-1]),
    st.text(max_size=4).map(lambda s: json.dumps(s)[1:-1]),
    st.integers(0, 0xFFFF).filter(lambda n: not 0xD800 <= n < 0xE000).map(lambda n: f"\\u{n:04x}"),
    st.sampled_from(["\\/", "\\\\", '\\"', "\\b\\f\\n\\r\\t", "\x7f", "\u2028", "\\ud83d\\ude00",
                     "\\uDBFF\\uDFFF"]),
)
# Lone surrogates (an escape of either half, in either order), bad escapes, raw control characters.
ODD_PART = st.one_of(st.integers(0xD780, 0xE080).map(lambda n: f"\\u{n:04{'x' if n % 2 else 'X'}}"),
                     st.sampled_from(["\\x", "\\u12", "\t", "\x00", "\\"]))
SPACE = st.sampled_from(["", "", " ", "\t", "\r", "\n", " \r\n "])
ODD_SPACE = st.sampled_from(["\x0c", "\u00a0", "\x0b"])


def string(odd: bool) -> st.SearchStrategy[str]:
    part = st.one_of(VALID_PART, VALID_PART, VALID_PART, ODD_PART) if odd else VALID_PART
    return st.lists(part, max_size=5).map(lambda parts: '"' + "".join(parts) + '"')


def value(depth: int = 0, odd: bool = True) -> st.SearchStrategy[str]:
    """JSON text: valid; or with `odd` also, now and then, what only json reads or nothing reads."""
    number = st.one_of(VALID_NUMBER, VALID_NUMBER, VALID_NUMBER, ODD_NUMBER) if odd else VALID_NUMBER
    words = ["null", "true", "false"] + (["nul", "True"] if odd else [])
    scalar = st.one_of(number, string(odd), st.sampled_from(words))
    if depth > 3:
        return scalar
    inner = st.deferred(lambda: value(depth + 1, odd))
    space = st.one_of(SPACE, SPACE, SPACE, ODD_SPACE) if odd else SPACE
    key = st.one_of(st.sampled_from(['"utterances"', '"segments"', '"speaker"', '"text"', '"start"', '"end"',
                                     '"call_id"', '"rings"', '"started_at"', '"a"', '"a"', '"\\u0061"']),
                    string(odd))
    member = st.builds(lambda s1, k, s2, v: f"{s1}{k}{s2}:{s1}{v}", space, key, space, inner)
    trailing = st.sampled_from(["", "", "", "", "", ","] if odd else [""])
    return st.one_of(
        scalar,
        st.builds(lambda items, s, end: "[" + f",{s}".join(items) + end + "]", st.lists(inner, max_size=4), space,
                  trailing),
        st.builds(lambda members, s, end: "{" + f",{s}".join(members) + end + "}", st.lists(member, max_size=4),
                  space, trailing),
    )


@st.composite
def lines(draw) -> bytes:
    """A line of a JSON Lines file as its bytes: JSON, maybe odd, maybe nested deep, maybe damaged."""
    odd = draw(st.booleans())
    text = draw(SPACE) + draw(value(odd=odd)) + draw(SPACE)
    if odd:
        depth = draw(st.sampled_from([0, 0, 0, 498, 499, 500, 501, 990, 993, 994, 995, 996, 997, 998, 1030]))
        text = "[" * depth + text + "]" * depth
    data = bytearray(text.encode("utf-8", errors="surrogatepass"))
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 3])) if odd and data else 0):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if odd and draw(RARELY):
        data[:0] = b"\xef\xbb\xbf"
    if odd and draw(RARELY):
        del data[draw(st.integers(0, len(data))):]
    return bytes(data) + draw(st.sampled_from([b"\n", b"\r\n", b""]))


def typed(item):
    """A decoded value with its types spelt out: 1 ≠ 1.0 ≠ True, -0.0 ≠ 0.0, nan = nan, key order kept."""
    if type(item) is dict:
        return "dict", tuple((key, typed(v)) for key, v in item.items())
    if type(item) is list:
        return "list", tuple(typed(v) for v in item)
    return type(item).__name__, repr(item)


def exactly(raw: bytes):
    """What the exact way decodes a line to; None where it refuses it, or reads it otherwise than as written."""
    try:
        item, replaced = jsoncall.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # json.JSONDecodeError and Invalid are ValueErrors
        return None
    return None if replaced else typed(item)


@MANY
@given(lines())
@example(b'{"a": 1, "b": 2, "a": 3}\n')  # json keeps the last value, at the first key's place
@example(b'{"start": 18446744073709551616, "end": -9223372036854775809}')  # no float: ints
@example(b'["\\ud83d\\ude00", "\\ud800", "\\udc00\\ud800"]')
@example(b"[" * 996 + b"]" * 996)
def test_msgspec_decodes_a_line_as_json_does_or_leaves_it_to_json(raw):
    fast = fastjson.loads(raw)
    if fast is not fastjson.UNSURE:
        assert typed(fast) == exactly(raw)


@MANY
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                    | st.text(), lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner,
                                                                                           max_size=4),
                    max_leaves=30),
       st.booleans())
def test_msgspec_decodes_every_line_json_writes(item, ascii_only):
    """Not vacuous: the lines an export holds do go the fast way."""
    raw = json.dumps(item, ensure_ascii=ascii_only).encode("utf-8")
    assert typed(fastjson.loads(raw)) == typed(item)


# --- whole calls: the fast way against json's -------------------------------------------------

LABELS = ['"agent"', '"client"', '"Оператор"', '" оператор "', '"SPEAKER_00"', '"speaker_00"', '"SPEAKER_01"', '""',
          '"  "', "12", "12.0", "-0", "true", "null", "[]", '{"a": 1}']
SECONDS = ["null", "0", "0.0", "-0.0", "-0", "1.5", "-1.5", "1e308", "9" * 400, '"1.5"', "true", "[1]"]


@st.composite
def entries(draw, odd: bool) -> str:
    """An utterance (a segment) as JSON text, usually an object with the usual fields, any of them odd."""
    if draw(RARELY):
        return draw(value(2, odd))  # no object at all
    text = string(odd)
    usual_label = st.sampled_from(['"agent"', '"client"', '"Клиент"', '"SPEAKER_00"'])
    label = st.one_of(usual_label, usual_label, st.sampled_from(LABELS + (["1e400", "NaN"] if odd else [])), text)
    usual_seconds = st.floats(0, 1e6).map(repr)
    seconds = st.one_of(usual_seconds, usual_seconds, VALID_NUMBER,
                        st.sampled_from(SECONDS + (["1e309", "NaN", "-Infinity", "9" * 4301] if odd else [])))
    usual = [f'"speaker": {draw(label)}', f'"text": {draw(text)}', f'"start": {draw(seconds)}',
             f'"end": {draw(seconds)}']
    fields = [usual[i] for i in sorted(draw(st.sets(st.integers(0, 3))))] if draw(RARELY) else usual
    fields += [f"{draw(key)}: {draw(v)}" for key, v in draw(st.lists(st.sampled_from([
        (st.just('"speaker"'), label), (st.just('"text"'), value(3, odd)), (st.just('"start"'), seconds),
        (st.sampled_from(['"words"', '"a"']), value(2, odd))]), max_size=2))]
    return "{" + ", ".join(draw(st.permutations(fields))) + "}"


@st.composite
def call_lines(draw) -> bytes:
    """A call as a JSON Lines line: valid JSON, or now and then with what only json reads or nothing reads."""
    odd = draw(st.booleans())
    key = draw(st.sampled_from(['"utterances"', '"utterances"', '"segments"']))
    speech = "[" + ", ".join(draw(st.lists(entries(odd), max_size=6))) + "]"
    if draw(RARELY):
        speech = draw(value(1, odd))
    meta_key = st.sampled_from(['"call_id"', '"agent"', '"rings"', '"started_at"', '"x"', '"call_id"'] * 5
                               + ['"segments"'])
    meta = draw(st.lists(st.tuples(meta_key, value(2, odd)), max_size=3))
    members = [f"{key}: {speech}"] + [f"{k}: {v}" for k, v in meta]
    text = "{" + ", ".join(draw(st.permutations(members))) + "}"
    return text.encode("utf-8", errors="surrogatepass") + b"\n"


def outcome(read, raw: bytes) -> str:
    """The call a way of reading makes of a line (all its fields), or what it says is wrong."""
    try:
        call = read(raw, "/x/day.jsonl", "day:7", OPTIONS, 7)
    except Invalid as exc:
        return f"Invalid: {exc}"
    except Exception as exc:  # a bug: the report says «internal error (…)», from its type and first line
        return f"{type(exc).__name__}: {str(exc).splitlines()[:1]}"
    return "none" if call is None else repr(call)


@MANY
@given(st.one_of(call_lines(), lines()))
@example(b'{"utterances": [{"speaker": "agent", "text": "a", "start": 1e400}]}\n')
@example(b'{"utterances": [{"speaker": 12, "text": "a"}, {"speaker": "12", "text": "b", "end": 0}]}\n')
def test_a_line_read_the_fast_way_is_the_call_json_makes_of_it(raw):
    fast = outcome(jsonlines._fast_call, raw)
    if fast != "none":
        assert fast == outcome(jsonlines._call, raw)


PY_LABEL = st.one_of(st.sampled_from(["agent", "client", "Оператор", " оператор ", "SPEAKER_00", "speaker_00",
                                       "SPEAKER_01", "", "  ", 12, 12.0, -0.0, 10 ** 400, float("nan"), True, "True",
                                       None, [], {"a": 1}]), st.text(max_size=6))
PY_SECONDS = st.one_of(st.none(), st.floats(), st.integers(), st.sampled_from([
    float("inf"), float("-inf"), float("nan"), -0.0, -1.0, -5e-324, 5e-324, 1e308, 0, 10 ** 400, -10 ** 400, True,
    "1.5", [1]]))
PY_TEXT = st.one_of(st.text(max_size=8), st.none(), st.integers(), st.just(["a"]))
PY_ENTRY = st.one_of(
    st.fixed_dictionaries({}, optional={"speaker": PY_LABEL, "text": PY_TEXT, "start": PY_SECONDS,
                                        "end": PY_SECONDS, "words": st.just([{}])}),
    st.sampled_from([None, "agent", 1, [], [{"speaker": "agent", "text": "a"}]]))
ODD_TIMES = st.sampled_from([None, float("inf"), float("-inf"), float("nan"), -0.0, -1.0, -5e-324, 5e-324, 1e308, 0,
                             1, 10 ** 400, True, False, "1.5", [1]])
ODD_FIELD = {"speaker": PY_LABEL, "text": PY_TEXT, "start": ODD_TIMES, "end": ODD_TIMES}


@st.composite
def speech(draw) -> list:
    """Utterances as json decodes them: the first of each label read before the others, which
    are usual, or usual but for one odd field (where made at once and checked part), or anything."""
    labels = draw(st.lists(st.sampled_from(["agent", "Оператор", "Клиент", "True", 12]), min_size=1, unique=True))
    entries = [{"speaker": label, "text": "a"} for label in labels]
    for _ in range(draw(st.integers(0, 8))):
        if draw(RARELY):
            entries.append(draw(PY_ENTRY))
            continue
        entry = {"speaker": draw(st.sampled_from(labels)), "text": "a", "start": draw(st.floats(0, 1e6)),
                 "end": draw(st.floats(0, 1e6))}
        odd = draw(st.sampled_from([None, "speaker", "text", "start", "end"]))
        if odd:
            entry[odd] = draw(ODD_FIELD[odd])
        entries.append(entry)
    return entries


def each_checked(entries: list, noun: str, options: ReaderOptions, line: int) -> list:
    """The exact way: every entry through all of `_utterance`'s checks."""
    return [jsoncall._utterance(index, entry, noun, options, line) for index, entry in enumerate(entries)]


@settings(max_examples=settings.default.max_examples * 10)
@given(speech(), st.sampled_from(["utterance", "segment"]))
@example([{"speaker": "True", "text": "a"}, {"speaker": True, "text": "a"}], "utterance")
def test_the_usual_utterance_made_at_once_is_the_one_every_check_makes(entries, noun):
    results = []
    for make in (jsoncall._utterances, each_checked):
        try:
            results.append(repr(make(entries, noun, OPTIONS, 3)))
        except Exception as exc:  # Invalid, or the bug a user would be told of: the same either way
            results.append(f"{type(exc).__name__}: {exc}")
    assert results[0] == results[1]
