"""--redact: personal data masked in every field of every report.

In free text (quotes, transcripts, messages, suggestions, notes, errors, file
names) numbers of 5 digits or more — phones, cards, contracts, passports — are
masked, however they are written: with spaces, brackets, dots, dashes, en
dashes or underscores inside, digit by digit («8 9 1 6 …»), in words the way
speech recognition writes them («восемь девятьсот шестнадцать …»), or both; and
e-mail addresses, quoted («"ivan petrov"@mail.ru»), host-only («ivan@mail»)
and spoken («иван собака мейл точка ру»). Masking is character for character,
so a quote keeps its place in its utterance.

Call ids and agent names are replaced by pseudonyms («call-1», «agent-1»),
numbered in the order the report meets them: the same id is the same pseudonym
throughout a report (tables per agent still add up), the report for the same
inputs is the same, and nothing of the name is left. An agent's name is also
masked where it is written out in its own calls (a suggestion «меня зовут
Анна»). `keep` leaves fields as they are (--redact-keep).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import CallResult, FileResult, Finding

MASK = "*"
MIN_DIGITS = 5  # a number this long may identify someone; shorter ones are times, counts, prices

# Numbers spelled in words, by how many digits each says. «тысяча» and «миллион»
# are left out: amounts of money are said with them, phone and card numbers are not.
_UNITS = "ноль нуль один одна одно два две три четыре пять шесть семь восемь девять".split()
_TEENS = ("десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать "
          "семнадцать восемнадцать девятнадцать").split()
_TENS = "двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split()
_HUNDREDS = "сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот".split()
_WORD_DIGITS = {**{w: 1 for w in _UNITS}, **{w: 2 for w in _TEENS + _TENS}, **{w: 3 for w in _HUNDREDS}}
_WORDS = "|".join(sorted(_WORD_DIGITS, key=len, reverse=True))
# one piece of a number: a run of digits, or a number word
_PIECE_RE = re.compile(rf"\d+|(?<!\w)(?:{_WORDS})(?!\w)", re.IGNORECASE)
# what may stand between two pieces of one number; a comma only between digits said one by one
_GAP_RE = re.compile(r"[\s().\-/_\u2010-\u2015\u2212]*")
_LIST_GAP_RE = re.compile(r"\s*,\s*")

# e-mail addresses; each pattern starts only where a word does, so that a long
# text is scanned once, not once from every letter
_ATOM = r"[\w.!#$%&'*+/=?^`{|}~\-]"
_EMAIL_RE = re.compile(rf"(?:\"[^\"\r\n]{{1,64}}\"|(?<!{_ATOM}){_ATOM}+)@(?:\[[^\]\s]+\]|[\w\-]+(?:\.[\w\-]+)*)")
_AT_WORDS = r"(?:собака|собачка|at)"
_SPOKEN_EMAIL_RE = re.compile(rf"(?<!\w)\w+(?:\s+(?:точка|dot)\s+\w+)*\s+{_AT_WORDS}\s+\w+(?:\s+(?:точка|dot)\s+\w+)+",
                              re.IGNORECASE)
_SPOKEN_AT_RE = re.compile(rf"(?<!\w){_AT_WORDS}(?!\w)", re.IGNORECASE)


def text(value: str) -> str:
    """Numbers and e-mail addresses in `value` masked, character for character."""
    if not value:
        return value
    if "@" in value:
        value = _EMAIL_RE.sub(_mask, value)
    if _SPOKEN_AT_RE.search(value):
        value = _SPOKEN_EMAIL_RE.sub(_mask, value)
    if not _PIECE_RE.search(value):
        return value
    spans = _numbers(value)
    if not spans:
        return value
    out, at = [], 0
    for start, end in spans:
        out.append(value[at:start])
        out.append(re.sub(r"\S", MASK, value[start:end]))
        at = end
    out.append(value[at:])
    return "".join(out)


def _mask(match: re.Match) -> str:
    return re.sub(r"\S", MASK, match.group(0))


def _numbers(value: str) -> list[tuple[int, int]]:
    """(start, end) of every number of MIN_DIGITS digits or more: runs of pieces
    with nothing but separators between them (a leading «+» belongs to it)."""
    spans, run = [], []
    for piece in _PIECE_RE.finditer(value):
        if run and not _joins(value, run[-1], piece):
            spans.extend(_long(value, run))
            run = []
        run.append(piece)
    spans.extend(_long(value, run))
    return spans


def _joins(value: str, last: re.Match, piece: re.Match) -> bool:
    gap = value[last.end():piece.start()]
    if _GAP_RE.fullmatch(gap):
        return True
    # «8, 9, 1, 6»: digits dictated one by one, as speech recognition writes them
    return bool(_LIST_GAP_RE.fullmatch(gap)) and _short(last) and _short(piece)


def _short(piece: re.Match) -> bool:
    return len(piece.group(0)) == 1 or not piece.group(0).isdigit()


def _long(value: str, run: list[re.Match]) -> list[tuple[int, int]]:
    if not run or _digits(run) < MIN_DIGITS:
        return []
    start = run[0].start()
    if start and value[start - 1] == "+":
        start -= 1
    return [(start, run[-1].end())]


def _digits(run: list[re.Match]) -> int:
    """How many digits a run says: «девятьсот шестнадцать» is three, not five."""
    count, open_group = 0, 0  # open_group: the place a following word fills (2 tens, 1 units)
    for piece in run:
        word = piece.group(0).lower()
        if word.isdigit():
            count, open_group = count + len(word), 0
            continue
        size = _WORD_DIGITS[word]
        if size == 3:
            count, open_group = count + 3, 2
        elif size == 2 and open_group == 2:
            open_group = 1 if word in _TENS else 0
        elif size == 1 and open_group:
            open_group = 0
        else:
            count += size
            open_group = 1 if word in _TENS else 0
    return count


class Redactor:
    """Masks every result of one report; the pseudonyms it gives last the report."""

    def __init__(self, keep=()) -> None:
        self.keep = frozenset(keep)
        self.pseudonyms: dict[tuple[str, str], str] = {}
        self.counts: dict[str, int] = {}

    def pseudonym(self, kind: str, value: str | None) -> str | None:
        if value is None or kind in self.keep:
            return value
        key = (kind, value)
        if key not in self.pseudonyms:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            self.pseudonyms[key] = f"{kind.replace('_id', '')}-{self.counts[kind]}"
        return self.pseudonyms[key]

    def path(self, value: str) -> str:
        return value if "path" in self.keep else text(value)

    def result(self, file_result: FileResult) -> FileResult:
        """A copy of a file's results with every field that may say who masked."""
        names = {c.call_id: _name_re(c.agent) for c in file_result.calls if "agent" not in self.keep}
        findings = [self._finding(f, names.get(f.call_id)) for f in file_result.findings]
        practices = [self._finding(p, names.get(p.call_id)) for p in file_result.practices]
        calls = [self._call(c, names.get(c.call_id)) for c in file_result.calls]
        return replace(file_result, path=self.path(file_result.path), calls=calls, findings=findings,
                       practices=practices, errors=[text(e) for e in file_result.errors])

    def _finding(self, f: Finding, name: re.Pattern | None) -> Finding:
        free = lambda value: _masked(text(value), name)  # noqa: E731
        return replace(f, path=self.path(f.path), call_id=self.pseudonym("call_id", f.call_id),
                       text=free(f.text), context=free(f.context), message=free(f.message),
                       suggestions=tuple(free(s) for s in f.suggestions),
                       fix=None if f.fix is None else free(f.fix))

    def _call(self, c: CallResult, name: re.Pattern | None) -> CallResult:
        free = lambda value: _masked(text(value), name)  # noqa: E731
        return replace(c, path=self.path(c.path), call_id=self.pseudonym("call_id", c.call_id),
                       agent=self.pseudonym("agent", c.agent),
                       deductions=[replace(d, text=free(d.text)) for d in c.deductions],
                       skipped=[replace(s, reason=free(s.reason)) for s in c.skipped],
                       notes=[free(n) for n in c.notes],
                       transcript=[(s, a, b, free(t), line) for s, a, b, t, line in c.transcript])


def _name_re(agent: str | None) -> re.Pattern | None:
    """The words of an agent's name, to mask where the name is written out."""
    words = [w for w in re.findall(r"\w+", agent or "") if len(w) > 1 and not w.isdigit()]
    if not words:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, words))})(?!\w)", re.IGNORECASE)


def _masked(value: str, name: re.Pattern | None) -> str:
    return name.sub(_mask, value) if name is not None and value else value


def result(file_result: FileResult) -> FileResult:
    """One file's results masked on their own (a report uses one Redactor for all)."""
    return Redactor().result(file_result)
