"""The human report: violations grouped by file, linter style, then a summary.

A call in which the agent used recommended techniques gets one calm line after
its violations (or in its place among the file's calls, without any): the
techniques, how often each, and the points they gave back. The summary adds a
table of techniques by agent. `practices=False` (--no-practices) leaves both out.

Colours only on a terminal; piped output is plain text, with carets under the
matched words instead of a highlight. On a terminal long lines are cut at word
boundaries (piped, each line is whole, for grep), and a file's lines are printed at
once through `terminal`, the console a progress bar there shares: they never mix.
When every call is a script, the summary names rules and scripts only: agents and
scores mean nothing for a script. Everything from the inputs is shown with
its control characters escaped (printable.visible), and Rich never reads markup
or emoji codes in it: «[red]» in a transcript is printed as it is.
"""

from __future__ import annotations

import errno
import os
from collections import deque

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..model import CallResult, FileResult
from ..printable import is_terminal, visible
from ..summary import Summary
from .common import Reporter, TextOutput, call_of, calls_by_id
from .terminal import row_starts

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
PRACTICE_STYLE = "green"
MATCH_STYLE = "bold red underline"  # the matched words in the utterance
MIN_WIDTH = 40  # a narrower terminal is wrapped as if it were this wide (it wraps the rest)


