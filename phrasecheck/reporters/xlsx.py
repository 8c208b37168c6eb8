"""XLSX: a workbook for QA staff, written with openpyxl.

Sheets: Violations (one row per violation), Practices (one row per recommended
technique used), Calls (score, deductions and credits), Agents and Rules (from the
summary), and Technique coverage: agents × techniques, each cell the number of
the agent's calls the technique was used in, shaded by its share of them. Every
sheet has a frozen header row, an autofilter and fixed column widths. The
workbook is in openpyxl's write-only mode, so rows go to disk as results stream
in and a large batch does not sit in memory: that is why widths are fixed per
column rather than measured from the content (the write-only sheet must have its
columns and panes set before its first row; the coverage sheet's columns, the
techniques, are known at the end, and so it is written then).
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

COVERAGE = "Technique coverage"
TECHNIQUE_WIDTH = 14
# sheet → [(header, width in characters)]
SHEETS = {
    "Violations": [("File", 32), ("Call ID", 20), ("Agent", 16), ("Line", 7), ("Time", 8), ("Rule", 22),
                   ("Severity", 9), ("Quote", 36), ("Message", 60), ("Suggestion", 50)],
    "Practices": [("File", 32), ("Call ID", 20), ("Agent", 16), ("Line", 7), ("Column", 8), ("Time", 8),
                  ("Speaker", 9), ("Technique", 22), ("Quote", 36), ("Message", 60)],
    "Calls": [("File", 32), ("Call ID", 20), ("Agent", 16), ("Started at", 26), ("Violations", 11),
              ("Score", 8), ("Failed", 8), ("Deductions", 60), ("Practices", 10), ("Credits", 40),
              ("Skipped", 30), ("Notes", 40)],
    "Agents": [("Agent", 20), ("Calls", 8), ("Average score", 14), ("Violations per call", 19),
               ("Worst rule", 24)],
    "Rules": [("Rule", 26), ("Violations", 11), ("Calls affected", 15)],
    # then one column per technique, known only at the end (see _coverage)
    COVERAGE: [("Agent", 20), ("Calls", 8)],
}
SUMMARY_SHEETS = ("Agents", "Rules", COVERAGE)  # all that --summary-only keeps
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
WRAP = Alignment(wrap_text=True, vertical="top")
WRAPPED = {"Quote", "Message", "Suggestion", "Deductions", "Credits", "Notes"}  # long text: wrapped, not cut off
SEVERITY_FONTS = {"error": Font(color="C00000", bold=True), "warning": Font(color="B36B00")}
# a coverage cell's shade by the share of the agent's calls the technique was used in: up to 25 %, 50 %, 75 %, all
COVERAGE_FILLS = [PatternFill("solid", fgColor=colour) for colour in ("E8F5E9", "C8E6C9", "A5D6A7", "81C784")]
TOTAL_FONT = Font(bold=True)
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


def credits_text(call: CallResult) -> str:
    """«technique +N» for every technique credited (+0 past the cap), the way the score was computed."""
    return ", ".join(f"{c.rule} +{c.points:g}" for c in call.credits)


def coverage_fill(used: int, calls: int) -> PatternFill | None:
    """The shade of a coverage cell: none where the technique was not used."""
    if not used or not calls:
        return None
    return COVERAGE_FILLS[min(len(COVERAGE_FILLS) - 1, max(0, -(-4 * used // calls) - 1))]


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
        self.columns = {name: list(SHEETS[name]) for name in names}  # the coverage sheet's grow at the end
        self.sheets = {name: self._sheet(name) for name in names}
        self.rows = {name: 1 for name in names}  # the header is row 1

    def _sheet(self, name: str):
        ws = self.book.create_sheet(name)
        if name != COVERAGE:  # its columns are the techniques, known at the end
            self._header(ws, self.columns[name])
        return ws

    def _header(self, ws, columns: list[tuple[str, int]]) -> None:
        for number, (_header, width) in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(number)].width = width
        ws.freeze_panes = "A2"
        header = []
        for title, _width in columns:
            cell = WriteOnlyCell(ws, cell_text(title))  # a technique's id, read back from a JSONL file
            cell.data_type, cell.font, cell.fill = "s", HEADER_FONT, HEADER_FILL
            header.append(cell)
        ws.append(header)

    def _append(self, name: str, values: list, fills: list | None = None, font: Font | None = None) -> None:
        ws = self.sheets.get(name)
        if ws is None:
            return
        cells = []
        for number, ((header, _width), value) in enumerate(zip(self.columns[name], values)):
            cell = WriteOnlyCell(ws)
            if fills and fills[number] is not None:
                cell.fill = fills[number]
            if font is not None:
                cell.font = font
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
        for item in result.practices:
            call = call_of(item, calls)
            self._append("Practices", [
                item.path, item.call_id, call.agent if call else None, item.line, item.column, clock(item.start),
                item.speaker, item.rule, item.text, item.message])
        for call in result.calls:
            self._append("Calls", [
                call.path, call.call_id, call.agent, call.started_at, call.violations, call.score,
                "yes" if call.failed else "no", deductions_text(call), sum(call.practices.values()),
                credits_text(call), ", ".join(sorted({s.rule for s in call.skipped})), "; ".join(call.notes)])

    def finish(self, summary: Summary) -> None:
        with os_errors():
            self._finish(summary)

    def _finish(self, summary: Summary) -> None:
        for row in summary.agent_rows():
            self._append("Agents", [row["agent"], row["calls"], row["average_score"],
                                    row["violations_per_call"], row["worst_rule"]])
        for rule, counts in sorted(summary.rules.items(), key=lambda kv: (-kv[1]["violations"], kv[0])):
            self._append("Rules", [rule, counts["violations"], counts["calls"]])
        if COVERAGE in self.sheets:
            self._coverage(summary)
        for name, ws in self.sheets.items():
            # the filter covers the header and every row written (just the header when empty)
            ws.auto_filter.ref = f"A1:{get_column_letter(len(self.columns[name]))}{self.rows[name]}"
        if summary.partial:
            self._partial_sheet()

    def _coverage(self, summary: Summary) -> None:
        """Agents × techniques (the most used first): in how many of the agent's calls each was
        used, then a total row over all calls."""
        techniques = sorted(summary.practices, key=lambda t: (-summary.practices[t]["calls"], t))
        self.columns[COVERAGE] += [(t, TECHNIQUE_WIDTH) for t in techniques]
        self._header(self.sheets[COVERAGE], self.columns[COVERAGE])
        for row in summary.agent_rows():
            used = [row["practices"].get(t, 0) for t in techniques]
            self._append(COVERAGE, [row["agent"], row["calls"], *used],
                         fills=[None, None, *(coverage_fill(n, row["calls"]) for n in used)])
        self._append(COVERAGE, ["Total", summary.calls, *(summary.practices[t]["calls"] for t in techniques)],
                     font=TOTAL_FONT)

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
