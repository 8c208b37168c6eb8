"""The HTML report's summary: cards of totals, bar charts drawn as inline SVG (no
chart library, no network), and a heat-map table of the recommended techniques
each agent used. All user text goes through `escape`."""

from __future__ import annotations

from html import escape

from ..summary import SCORE_BUCKETS, Summary
from .common import SEVERITY_LABELS



def bars(rows: list[tuple[str, float, str, str]], maximum: float, width: int = 360, room: int = 45,
         label_width: int = 150) -> str:
    """A horizontal bar chart as inline SVG: rows of (label, value, value as shown, bar class).
    About 360 px wide: three charts side by side on a laptop screen. A label longer than its
    `label_width` holds is cut with «…» (the whole of it on hover); the value shown beside the
    bar (`room` px) is never cut."""
    height, fits = 24, label_width // 8  # characters of 12 px text, up to 8 px each
    scale = (width - label_width - room) / maximum if maximum else 0
    total = height * len(rows) + 4
    out = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total}" '
           f'viewBox="0 0 {width} {total}" role="img">']
    for i, (label, value, shown, css) in enumerate(rows):
        y, w = i * height + 2, round(value * scale, 1)
        short = label if len(label) <= fits else label[:fits - 1] + "…"
        tip = f"<title>{escape(label)}: {escape(shown)}</title>"
        out.append(f'<text x="{label_width - 6}" y="{y + 16}" text-anchor="end">{tip}{escape(short)}</text>'
                   f'<rect class="bar {css}" x="{label_width}" y="{y + 4}" width="{w}" height="{height - 8}" rx="2">'
                   f'{tip}</rect><text x="{label_width + w + 5}" y="{y + 16}">{escape(shown)}</text>')
    return "".join(out) + "</svg>"


def unnamed(agent: str) -> str:
    return "не указан" if agent == "—" else agent  # the summary's name for calls without an agent


def score_class(score: float | None) -> str:
    return "" if score is None else "low" if score < 50 else "mid" if score < 80 else "good"


def coverage_class(used: int, calls: int) -> str:
    """A heat-map cell's shade: the share of the agent's calls the technique was used in,
    up to a quarter (h1), a half (h2), three quarters (h3), more (h4)."""
    return f"h{min(4, max(1, -(-4 * used // calls)))}" if used and calls else ""


def shade(used: int, calls: int) -> str:
    css = coverage_class(used, calls)
    return f' class="{css}"' if css else ""


def coverage(s: Summary, messages: dict[str, str], titles: dict[str, str]) -> str:
    """Agents × techniques, the most used first: in how many of the agent's calls each technique
    was used (blank: never), shaded by the share of their calls; a last row over all calls.
    A table, not a chart: it stays readable with a dozen techniques and many agents."""
    techniques = sorted(s.practices, key=lambda t: (-s.practices[t]["calls"], t))
    if not techniques:
        return "<p class=muted>Приёмы не найдены</p>"
    head = "".join(f'<th data-rule="{escape(t)}" title="{escape(messages.get(t, ""))}">{escape(titles.get(t, t))}</th>'
                   for t in techniques)
    out = ['<table class="coverage"><thead><tr><th>Оператор</th><th>Звонков</th>', head, "</tr></thead><tbody>"]
    for row in s.agent_rows():
        used = row["practices"]
        cells = "".join(f"<td{shade(used.get(t, 0), row['calls'])}>{used.get(t) or ''}</td>" for t in techniques)
        out.append(f'<tr><th>{escape(unnamed(row["agent"]))}</th><td>{row["calls"]}</td>{cells}</tr>')
    totals = "".join(f'<td>{s.practices[t]["calls"]}</td>' for t in techniques)
    out.append(f'</tbody><tfoot><tr><th>Все операторы</th><td>{s.calls}</td>{totals}</tr></tfoot></table>')
    return "".join(out)


def summary_html(s: Summary, severity: dict, errors: list[tuple[str, str]], messages: dict[str, str],
                 titles: dict[str, str] | None = None) -> str:
    """The cards, charts and technique heat-map of a run; `severity`: rule → the highest it was
    reported with (the colour of its bar), `messages`: technique → its message, `titles`: rule →
    its short name (rules without one are named by their id)."""
    titles = titles or {}
    scored = sum(a["scored"] for a in s.agents.values())
    average = f'{sum(a["score_sum"] for a in s.agents.values()) / scored:.1f}' if scored else "—"
    counts = " · ".join(f"{SEVERITY_LABELS[k]}: {n}" for k, n in s.by_severity.items())
    cards = [("Файлов", s.files), ("Звонков", s.calls), ("Нарушений", f"{s.violations}<small class=muted> "
              f"{counts}</small>"), ("Приёмов", sum(p["uses"] for p in s.practices.values())),
             ("Средняя оценка", average)]
    if s.unreadable:
        cards.append(("Не прочитано", s.unreadable))
    html = '<div class="cards">' + "".join(f'<div class="card">{name}<b>{value}</b></div>'
                                           for name, value in cards) + "</div>"
    if s.partial:
        html += '<p class="partial">Проверка была прервана: отчёт содержит только завершённые звонки.</p>'
    if errors:
        html += '<div class="unreadable"><b>Не удалось прочитать:</b>' + "".join(
            f"<br>{escape(path)}: {escape(error)}" for path, error in errors) + "</div>"
    rules = sorted(s.rules.items(), key=lambda kv: (-kv[1]["violations"], kv[0]))
    agents = [r for r in s.agent_rows() if r["average_score"] is not None]
    charts = [
        ("Нарушения по правилам", [(titles.get(r, r), c["violations"], str(c["violations"]),
                                    str(severity.get(r, ""))) for r, c in rules],
         max((c["violations"] for _, c in rules), default=0), {"width": 430, "label_width": 220}),
        ("Средняя оценка операторов", [(unnamed(r["agent"]), r["average_score"],
                                        f'{r["average_score"]:g} · {r["calls"]} зв.', score_class(r["average_score"]))
                                       for r in agents], 100, {"room": 95}),
        ("Распределение оценок", [(b, s.scores[b], str(s.scores[b]), score_class(float(b.split("–")[0])))
                                  for b in SCORE_BUCKETS], max(s.scores.values(), default=0), {}),
    ]
    html += '<div class="charts">' + "".join(
        f"<figure><figcaption>{title}</figcaption>"
        f'{bars(rows, maximum, **size) if rows else "<p class=muted>Нет данных</p>"}</figure>'
        for title, rows, maximum, size in charts) + "</div>"
    return (html + '<figure class="wide"><figcaption>Приёмы операторов: в скольких звонках использован '
            "каждый</figcaption>" + coverage(s, messages, titles) + "</figure>")
