"""Which files a run checks: files named on the command line, and the readable
files under named folders, less `--exclude` globs, what git ignores and the
run's own report."""

from __future__ import annotations

import fnmatch
import os
import stat
import subprocess
from pathlib import Path, PurePath
from typing import Iterable, Iterator

from .readers import SUFFIXES


# Files of a repository that are about it, never calls or scripts: skipped unless the config
# says `default_exclude: false` (or --no-default-exclude); `exclude:` and --exclude add to them.
DEFAULT_EXCLUDE = ("README.*", "CHANGELOG.*", "CHANGES.*", "HISTORY.*", "CONTRIBUTING.*", "LICENSE.*",
                   "LICENCE.*", "COPYING.*", "CODE_OF_CONDUCT.*", "SECURITY.*", "AUTHORS.*", "NOTICE.*")


class AllExcluded(ValueError):
    """Every file found is excluded: nothing to check, by choice (a commit of a README alone)."""


class OutputIsInput(ValueError):
    """The report would be written over a file the run reads."""

    def __init__(self, output: str, path: str, what: str = "the input") -> None:
        super().__init__(f"{output}: the report would overwrite {what} {path}; give --output another file")


def collect(paths: Iterable[str], exclude: Iterable[str], gitignore: bool, output=None) -> list[str]:
    """The files a run checks (see `expand`). Raises ValueError if there are none
    (not a pass; AllExcluded when some were found and all are excluded) and
    OutputIsInput if the report would be written over one."""
    files = expand(paths, exclude, gitignore, None if output is None else str(output))
    if not files and exclude and expand(paths, (), gitignore, None if output is None else str(output)):
        raise AllExcluded("nothing to check: every file found is excluded (`exclude:`, --exclude, "
                          "or the default list: README.*, LICENSE.* …)")
    if not files:
        kinds = f"{', '.join(SUFFIXES[:-1])} or {SUFFIXES[-1]}"
        hint = " (files git ignores are skipped; --no-gitignore checks them)" if gitignore else ""
        raise ValueError(f"nothing to check: no {kinds} files found{hint}")
    return files


def expand(paths: Iterable[str], exclude: Iterable[str] = (), gitignore: bool = True,
           output: str | None = None) -> list[str]:
    """Named files always (unless excluded); folders searched, sorted, hidden ones skipped.
    `output`, the report's file, is never read: found in a folder it is skipped (the
    last run's report), named it raises OutputIsInput (writing it would destroy it).
    A path that is no regular file, or cannot be looked at, is kept: reading it says
    why (a FIFO is refused, never waited on)."""
    groups = []  # (found in a folder?, files), in the order given
    for raw in paths:
        path = Path(raw)
        if _is_folder(path):
            groups.append((True, sorted(_search(path))))
        else:
            groups.append((False, [str(path)]))
    searched = [f for in_folder, files in groups if in_folder for f in files]
    ignored = _git_ignored(searched) if gitignore and searched else set()
    exclude = list(exclude)
    out, seen = [], set()
    report = None if output is None else _identity(output)
    for in_folder, files in groups:
        for path in files:
            if (in_folder and path in ignored) or path in seen or excluded(path, exclude):
                continue
            if report is not None and _identity(path) == report:
                if in_folder:
                    continue
                raise OutputIsInput(output, path)
            seen.add(path)
            out.append(path)
    return out


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except OSError:  # missing, or not allowed to look: reading it says so
        return False


def _search(folder: Path) -> Iterator[str]:
    """The files under a folder named as the readers read, hidden ones skipped. One
    that is no regular file (a FIFO) is still listed, and so is a folder that cannot
    be listed: reading them says why, so nothing is skipped without a word."""
    unlisted: list[str] = []
    for root, folders, files in os.walk(folder, onerror=lambda exc: unlisted.append(str(exc.filename))):
        folders[:] = [name for name in folders if not name.startswith(".")]
        yield from (os.path.join(root, name) for name in files
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in SUFFIXES)
    yield from unlisted


def excluded(path: str, patterns: list[str]) -> bool:
    """A glob matches the whole path, its name, or any folder on the way."""
    if not patterns:  # the usual run: no path need be taken apart
        return False
    pure = PurePath(path)
    return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(pure.name, p)
               or any(fnmatch.fnmatch(part, p) for part in pure.parts[:-1]) for p in patterns)


def same_file(path: str, other: str) -> bool:
    """The same file, by any name (a link, ./a, an absolute path); two paths to
    nothing yet are the same if they name the same place."""
    return _identity(path) == _identity(other)


def _identity(path: str):
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return os.path.realpath(path)
    return info.st_dev, info.st_ino


def _git_ignored(paths: list[str]) -> set[str]:
    """The paths git would ignore; nothing when git is missing or this is no repository.
    Paths go as bytes: a file name in no valid encoding is passed as it is on disk."""
    try:
        proc = subprocess.run(["git", "check-ignore", "--stdin", "-z"],
                              input=b"\0".join(map(os.fsencode, paths)) + b"\0",
                              capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError, UnicodeError):
        return set()
    if proc.returncode not in (0, 1):  # 128: not a git repository
        return set()
    return {os.fsdecode(p) for p in proc.stdout.split(b"\0") if p}
