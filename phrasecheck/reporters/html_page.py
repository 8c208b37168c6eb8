"""The HTML report's page: head, summary, the violations and calls tables (filled by
the page's script from its data block), the call viewer, the data and the script."""

from __future__ import annotations

import json
from datetime import datetime
from html import escape

from .. import __version__
from ..summary import Summary
from .html_assets import CSS, HEAD_JS
from .html_script import JS
from .html_summary import SEVERITY_LABELS, summary_html

# the violations table's columns: (header, sort type, css class); the script fills them in this order
COLUMNS = [("Файл", "", "file"), ("Звонок", "", "id"), ("Оператор", "", "agent"), ("Строка", "num", "num"),
           ("Время", "num", "num"), ("Правило", "", "rule"), ("Уровень", "num", "level"), ("Фраза", "", "quote"),
           ("Сообщение", "", "msg"), ("Как сказать", "", "sugg")]
CALL_COLUMNS = [("Файл", "", "wide"), ("Звонок", "", "wide"), ("Оператор", "", "wide"), ("Нарушений", "num", "count"),
                ("Приёмов", "num", "count"), ("Оценка", "num", "count")]


def head(title: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} — phrasecheck</title><style>{CSS}</style><script>{HEAD_JS}</script></head>\n"
            f'<body><main><h1>{escape(title)}</h1><p class="muted">phrasecheck {escape(__version__)} · '
            f"{datetime.now():%Y-%m-%d %H:%M}</p>\n")


def table(name: str, columns, filters: str = "") -> str:
    """A table the script fills a page of rows at a time, with its filters and page buttons."""
    cols = "".join(f'<col class="{css}">' for _, _, css in columns)
    ths = "".join(f'<th data-type="{kind}" title="{label}">{label}</th>' for label, kind, _ in columns)
    return (f'<div class="filters" id="{name}-filters"><input id="{name}-q" type="search" '
            f'placeholder="Поиск по тексту…">{filters}<span id="{name}-shown" class="muted"></span></div>\n'
            f'<div class="scroller"><table id="{name}" class="list"><colgroup>{cols}</colgroup>'
            f"<thead><tr>{ths}</tr></thead><tbody></tbody></table></div>\n"
            f'<div class="pager" id="{name}-pager"></div>\n')


def write_page(out, summary: Summary, collected, title: str = "Проверка звонков", nav: str = "") -> None:
    """The whole page into `out` (a common.TextOutput); `nav`: HTML of links above the summary."""
    w = out.stream.write
    w(head(title) + nav + summary_html(summary, collected.severity, collected.errors, collected.techniques,
                                       collected.titles) + "\n")
    if not collected.summary_only:
        rules = sorted(summary.rules, key=lambda r: (collected.titles.get(r, r), r))
        options = "".join(f'<option value="{escape(r)}">{escape(collected.titles.get(r, r))}</option>'
                          for r in rules)
        w('<h2>Нарушения</h2>' + table("violations", COLUMNS, (
            '<select id="violations-sev"><option value="">все уровни</option>' + "".join(
                f'<option value="{k}">{v}</option>' for k, v in SEVERITY_LABELS.items()) + "</select>"
            f'<select id="violations-rule"><option value="">все правила</option>{options}</select>')))
        w('<h2>Звонки</h2><p class="muted">Звонки с нарушениями или приёмами; откройте звонок, чтобы увидеть '
          "расшифровку. У звонков без нарушений показаны только реплики с приёмами.</p>\n"
          + table("calls", CALL_COLUMNS))
        w('<div id="viewer" hidden><div class="viewer-bar"><button type="button" id="viewer-close">'
          'Закрыть ✕</button></div><div id="viewer-body"></div></div>\n')
        w('<script type="application/json" id="pc-data">')
        titles = json.dumps(collected.titles, ensure_ascii=False).replace("<", "\\u003c")
        w(f'{{"titles":{titles},"levels":{json.dumps(SEVERITY_LABELS, ensure_ascii=False)},"page":')
        raw = out.bytes_stream()
        if raw is not None:
            collected.store.write(collected.page, raw.write)
        else:  # standard output in another encoding: through the text stream
            collected.store.write(collected.page, lambda data: w(data.decode("utf-8")))
        w("}</script>\n")
    w(f"</main><script>{JS}</script></body></html>\n")
