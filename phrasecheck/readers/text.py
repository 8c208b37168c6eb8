"""Plain-text and Markdown dialogues and scripts (formats.md §1).

Markup is blanked out with spaces rather than removed, so every character of
speech keeps the line and column it has in the source file.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from itertools import islice
from typing import Iterable, Iterator

from ..model import AGENT, Call, Suppression, Utterance
from .base import ReaderOptions, Source, read_bytes, whole_file
from .decoding import decode

SUFFIXES = (".txt", ".md", ".markdown")
parts = whole_file  # a dialogue or a script is one call, read at once

# The value is up to its last non-space: a lazy «(.*?)\s*$» would be quadratic in a long run of spaces.
HEADER_RE = re.compile(r"^\s*#\s*([A-Za-z_][A-Za-z0-9_-]*)\s*:\s*((?:.*\S)?)\s*$")
TIMESTAMP = r"\[(?P<ts>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)\]"
LABELLED_RE = re.compile(
    rf"^(?P<lead>\s*(?:{TIMESTAMP}\s*)?)(?P<label>[^\W\d_][\w .-]{{0,40}}?)\s*:(?P<rest>.*)$"
)
BARE_TIMESTAMP_RE = re.compile(rf"^\s*{TIMESTAMP}\s*")
LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")

# Markdown: what is markup, never speech.
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_MD_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_MD_LIST = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])(\s+)")
_MD_QUOTE = re.compile(r"^(\s*>)+\s?")
_MD_TABLE_RULE = re.compile(r"^\s*(?:\|\s*)?:?-{3,}")  # not «\s*\|?\s*»: two runs of spaces backtrack quadratically
# A tag holds no «<», a link's target no «]»: else every unclosed «<» or «](» is searched to the line's end.
_MD_INLINE = re.compile(r"\]\([^)\]]*\)|<[^<>\n]*>|[*_`~\[\]]+")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# A directive's head; its rules are what follows up to «-->» (Markdown) or the end of the line (text),
# with no «>» in them, found by `_directives` without a regex that could search every head to the end.
_DIRECTIVE = r"phrasecheck:\s*(?P<action>disable-next-line|disable-line|disable|enable)\b"
_MD_DIRECTIVE = re.compile(rf"<!--\s*{_DIRECTIVE}", re.I)
_TEXT_DIRECTIVE = re.compile(rf"#\s*{_DIRECTIVE}", re.I)


def read(source: Source, options: ReaderOptions) -> Iterator[Call]:
    path = source.path
    data = read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    decoded = decode(data, options.encoding, replace_damage=True)
    del data  # only the text is needed from here: a large file is not held twice
    call = parse(decoded.text, path, options, markdown=is_markdown(path))
    call.digest = digest
    note = decoded.note()
    if note:
        call.notes.append(note)
    del decoded  # nor is its text held while the call is checked: the utterances have it
    yield call


def is_markdown(path: str) -> bool:
    return path.lower().endswith((".md", ".markdown"))


def parse(text: str, path: str, options: ReaderOptions, markdown: bool = False) -> Call:
    # A long text's lines are made as they are needed, pass after pass, never kept in
    # lists: a transcript of a million lines costs its text and its utterances, no more.
    # No line holds a directive if the whole text holds none: most never look for one.
    directives = (_MD_DIRECTIVE if markdown else _TEXT_DIRECTIVE).search(text) is not None
    suppressions = _suppressions(_lines(text), markdown) if directives else []
    metadata, first = _headers(_lines(text))
    speech_text = _blank_md_comments(text) if markdown and "<!--" in text else text
    roles: dict[str, str | None] = {}  # labels read so far → their role
    is_script = not any(_labelled(line, options, roles)
                        for line in islice(_speech(speech_text, markdown, directives), first, None))
    builder = _Builder()
    numbered = enumerate(zip(_lines(text), _speech(speech_text, markdown, directives)))
    for number, (raw, line) in islice(numbered, first, None):
        if not line or line.isspace():
            if is_script:
                builder.close()
            continue
        if is_script:
            if markdown and _MD_LIST.match(raw):
                builder.close()
            builder.add(AGENT, line, number + 1, 0, None)
            continue
        found = _labelled(line, options, roles)
        if found:
            role, offset, stamp = found
            builder.close()
            builder.add(role, line, number + 1, offset, stamp)
        elif builder.open:
            stamp_match = BARE_TIMESTAMP_RE.match(line)
            builder.add(None, line, number + 1, stamp_match.end() if stamp_match else 0, None)
    builder.close()
    call_id = metadata.get("call_id") or Path(path).stem
    return Call(path, builder.utterances, is_script, str(call_id), metadata, suppressions=suppressions)


# A text up to this long is split into its lines at once, in C; a longer one a line at a time.
SPLIT_AT_ONCE = 1 << 20  # characters


def _lines(text: str) -> Iterable[str]:
    """The lines of a text, whatever its line breaks."""
    if len(text) > SPLIT_AT_ONCE:
        return _each_line(text)
    return LINE_BREAK_RE.split(text) if "\r" in text else text.split("\n")


def _each_line(text: str) -> Iterator[str]:
    """The lines of a text, one at a time."""
    start = 0
    for match in LINE_BREAK_RE.finditer(text):
        yield text[start:match.start()]
        start = match.end()
    yield text[start:]


def _speech(text: str, markdown: bool, directives: bool = True) -> Iterator[str]:
    """The lines of a text with what is not speech blanked out (Markdown markup;
    comments in text files), line for line. `directives`: the text may hold some."""
    return _blank_markdown(_lines(text)) if markdown else _blank_comments(_lines(text), directives)


def _suppressions(lines: Iterable[str], markdown: bool) -> list[Suppression]:
    """`<!-- phrasecheck: … -->` in Markdown, `# phrasecheck: …` in text files."""
    found = []
    for number, line in enumerate(lines, 1):
        for start, action, rules_text in _directives(line, markdown):
            rules = tuple(r for r in re.split(r"[\s,]+", rules_text) if r)
            found.append(Suppression(number, start + 1, action.lower(), rules))
    return found


def _directives(line: str, markdown: bool):
    """(start, action, rules) of each directive in a line: `<!-- phrasecheck: … -->`,
    or `# phrasecheck: …` to the end of a text file's line. The rules run to the
    first «>» after the head, which must close the comment (Markdown) or not be
    there (text); that «>» is looked up once for all heads before it, so a line
    of unclosed heads costs no more than its length."""
    if not markdown:
        match = next((m for m in _TEXT_DIRECTIVE.finditer(line) if m.end() > line.rfind(">")), None)
        if match:
            yield match.start(), match.group("action"), line[match.end():].rstrip()
        return
    resume, closing = 0, -1
    for match in _MD_DIRECTIVE.finditer(line):
        if match.start() < resume:
            continue  # inside the directive just found
        if closing < match.end():
            closing = line.find(">", match.end())
            if closing < 0:
                return
        if closing - 2 >= match.end() and line[closing - 2:closing] == "--":
            yield match.start(), match.group("action"), line[match.end():closing - 2].rstrip()
            resume = closing + 1


def _headers(lines: Iterable[str]) -> tuple[dict[str, str], int]:
    """`# key: value` lines at the top of the file (blank lines between are fine)."""
    metadata: dict[str, str] = {}
    first = 0
    for number, line in enumerate(lines):
        match = HEADER_RE.match(line)
        if match and match.group(1).lower() == "phrasecheck":
            first = number + 1  # a suppression comment, not metadata
        elif match:
            metadata[match.group(1).lower()] = match.group(2)
            first = number + 1
        elif line.strip():
            break
    return metadata, first


def _labelled(line: str, options: ReaderOptions, roles: dict[str, str | None]):
    """(role, offset of the speech, timestamp) for a line opening an utterance.
    `roles`: the labels met so far and their role, filled as they are met."""
    match = LABELLED_RE.match(line)
    if not match:
        return None
    label, rest, stamp = match.group("label", "rest", "ts")
    role = roles.get(label, _UNSEEN)
    if role is _UNSEEN:
        role = roles[label] = options.speakers.get(" ".join(label.lower().split()))
    if role is None:
        return None
    # the speech runs to the line's end; it starts at its first non-space
    return role, len(line) - len(rest.lstrip()), _seconds(stamp)


_UNSEEN = object()  # what `roles` gives for a label not looked up yet


def _seconds(stamp: str | None) -> float | None:
    if not stamp:
        return None
    seconds = 0.0
    for part in (stamp.replace(",", ".") if "," in stamp else stamp).split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


class _Builder:
    """Collects source lines into utterances, remembering where each piece came from."""

    def __init__(self) -> None:
        self.utterances: list[Utterance] = []
        self.open = False
        self._pieces: list[str] = []
        self._segments: list[tuple[int, int, int]] = []
        self._length = 0  # of the text so far: the offset of the next piece
        self._role = AGENT
        self._start: float | None = None

    def add(self, role: str | None, line: str, number: int, offset: int, start: float | None) -> None:
        rest = line[offset:].rstrip()
        piece = rest.lstrip()
        lead = len(rest) - len(piece)
        if not piece:
            if role is not None:  # a label with nothing after it yet
                self._role, self._start, self.open = role, start, True
            return
        if role is not None and not self.open:
            self._role, self._start = role, start
        self._pieces.append(piece)
        self._segments.append((self._length, number, offset + lead + 1))
        self._length += len(piece) + 1
        self.open = True

    def close(self) -> None:
        if self._pieces:
            seg = self._segments
            # one line needs no map: its line and column say where every character is
            self.utterances.append(
                Utterance(len(self.utterances), self._role, "\n".join(self._pieces),
                          seg[0][1], seg[0][2], self._start, None, tuple(seg) if len(seg) > 1 else ())
            )
            self._pieces, self._segments, self._length = [], [], 0
        self.open, self._start = False, None


def _blank(text: str) -> str:
    return re.sub(r"[^\r\n]", " ", text)  # line breaks kept: every line stays where it was


def _blank_md_comments(text: str) -> str:
    """Markdown comments blanked, line breaks kept. No comment ends after the last
    «-->»: searching only up to it, an unclosed «<!--» is not searched to the end
    of the file again and again."""
    closed = text.rfind("-->") + 3 if "-->" in text else 0
    return _COMMENT.sub(lambda m: _blank(m.group(0)), text[:closed]) + text[closed:]


def _blank_comments(lines: Iterable[str], directives: bool = True) -> Iterator[str]:
    """In text files a line starting with `#` is a comment, not speech, and so is a
    trailing `# phrasecheck: …` directive (`directives`: the lines may hold some)."""
    for line in lines:
        if "#" not in line:
            yield line
            continue
        if line.lstrip().startswith("#"):
            yield ""
            continue
        directive = next(_directives(line, markdown=False), None) if directives else None
        yield line[: directive[0]] if directive else line


def _blank_markdown(lines: Iterable[str]) -> Iterator[str]:
    """Markdown lines (comments already blanked) with their markup blanked."""
    fenced = False
    for line in lines:
        if _MD_FENCE.match(line):
            fenced = not fenced
            yield ""
            continue
        if fenced or _MD_HEADING.match(line) or _MD_TABLE_RULE.match(line):
            yield ""
            continue
        line = _MD_QUOTE.sub(lambda m: _blank(m.group(0)), line)
        line = _MD_LIST.sub(lambda m: _blank(m.group(0)), line)
        line = _MD_INLINE.sub(lambda m: _blank(m.group(0)), line)
        yield line
