"""The engine: runs the active rules over calls and yields findings.

Each call is analysed once, lazily, in a CallContext (kinds/context.py): an
utterance's words tell which phrases it may hold (PhraseSet.possible); only
utterances a rule looks at that may hold one of its phrases are tokenised and
matched, for all phrases at once, and cached. A rule's Check (kinds/check.py)
says by its `phrase_ids` which calls are worth running it on.

A check yields violations and practices (a recommended technique used: a Finding
of kind PRACTICE) alike; they part here. Practices are credited in the score
(scoring.py) and never count as violations: not for --fail-on, suppressions or --fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from . import scoring, suppressions
from .kinds.context import CallContext
from .kinds.recording import Excuses, recorded_gap
from .model import PRACTICE, Call, CallResult, CannotJudge, FileResult, Finding, Skip
from .readers import ReaderOptions, ReadError, Source, internal_error, read_source
from .rulepack import Rule, RuleSet


class Examined(NamedTuple):
    """What the rules found in one call, each list sorted."""

    findings: list[Finding]  # violations
    practices: list[Finding]  # techniques used
    skipped: list[Skip]


@dataclass
class Engine:
    ruleset: RuleSet
    reader_options: ReaderOptions = ReaderOptions()
    scripts_are_calls: bool = False  # else scripts are fragments: phrase rules only
    report_unused_suppressions: bool = False
    credit_cap: float = scoring.DEFAULT_CREDIT_CAP  # the most practices give back to one call

    def __post_init__(self) -> None:
        self._rules_by_id = {rule.id: rule for rule in self.ruleset.rules}
        self._always: set[int] = set()  # positions of rules that run on every call
        self._triggered: dict[int, list[int]] = {}  # phrase id → positions of rules it may set off
        # Phrase rules that a call's metadata or lack of timestamps can leave
        # unjudged whatever is said: asked about that on every call, so skipped
        # checks do not depend on which rules were set off.
        self._judged: set[int] = set()
        for position, rule in enumerate(self.ruleset.rules):
            phrase_ids = rule.check.phrase_ids
            if phrase_ids is None:
                self._always.add(position)
                continue
            for pid in phrase_ids:
                self._triggered.setdefault(pid, []).append(position)
            if rule.when or rule.scope.part != "call":  # it may need timestamps; a recording may lack it
                self._judged.add(position)
        self._trigger_ids = frozenset(self._triggered)
        # rules that apply to every call that is not a script: no condition, the whole call
        self._unconditional = {position for position, rule in enumerate(self.ruleset.rules)
                               if not rule.when and not rule.unless and rule.scope.part == "call"}

    def check_call(self, call: Call) -> tuple[list[Finding], list[Skip]]:
        """Violations (sorted) and the rules that could not be applied."""
        examined = self.examine(call)
        return examined.findings, examined.skipped

    def examine(self, call: Call) -> Examined:
        """Violations, practices and the rules that could not be applied."""
        for misattributed in self.ruleset.misattributed:  # before anything is read of who said what
            call = misattributed.relabel(call)
        context = CallContext(call, self.ruleset.phrases, self.ruleset.names)
        # A phrase rule runs only where one of its phrases may be said (so the
        # cost does not grow with the number of rules); it then tokenises just
        # the utterances of its speaker and scope that may hold them.
        run = set(self._always)
        for pid in self._trigger_ids.intersection(context.where_possible()):
            run.update(self._triggered[pid])
        findings, practices, skipped = [], [], []
        excuse = context.excuse = Excuses(self.ruleset.recordings, context)
        for position in sorted(run | self._judged):
            rule = self.ruleset.rules[position]
            if (call.is_script or position not in self._unconditional) and not self._applies(rule, call, skipped):
                continue
            try:
                if position in run:
                    found = list(rule.check.run(context))
                    if rule.check.practices and found:
                        practices.extend(f for f in found if f.kind == PRACTICE)
                        found = [f for f in found if f.kind != PRACTICE]
                    # a violation about an opening or closing the recording lacks is none
                    reason = found and rule.scope.part != "call" and excuse(rule.scope.part)
                    if reason:
                        raise CannotJudge(reason)
                    findings.extend(found)
                else:  # it cannot fire here; whether it could be judged is still reported
                    context.in_scope(rule)
            except CannotJudge as reason:
                skipped.append(Skip(rule.id, str(reason)))
        if call.suppressions:
            findings = suppressions.apply(call, findings, self.ruleset.known_ids | set(self._rules_by_id),
                                          set(self._rules_by_id), self.report_unused_suppressions)
        return Examined(sorted(findings, key=Finding.sort_key), sorted(practices, key=Finding.sort_key), skipped)

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
        for key, exempt in rule.unless.items():
            value = call.metadata.get(key)
            if value is not None and str(value).lower() in {str(e).lower() for e in exempt}:
                return False
        gap = rule.scope.part != "call" and recorded_gap(call.metadata, rule.scope.part)
        if gap:  # the recording does not hold what the rule judges
            skipped.append(Skip(rule.id, gap))
            return False
        return True

    def check_source(self, source: Source) -> FileResult:
        """Check a whole file, or one part of a file split into parts of lines.
        Each call is checked on its own: one that cannot be read or checked (even
        for a bug of ours, which says so) becomes an error of this file, located
        by line and call id, and the other calls still are checked."""
        result = FileResult(source.path, continues=bool(source.part))  # parts after the first continue it
        try:
            for call in read_source(source, self.reader_options):
                if isinstance(call, ReadError):  # one bad call of many: the rest go on
                    result.errors.append(str(call))
                    continue
                try:
                    findings, practices, skipped = self.examine(call)
                    checked = self._call_result(call, findings, practices, skipped)
                except Exception as exc:
                    where = ReadError(f"call «{call.call_id}»: {internal_error(exc)}; the call is not checked",
                                      line=call.line)
                    result.errors.append(str(where))
                    continue
                result.calls.append(checked)
                result.findings.extend(findings)
                result.practices.extend(practices)
                result.digest = call.digest
        except ReadError as exc:
            result.errors.append(str(exc))
        except Exception as exc:  # a bug of ours while reading: the calls read so far are kept
            result.errors.append(internal_error(exc))
        result.findings.sort(key=Finding.sort_key)
        result.practices.sort(key=Finding.sort_key)
        return result

    def _call_result(self, call: Call, findings: list[Finding], practices: list[Finding],
                     skipped: list[Skip]) -> CallResult:
        used = scoring.practices_of(practices)
        credited = scoring.credits(used, self._rules_by_id, self.credit_cap) if used else []
        points, failed, deductions = scoring.score(findings, self._rules_by_id, credited)
        started = call.metadata.get("started_at")
        return CallResult(
            path=call.path, call_id=call.call_id, line=call.line, agent=call.metadata.get("agent"),
            started_at=started.isoformat() if started else None, violations=len(findings),
            score=points, failed=failed, deductions=deductions, skipped=skipped, notes=list(call.notes),
            # reports show the transcripts of calls with findings; clean calls need none
            transcript=[(u.speaker, u.start, u.end, u.text, u.line) for u in call.utterances]
            if findings or practices else [], practices=used, credits=credited, script=call.is_script,
        )

