"""XLSX: a workbook for QA staff, written with openpyxl.

Sheets: Violations (one row per violation), Calls (score and deductions), Agents
and Rules (from the summary). Every sheet has a frozen header row, an autofilter
and fixed column widths. The workbook is in openpyxl's write-only mode, so rows
go to disk as results stream in and a large batch does not sit in memory: that
is why widths are fixed per column rather than measured from the content (the
write-only sheet must have its columns and panes set before its first row).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..model import CallResult, FileResult, Summary
from .common import SUGGESTION_SEPARATOR, call_of, calls_by_id, clock

# sheet → [(header, width in characters)]
SHEETS = {
    "Violations": [("File", 32), ("Call ID", 20), ("Agent", 16), ("Line", 7), ("Time", 8), ("Rule", 22),
                   ("Severity", 9), ("Quote", 36), ("Message", 60), ("Suggestion", 50)],
    "Calls": [("File", 32), ("Call ID", 20), ("Agent", 16), ("Started at", 26), ("Violations", 11),
              ("Score", 8), ("Failed", 8), ("Deductions", 60), ("Skipped", 30), ("Notes", 40)],
    "Agents": [("Agent", 20), ("Calls", 8), ("Average score", 14), ("Violations per call", 19),
               ("Worst rule", 24)],
    "Rules": [("Rule", 26), ("Violations", 11), ("Calls affected", 15)],
}
SUMMARY_SHEETS = ("Agents", "Rules")  # all that --summary-only keeps
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
WRAP = Alignment(wrap_text=True, vertical="top")
WRAPPED = {"Quote", "Message", "Suggestion", "Deductions", "Notes"}  # long text: wrapped, not cut off
SEVERITY_FONTS = {"error": Font(color="C00000", bold=True), "warning": Font(color="B36B00")}


def deductions_text(call: CallResult) -> str:
    """«rule −N» for every deduction, the way the score was computed."""
    return ", ".join(f"{d.rule} −{d.points:g}" for d in call.deductions)


class XlsxReporter:
    def __init__(self, output: Path, summary_only: bool = False, **options) -> None:
        # opened now, so an unwritable --output fails before any checking is done
        self.stream = output.open("wb")
        self.book = Workbook(write_only=True)
        names = SUMMARY_SHEETS if summary_only else SHEETS
        self.sheets = {name: self._sheet(name) for name in names}
        self.rows = {name: 1 for name in names}  # the header is row 1

    def _sheet(self, name: str):
        ws = self.book.create_sheet(name)
        columns = SHEETS[name]
        for number, (_header, width) in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(number)].width = width
        ws.freeze_panes = "A2"
        header = []
        for title, _width in columns:
            cell = WriteOnlyCell(ws, title)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            header.append(cell)
        ws.append(header)
        return ws

    def _append(self, name: str, values: list) -> None:
        ws = self.sheets.get(name)
        if ws is None:
            return
        cells = []
        for (header, _width), value in zip(SHEETS[name], values):
            cell = WriteOnlyCell(ws)
            if isinstance(value, str):
                # openpyxl refuses control characters, and would store «=…» as a formula
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"
                if header in WRAPPED:
                    cell.alignment = WRAP
                if header == "Severity" and value in SEVERITY_FONTS:
                    cell.font = SEVERITY_FONTS[value]
            else:
                cell.value = value
            cells.append(cell)
        ws.append(cells)
        self.rows[name] += 1

    def file(self, result: FileResult) -> None:
        calls = calls_by_id(result)
        for item in result.findings:
            call = call_of(item, calls)
            self._append("Violations", [
                item.path, item.call_id, call.agent if call else None, item.line, clock(item.start),
                item.rule, str(item.severity), item.text, item.message,
                SUGGESTION_SEPARATOR.join(item.suggestions)])
        for call in result.calls:
            self._append("Calls", [
                call.path, call.call_id, call.agent, call.started_at, call.violations, call.score,
                "yes" if call.failed else "no", deductions_text(call),
                ", ".join(sorted({s.rule for s in call.skipped})), "; ".join(call.notes)])

    def finish(self, summary: Summary) -> None:
        for row in summary.agent_rows():
            self._append("Agents", [row["agent"], row["calls"], row["average_score"],
                                    row["violations_per_call"], row["worst_rule"]])
        for rule, counts in sorted(summary.rules.items(), key=lambda kv: (-kv[1]["violations"], kv[0])):
            self._append("Rules", [rule, counts["violations"], counts["calls"]])
        for name, ws in self.sheets.items():
            # the filter covers the header and every row written (just the header when empty)
            ws.auto_filter.ref = f"A1:{get_column_letter(len(SHEETS[name]))}{self.rows[name]}"

    def close(self) -> None:
        try:
            self.book.save(self.stream)
        finally:
            self.stream.close()
