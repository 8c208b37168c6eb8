"""XLSX: a workbook for QA staff, written with openpyxl.

Sheets: Violations (one row per violation), Calls (score and deductions), Agents
and Rules (from the summary). Every sheet has a frozen header row, an autofilter
and fixed column widths. The workbook is in openpyxl's write-only mode, so rows
go to disk as results stream in and a large batch does not sit in memory: that
is why widths are fixed per column rather than measured from the content (the
write-only sheet must have its columns and panes set before its first row).
An interrupted run's workbook opens on one more sheet, «Interrupted», that says
so. The file is written whole or not at all (common.ReportFile).
"""

from __future__ import annotations

import errno
import os
import re
from contextlib import contextmanager
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..model import CallResult, FileResult
from ..summary import Summary
from .common import SUGGESTION_SEPARATOR, Reporter, ReportFile, call_of, calls_by_id, clock

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
PARTIAL_SHEET = "Interrupted"
PARTIAL_NOTE = "The check was interrupted: this workbook covers only the calls finished."
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def cell_text(value: str) -> str:
    """Text a workbook can hold: XML has no control characters (openpyxl refuses
    them) and UTF-8 no lone surrogates (shown as their escape, as in other reports)."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return _SURROGATE_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", value)


def deductions_text(call: CallResult) -> str:
    """«rule −N» for every deduction, the way the score was computed."""
    return ", ".join(f"{d.rule} −{d.points:g}" for d in call.deductions)


try:  # openpyxl writes with lxml when it is installed, which reports a full disk its own way
    from lxml.etree import SerialisationError
except ImportError:  # pragma: no cover - openpyxl's pure-Python writer raises OSError itself
    SerialisationError = ()


@contextmanager
def os_errors():
    """lxml's «IO_ENOSPC» as the OSError it is, so that it is reported like any other."""
    try:
        yield
    except SerialisationError as exc:
        name = str(exc)[3:] if str(exc).startswith("IO_") else "EIO"
        number = getattr(errno, name, errno.EIO)
        raise OSError(number, os.strerror(number)) from None


class XlsxReporter(Reporter):
    def __init__(self, output: Path, summary_only: bool = False, **options) -> None:
        # opened now, so an unwritable --output fails before any checking is done
        self.report_file = ReportFile(output)
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
                # stored as text: openpyxl would store «=…» as a formula
                cell.value = cell_text(value)
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
        with os_errors():
            self._file(result)

    def _file(self, result: FileResult) -> None:
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
        with os_errors():
            self._finish(summary)

    def _finish(self, summary: Summary) -> None:
        for row in summary.agent_rows():
            self._append("Agents", [row["agent"], row["calls"], row["average_score"],
                                    row["violations_per_call"], row["worst_rule"]])
        for rule, counts in sorted(summary.rules.items(), key=lambda kv: (-kv[1]["violations"], kv[0])):
            self._append("Rules", [rule, counts["violations"], counts["calls"]])
        for name, ws in self.sheets.items():
            # the filter covers the header and every row written (just the header when empty)
            ws.auto_filter.ref = f"A1:{get_column_letter(len(SHEETS[name]))}{self.rows[name]}"
        if summary.partial:
            self._partial_sheet()

    def _partial_sheet(self) -> None:
        """The first sheet, so that the workbook opens on it."""
        ws = self.book.create_sheet(PARTIAL_SHEET, 0)
        ws.column_dimensions["A"].width = 80
        note = WriteOnlyCell(ws, PARTIAL_NOTE)
        note.font = SEVERITY_FONTS["error"]
        ws.append([note])

    def close(self) -> None:
        """Workbook.save, with the zip archive closed even when writing it fails
        (else Python would try to finish it when it collects it, and say so)."""
        archive = ZipFile(self.report_file.raw, "w", ZIP_DEFLATED, allowZip64=True)
        try:
            with os_errors():
                ExcelWriter(self.book, archive).save()
        except BaseException:
            try:
                archive.close()
            except (OSError, ValueError):
                pass
            raise
        self.report_file.close()

    def discard(self) -> None:
        for ws in self.book.worksheets:  # their rows are spooled to temporary files: closed and removed
            for step in (ws.close, lambda: ws._writer.cleanup()):
                try:
                    step()
                except Exception:  # noqa: BLE001 - half saved already; only the first error matters
                    pass
        self.report_file.discard()
