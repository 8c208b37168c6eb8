"""GitHub Actions workflow commands: each violation becomes an annotation on the
transcript's line in the run's summary and in a pull request's changed files.

    ::error file=PATH,line=L,col=C,title=RULE::MESSAGE (→ suggestion | …)

warning and info become `::warning` and `::notice`. With `practices=True`
(--practices) each recommended technique used is a `::notice` too, titled
`good practice: RULE`. An unreadable input is an
`::error` on its file too, so a CI run that fails on it says why where people look.
An interrupted run ends with a `::warning` that says so (PARTIAL_WARNING).

Control characters in the data are shown as escapes (printable.visible): the
run's log would otherwise interpret them.
"""

from __future__ import annotations


from ..model import PRACTICE, FileResult, Finding
from ..printable import visible
from ..summary import Summary
from .common import Reporter, TextOutput, findings_of

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
PRACTICE_TITLE = "good practice: "  # before the rule id, in a practice's title
PARTIAL_WARNING = "Interrupted: this report covers only the calls finished."


def escape_data(value: str) -> str:
    """A command's message: GitHub's runner decodes exactly these three; other
    control characters are shown as escapes."""
    return visible(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"), newlines=True)


def escape_property(value: str) -> str:
    """A property value: also `,` (separates properties) and `:` (ends them at `::`)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties) -> str:
    props = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties.items())
    return f"::{kind} {props}::{escape_data(message)}"


def annotation(finding: Finding) -> str:
    if finding.kind == PRACTICE:
        return command("notice", finding.message, file=finding.path, line=finding.line, col=finding.column,
                       title=PRACTICE_TITLE + finding.rule)
    text = finding.message
    if finding.suggestions:
        text += f" (→ {' | '.join(finding.suggestions)})"
    return command(COMMANDS[str(finding.severity)], text, file=finding.path, line=finding.line,
                   col=finding.column, title=finding.rule)


class GithubReporter(Reporter):
    def __init__(self, output=None, practices: bool | None = None, **options) -> None:
        self.out = TextOutput(output)
        self.practices = practices is True  # only with --practices

    def file(self, result: FileResult) -> None:
        write = self.out.stream.write
        findings = findings_of(result, self.practices)
        for finding in findings:
            write(annotation(finding) + "\n")
        for error in result.errors:
            write(command("error", f"unreadable: {error}", file=result.path, title="phrasecheck") + "\n")

    def finish(self, summary: Summary) -> None:
        # annotations only: the runner shows the count of each kind itself
        if summary.partial:
            self.out.stream.write(command("warning", PARTIAL_WARNING, title="phrasecheck") + "\n")
