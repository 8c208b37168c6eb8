"""Rewriting a user's file for --fix without ever losing what is in it.

The new content goes to a temporary file beside the file, named
`.NAME.phrasecheck-tmp-XXXXXXXX`, which then replaces it in one rename. Before
that rename the file is read again: if it no longer holds what was checked
(someone appended a line meanwhile) nothing is replaced. The file is left
alone, with the reason as the outcome, when:

- it is read-only (no write permission for anyone, or not for this user);
- it has other hard links (a rename would part them: the others would keep the old text);
- it is a symbolic link: the link is not turned into a file, nor is a file
  written that may lie outside what was checked (fix the file it points to);
- it cannot be read, or its folder cannot be written (a PermissionError for that file only).

A temporary file is removed on every failure; one left by a killed run is
removed by the next run that writes in that folder, once it is STALE_AFTER
seconds old (a younger one may belong to a run still going).
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

TEMP_MARK = ".phrasecheck-tmp-"
STALE_AFTER = 60.0  # seconds
_swept: set[str] = set()  # folders already cleared of stale temporary files in this run


def replace(path: Path, original: bytes, data: bytes) -> str | None:
    """Put `data` in the file at `path` in place of `original`, what it held when
    read; returns why it was not done, or None."""
    temporary = None
    try:
        target = path
        problem = _refusal(target)
        if problem:
            return problem
        _sweep(target.parent)
        handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}{TEMP_MARK}", delete=False)
        temporary = handle.name
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        if target.read_bytes() != original:  # as late as can be: right before the rename
            return "changed on disk while being fixed: not fixed"
        os.replace(temporary, target)
        temporary = None
        return None
    except OSError as exc:
        return f"cannot write: {exc.strerror or exc}: not fixed"
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _refusal(target: Path) -> str | None:
    """Why the file must not be replaced, if it must not."""
    info = target.lstat()
    if stat.S_ISLNK(info.st_mode):
        return "a symbolic link: not fixed (fix the file it points to)"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file: not fixed"
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        return "read-only: not fixed"
    if info.st_nlink > 1:
        return "has other hard links, which would keep the old text: not fixed"
    return None


def _sweep(folder: Path) -> None:
    """Remove temporary files a killed run left in `folder` (once per run)."""
    key = str(folder)
    if key in _swept:
        return
    _swept.add(key)
    now = time.time()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") and TEMP_MARK in entry.name and entry.is_file(follow_symlinks=False):
                    if now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER:
                        Path(entry.path).unlink(missing_ok=True)
    except OSError:
        pass  # a leftover is harmless: the next run tries again
