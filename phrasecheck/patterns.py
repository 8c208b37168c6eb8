"""The phrase syntax of rule files, compiled once per run and matched over tokens.

    минуточку             any inflected form («минуточки», «минуточкой»)
    =алло                 exactly this form
    трубоч*               any word starting with «трубоч»
    (не поняли|ошибаетесь)  alternatives      [пожалуйста]  optional words
    ...   …   ...5        a gap of up to 3 (or 5) words
    ^ но                  at the start of an utterance or sentence;  ... $  at its end
    меня зовут {agent}    a placeholder, filled per call from its metadata or the config

Case, «ё»/«е» and punctuation never matter; words always match whole.
A plain word written in its dictionary form («правило») means only that word;
any other form («правила») means every word it can be a form of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import morphology

WORD, PREFIX, GAP, ALT, OPTIONAL_WORD = range(5)
_WORDS_RE = re.compile(r"[0-9a-zа-я]+(?:-[0-9a-zа-я]+)*")  # words of normalized text
DEFAULT_GAP = 3

_SYNTAX_RE = re.compile(
    r"(?P<open>[(\[])|(?P<close>[)\]])|(?P<bar>\|)|(?P<start>\^)|(?P<end>\$)"
    r"|(?P<gap>(?:\.\.\.|…)(?P<n>\d+)?)"
    r"|(?P<word>=?[0-9a-zа-яё]+(?:-[0-9a-zа-яё]+)*\*?)"
    r"|(?P<space>[\s,!?:;«»\"'“”„—–-]+|\.)"
    r"|(?P<bad>.)",
    re.IGNORECASE,
)


PLACEHOLDERS = ("agent", "client", "company")
PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


class PatternError(ValueError):
    """A phrase that cannot be compiled; `column` is 0-based within the phrase."""

    def __init__(self, message: str, column: int = 0):
        super().__init__(message)
        self.column = column


@dataclass(frozen=True, eq=False)
class Pattern:
    source: str
    seq: tuple  # elements: (WORD, keys) (PREFIX, prefix) (GAP, n) (ALT, (seq, ...)), as written
    at_start: bool = False
    at_end: bool = False
    # derived from `seq`:
    first: "Entry" = field(init=False)  # what the first matched word can be
    fast: tuple = field(init=False)  # `seq` simplified for speed (see _simplify); matches the same

    def __post_init__(self) -> None:
        object.__setattr__(self, "first", _entry(self.seq))
        object.__setattr__(self, "fast", _simplify(self.seq))

    def match_at(self, tokens, keys, i: int, seq: tuple | None = None) -> int:
        """The end (exclusive) of the first match starting at token i, or -1."""
        if self.at_start and not tokens[i].sentence_start:
            return -1
        n = len(tokens)
        at_end = self.at_end

        def finish(j: int) -> int:
            return j if j > i and (not at_end or tokens[j - 1].sentence_end) else -1

        return _match(self.fast if seq is None else seq, 0, i, tokens, keys, n, finish)

    def find(self, tokens, keys) -> list[tuple[int, int]]:
        """Non-overlapping matches, leftmost first, tried only where the first word fits."""
        first_keys, prefixes = self.first.keys, self.first.prefixes
        spans, free_from = [], 0
        for i, token_keys in enumerate(keys):
            if i < free_from or token_keys.isdisjoint(first_keys) and not (
                    prefixes and tokens[i].form.startswith(prefixes)):
                continue
            end = self.match_at(tokens, keys, i)
            if end > i:
                spans.append((i, end))
                free_from = end
        return spans

    def find_all(self, tokens, keys) -> list[tuple[int, int]]:
        """What `find` must return, found the plain way: the phrase as written,
        tried at every position (the reference the fast paths are tested against)."""
        spans, i = [], 0
        while i < len(tokens):
            end = self.match_at(tokens, keys, i, self.seq)
            if end > i:
                spans.append((i, end))
                i = end
            else:
                i += 1
        return spans


@dataclass(frozen=True)
class Entry:
    """Which tokens a pattern may start at: by key, or by prefix."""

    keys: frozenset = frozenset()
    prefixes: tuple = ()


def _match(seq, k, i, tokens, keys, n, cont) -> int:
    if k == len(seq):
        return cont(i)
    kind, data = seq[k]
    if kind == WORD:
        if i < n and not keys[i].isdisjoint(data):
            return _match(seq, k + 1, i + 1, tokens, keys, n, cont)
        return -1
    if kind == PREFIX:
        if i < n and tokens[i].form.startswith(data):
            return _match(seq, k + 1, i + 1, tokens, keys, n, cont)
        return -1
    if kind == GAP:
        for j in range(i, min(i + data, n) + 1):
            end = _match(seq, k + 1, j, tokens, keys, n, cont)
            if end >= 0:
                return end
        return -1
    if kind == OPTIONAL_WORD:
        if i < n and not keys[i].isdisjoint(data):
            end = _match(seq, k + 1, i + 1, tokens, keys, n, cont)
            if end >= 0:
                return end
        return _match(seq, k + 1, i, tokens, keys, n, cont)
    for branch in data:  # ALT
        end = _match(branch, 0, i, tokens, keys, n,
                     lambda j: _match(seq, k + 1, j, tokens, keys, n, cont))
        if end >= 0:
            return end
    return -1


def placeholders(source: str) -> list[str]:
    """The placeholders a phrase uses; raises PatternError for an unknown one."""
    names = []
    for match in PLACEHOLDER_RE.finditer(source):
        if match.group(1) not in PLACEHOLDERS:
            raise PatternError(f"unknown placeholder «{match.group(0)}»; known: "
                               + ", ".join("{%s}" % p for p in PLACEHOLDERS), match.start())
        names.append(match.group(1))
    return names


def fill(source: str, values: dict) -> str:
    """Put call metadata into a phrase's placeholders. A name may be said whole or
    in part («Марина Альбертовна», «Марина»); raises KeyError for an unknown value."""

    def value(match) -> str:
        text = values.get(match.group(1))
        words = [w for w in morphology.WORD_RE.findall(str(text or ""))]
        if not words:
            raise KeyError(match.group(1))
        options = [" ".join(words)] + (words if len(words) > 1 else [])
        return "(" + "|".join(options) + ")"

    return PLACEHOLDER_RE.sub(value, source)


def can_fill(name: str, values: dict) -> bool:
    return bool(morphology.WORD_RE.search(str(values.get(name) or "")))


def check_template(source: str) -> None:
    """Validate a phrase that may hold placeholders (raises PatternError)."""
    names = placeholders(source)
    compile_phrase(fill(source, {name: "имя" for name in names}) if names else source)


def compile_phrase(source: str) -> Pattern:
    """Parse one phrase of a rule file; raises PatternError with the column."""
    parts = [m for m in _SYNTAX_RE.finditer(source) if m.lastgroup != "space"]
    at_start = bool(parts) and parts[0].lastgroup == "start"
    at_end = bool(parts) and parts[-1].lastgroup == "end"
    body = parts[int(at_start): len(parts) - int(at_end)]
    seq, rest = _parse_alt(body, 0, source, closer=None)
    if rest != len(body):
        raise PatternError(f"unexpected «{body[rest].group(0)}»", body[rest].start())
    if not seq:
        raise PatternError("empty phrase: it has no words")
    if _can_be_empty(seq):
        raise PatternError("the phrase can match without any word: make a word required")
    if seq[0][0] == GAP or seq[-1][0] == GAP and not at_end:
        raise PatternError("a gap (...) must stand between words")
    return Pattern(source, seq, at_start, at_end)


def _simplify(seq) -> tuple:
    """The same phrase, cheaper to match: neighbouring one-word alternatives become
    one word with all their keys («(да|слушаю|говорите)» is one set lookup, not
    three branches), an optional single word needs no branching, and a choice
    left with one branch is inlined. The order in which matches are tried is kept,
    so the first match found is the same."""
    out = []
    for kind, data in seq:
        if kind != ALT:
            out.append((kind, data))
            continue
        branches = []
        for branch in map(_simplify, data):
            if branches and _one_word(branch) and _one_word(branches[-1]):
                branches[-1] = ((WORD, branches[-1][0][1] | branch[0][1]),)
            else:
                branches.append(branch)
        if len(branches) == 1:
            out.extend(branches[0])
        elif len(branches) == 2 and _one_word(branches[0]) and not branches[1]:
            out.append((OPTIONAL_WORD, branches[0][0][1]))
        else:
            out.append((ALT, tuple(branches)))
    return tuple(out)


def _one_word(seq) -> bool:
    return len(seq) == 1 and seq[0][0] == WORD


def _parse_alt(parts, pos, source, closer):
    """Parse `a b | c d` up to `closer`; returns (seq, position of closer)."""
    branches, current = [], []
    while pos < len(parts):
        part = parts[pos]
        kind = part.lastgroup
        if kind == "close":
            break
        if kind == "bar":
            branches.append(tuple(current))
            current = []
            pos += 1
            continue
        if kind == "open":
            want = ")" if part.group(0) == "(" else "]"
            inner, end = _parse_alt(parts, pos + 1, source, want)
            if end >= len(parts) or parts[end].group(0) != want:
                raise PatternError(f"«{part.group(0)}» is never closed with «{want}»", part.start())
            if want == "]":
                inner = ((ALT, (inner, ())),) if inner else ()
            current.extend(inner)
            pos = end + 1
            continue
        if kind == "word":
            current.append(_word(part.group(0), part.start()))
        elif kind == "gap":
            current.append((GAP, int(part.group("n") or DEFAULT_GAP)))
        elif kind in ("start", "end"):
            raise PatternError(f"«{part.group(0)}» may only open («^») or close («$») a phrase", part.start())
        else:
            raise PatternError(f"unexpected character «{part.group(0)}»", part.start())
        pos += 1
    if closer is None and pos < len(parts):
        raise PatternError(f"«{parts[pos].group(0)}» closes nothing", parts[pos].start())
    branches.append(tuple(current))
    if any(not b for b in branches) and len(branches) > 1:
        raise PatternError("an alternative («|») is empty", parts[min(pos, len(parts) - 1)].start())
    if len(branches) == 1:
        return branches[0], pos
    return ((ALT, tuple(branches)),), pos


def _word(text: str, column: int):
    form = morphology.normalize(text)
    if form.endswith("*"):
        if len(form) < 3:
            raise PatternError("a prefix (word*) needs at least two letters", column)
        return (PREFIX, form[:-1].lstrip("="))
    if form.startswith("="):
        return (WORD, frozenset({form}))
    return (WORD, lemma_keys(form))


def lemma_keys(form: str) -> frozenset:
    """Keys a rule word matches by: its own lemma if written in dictionary form."""
    keys = morphology.word_keys(form, standard_only=True)
    lemmas = {k for k in keys if not k.startswith(("=", "~"))}
    partners = {_other_aspect(k) for k in keys if k.startswith("~")}
    if form in lemmas:
        stem = morphology.aspect_stem(form)
        partners = {k for k in partners if stem and k.startswith(f"~{stem}+")}
        return frozenset({form} | partners)
    return frozenset(lemmas | partners) or keys


def _other_aspect(key: str) -> str:
    """«~ошиб+i» → «~ошиб+p»: a rule verb matches its aspect partner too."""
    return key[:-1] + ("i" if key.endswith("p") else "p")


def _can_be_empty(seq) -> bool:
    for kind, data in seq:
        if kind in (WORD, PREFIX):
            return False
        if kind == ALT and not any(_can_be_empty(b) for b in data):
            return False
    return True


def _entry(seq) -> Entry:
    """The keys/prefixes the first matched word must have (for the index)."""
    keys, prefixes = set(), []
    for kind, data in seq:
        if kind == WORD:
            keys |= data
            break
        if kind == PREFIX:
            prefixes.append(data)
            break
        if kind == ALT:
            for branch in data:
                sub = _entry(branch + ())
                keys |= sub.keys
                prefixes.extend(sub.prefixes)
            if not any(_can_be_empty(b) for b in data):
                break
    return Entry(frozenset(keys), tuple(prefixes))


# Words so common that indexing a phrase by them would make it a candidate in
# almost every utterance: a phrase is indexed by a rarer word where it has one.
COMMON = frozenset(
    "вы я мы он она они оно ты не да нет но и а или в на с по к у о за из от до для что как это "
    "этот тот так уже еще вот же ли бы быть мой ваш наш свой весь сейчас только можно надо".split())


class PhraseSet:
    """Every phrase of every active rule, and which of them an utterance may hold.

    Each phrase is indexed by one word it cannot match without (the rarest), so
    an utterance costs a dict lookup per word form however many rules there are;
    only phrases whose every required word is present are then tried, and only
    where their first word stands. `Pattern.find_all` is the reference this must
    equal (tests/test_phrase_index.py).
    """

    def __init__(self, precompiled: dict | None = None) -> None:
        self.patterns: list[Pattern] = []
        self._ids: dict[str, int] = {}
        self._precompiled = precompiled or {}  # source → Pattern, from an earlier run
        self.learned = False  # compiled a phrase the precompiled ones lacked
        self._form_keys: dict[str, frozenset] = {}  # word form → those of its keys some phrase needs
        self._needs: list[tuple[frozenset, ...]] = []  # per phrase: sets of which one key must be present
        self._needed: set[str] = set()  # every key of every need
        self._by_key: dict[str, list[int]] = {}
        self._prefixes: dict[str, list[str]] = {}  # first two letters → prefixes of `word*` items

    def add(self, source: str) -> int:
        """Compile (once) and register a phrase; returns its id."""
        if source in self._ids:
            return self._ids[source]
        pattern = self._precompiled.get(source)
        if pattern is None:
            pattern = compile_phrase(source)
            self.learned = True
        pid = len(self.patterns)
        self.patterns.append(pattern)
        self._ids[source] = pid
        self._form_keys.clear()
        needs = tuple(_needs(pattern.seq))
        self._needs.append(needs)
        self._needed.update(*needs)
        for key in min(needs, key=_commonness):  # compile_phrase ensures a phrase needs a word
            self._by_key.setdefault(key, []).append(pid)
        for prefix in _all_prefixes(pattern.seq):
            bucket = self._prefixes.setdefault(prefix[:2], [])
            if prefix not in bucket:
                bucket.append(prefix)
        return pid

    def possible(self, text: str) -> frozenset[int]:
        """The phrases that could match in `text`: each is indexed by a word of it,
        and every word it needs is there. Found from the words alone, without
        tokenising: most utterances hold none of a rule's phrases."""
        forms = self._form_keys
        present: set[str] = set()
        for form in set(_WORDS_RE.findall(morphology.normalize(text))):
            keys = forms.get(form)
            if keys is None:
                if len(forms) >= morphology.CACHE_LIMIT:
                    forms.clear()
                keys = forms[form] = self._needed_keys(form)
            if keys:  # most words are in no phrase at all
                present |= keys
        if not present:
            return frozenset()
        by_key, needs = self._by_key, self._needs
        found = []
        for pid in {pid for key in present for pid in by_key.get(key, ())}:
            for need in needs[pid]:
                if present.isdisjoint(need):
                    break
            else:
                found.append(pid)
        return frozenset(found)

    def _needed_keys(self, form: str) -> frozenset:
        """The keys of a word form, «*prefix» ones included, that some phrase needs."""
        keys = morphology.word_keys(form)
        bucket = self._prefixes.get(form[:2])
        if bucket:
            keys = keys | {"*" + p for p in bucket if form.startswith(p)}
        return frozenset(keys & self._needed)

    def compiled(self) -> dict:
        """source → Pattern of every phrase, for the next run."""
        return {pattern.source: pattern for pattern in self.patterns}

    def scan(self, tokens, keys, candidates) -> dict[int, list[tuple[int, int]]]:
        """Where each candidate phrase (from `possible`) matches the tokenised
        utterance: phrase id → non-overlapping (first, end) token spans."""
        hits: dict[int, list[tuple[int, int]]] = {}
        for pid in sorted(candidates):
            spans = self.patterns[pid].find(tokens, keys)
            if spans:
                hits[pid] = spans
        return hits


def _needs(seq) -> list[frozenset]:
    """Sets of keys of which the text must hold one for the phrase to match."""
    needs = []
    for kind, data in seq:
        if kind == WORD:
            needs.append(data)
        elif kind == PREFIX:
            needs.append(frozenset({"*" + data}))
        elif kind == ALT and not any(_can_be_empty(b) for b in data):
            branches = [_needs(branch) for branch in data]
            if all(branches):  # each branch needs at least its rarest word
                needs.append(frozenset().union(*(min(b, key=_commonness) for b in branches)))
    return needs


def _all_prefixes(seq) -> list[str]:
    out = []
    for kind, data in seq:
        if kind == PREFIX:
            out.append(data)
        elif kind == ALT:
            for branch in data:
                out.extend(_all_prefixes(branch))
    return out


def _commonness(need: frozenset) -> tuple:
    return (any(k in COMMON or k.lstrip("=") in COMMON for k in need), len(need))