class ConsoleReporter(Reporter):
    def __init__(self, output=None, color: bool | None = None, summary_only: bool = False,
                 practices: bool | None = None, **options) -> None:
        self.out = TextOutput(output)
        self.summary_only = summary_only
        self.practices = practices is not False  # shown unless --no-practices
        self._headed = False  # the file being reported has its heading
        if output is not None:
            color = False  # a report file is plain text
        # soft_wrap: Rich never cuts a line; on a terminal `_rows` cuts it at word boundaries
        self.console = Console(file=self.out.stream, soft_wrap=True, highlight=False,
                               force_terminal=color, no_color=color is False,
                               emoji=False, markup=False)
        self.color = self.console.is_terminal and not self.console.no_color
        self.console.on_broken_pipe = self._broken_pipe  # Rich would exit on its own
        self.wrap = output is None and is_terminal(self.out.stream)
        self.width = self.console.width
        # what a progress bar on the same terminal must print through (None: not a terminal)
        self.terminal = self.console if self.wrap else None
        self.scripts_only = True  # every call so far is a script
        self.by_file: dict[str, int] = {}  # path → violations, while every call is a script

    def _broken_pipe(self) -> None:
        self.console.quiet = True
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    def file(self, result: FileResult) -> None:
        self._count(result)
        self.width = self.console.width  # looked up once a file: Rich asks the terminal each time
        if not result.continues:  # parts of one large file share one heading
            self._headed = False
        notes = [(c.call_id, note) for c in result.calls for note in c.notes]
        praised = [c for c in result.calls if c.practices] if self.practices else []
        if self.summary_only or not result.findings and not result.errors and not notes and not praised:
            return
        lines: list[Text] = []  # printed at once: one redraw of a progress bar per file
        out = lines.extend
        path = visible(result.path)
        if not self._headed:
            out(self._rows(Text(path, style="bold underline")))
            self._headed = True
        for error in result.errors:
            out(self._rows(Text.assemble(f"{path}: ", ("unreadable", "bold red"), f": {visible(error)}")))
        for call_id, note in notes:
            out(self._rows(Text.assemble(f"{path}: ", ("note", "magenta"),
                                         f": call {visible(call_id)}: {visible(note)}")))
        named = len(result.calls) > 1  # a practice line says which call it is about
        for item in in_order(result, praised):
            if isinstance(item, CallResult):
                out(self._rows(practice_line(item, named or item.line is not None)))
                continue
            severity = str(item.severity)
            out(self._rows(Text.assemble(
                f"{visible(item.path)}:{item.line}:{item.column}: ",
                (f"{severity}", STYLES.get(severity, "")), " ",
                (f"[{visible(item.rule)}]", "bold"), " ", visible(item.message, newlines=True),
            )))
            out(self._context(item))
            for suggestion in item.suggestions:
                out(self._rows(Text.assemble("    → ", (visible(suggestion, newlines=True), "green")), 6))
        lines.append(Text(""))
        self.console.print(Text("\n").join(lines))

    def _count(self, result: FileResult) -> None:
        """Whether every call so far is a script, and each script's violations for the summary."""
        if not self.scripts_only:
            return
        if any(not call.script for call in result.calls):
            self.scripts_only, self.by_file = False, {}
            return
        path = visible(result.path)
        self.by_file[path] = self.by_file.get(path, 0) + len(result.findings)

    def _context(self, item) -> list[Text]:
        """The utterance with the matched words marked: highlighted in colour, else carets under them."""
        if not item.context:
            return []
        start, end = item.span
        who = "Клиент" if item.speaker == "client" else "Оператор"
        prefix = f"    {who}: "
        before, matched = visible(item.context[:start]), visible(item.context[start:end])
        line = Text(prefix)
        line.append(before)
        line.append(matched, style=MATCH_STYLE)
        line.append(visible(item.context[end:]))
        if self.color or end <= start:  # nothing to point at when something is missing
            return self._rows(line, len(prefix))
        if not self.wrap:
            return [line, Text(" " * (len(prefix) + len(before)) + "^" * len(matched))]
        shown = []
        for row in self._rows(line, len(prefix)):  # carets under the row that holds the words
            shown.append(row)
            marks = [(span.start, span.end) for span in row.spans if span.style == MATCH_STYLE]
            if marks:
                carets = [" "] * max(end for _, end in marks)
                for first, last in marks:
                    carets[first:last] = "^" * (last - first)
                shown.append(Text("".join(carets)))
        return shown

    def _rows(self, text: Text, indent: int = 4) -> list[Text]:
        """A line as it is shown: on a terminal cut at word boundaries to its width (a word
        longer than that is cut where it must), the rows after the first indented; elsewhere whole."""
        plain = text.plain
        if not self.wrap or "\n" not in plain and cell_len(plain) <= self.width:
            return [text]
        width = max(self.width, MIN_WIDTH)
        rows, pad = [], Text(" " * indent)
        for line in text.split("\n", allow_blank=True):
            cuts = row_starts(line.plain, width, width - indent)
            pieces = line.divide(cuts) if cuts else [line]
            for number, piece in enumerate(pieces):
                piece.rstrip()
                rows.append(pad + piece if number else piece)
        return rows

    def finish(self, summary: Summary) -> None:
        scripts = self.scripts_only and summary.calls > 0
        if scripts and (summary.files > 1 or self.summary_only):
            self._script_tables(summary)
        elif not scripts and (summary.calls > 1 or self.summary_only):
            self._tables(summary)
        if summary.partial:
            self.console.print(Text("Interrupted: this report covers only the calls finished.", style="bold red"))
        counts = ", ".join(f"{n} {name}{'' if n == 1 or name == 'info' else 's'}"
                           for name, n in summary.by_severity.items() if n)
        if scripts:
            text = Text(f"Checked {summary.files} script{'s' if summary.files != 1 else ''}: ")
        else:
            text = Text(f"Checked {summary.files} file{'s' if summary.files != 1 else ''}, "
                        f"{summary.calls} call{'s' if summary.calls != 1 else ''}: ")
        if summary.violations:
            text.append(f"{summary.violations} violation{'s' if summary.violations != 1 else ''} "
                        f"({counts})", style="bold")
        else:
            text.append("no violations", style="bold green")
        if summary.unreadable:
            text.append(f"; {summary.unreadable} input{'s' if summary.unreadable != 1 else ''} "
                        f"could not be read", style="bold red")
        if summary.skipped:
            total = sum(summary.skipped.values())
            text.append(f"; {total} check{'s' if total != 1 else ''} skipped "
                        f"({', '.join(f'{visible(rule)} ×{n}' for rule, n in sorted(summary.skipped.items()))})",
                        style="magenta")
        for row in self._rows(text):
            self.console.print(row)

    def _script_tables(self, summary: Summary) -> None:
        """Which rules and which scripts need attention."""
        from rich.table import Table

        self._rule_table(summary, "scripts")
        if any(self.by_file.values()):
            table = Table("script", "violations", title="Violations by script", title_justify="left")
            for path, count in sorted(self.by_file.items(), key=lambda kv: (-kv[1], kv[0])):
                if count:
                    table.add_row(path, str(count))
            self.console.print(table)

    def _rule_table(self, summary: Summary, unit: str = "calls") -> None:
        from rich.table import Table

        if summary.rules:
            table = Table("rule", "violations", unit, title="Violations by rule", title_justify="left")
            for rule, counts in sorted(summary.rules.items(), key=lambda kv: (-kv[1]["violations"], kv[0])):
                table.add_row(visible(rule), str(counts["violations"]), str(counts["calls"]))
            self.console.print(table)

    def _tables(self, summary: Summary) -> None:
        """Which rules and which agents need attention, and how scores spread."""
        from rich.table import Table

        self._rule_table(summary)
        rows = summary.agent_rows()
        if rows:
            table = Table("agent", "calls", "average score", "violations per call", "worst rule",
                          title="Agents", title_justify="left")
            for row in rows:
                score = "—" if row["average_score"] is None else f"{row['average_score']:g}"
                table.add_row(visible(row["agent"]), str(row["calls"]), score, f"{row['violations_per_call']:g}",
                              visible(row["worst_rule"] or "—"))
            self.console.print(table)
        if self.practices and summary.practices:
            for table in practice_tables(summary, rows, self.console.width):
                self.console.print(table)
        scored = sum(summary.scores.values())
        if scored:
            table = Table("score", "calls", "", title="Scores", title_justify="left")
            for bucket, count in summary.scores.items():
                table.add_row(bucket, str(count), "█" * round(30 * count / scored))
            self.console.print(table)


