"""Plain-text and Markdown dialogues and scripts (formats.md §1).

Markup is blanked out with spaces rather than removed, so every character of
speech keeps the line and column it has in the source file.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Iterator

from ..model import AGENT, Call, Suppression, Utterance
from .base import ReaderOptions, ReadError, Source, whole_file
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
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from None
    decoded = decode(data, options.encoding)
    call = parse(decoded.text, path, options, markdown=is_markdown(path))
    call.digest = hashlib.sha256(data).hexdigest()
    yield call


def is_markdown(path: str) -> bool:
    return path.lower().endswith((".md", ".markdown"))


def parse(text: str, path: str, options: ReaderOptions, markdown: bool = False) -> Call:
    lines = LINE_BREAK_RE.split(text)
    suppressions = _suppressions(lines, markdown)
    speech = _blank_markdown(lines) if markdown else _blank_comments(lines)
    metadata, first = _headers(lines)
    labelled = [_labelled(line, options) for line in speech]
    is_script = not any(labelled[first:])
    builder = _Builder()
    for number in range(first, len(lines)):
        line = speech[number]
        if not line.strip():
            if is_script:
                builder.close()
            continue
        if is_script:
            if markdown and _MD_LIST.match(lines[number]):
                builder.close()
            builder.add(AGENT, line, number + 1, 0, None)
            continue
        found = labelled[number]
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


def _suppressions(lines: list[str], markdown: bool) -> list[Suppression]:
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


def _headers(lines: list[str]) -> tuple[dict[str, str], int]:
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


def _labelled(line: str, options: ReaderOptions):
    """(role, offset of the speech, timestamp) for a line opening an utterance."""
    match = LABELLED_RE.match(line)
    if not match:
        return None
    role = options.speakers.get(" ".join(match.group("label").lower().split()))
    if role is None:
        return None
    rest = match.start("rest")
    offset = rest + len(match.group("rest")) - len(match.group("rest").lstrip())
    return role, offset, _seconds(match.group("ts"))


def _seconds(stamp: str | None) -> float | None:
    if not stamp:
        return None
    parts = [float(p.replace(",", ".")) for p in stamp.split(":")]
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


class _Builder:
    """Collects source lines into utterances, remembering where each piece came from."""

    def __init__(self) -> None:
        self.utterances: list[Utterance] = []
        self.open = False
        self._pieces: list[str] = []
        self._segments: list[tuple[int, int, int]] = []
        self._role = AGENT
        self._start: float | None = None
        self._length = 0  # of the pieces so far, joined by line breaks

    def add(self, role: str | None, line: str, number: int, offset: int, start: float | None) -> None:
        piece = line[offset:].rstrip()
        lead = len(piece) - len(piece.lstrip())
        piece = piece.lstrip()
        if not piece:
            if role is not None:  # a label with nothing after it yet
                self._role, self._start, self.open = role, start, True
            return
        if role is not None and not self.open:
            self._role, self._start = role, start
        text_offset = self._length  # kept as it grows: an utterance may have many lines
        self._length += len(piece) + 1
        self._pieces.append(piece)
        self._segments.append((text_offset, number, offset + lead + 1))
        self.open = True

    def close(self) -> None:
        if self._pieces:
            seg = self._segments
            self.utterances.append(
                Utterance(len(self.utterances), self._role, "\n".join(self._pieces),
                          seg[0][1], seg[0][2], self._start, None, tuple(seg))
            )
        self._pieces, self._segments, self.open, self._start, self._length = [], [], False, None, 0


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _blank_comments(lines: list[str]) -> list[str]:
    """In text files a line starting with `#` is a comment, not speech, and so is a
    trailing `# phrasecheck: …` directive."""
    out = []
    for line in lines:
        if line.lstrip().startswith("#"):
            out.append("")
            continue
        directive = next(_directives(line, markdown=False), None)
        out.append(line[: directive[0]] if directive else line)
    return out


def _blank_markdown(lines: list[str]) -> list[str]:
    joined = "\n".join(lines)
    # no comment ends after the last «-->»: searching only up to it, an unclosed «<!--» is not
    # searched to the end of the file again and again
    closed = joined.rfind("-->") + 3 if "-->" in joined else 0
    joined = _COMMENT.sub(lambda m: _blank(m.group(0)), joined[:closed]) + joined[closed:]
    out, fenced = [], False
    for line in joined.split("\n"):
        if _MD_FENCE.match(line):
            fenced = not fenced
            out.append("")
            continue
        if fenced or _MD_HEADING.match(line) or _MD_TABLE_RULE.match(line):
            out.append("")
            continue
        line = _MD_QUOTE.sub(lambda m: _blank(m.group(0)), line)
        line = _MD_LIST.sub(lambda m: _blank(m.group(0)), line)
        line = _MD_INLINE.sub(lambda m: _blank(m.group(0)), line)
        out.append(line)
    return out
