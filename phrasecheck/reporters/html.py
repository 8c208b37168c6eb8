"""HTML: one self-contained page for QA staff (opens offline, can be mailed as is).

The summary, bar charts drawn here as inline SVG (no chart library, no network),
a heat-map table of the recommended techniques each agent used, a table of
violations shown a page of rows at a time (filtered and sorted by the page's
script), a table of the calls, and each call's transcript, opened from either,
with the matched words highlighted and each finding's message and suggestions
beside them; the techniques used (practices) are highlighted in green. Of a call
with practices only, just the turns that hold them are kept. The labels are
Russian: the readers are.

The page's data is one JSON block with the transcripts compressed (html_data.py):
a night of 20,000 calls opens in a browser in seconds. The summary comes first
on the page but is only known at the end, so results are spooled as they stream
in, and a large batch is not held in memory. `--output DIR/` splits the report
into an index and a page per agent (html_site.py).
"""

from __future__ import annotations

from ..model import CallResult, FileResult, Finding, Severity
from ..summary import Summary
from .common import Reporter, TextOutput, call_of, calls_by_id
from .html_calls import meta_row, record
from .html_data import Page, Store
from .html_marks import locate, places  # noqa: F401 - public here too
from .html_page import COLUMNS, write_page  # noqa: F401 - public here too
from .html_summary import SEVERITY_LABELS, bars, score_class, unnamed  # noqa: F401 - public here too


class Collected:
    """What one page needs of the results given to it: its data in the store, the highest
    severity each rule was reported with (its bar's colour), each technique's message
    (the heat-map's column titles) and the inputs that could not be read."""

    def __init__(self, store: Store, page: Page, titles: dict[str, str], summary_only: bool = False) -> None:
        self.store, self.page, self.titles, self.summary_only = store, page, titles, summary_only
        self.severity: dict[str, Severity] = {}
        self.techniques: dict[str, str] = {}
        self.errors: list[tuple[str, str]] = []

    def add(self, result: FileResult) -> None:
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
                grouped.setdefault(id(call), {"call": call, "violations": [], "practices": []})[kind].append(item)
        for entry in grouped.values():
            self._call(**entry, path=result.path)

    def _call(self, call: CallResult | None, violations: list[Finding], practices: list[Finding], path: str) -> None:
        page, store = self.page, self.store
        first = (violations or practices)[0]
        row = [page.string(path), first.call_id, page.string(call.agent if call else None),
               call.score if call else None, len(violations), len(practices), bool(call and call.failed),
               *meta_row(call)]
        number = store.add_call(page, row, record(call, violations, practices, len(page.rows), page))
        for f in violations:
            store.add_row(page, [number, f.line, f.column, None if f.start is None else round(f.start, 2),
                                 page.string(f.rule), int(f.severity), f.text, page.string(f.message),
                                 [page.string(s) for s in f.suggestions], f.utterance])


class HtmlReporter(Reporter):
    def __init__(self, output=None, summary_only: bool = False, titles: dict[str, str] | None = None,
                 **options) -> None:
        self.out = TextOutput(output)
        self.store = Store()
        self.collected = Collected(self.store, self.store.page(""), dict(titles or {}), summary_only)

    def file(self, result: FileResult) -> None:
        self.collected.add(result)

    def finish(self, summary: Summary) -> None:
        write_page(self.out, summary, self.collected)

    def close(self) -> None:
        self.store.close()
        self.out.close()

    def discard(self) -> None:
        try:
            self.store.close()
        except OSError:
            pass
        self.out.discard()


def reporter(output=None, folder: bool = False, **options):
    """The HTML report: one page, or (`folder`) an index and a page per agent in that folder."""
    if folder:
        from .html_site import HtmlSiteReporter

        return HtmlSiteReporter(output, **options)
    return HtmlReporter(output, **options)
