"""XLSX: a workbook for QA staff, written with openpyxl.

Sheets (xlsx_sheets, in Russian): violations (one row per violation), practices (one row
per recommended technique used), calls (start, score, deductions and credits), agents and
rules (from the summary), and technique coverage: agents × techniques, each cell the
number of the agent's calls the technique was used in, shaded by its share of them. Every
sheet has a frozen header row, an autofilter, fixed column widths, wrapped text in rows as
high as it needs and a print setup (xlsx_print); times and dates are the spreadsheet's own
values (xlsx_values). The workbook is in openpyxl's write-only mode, so rows go to disk as
results stream in and a large batch does not sit in memory: that is why widths are fixed
per column rather than measured from the content, and each row's height is estimated from
its text as it is written (the write-only sheet must have its columns, panes and print
setup set before its first row; the coverage sheet's columns, the techniques, are known at
the end, and so it is written then).
An interrupted run's workbook opens on one more sheet that says so. The file is written
whole or not at all (common.ReportFile).
"""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from copy import copy
from datetime import datetime, timedelta
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..model import CallResult, FileResult
from ..summary import Summary
from .common import SUGGESTION_SEPARATOR, Reporter, ReportFile, call_of, calls_by_id
from .xlsx_print import row_height, set_print
from .xlsx_sheets import (AGENTS, CALLS, COVERAGE, NO, PARTIAL_NOTE, PARTIAL_SHEET, PRACTICES, RULES,
                          SEVERITY_COLUMN, SEVERITY_LABELS, SHEETS, SPEAKER_LABELS, SUMMARY_SHEETS, TECHNIQUE_WIDTH,
                          TOTAL, VIOLATIONS, YES, Column, label)
from .xlsx_values import DATETIME_FORMAT, DURATION_FORMAT, cell_text, moment, started

# the workbook's own font (openpyxl's default), named: else LibreOffice shows a bold cell in a serif
BOLD = Font(name="Calibri", size=11, bold=True)
HEADER_FONT = BOLD
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
WRAP = Alignment(wrap_text=True, vertical="top")  # every cell: long text wrapped, never cut off
SEVERITY_FONTS = {SEVERITY_LABELS["error"]: Font(name="Calibri", size=11, color="C00000", bold=True),
                  SEVERITY_LABELS["warning"]: Font(name="Calibri", size=11, color="B36B00")}
