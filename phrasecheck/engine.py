"""The engine: runs the active rules over calls and yields findings.

Each call is analysed once: every utterance is tokenised and scanned for all
phrases of all rules in one pass (PhraseSet); rule kinds then only look up hits.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import morphology, scoring, suppressions
from .model import Call, CallResult, CannotJudge, FileResult, Finding, Skip
from .readers import ReaderOptions, ReadError, read_calls
from .rulepack import Rule, RuleSet


class Analysis:
    """One call as the rules see it: tokens and phrase hits per utterance, computed lazily."""

    def __init__(self, call: Call, phrases) -> None:
        self.call = call
        self._phrases = phrases
        self._tokens: dict[int, list] = {}
        self._keys: dict[int, list] = {}
        self._hits: dict[int, dict] = {}
        self._possible: dict[int, set] = {}

    def tokens(self, index: int):
        tokens = self._tokens.get(index)
        if tokens is None:
            tokens = self._tokens[index] = morphology.tokenize(self.call.utterances[index].text)
        return tokens

    def keys(self, index: int) -> list[frozenset]:
        keys = self._keys.get(index)
        if keys is None:
            keys = self._keys[index] = [morphology.word_keys(t.form) for t in self.tokens(index)]
        return keys

    def hits(self, index: int) -> dict[int, list[tuple[int, int]]]:
        """Phrase id → token spans found in utterance `index`."""
        hits = self._hits.get(index)
        if hits is None:
            if self.possible(index):
                hits = self._phrases.scan(self.tokens(index), self.keys(index))
            else:
                hits = {}
            self._hits[index] = hits
        return hits

    def possible(self, index: int) -> set[int]:
        """Phrase ids that could match in utterance `index`, told from its words alone."""
        possible = self._possible.get(index)
        if possible is None:
            possible = self._possible[index] = self._phrases.possible(self.call.utterances[index].text)
        return possible

    def spoken_by(self, speaker: str) -> list[int]:
        return [u.index for u in self.call.utterances if speaker == "any" or u.speaker == speaker]

    def in_scope(self, rule: Rule, speaker: str | None = None) -> list[int]:
        """Indices of the utterances a rule looks at: its speaker's, within its scope.
        Raises CannotJudge when the scope cannot be told (no timestamps)."""
        scope = rule.scope.select(self.call, self.spoken_by(speaker or rule.speaker))
        if isinstance(scope, str):
            raise CannotJudge(scope)
        return scope


@dataclass
class Engine:
    ruleset: RuleSet
    reader_options: ReaderOptions = ReaderOptions()
    scripts_are_calls: bool = False  # else scripts are fragments: phrase rules only
    report_unused_suppressions: bool = False

    def __post_init__(self) -> None:
        self._rules_by_id = {rule.id: rule for rule in self.ruleset.rules}
        self._triggered: dict[int, list[Rule]] = {}
        self._always: list[Rule] = []
        for rule in self.ruleset.rules:
            phrase_ids = getattr(rule.check, "phrase_ids", None)
            if phrase_ids is None:
                self._always.append(rule)
            else:
                for pid in phrase_ids:
                    self._triggered.setdefault(pid, []).append(rule)
        self._trigger_ids = frozenset(self._triggered)

    def check_call(self, call: Call) -> tuple[list[Finding], list[Skip]]:
        """Findings (sorted) and the rules that could not be applied."""
        analysis = Analysis(call, self.ruleset.phrases)
        rules = list(self._always)
        if self._triggered:
            seen = {id(r) for r in rules}
            for utterance in call.utterances:
                if self._trigger_ids.isdisjoint(analysis.possible(utterance.index)):
                    continue  # no phrase of a triggered rule can be here: no need to tokenise
                for pid in analysis.hits(utterance.index):
                    for rule in self._triggered.get(pid, ()):
                        if id(rule) not in seen:
                            seen.add(id(rule))
                            rules.append(rule)
        findings, skipped = [], []
        for rule in rules:
            if not self._applies(rule, call, skipped):
                continue
            try:
                findings.extend(rule.check(analysis))
            except CannotJudge as reason:
                skipped.append(Skip(rule.id, str(reason)))
        findings = suppressions.apply(call, findings, self.ruleset.known_ids | set(self._rules_by_id),
                                      set(self._rules_by_id), self.report_unused_suppressions)
        return sorted(findings, key=Finding.sort_key), skipped

    def _applies(self, rule: Rule, call: Call, skipped: list[Skip]) -> bool:
        if call.is_script and not self.scripts_are_calls and (rule.structural or rule.scope.part != "call"):
            return False  # a script fragment has no opening, closing or timing of its own
        for key, accepted in rule.when.items():
            value = call.metadata.get(key)
            if value is None:
                skipped.append(Skip(rule.id, f"the call's {key} is unknown"))
                return False
            if str(value).lower() not in {str(a).lower() for a in accepted}:
                return False
        return True

    def check_file(self, path: str, lines=None) -> FileResult:
        """Check one file, or with `lines` one chunk of a JSONL file's lines."""
        result = FileResult(path)
        try:
            for call in read_calls(path, self.reader_options, lines):
                if isinstance(call, ReadError):  # one bad call of many: the rest go on
                    result.errors.append(str(call))
                    continue
                findings, skipped = self.check_call(call)
                result.calls.append(self._call_result(call, findings, skipped))
                result.findings.extend(findings)
                result.digest = call.digest
        except ReadError as exc:
            result.errors.append(str(exc))
        result.findings.sort(key=Finding.sort_key)
        return result

    def _call_result(self, call: Call, findings: list[Finding], skipped: list[Skip]) -> CallResult:
        points, failed, deductions = scoring.score(findings, self._rules_by_id)
        started = call.metadata.get("started_at")
        return CallResult(
            path=call.path, call_id=call.call_id, line=call.line, agent=call.metadata.get("agent"),
            started_at=started.isoformat() if started else None, violations=len(findings),
            score=points, failed=failed, deductions=deductions, skipped=skipped, notes=list(call.notes),
            # reports show the transcripts of calls with violations; clean calls need none
            transcript=[(u.speaker, u.start, u.end, u.text, u.line) for u in call.utterances] if findings else [],
        )

