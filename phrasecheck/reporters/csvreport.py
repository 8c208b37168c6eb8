"""CSV: one row per violation, for spreadsheets and scripts. With `practices=True`
(--practices) the recommended techniques used have rows too, in their place among
the violations, and a last column `kind` («violation» or «practice») tells them apart; a practice
row has no severity and no suggestions.

Numbers for the spreadsheet's locale: with `;` between fields (the list separator of
locales that write a decimal comma: Russian, German…) `start` and `score` are written
with a decimal comma (`94,5`), so the spreadsheet reads them as numbers; with `,` or a
tab, with a point. `decimal_comma` True or False (--decimal-comma, --decimal-point)
decides it whatever the delimiter. A tab is given as `tab` or `\t`.

Written as UTF-8 with a byte-order mark: without it Excel reads the file in the
system's ANSI code page and Cyrillic turns into mojibake. The call's agent and
score live in its CallResult, so each finding is matched to its call by call id.

An interrupted run's report ends with one more row whose first cell starts with
PARTIAL_MARK: what a spreadsheet shows last, and a row a script tells from a
violation by its empty `rule`.
"""

from __future__ import annotations

import csv

from ..model import VIOLATION, CallResult, FileResult, Finding
from ..summary import Summary
from .common import SUGGESTION_SEPARATOR, OutputError, Reporter, TextOutput, call_of, calls_by_id, findings_of

COLUMNS = ("path", "call_id", "agent", "line", "column", "utterance", "start", "speaker", "rule",
           "severity", "text", "message", "suggestions", "score")
# A cell starting with one of these is taken for a formula by spreadsheet programs
# («+7 912…» becomes #NAME?, and «=HYPERLINK(…)» in a transcript would run).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
KIND_COLUMN = "kind"  # only with --practices: a Finding's kind, «violation» or «practice»
PARTIAL_MARK = "# partial"
PARTIAL_ROW = f"{PARTIAL_MARK}: the check was interrupted; this report covers only the calls finished"


def defuse(value):
    """Plain text stays text when the CSV is opened in a spreadsheet (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def row(finding: Finding, call: CallResult | None) -> list:
    """The values of COLUMNS for one violation or practice (no severity)."""
    severity = str(finding.severity) if finding.kind == VIOLATION else None
    return [finding.path, finding.call_id, call.agent if call else None, finding.line, finding.column,
            finding.utterance, finding.start, finding.speaker, finding.rule, severity,
            finding.text, finding.message, SUGGESTION_SEPARATOR.join(finding.suggestions),
            call.score if call else None]


DELIMITER_NAMES = {"tab": "\t", "\\t": "\t"}  # what a shell lets one type for a tab
NUMBER_COLUMNS = ("start", "score")  # the columns that may hold a fraction


def delimiter(name: str) -> str:
    """The field separator --csv-delimiter names: one character, or `tab` / `\\t`."""
    value = DELIMITER_NAMES.get(name.lower(), name)
    if len(value) != 1 or value in ('"', "\r", "\n"):
        raise OutputError(f"--csv-delimiter must be one character (or tab), not «{name}»")
    return value


def decimal(value, comma: bool):
    """A number as the spreadsheet's locale reads it; anything else as it is."""
    if comma and isinstance(value, float):
        return repr(value).replace(".", ",")
    return value


class CsvReporter(Reporter):
    def __init__(self, output=None, csv_delimiter: str = ",", practices: bool | None = None,
                 decimal_comma: bool | None = None, **options) -> None:
        csv_delimiter = delimiter(csv_delimiter)
        self.comma = csv_delimiter == ";" if decimal_comma is None else decimal_comma
        self.numbers = [COLUMNS.index(name) for name in NUMBER_COLUMNS]
        self.practices = practices is True  # only with --practices: the columns stay as they were without
        self.columns = (*COLUMNS, KIND_COLUMN) if self.practices else COLUMNS
        # the file codec writes the BOM itself; on standard output it is written by hand
        self.out = TextOutput(output, encoding="utf-8-sig")
        if output is None:
            self.out.stream.write("\ufeff")
        self.writer = csv.writer(self.out.stream, delimiter=csv_delimiter)
        self.writer.writerow(self.columns)

    def file(self, result: FileResult) -> None:
        calls = calls_by_id(result)
        rows = findings_of(result, self.practices)
        for finding in rows:
            values = row(finding, call_of(finding, calls))
            for index in self.numbers:
                values[index] = decimal(values[index], self.comma)
            if self.practices:
                values.append(finding.kind)
            self.writer.writerow(["" if v is None else defuse(v) for v in values])

    def finish(self, summary: Summary) -> None:
        # every violation was written as it came; an interrupted run says so last
        if summary.partial:
            self.writer.writerow([PARTIAL_ROW] + [""] * (len(self.columns) - 1))