# a coverage cell's shade by the share of the agent's calls the technique was used in: up to 25 %, 50 %, 75 %, all
COVERAGE_FILLS = [PatternFill("solid", fgColor=colour) for colour in ("E8F5E9", "C8E6C9", "A5D6A7", "81C784")]
TOTAL_FONT = BOLD
NUMBER_FORMATS = {timedelta: DURATION_FORMAT, datetime: DATETIME_FORMAT}


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
        self.rows = {name: 0 for name in names}  # written so far
        self.styles = {}  # (font, fill, number format) → the style of a cell that looks so
        self.sheets = {name: self._sheet(name) for name in names}

    def _sheet(self, name: str):
        ws = self.book.create_sheet(name)
        set_print(ws)
        if name != COVERAGE:  # its columns are the techniques, known at the end
            self._header(ws, name)
        return ws

    def _header(self, ws, name: str) -> None:
        columns = self.columns[name]
        for number, column in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(number)].width = column.width
        ws.freeze_panes = "A2"
        self._write(ws, name, [column.title for column in columns], font=HEADER_FONT, fill=HEADER_FILL)

    def _append(self, name: str, values: list, fills: list | None = None, font: Font | None = None) -> None:
        ws = self.sheets.get(name)
        if ws is not None:
            self._write(ws, name, values, fills, font)

    def _write(self, ws, name: str, values: list, fills: list | None = None, font: Font | None = None,
               fill: PatternFill | None = None) -> None:
        cells, texts = [], []
        for number, (column, value) in enumerate(zip(self.columns[name], values)):
            cell_font, number_format = font, None
            if isinstance(value, str):
                # stored as text: openpyxl would store «=…» as a formula
                cell = WriteOnlyCell(ws)
                cell.value, cell.data_type = cell_text(value), "s"
                texts.append((cell.value, column.width))
                if column.title == SEVERITY_COLUMN and value in SEVERITY_FONTS:
                    cell_font = SEVERITY_FONTS[value]
            else:
                cell = WriteOnlyCell(ws, value)
                number_format = NUMBER_FORMATS.get(type(value))
            cell_fill = fills[number] if fills and fills[number] is not None else fill
            cell._style = copy(self._style(ws, cell_font, cell_fill, number_format))
            cells.append(cell)
        row = self.rows[name] + 1
        height = row_height(texts, bold=bool(font and font.bold))
        if height is not None:
            ws.row_dimensions[row].height = height
        ws.append(cells)
        ws.row_dimensions.pop(row, None)  # written: not kept for every row of a large batch
        self.rows[name] = row

    def _style(self, ws, font: Font | None, fill: PatternFill | None, number_format: str | None):
        """A cell's style, made once for each look: openpyxl would otherwise look up each part
        of it in the workbook's styles again for every cell (most of the time it takes)."""
        key = (id(font), id(fill), number_format)
        if key not in self.styles:
            cell = WriteOnlyCell(ws)
            cell.alignment = WRAP
            for attribute, part in (("font", font), ("fill", fill), ("number_format", number_format)):
                if part is not None:
                    setattr(cell, attribute, part)
            self.styles[key] = cell._style
        return self.styles[key]

    def file(self, result: FileResult) -> None:
        with os_errors():
            self._file(result)

    def _file(self, result: FileResult) -> None:
        calls = calls_by_id(result)
        for item in result.findings:
            call = call_of(item, calls)
            self._append(VIOLATIONS, [
                item.path, item.call_id, call.agent if call else None, item.line, moment(item.start),
                item.rule, label(str(item.severity), SEVERITY_LABELS), item.text, item.message,
                SUGGESTION_SEPARATOR.join(item.suggestions)])
        for item in result.practices:
            call = call_of(item, calls)
            self._append(PRACTICES, [
                item.path, item.call_id, call.agent if call else None, item.line, item.column, moment(item.start),
                label(item.speaker, SPEAKER_LABELS), item.rule, item.text, item.message])
        for call in result.calls:
            self._append(CALLS, [
                call.path, call.call_id, call.agent, started(call.started_at), call.violations, call.score,
                YES if call.failed else NO, deductions_text(call), sum(call.practices.values()),
                credits_text(call), ", ".join(sorted({s.rule for s in call.skipped})), "; ".join(call.notes)])

    def finish(self, summary: Summary) -> None:
        with os_errors():
            self._finish(summary)

    def _finish(self, summary: Summary) -> None:
        for row in summary.agent_rows():
            self._append(AGENTS, [row["agent"], row["calls"], row["average_score"],
                                  row["violations_per_call"], row["worst_rule"]])
        for rule, counts in sorted(summary.rules.items(), key=lambda kv: (-kv[1]["violations"], kv[0])):
            self._append(RULES, [rule, counts["violations"], counts["calls"]])
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
        self.columns[COVERAGE] += [Column(t, TECHNIQUE_WIDTH) for t in techniques]
        self._header(self.sheets[COVERAGE], COVERAGE)
        for row in summary.agent_rows():
            used = [row["practices"].get(t, 0) for t in techniques]
            self._append(COVERAGE, [row["agent"], row["calls"], *used],
                         fills=[None, None, *(coverage_fill(n, row["calls"]) for n in used)])
        self._append(COVERAGE, [TOTAL, summary.calls, *(summary.practices[t]["calls"] for t in techniques)],
                     font=TOTAL_FONT)

    def _partial_sheet(self) -> None:
        """The first sheet, so that the workbook opens on it."""
        ws = self.book.create_sheet(PARTIAL_SHEET, 0)
        ws.column_dimensions["A"].width = 80
        note = WriteOnlyCell(ws, PARTIAL_NOTE)
        note.font = SEVERITY_FONTS[SEVERITY_LABELS["error"]]
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
