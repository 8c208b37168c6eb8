"""Inline suppressions, applied after the fact in one place: a finding on a line
that a `phrasecheck: disable…` comment covers is dropped. A comment naming an
unknown rule is always reported; one that suppressed nothing is reported on
request (`--report-unused-suppressions`), so stale exceptions do not pile up."""

from __future__ import annotations

from .model import Call, Finding, Severity, Suppression

UNKNOWN, UNUSED = "suppression-unknown-rule", "suppression-unused"


def apply(call: Call, findings: list[Finding], known: set[str], active: set[str],
          report_unused: bool) -> list[Finding]:
    """The findings left after the call's suppressions, plus problems with them."""
    if not call.suppressions:
        return findings
    coverage = _coverage(call)
    used: set[int] = set()
    kept = []
    for item in findings:
        covering = [i for i, (lines, rules) in enumerate(coverage)
                    if item.line in lines and (not rules or item.rule in rules)]
        used.update(covering)
        if not covering:
            kept.append(item)
    for index, directive in enumerate(call.suppressions):
        unknown = [rule for rule in directive.rules if rule not in known]
        for rule in unknown:
            kept.append(_problem(call, directive, UNKNOWN, Severity.ERROR,
                                 f"Комментарий отключает неизвестное правило «{rule}»"))
        if (report_unused and directive.action != "enable" and index not in used and not unknown
                and (not directive.rules or set(directive.rules) <= active)):
            kept.append(_problem(call, directive, UNUSED, Severity.WARNING,
                                 "Комментарий ничего не отключает: уберите его"))
    return kept


def _coverage(call: Call) -> list[tuple[range | set, set[str]]]:
    """For each suppression: the source lines it covers and the rules (empty: all)."""
    speech_lines = sorted({line for u in call.utterances for _, line, _ in (u.segments or [(0, u.line, 0)])})
    last = max(speech_lines, default=0)
    out: list[tuple[range | set, set[str]]] = []
    for directive in call.suppressions:
        rules = set(directive.rules)
        if directive.action == "disable-line":
            out.append(({directive.line}, rules))
        elif directive.action == "disable-next-line":
            following = next((line for line in speech_lines if line > directive.line), None)
            out.append(({following} if following else set(), rules))
        elif directive.action == "disable":
            end = next((d.line for d in call.suppressions if d.action == "enable" and d.line > directive.line
                        and (not d.rules or not rules or rules & set(d.rules))), last + 1)
            out.append((range(directive.line, end), rules))
        else:
            out.append((set(), rules))  # enable: covers nothing itself
    return out


def _problem(call: Call, directive: Suppression, rule: str, severity: Severity, message: str) -> Finding:
    return Finding(path=call.path, line=directive.line, column=directive.column, rule=rule,
                   call_id=call.call_id, utterance=None, start=None, speaker=None, severity=severity,
                   message=message, text="")
