"""The HTML report as a folder (`--format html --output DIR/`), for nights too big for one
page: `index.html` with the run's summary and a link to each agent's page, and one page per
agent (`agent-001.html`, … in the order of their names) with that agent's summary, tables and
calls, made as the single page is (html.py). Inputs that could not be read are listed on the
index. Each page is written whole or not at all (common.ReportFile)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..model import FileResult
from ..summary import Summary
from .common import Reporter, TextOutput, call_of, calls_by_id
from .html import Collected
from .html_data import Store
from .html_page import write_page
from .html_summary import unnamed

INDEX = "index.html"


class HtmlSiteReporter(Reporter):
    def __init__(self, output: Path, summary_only: bool = False, titles: dict[str, str] | None = None,
                 **options) -> None:
        self.folder = Path(output)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.titles, self.summary_only = dict(titles or {}), summary_only
        self.store = Store()
        self.index = Collected(self.store, self.store.page(""), self.titles, summary_only=True)
        self.agents: dict[str, tuple[Collected, Summary]] = {}
        self.paths: dict[str, set[str]] = {}  # agent → the files of theirs counted so far
        self.out: TextOutput | None = None  # the page being written

    def _agent(self, name: str) -> tuple[Collected, Summary]:
        if name not in self.agents:
            self.agents[name] = (Collected(self.store, self.store.page(name), self.titles, self.summary_only),
                                 Summary())
        return self.agents[name]

    def file(self, result: FileResult) -> None:
        self.index.add(FileResult(result.path, findings=result.findings, practices=result.practices,
                                  errors=result.errors))
        calls, parts = calls_by_id(result), {}
        for call in result.calls:
            parts.setdefault(call.agent or "—", FileResult(result.path, continues=result.continues)).calls.append(call)
        for kind in ("findings", "practices"):
            for item in getattr(result, kind):
                call = call_of(item, calls)
                agent = (call.agent if call else None) or "—"
                getattr(parts.setdefault(agent, FileResult(result.path, continues=True)), kind).append(item)
        for agent, part in parts.items():
            collected, summary = self._agent(agent)
            seen = self.paths.setdefault(agent, set())
            part.continues = part.continues or result.path in seen  # a file counted once on each agent's page
            seen.add(result.path)
            summary.add(part)
            collected.add(part)

    def finish(self, summary: Summary) -> None:
        names = sorted(self.agents)
        pages = {name: f"agent-{n:03d}.html" for n, name in enumerate(names, 1)}
        for name in names:
            collected, own = self.agents[name]
            own.partial = summary.partial
            self._write(pages[name], own, collected, f"Оператор: {unnamed(name)}",
                        f'<nav><a href="{INDEX}">← Все операторы</a></nav>')
        listing = "".join(
            f'<li><a href="{pages[n]}">{escape(unnamed(n))}</a> — звонков: {self.agents[n][1].calls}, '
            f"нарушений: {self.agents[n][1].violations}</li>" for n in names)
        self._write(INDEX, summary, self.index, "Проверка звонков",
                    f'<nav><h2>Операторы</h2><ul class="pages">{listing}</ul></nav>')

    def _write(self, name: str, summary: Summary, collected: Collected, title: str, nav: str) -> None:
        self.out = TextOutput(self.folder / name)
        write_page(self.out, summary, collected, title, nav)
        self.out.close()
        self.out = None

    def close(self) -> None:
        self.store.close()

    def discard(self) -> None:
        if self.out is not None:
            self.out.discard()
        try:
            self.store.close()
        except OSError:
            pass
