"""Untrusted text made safe to show on a terminal.

Transcripts, call ids, agent names, file names and error messages come from
files anyone may have written. Shown as they are, an ESC or a C1 control starts
an escape sequence (retitle the window, rewrite what is on screen, hide text),
a carriage return overwrites the line, and a bidirectional override reorders
it. `visible` shows each such character as a Python-style escape instead
(`\\x1b`, `\\u202e`), so the text reads as what it is. Plain text, Cyrillic
included, is returned unchanged, and quickly.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls; bidirectional embeddings,
# overrides and isolates; lone surrogates (no terminal can show them)
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_RE = re.compile(f"[{_UNSAFE}]")
_UNSAFE_OR_NEWLINE_RE = re.compile(f"[{_UNSAFE}\t\n]")


def _escape(match: re.Match) -> str:
    char = match.group(0)
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text, newlines: bool = False) -> str:
    """`text` with every control character shown as an escape. `newlines`: keep
    newlines and tabs (a message of several lines); else they are escaped too,
    so a value meant for one line (a call id, a file name) stays on it."""
    if text is None:
        return ""
    text = str(text)
    if text.isascii() and text.isprintable():  # the common case, checked in C
        return text
    return (_UNSAFE_RE if newlines else _UNSAFE_OR_NEWLINE_RE).sub(_escape, text)


def is_terminal(stream) -> bool:
    """Whether `stream` is a terminal (a closed or replaced stream is not)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False
