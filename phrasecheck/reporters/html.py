"""HTML: one self-contained page for QA staff (opens offline, can be mailed as is).

The summary, bar charts drawn here as inline SVG (no chart library, no network),
a heat-map table of the recommended techniques each agent used, a filterable
and sortable table of violations, and every call with violations as a transcript
with the matched words highlighted and the suggestions beside them; the
techniques used (practices) are highlighted in green. Practices are frequent,
so a call with practices only shows just the turns that hold them, not its
whole transcript. All user text goes through `escape`. The labels are Russian:
the readers are.

The summary comes first on the page but is only known at the end, so rows and
transcripts are spooled to temporary files as results stream in, and copied
after it: a large batch is not held in memory.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from html import escape

from .. import __version__
from ..model import PRACTICE, CallResult, FileResult, Finding, Severity
from ..summary import Summary
from .common import ERRORS, Reporter, TextOutput, call_of, calls_by_id, clock
from .html_assets import CSS, HEAD_JS, JS
from .html_marks import highlighted, locate, places  # noqa: F401 - locate: public here too
from .html_summary import SEVERITY_LABELS, bars, score_class, summary_html, unnamed  # noqa: F401 - public here too

SPEAKERS = {"agent": "Оператор", "client": "Клиент"}
COLUMNS = [("Файл", ""), ("Звонок", ""), ("Оператор", ""), ("Строка", "num"), ("Время", "num"),
           ("Правило", ""), ("Уровень", "num"), ("Фраза", ""), ("Сообщение", ""), ("Как сказать", "")]


def badge(severity: Severity | str, text: str, title: str = "") -> str:
    title = f' title="{escape(title)}"' if title else ""
    return f'<span class="sev {str(severity)}"{title}>{escape(text)}</span>'


def suggestions(finding: Finding) -> str:
    return "".join(f'<br><span class="sugg">→ {escape(s)}</span>' for s in finding.suggestions)


def note(finding: Finding) -> str:
    """What the notes beside an utterance say of a finding: a violation with its quote and
    suggestions; a technique by its id alone (its words are marked green, its message on them)."""
    if finding.kind == PRACTICE:  # frequent: as short as can be, but where no words are marked
        told = "" if finding.utterance is not None else " — " + escape(finding.message)
        return f"<p class=ok>✓ {escape(finding.rule)}{told}</p>"
    quote = "«" + escape(finding.text) + "»" if finding.text else escape(finding.message)
    return f"<p>{badge(finding.severity, finding.rule, finding.message)} {quote}{suggestions(finding)}</p>"


def meta(call: CallResult) -> str:
    """A call's line under its title: agent, start, counts and score."""
    score = "—" if call.score is None else f"{call.score:g}"
    failed = " — провален: нарушено критическое правило" if call.failed else ""
    used = sum(call.practices.values())
    credited = sum(c.points for c in call.credits)
    credit = f" (+{credited:g} к оценке)" if credited else ""
    return (f'Оператор: {escape(call.agent or "—")} · начало: {escape(call.started_at or "—")}'
            f" · нарушений: {call.violations} · приёмов: {used}{credit} · оценка: <b>{score}</b>{failed}")


def spool():
    """A temporary file that gives back the text written, as written: a «\r» said stays one."""
    return tempfile.TemporaryFile("w+", encoding="utf-8", errors=ERRORS, newline="")


