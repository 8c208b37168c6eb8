"""HTML: one self-contained page for QA staff (opens offline, can be mailed as is).

The summary, bar charts drawn here as inline SVG (no chart library, no network),
a filterable and sortable table of violations, and every call with violations
as a transcript with the matched words highlighted and the suggestions beside
them. All user text goes through `escape`. The labels are Russian: the readers are.

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
from ..model import CallResult, FileResult, Finding, Severity
from ..summary import SCORE_BUCKETS, Summary
from .common import ERRORS, Reporter, TextOutput, call_of, calls_by_id, clock
from .html_assets import CSS, HEAD_JS, JS

SEVERITY_LABELS = {"error": "ошибка", "warning": "предупреждение", "info": "замечание"}
SPEAKERS = {"agent": "Оператор", "client": "Клиент"}
COLUMNS = [("Файл", ""), ("Звонок", ""), ("Оператор", ""), ("Строка", "num"), ("Время", "num"),
           ("Правило", ""), ("Уровень", "num"), ("Фраза", ""), ("Сообщение", ""), ("Как сказать", "")]


def bars(rows: list[tuple[str, float, str, str]], maximum: float, width: int = 360) -> str:
    """A horizontal bar chart as inline SVG: rows of (label, value, value as shown, bar class).
    360 px wide: three charts side by side on a laptop screen."""
    label_width, height = 150, 24
    scale = (width - label_width - 45) / maximum if maximum else 0
    total = height * len(rows) + 4
    out = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total}" '
           f'viewBox="0 0 {width} {total}" role="img">']
    for i, (label, value, shown, css) in enumerate(rows):
        y, w = i * height + 2, round(value * scale, 1)
        short = label if len(label) <= 22 else label[:21] + "…"
        out.append(f'<text x="{label_width - 6}" y="{y + 16}" text-anchor="end">{escape(short)}</text>'
                   f'<rect class="bar {css}" x="{label_width}" y="{y + 4}" width="{w}" height="{height - 8}" rx="2">'
                   f'<title>{escape(label)}: {escape(shown)}</title></rect>'
                   f'<text x="{label_width + w + 5}" y="{y + 16}">{escape(shown)}</text>')
    return "".join(out) + "</svg>"


def unnamed(agent: str) -> str:
    return "не указан" if agent == "—" else agent  # the summary's name for calls without an agent


def score_class(score: float | None) -> str:
    return "" if score is None else "low" if score < 50 else "mid" if score < 80 else "good"


def locate(text: str, finding: Finding) -> tuple[int, int] | None:
    """Where a finding's quote is in its utterance: its context (cut to 60 characters
    around the match, «…» marking a cut, newlines made spaces) is found in the
    utterance, and the quote's span within the context carried over."""
    if not finding.text:
        return None
    flat, quote = text.replace("\n", " "), finding.text.replace("\n", " ")
    context, (start, _end) = finding.context, finding.span
    variants = [(context, 0)]
    if context.startswith("…"):
        variants.append((context[1:], 1))
    for variant, shift in [*variants, *((v[:-1], s) for v, s in variants if v.endswith("…"))]:
        at = flat.find(variant) if variant else -1
        if at >= 0 and flat[at + start - shift:at + start - shift + len(quote)] == quote:
            return at + start - shift, at + start - shift + len(quote)
    at = flat.find(quote)  # the context was masked differently, or the span is unknown
    return (at, at + len(quote)) if at >= 0 else None


