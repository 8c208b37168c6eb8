"""Inline suppressions, applied after the fact in one place: a finding on a line
that a `phrasecheck: disable…` comment covers is dropped. A comment naming an
unknown rule is always reported; one that suppressed nothing is reported on
request (`--report-unused-suppressions`), so stale exceptions do not pile up."""

from __future__ import annotations

from bisect import bisect_right
from heapq import heappop, heappush

from .model import Call, Finding, Severity, Suppression

UNKNOWN, UNUSED = "suppression-unknown-rule", "suppression-unused"


def apply(call: Call, findings: list[Finding], known: set[str], active: set[str],
          report_unused: bool) -> list[Finding]:
    """The findings left after the call's suppressions, plus problems with them."""
    if not call.suppressions:
        return findings
    covered, used = _covered(findings, _ranges(call))
    kept = [item for item, hidden in zip(findings, covered) if not hidden]
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


def _ranges(call: Call) -> list[tuple[int, int, int, frozenset[str]]]:
    """(first line, end line, index, rules (empty: all)) of each suppression that
    covers lines, sorted: a region runs from `disable` to the next `enable` that
    frees one of its rules; the others cover a line. Found by bisection: a file
    may hold thousands of comments."""
    speech = sorted({line for u in call.utterances for _, line, _ in (u.segments or [(0, u.line, 0)])})
    end_of_file = (speech[-1] if speech else 0) + 1
    enables = [d for d in call.suppressions if d.action == "enable"]
    any_enable = sorted(d.line for d in enables)
    all_enable = sorted(d.line for d in enables if not d.rules)  # frees every rule
    rule_enable: dict[str, list[int]] = {}
    for directive in enables:
        for rule in directive.rules:
            rule_enable.setdefault(rule, []).append(directive.line)
    for lines in rule_enable.values():
        lines.sort()
    ranges = []
    for index, directive in enumerate(call.suppressions):
        line, rules = directive.line, frozenset(directive.rules)
        if directive.action == "disable-line":
            ranges.append((line, line + 1, index, rules))
        elif directive.action == "disable-next-line":
            following = _first_after(speech, line)
            if following is not None:
                ranges.append((following, following + 1, index, rules))
        elif directive.action == "disable":
            ends = [_first_after(lines, line) for lines in
                    ([any_enable] if not rules else [all_enable, *(rule_enable.get(r, ()) for r in rules)])]
            ranges.append((line, min((e for e in ends if e is not None), default=end_of_file), index, rules))
    return sorted(range_ for range_ in ranges if range_[0] < range_[1])


def _first_after(lines, line: int) -> int | None:
    """The first of the sorted `lines` after `line`."""
    at = bisect_right(lines, line)
    return lines[at] if at < len(lines) else None


def _covered(findings: list[Finding], ranges) -> tuple[list[bool], set[int]]:
    """Whether each finding is suppressed, and the suppressions that suppressed
    something: one sweep over the findings by line, the suppressions in force
    kept by rule, each marked used once."""
    covered, used = [False] * len(findings), set()
    in_force: dict[str, set[int]] = {}  # rule ("" for all rules) → indices of suppressions in force
    unmarked: dict[str, set[int]] = {}  # those of them not yet marked used
    ending: list[tuple[int, int, frozenset]] = []  # heap of (end line, index, rules)
    position = 0
    for f in sorted(range(len(findings)), key=lambda f: findings[f].line):
        line, rule = findings[f].line, findings[f].rule
        while position < len(ranges) and ranges[position][0] <= line:
            _, end, index, rules = ranges[position]
            for key in rules or ("",):
                in_force.setdefault(key, set()).add(index)
                unmarked.setdefault(key, set()).add(index)
            heappush(ending, (end, index, rules))
            position += 1
        while ending and ending[0][0] <= line:
            _, index, rules = heappop(ending)
            for key in rules or ("",):
                in_force[key].discard(index)
                unmarked[key].discard(index)
        for key in ("", rule):
            if in_force.get(key):
                covered[f] = True
                used |= unmarked[key]
                unmarked[key].clear()
    return covered, used


def _problem(call: Call, directive: Suppression, rule: str, severity: Severity, message: str) -> Finding:
    return Finding(path=call.path, line=directive.line, column=directive.column, rule=rule,
                   call_id=call.call_id, utterance=None, start=None, speaker=None, severity=severity,
                   message=message, text="")
