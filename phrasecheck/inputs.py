"""Which files a run checks: files named on the command line, and the readable
files under named folders, less `--exclude` globs and what git ignores."""

from __future__ import annotations

import fnmatch
import subprocess
from pathlib import Path, PurePath
from typing import Iterable

from .readers import SUFFIXES


def expand(paths: Iterable[str], exclude: Iterable[str] = (), gitignore: bool = True) -> list[str]:
    """Named files always (unless excluded); folders searched, sorted, hidden ones skipped."""
    groups = []  # (found in a folder?, files), in the order given
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            groups.append((True, sorted(
                str(p) for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts))))
        else:
            groups.append((False, [str(path)]))
    searched = [f for in_folder, files in groups if in_folder for f in files]
    ignored = _git_ignored(searched) if gitignore and searched else set()
    exclude = list(exclude)
    out, seen = [], set()
    for in_folder, files in groups:
        for path in files:
            if (in_folder and path in ignored) or path in seen or excluded(path, exclude):
                continue
            seen.add(path)
            out.append(path)
    return out


def excluded(path: str, patterns: list[str]) -> bool:
    """A glob matches the whole path, its name, or any folder on the way."""
    pure = PurePath(path)
    return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(pure.name, p)
               or any(fnmatch.fnmatch(part, p) for part in pure.parts[:-1]) for p in patterns)


def _git_ignored(paths: list[str]) -> set[str]:
    """The paths git would ignore; nothing when git is missing or this is no repository."""
    try:
        proc = subprocess.run(["git", "check-ignore", "--stdin", "-z"], input="\0".join(paths) + "\0",
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return set()
    if proc.returncode not in (0, 1):  # 128: not a git repository
        return set()
    return {p for p in proc.stdout.split("\0") if p}
