"""The text reader reads every transcript, script and Markdown file as it did before it
was made faster (text_reader_before.py): the same utterances, where each piece of them
is in the file, the same headers, directives, ids and roles, to the character."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

import text_reader_before
from phrasecheck.readers import ReaderOptions, default_speakers, text
from test_inputs_fuzz import HEADER_KEY, LABEL, META_VALUE, ODD_TEXT, SPEECH, STAMP

OPTIONS = ReaderOptions(speakers={**default_speakers(), "speaker_00": "agent", "кто то": "client"})
LABELS = st.one_of(LABEL, st.sampled_from(["Кто  то", "КТО то ", "Кто то", "Кто-то", "SPEAKER_00"]))
DIRECTIVE = st.sampled_from(["# phrasecheck: disable-next-line allo", "#phrasecheck:enable", "# PhraseCheck: disable",
                             "<!-- phrasecheck: disable-line allo, hold -->", "<!-- phrasecheck: enable", "-->",
                             "# phrasecheck: disable-line allo > x", "<!--\nphrasecheck: disable -->"])
BREAK = st.sampled_from(["\n", "\r\n", "\r", "\n", "\n"])
# What splits a line for str.splitlines() but not for a transcript, and what str.isspace() takes for a space.
ODD_SPACE = st.sampled_from(["\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u00a0", "\u3000", " ", "\t"])


@st.composite
def documents(draw) -> str:
    """A transcript or script: headers, labelled lines and their continuations, comments, directives,
    Markdown, odd spaces and line breaks of every kind, mixed."""
    lines = [f"{draw(st.sampled_from(['', ' ', '#']))}# {draw(HEADER_KEY)}: {draw(META_VALUE)}"
             for _ in range(draw(st.integers(0, 3)))]
    for _ in range(draw(st.integers(0, 14))):
        kind = draw(st.integers(0, 6))
        if kind <= 2:
            line = f"{draw(ODD_SPACE) if draw(st.booleans()) else ''}{draw(STAMP)}{draw(LABELS)}:{draw(SPEECH)}"
        elif kind == 3:
            line = f"{draw(ODD_SPACE)}{draw(STAMP)}{draw(SPEECH)}"
        elif kind == 4:
            line = draw(st.one_of(DIRECTIVE, st.sampled_from(["", "  ", "```", "# comment", "- item", "> quote",
                                                                "|---|", "<!--", "1. step", "**bold**"])))
        elif kind == 5:
            line = f"{draw(LABELS)}: {draw(SPEECH)} {draw(DIRECTIVE)}"
        else:
            line = draw(ODD_TEXT)
        lines.append(line)
    return "".join(line + draw(BREAK) for line in lines)[:None if draw(st.booleans()) else -1]


def read(reader, source: str, markdown: bool) -> str:
    try:
        return repr(reader.parse(source, "/calls/day-1.txt", OPTIONS, markdown=markdown))
    except Exception as exc:  # a bug, which a user would be told of: the same either way
        return f"{type(exc).__name__}: {exc}"


@settings(max_examples=settings.default.max_examples * 10)
@given(documents(), st.booleans())
@example("# call_id: x\r\n[00:01] Оператор:  Алло\x0bда\r\n  ещё\rКлиент: # phrasecheck: disable allo\n", False)
@example("Оператор: <!-- phrasecheck: disable-line allo -->\n- один\n- два", True)
def test_every_text_reads_as_before(source, markdown):
    assert read(text, source, markdown) == read(text_reader_before, source, markdown)


def test_a_transcript_too_long_to_split_at_once_reads_as_before():
    """Past SPLIT_AT_ONCE characters lines are made one at a time, in bounded memory."""
    turns = ["[00:00:01.5] Оператор: Добрый день, компания «Ромашка», меня зовут Анна.",
             "   чем могу помочь? # phrasecheck: disable-line allo", "Клиент:алло, да\r\n  минуточку", "# note", "",
             "[1:02,25] КЛИЕНТ : спасибо\x0cдо свидания", "<!-- phrasecheck: disable -->"]
    body = "\n".join(turns * (text.SPLIT_AT_ONCE // sum(map(len, turns)) + 1))
    source = "# call_id: long\n# agent: Анна\n" + body
    assert len(source) > text.SPLIT_AT_ONCE
    for markdown in (False, True):
        assert read(text, source, markdown) == read(text_reader_before, source, markdown)