def in_order(result: FileResult, praised: list[CallResult]):
    """The file's violations in order, each praised call (one with practices) after its
    last violation; a praised call without violations in its place among the calls."""
    calls = calls_by_id(result)
    owners = [call_of(item, calls) for item in result.findings]
    last = {id(owner): index for index, owner in enumerate(owners) if owner is not None}
    place = {id(call): index for index, call in enumerate(result.calls)}
    shown = {id(call) for call in praised}
    waiting = deque(call for call in praised if id(call) not in last)  # no violations: in call order
    for index, (item, owner) in enumerate(zip(result.findings, owners)):
        rank = place.get(id(owner), -1) if owner is not None else -1
        while waiting and place[id(waiting[0])] < rank:
            yield waiting.popleft()
        yield item
        if id(owner) in shown and last[id(owner)] == index:
            yield owner
    yield from waiting


def practice_line(call: CallResult, named: bool) -> Text:
    """`✓ good practice: paraphrase ×2, empathy  (+4)`: the techniques a call used, how
    often, and the points they gave back (none for a call failed outright)."""
    used = ", ".join(visible(technique) + (f" ×{times}" if times > 1 else "")
                     for technique, times in call.practices.items())
    which = f" (call {visible(str(call.call_id))})" if named else ""
    line = Text(f"✓ good practice{which}: {used}", style=PRACTICE_STYLE)
    if not call.failed:
        line.append(f"  (+{sum(c.points for c in call.credits):g})", style=PRACTICE_STYLE)
    return line


def practice_tables(summary: Summary, rows: list[dict], width: int) -> list:
    """Techniques by agent: in how many of their calls each agent used each technique,
    and in how many calls of all anyone did. Agents are columns, as many to a table as
    fit in `width` (a team of twelve does not fit one); each table repeats the techniques
    and the total."""
    from rich.table import Table

    techniques = sorted(summary.practices, key=lambda t: (-summary.practices[t]["calls"], t))
    names = [visible(t) for t in techniques]
    totals = [f"{summary.practices[t]['calls']}/{summary.calls}" for t in techniques]
    columns = [(visible(row["agent"]), [f"{row['practices'][t]}/{row['calls']}" if row["practices"].get(t) else "—"
                                        for t in techniques]) for row in rows]
    tables = []
    for group in _fitting(columns, width - 1 - _width("technique", names) - _width("total", totals)):
        title = None if tables else "Good practices by agent (calls that used the technique / calls)"
        table = Table("technique", *(header for header, _ in group), "total", title=title, title_justify="left")
        for index, name in enumerate(names):
            table.add_row(name, *(cells[index] for _, cells in group), totals[index])
        tables.append(table)
    return tables


def _width(header: str, cells: list[str]) -> int:
    """A column's width in a Rich table: its widest text, padding and border."""
    return max(map(cell_len, [header, *cells])) + 3


def _fitting(columns: list[tuple[str, list[str]]], room: int) -> list[list]:
    """The columns in groups that fit in `room`, at least one to a group."""
    groups, group, used = [], [], 0
    for column in columns:
        if group and used + _width(*column) > room:
            groups.append(group)
            group, used = [], 0
        group.append(column)
        used += _width(*column)
    return [*groups, group]