class HtmlReporter(Reporter):
    def __init__(self, output=None, summary_only: bool = False, **options) -> None:
        self.out = TextOutput(output)
        self.summary_only = summary_only
        self.rows, self.calls = spool(), spool()
        self.good = spool()  # the calls with practices only
        self.good_calls = 0
        self.severity: dict[str, Severity] = {}  # rule → the highest severity it was reported with
        self.techniques: dict[str, str] = {}  # technique → its message, for the heat-map's column titles
        self.errors: list[tuple[str, str]] = []
        self.anchors = 0

    def file(self, result: FileResult) -> None:
        self.errors.extend((result.path, error) for error in result.errors)
        for item in result.findings:
            self.severity[item.rule] = max(item.severity, self.severity.get(item.rule, item.severity))
        for item in result.practices:
            self.techniques.setdefault(item.rule, item.message)
        if self.summary_only:
            return
        calls, grouped = calls_by_id(result), {}
        for kind, items in (("violations", result.findings), ("practices", result.practices)):
            for item in items:
                call = call_of(item, calls)
                if id(call) not in grouped:
                    self.anchors += 1
                    grouped[id(call)] = {"call": call, "anchor": f"c{self.anchors}", "violations": [], "practices": []}
                grouped[id(call)][kind].append(item)
                if kind == "violations":
                    self._row(item, call, grouped[id(call)]["anchor"])
        for entry in grouped.values():
            self._call(**entry, path=result.path)

    def _row(self, f: Finding, call: CallResult | None, anchor: str) -> None:
        where = f"#{anchor}-u{f.utterance}" if f.utterance is not None else f"#{anchor}"
        sev = str(f.severity)
        cells = [escape(f.path), f'<a href="#{anchor}">{escape(f.call_id or "—")}</a>',
                 escape(call.agent or "—") if call else "—",
                 f'<td data-sort="{f.line}">{f.line}:{f.column}',
                 f'<td data-sort="{"" if f.start is None else round(f.start, 2)}">{clock(f.start) or "—"}',
                 escape(f.rule), f'<td data-sort="{int(f.severity)}">' + badge(sev, SEVERITY_LABELS[sev]),
                 f'<a href="{where}">{escape(f.text) or "—"}</a>', escape(f.message),
                 "<br>".join(escape(s) for s in f.suggestions)]
        tds = "".join(c + "</td>" if c.startswith("<td") else f"<td>{c}</td>" for c in cells)
        self.rows.write(f'<tr data-severity="{sev}" data-rule="{escape(f.rule)}">{tds}</tr>\n')

    def _call(self, call: CallResult | None, anchor: str, violations: list[Finding], practices: list[Finding],
              path: str) -> None:
        """A call's transcript with its findings; of a call with practices only, just the turns that hold them."""
        excerpt = not violations
        self.good_calls += excerpt
        w = (self.good if excerpt else self.calls).write
        w(f'<section class="call" id="{anchor}"><h3>{escape(path)} · '
          f'{escape((violations or practices)[0].call_id or "—")}</h3>')
        if call is not None:
            w(f'<p class="meta">{meta(call)}</p>')
        whole = [f for f in violations + practices if f.utterance is None]
        if whole:  # about the call as a whole: nothing in the transcript to point at
            w('<div class="call-notes">' + "".join(map(note, whole)) + "</div>")
        transcript = call.transcript if call else []
        by_utterance: dict[int, list[Finding]] = {}  # the notes beside an utterance
        marks: dict[int, list[tuple[int, int, Finding]]] = {}  # the words marked in it
        for f in violations + practices:
            if f.utterance is not None:
                by_utterance.setdefault(f.utterance, []).append(f)
            for index, start, end in places(transcript, f):
                marks.setdefault(index, []).append((start, end, f))
        for index, (speaker, start, _end, text, _line) in enumerate(transcript):
            found = by_utterance.get(index, [])
            if excerpt and index not in marks and not found:
                continue
            notes = "".join(note(f) for f in found if f.kind != PRACTICE) + "".join(
                note(f) for f in {f.rule: f for f in found if f.kind == PRACTICE}.values())
            said = highlighted(text, marks.get(index, []))
            w(f'<div class="utt {escape(speaker)}" id="{anchor}-u{index}">'
              f'<div class="who">{clock(start) or ""} {SPEAKERS.get(speaker, escape(speaker))}</div>'
              f'<div class="said">{said}</div><div class="notes">{notes}</div></div>')
        w("</section>\n")

    def finish(self, summary: Summary) -> None:
        w = self.out.stream.write
        w('<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8">'
          '<meta name="viewport" content="width=device-width, initial-scale=1">'
          f"<title>Проверка звонков — phrasecheck</title><style>{CSS}</style><script>{HEAD_JS}</script></head>\n"
          f'<body><main><h1>Проверка звонков</h1><p class="muted">phrasecheck {escape(__version__)} · '
          f'{datetime.now():%Y-%m-%d %H:%M}</p>\n'
          f"{summary_html(summary, self.severity, self.errors, self.techniques)}\n")
        if not self.summary_only:
            options = "".join(f'<option value="{escape(r)}">{escape(r)}</option>' for r in sorted(summary.rules))
            w('<h2>Нарушения</h2><div class="filters"><input id="q" type="search" placeholder="Поиск по тексту…">'
              '<select id="sev"><option value="">все уровни</option>' + "".join(
                  f'<option value="{k}">{v}</option>' for k, v in SEVERITY_LABELS.items()) + "</select>"
              f'<select id="rule"><option value="">все правила</option>{options}</select>'
              '<span id="shown" class="muted"></span></div>\n<table id="violations"><thead><tr>' + "".join(
                  f'<th data-type="{kind}">{name}</th>' for name, kind in COLUMNS) + "</tr></thead><tbody>\n")
            self._copy(self.rows)
            w("</tbody></table>\n<h2>Звонки с нарушениями</h2>\n")
            self._copy(self.calls)
            if self.good_calls:
                w('<h2>Звонки без нарушений: приёмы</h2>\n<p class="muted">Показаны только реплики, '
                  "в которых использованы приёмы.</p>\n")
                self._copy(self.good)
        w(f"</main><script>{JS}</script></body></html>\n")

    def _copy(self, spool) -> None:
        spool.seek(0)
        shutil.copyfileobj(spool, self.out.stream)

    def close(self) -> None:
        for spool in self.spools:
            spool.close()
        self.out.close()

    def discard(self) -> None:
        for spool in self.spools:
            try:
                spool.close()
            except OSError:
                pass
        self.out.discard()

    @property
    def spools(self):
        return (self.rows, self.calls, self.good)