def highlighted(text: str, spans: list[tuple[int, int, Finding]]) -> str:
    """The utterance with every matched span in a <mark>; overlapping matches
    («Алло» inside «Алло! Слушаю») split into pieces marked by all that cover them."""
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        cover = [f for s, e, f in spans if s <= a and b <= e]
        piece = escape(text[a:b])
        if cover:
            worst = str(max(f.severity for f in cover))
            rules = ", ".join(dict.fromkeys(f.rule for f in cover))  # a rule may match a span twice
            out.append(f'<mark class="{worst}" title="{escape(rules)}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


def badge(severity: Severity | str, text: str, title: str = "") -> str:
    title = f' title="{escape(title)}"' if title else ""
    return f'<span class="sev {str(severity)}"{title}>{escape(text)}</span>'


def suggestions(finding: Finding) -> str:
    return "".join(f'<br><span class="sugg">→ {escape(s)}</span>' for s in finding.suggestions)


class HtmlReporter(Reporter):
    def __init__(self, output=None, summary_only: bool = False, **options) -> None:
        self.out = TextOutput(output)
        self.summary_only = summary_only
        self.rows = tempfile.TemporaryFile("w+", encoding="utf-8", errors=ERRORS)
        self.calls = tempfile.TemporaryFile("w+", encoding="utf-8", errors=ERRORS)
        self.severity: dict[str, Severity] = {}  # rule → the highest severity it was reported with
        self.errors: list[tuple[str, str]] = []
        self.anchors = 0

    def file(self, result: FileResult) -> None:
        self.errors.extend((result.path, error) for error in result.errors)
        for item in result.findings:
            self.severity[item.rule] = max(item.severity, self.severity.get(item.rule, item.severity))
        if self.summary_only:
            return
        calls, grouped, anchors = calls_by_id(result), {}, {}
        for item in result.findings:
            call = call_of(item, calls)
            key = id(call)
            if key not in anchors:
                self.anchors += 1
                anchors[key] = f"c{self.anchors}"
                grouped[key] = (call, [])
            grouped[key][1].append(item)
            self._row(item, call, anchors[key])
        for call, items in grouped.values():
            self._call(call, items, anchors[id(call)], result.path)

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

    def _call(self, call: CallResult | None, items: list[Finding], anchor: str, path: str) -> None:
        w = self.calls.write
        w(f'<section class="call" id="{anchor}"><h3>{escape(path)} · {escape(items[0].call_id or "—")}</h3>')
        if call is not None:
            score = "—" if call.score is None else f"{call.score:g}"
            failed = " — провален: нарушено критическое правило" if call.failed else ""
            w(f'<p class="meta">Оператор: {escape(call.agent or "—")} · начало: {escape(call.started_at or "—")}'
              f' · нарушений: {call.violations} · оценка: <b>{score}</b>{failed}</p>')
        whole = [f for f in items if f.utterance is None]
        if whole:  # about the call as a whole: nothing in the transcript to point at
            w('<div class="call-notes">' + "".join(
                f"<p>{badge(f.severity, f.rule)} {escape(f.message)}{suggestions(f)}</p>" for f in whole) + "</div>")
        by_utterance: dict[int, list[Finding]] = {}
        for f in items:
            if f.utterance is not None:
                by_utterance.setdefault(f.utterance, []).append(f)
        for index, (speaker, start, _end, text, _line) in enumerate(call.transcript if call else []):
            found = by_utterance.get(index, [])
            spans = [(*at, f) for f in found if (at := locate(text, f)) is not None]
            notes = "".join(
                f'<p>{badge(f.severity, f.rule, f.message)} '
                f'{"«" + escape(f.text) + "»" if f.text else escape(f.message)}{suggestions(f)}</p>' for f in found)
            w(f'<div class="utt {escape(speaker)}" id="{anchor}-u{index}">'
              f'<div class="who">{clock(start) or ""} {SPEAKERS.get(speaker, escape(speaker))}</div>'
              f'<div class="said">{highlighted(text, spans)}</div><div class="notes">{notes}</div></div>')
        w("</section>\n")

    def _summary(self, s: Summary) -> str:
        scored = sum(a["scored"] for a in s.agents.values())
        average = f'{sum(a["score_sum"] for a in s.agents.values()) / scored:.1f}' if scored else "—"
        counts = " · ".join(f"{SEVERITY_LABELS[k]}: {n}" for k, n in s.by_severity.items())
        cards = [("Файлов", s.files), ("Звонков", s.calls), ("Нарушений", f"{s.violations}<small class=muted> "
                  f"{counts}</small>"), ("Средняя оценка", average)]
        if s.unreadable:
            cards.append(("Не прочитано", s.unreadable))
        html = '<div class="cards">' + "".join(f'<div class="card">{name}<b>{value}</b></div>'
                                               for name, value in cards) + "</div>"
        if s.partial:
            html += '<p class="partial">Проверка была прервана: отчёт содержит только завершённые звонки.</p>'
        if self.errors:
            html += '<div class="unreadable"><b>Не удалось прочитать:</b>' + "".join(
                f"<br>{escape(path)}: {escape(error)}" for path, error in self.errors) + "</div>"
        rules = sorted(s.rules.items(), key=lambda kv: (-kv[1]["violations"], kv[0]))
        agents = [r for r in s.agent_rows() if r["average_score"] is not None]
        charts = [
            ("Нарушения по правилам", [(r, c["violations"], str(c["violations"]), str(self.severity.get(r, "")))
                                       for r, c in rules], max((c["violations"] for _, c in rules), default=0)),
            ("Средняя оценка операторов", [(f'{unnamed(r["agent"])} ({r["calls"]} зв.)', r["average_score"],
                                            f'{r["average_score"]:g}', score_class(r["average_score"]))
                                           for r in agents], 100),
            ("Распределение оценок", [(b, s.scores[b], str(s.scores[b]), score_class(float(b.split("–")[0])))
                                      for b in SCORE_BUCKETS], max(s.scores.values(), default=0)),
        ]
        html += '<div class="charts">' + "".join(
            f"<figure><figcaption>{title}</figcaption>"
            f'{bars(rows, maximum) if rows else "<p class=muted>Нет данных</p>"}</figure>'
            for title, rows, maximum in charts) + "</div>"
        return html

    def finish(self, summary: Summary) -> None:
        w = self.out.stream.write
        w('<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8">'
          '<meta name="viewport" content="width=device-width, initial-scale=1">'
          f"<title>Проверка звонков — phrasecheck</title><style>{CSS}</style><script>{HEAD_JS}</script></head>\n"
          f'<body><main><h1>Проверка звонков</h1><p class="muted">phrasecheck {escape(__version__)} · '
          f'{datetime.now():%Y-%m-%d %H:%M}</p>\n{self._summary(summary)}\n')
        if not self.summary_only:
            options = "".join(f'<option value="{escape(r)}">{escape(r)}</option>' for r in sorted(summary.rules))
            w('<h2>Нарушения</h2><div class="filters"><input id="q" type="search" placeholder="Поиск по тексту…">'
              '<select id="sev"><option value="">все уровни</option>' + "".join(
                  f'<option value="{k}">{v}</option>' for k, v in SEVERITY_LABELS.items()) + "</select>"
              f'<select id="rule"><option value="">все правила</option>{options}</select>'
              '<span id="shown" class="muted"></span></div>\n<table id="violations"><thead><tr>' + "".join(
                  f'<th data-type="{kind}">{name}</th>' for name, kind in COLUMNS) + "</tr></thead><tbody>\n")
            self.rows.seek(0)
            shutil.copyfileobj(self.rows, self.out.stream)
            w("</tbody></table>\n<h2>Звонки с нарушениями</h2>\n")
            self.calls.seek(0)
            shutil.copyfileobj(self.calls, self.out.stream)
        w(f"</main><script>{JS}</script></body></html>\n")

    def close(self) -> None:
        self.rows.close()
        self.calls.close()
        self.out.close()

    def discard(self) -> None:
        for spool in (self.rows, self.calls):
            try:
                spool.close()
            except OSError:
                pass
        self.out.discard()
