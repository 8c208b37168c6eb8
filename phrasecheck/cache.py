"""What a run can reuse from the last one: compiled phrases and the lemmas of
words already seen, so checking one small script starts in a blink.

Saved under $PHRASECHECK_CACHE_DIR (else $XDG_CACHE_HOME/phrasecheck, else
~/.cache/phrasecheck), keyed by the version of phrasecheck and the files of
the modules that compile phrases, of pymorphy3 and of its dictionary, since
lemmas depend on them. A missing, stale or broken cache is simply rebuilt;
the cache is never needed for a correct result.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from . import __version__, morphology, patterns

MAX_WORDS = 20_000  # words kept between runs: enough for a team's scripts, quick to load
MAX_FILES = 32  # cache files kept: one per rule set and install in use, the least recent go
# The shape of what is pickled, part of the stamp: a cache written by code that
# knew another (2: word keys gained grammar tags, trees free-order groups; 3: a Pattern
# keeps what it needs of a text's words) is never
# read, even if the code files' times are the same. Bump it when the shape changes.
FORMAT = 3


def directory() -> Path:
    explicit = os.environ.get("PHRASECHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "phrasecheck"


@lru_cache(maxsize=1)
def _stamp() -> str:
    from importlib.util import find_spec

    parts = [__version__, f"format {FORMAT}"]
    files = code_files()
    # pymorphy3 and its dictionary, found without importing them (that is what
    # the cache saves): installing another version writes new files
    for name in ("pymorphy3", "pymorphy3_dicts_ru"):
        spec = find_spec(name)
        files.append(spec.origin if spec and spec.origin else name)
    for file in files:
        try:
            parts.append(str(os.stat(file).st_mtime_ns))
        except OSError:
            parts.append("?")
    return hashlib.sha256("-".join(parts).encode()).hexdigest()[:16]


def code_files() -> list[str]:
    """The code that compiles phrases and lemmatises words, whose pickled objects
    the cache holds: a changed, added or removed module is a new cache."""
    here = Path(morphology.__file__).parent
    return [morphology.__file__, str(here / "diminutives.py"), str(here / "diminutive_words.py"),
            *sorted(str(p) for p in Path(patterns.__file__).parent.glob("*.py"))]


def _path(name: str) -> Path:
    return directory() / f"{name}-{_stamp()}.pickle"


def load(name: str):
    try:
        with _path(name).open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # a missing or broken cache only costs time
        return None


def save(name: str, value) -> None:
    try:
        folder = directory()
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, _path(name))
        _prune(folder)
    except OSError:
        pass  # a read-only home: run without a cache


def _prune(folder: Path) -> None:
    """Drop the least recently written files beyond MAX_FILES: every upgrade or
    edited rule file starts new ones, and the old would otherwise pile up."""
    files = sorted(folder.glob("*.pickle"), key=lambda f: f.stat().st_mtime, reverse=True)
    for stale in files[MAX_FILES:]:
        stale.unlink(missing_ok=True)


def rules_digest(files) -> str:
    """What the compiled phrases depend on: the rule files' names and contents."""
    digest = hashlib.sha256()
    for path in sorted(str(f) for f in files):
        digest.update(path.encode())
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            pass
    return digest.hexdigest()[:16]


def restore(rules: str) -> dict:
    """Preload saved word lemmas; return the compiled phrases ({source: Pattern})
    saved for these rule files (`rules`: their digest)."""
    words = load("words")
    if isinstance(words, tuple) and len(words) == 2:
        morphology.preload(*words)
    patterns = load(f"patterns-{rules}")
    return patterns if isinstance(patterns, dict) else {}


def store(rules: str, patterns: dict, known_words: int) -> None:
    """Save what this run learnt, if it learnt anything."""
    keys, standard = morphology.snapshot()
    if len(keys) + len(standard) > known_words:
        if len(keys) > MAX_WORDS:
            keys = dict(list(keys.items())[-MAX_WORDS:])
        save("words", (keys, standard))
    if patterns:
        save(f"patterns-{rules}", patterns)
