"""--fix and --diff over a whole run: one pass that fixes each checked file as
its results come, rewriting it (--fix) or printing what would change (--diff).
Fixing one file is `fixes.fix_file`'s job."""

from __future__ import annotations

import sys

from .progress import tell


class Tally:
    """What a pass fixed, and whether some file would change."""

    def __init__(self) -> None:
        self.violations = self.files = 0
        self.changed = False


def fix_results(results, write: bool, tally: Tally):
    """The (task, file results) pairs of a run, less what was fixed; with
    `write` the files are rewritten, else their diffs go to standard output."""
    from . import fixes  # only here: a run without --fix or --diff should not pay for it

    for task, file_results in results:
        kept = []
        for result in file_results:
            outcome = fixes.fix_file(result, write=write)
            if outcome.problem:
                tell(f"{result.path}: {outcome.problem}")
            if outcome.diff:
                tally.changed = True
                if not write:
                    sys.stdout.write(outcome.diff)
            if outcome.fixed:
                tally.violations, tally.files = tally.violations + len(outcome.fixed), tally.files + 1
                result = fixes.without_fixed(result, outcome)
            kept.append(result)
        yield task, kept
    if write:
        count, files = tally.violations, tally.files
        tell(f"Fixed {count} violation{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}.")


def diff(results) -> bool:
    """--diff: print the changes --fix would make; whether there are any."""
    tally = Tally()
    for _ in fix_results(results, write=False, tally=tally):
        pass
    return tally.changed


def fixed(results):
    """--fix: rewrite each file as its results come; say how much was fixed at the end."""
    return fix_results(results, write=True, tally=Tally())

