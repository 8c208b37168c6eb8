"""Recommended techniques used (practices) in the reports people read: the XLSX
workbook (a sheet of practices, agents × techniques coverage, credits per call)
and the HTML page (the words marked green in the call's transcript, a heat-map
of techniques per agent), checked through the CLI on transcripts written the way
speech recognition writes them, read back with openpyxl and an HTML parser, and
rebuilt from saved JSONL results by `phrasecheck report`."""

from __future__ import annotations

import html
import shutil
import tempfile
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, report_content, run_cli
from html_helpers import data_block, drawn, page_data, selftest
from phrasecheck import reporters
from phrasecheck.model import PRACTICE, CallResult, Credit, FileResult, Finding, Severity
from phrasecheck.summary import Summary

SOURCE = FIXTURES / "practices_html"
MESSAGES = {"paraphrase": "Оператор перефразирует, чтобы убедиться, что понял клиента",
            "polite-refusal": "Оператор вежливо отказывает", "summary": "Оператор подводит итог разговора"}
SCRIPT_TEXT = "итак <script>мы</script> договорились"  # said in call-3 (a JSONL line): a practice's quote


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The calls and rule file copied to a folder of their own, and what `check` says of them as JSON."""
    root = tmp_path_factory.mktemp("practices")
    shutil.copytree(SOURCE, root, dirs_exist_ok=True)
    result = run_cli("check", "calls", "--no-builtin", "--rules", "techniques.yaml", "-f", "json", cwd=root)
    assert result.code == 1, result.err  # the slang is a warning: the run fails on it, never on practices
    data = result.json()
    assert data["errors"] == [] and data["summary"]["calls"] == 5
    return root, data


def produce(root: Path, fmt: str, *extra) -> Path:
    out = root / "out" / f"report{'-'.join(extra)}.{fmt}"
    out.parent.mkdir(exist_ok=True)
    result = run_cli("check", "calls", "--no-builtin", "--rules", "techniques.yaml", "-f", fmt, "-o", out, *extra,
                     cwd=root)
    assert result.code == 1, result.err
    return out


@pytest.fixture(scope="module")
def book(run):
    return openpyxl.load_workbook(produce(run[0], "xlsx"))


@pytest.fixture(scope="module")
def page_text(run, tmp_path_factory) -> str:
    """The page as Chromium draws it, every call opened."""
    return drawn(tmp_path_factory.mktemp("chromium"), produce(run[0], "html"))


def sheet(book, name: str) -> list[dict]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


# --- xlsx ------------------------------------------------------------------------------------

def test_xlsx_lists_every_practice_on_a_sheet_of_its_own(run, book):
    data = run[1]
    assert book.sheetnames == ["Нарушения", "Приёмы", "Звонки", "Операторы", "Правила", "Охват приёмов"]
    ws = book["Приёмы"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:J{ws.max_row}"
    assert ws.column_dimensions["I"].width >= 30  # the quote
    rows = sheet(book, "Приёмы")
    assert list(rows[0]) == ["Файл", "Звонок", "Оператор", "Строка", "Столбец", "Время", "Говорит", "Приём",
                             "Фраза", "Сообщение"]
    agents = {c["call_id"]: c["agent"] for c in data["calls"]}
    speakers = {"agent": "оператор", "client": "клиент"}
    assert [(r["Файл"], r["Звонок"], r["Строка"], r["Столбец"], r["Говорит"], r["Приём"], r["Фраза"],
             r["Сообщение"]) for r in rows] == [
        (p["path"], p["call_id"], p["line"], p["column"], speakers[p["speaker"]], p["rule"], p["text"], p["message"])
        for p in data["practices"]]
    assert [r["Оператор"] for r in rows] == [agents[p["call_id"]] for p in data["practices"]]
    # the sentence the recognition split over two segments is one practice, at its first word
    first = rows[0]
    assert (first["Звонок"], first["Оператор"], first["Строка"], first["Столбец"], first["Время"], first["Приём"],
            first["Фраза"]) == ("call-1", "Анна", 5, 26, timedelta(seconds=9), "paraphrase", "правильно ли я понимаю")
    assert SCRIPT_TEXT in {r["Фраза"] for r in rows}  # text, not markup, in a cell
    # hard negatives: the client's «правильно ли я понимаю» (call-2) and «итак мы договорились» (call-5)
    assert {(r["Звонок"], r["Приём"]) for r in rows} == {
        ("call-1", "paraphrase"), ("call-1", "polite-refusal"), ("call-1", "summary"), ("call-2", "summary"),
        ("call-3", "summary")}
    # the missed expectation is a violation of the same rule, on the Violations sheet only
    assert [(r["Звонок"], r["Правило"], r["Фраза"]) for r in sheet(book, "Нарушения")
            if r["Правило"] == "polite-refusal"] == [("call-3", "polite-refusal", "нельзя")]


def test_xlsx_technique_coverage_counts_the_calls_of_each_agent(book):
    ws = book["Охват приёмов"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    # the most used technique first; a cell: in how many of the agent's calls it was used
    assert rows == [["Оператор", "Звонков", "summary", "paraphrase", "polite-refusal"],
                    ["Анна", 2, 2, 1, 1],  # paraphrase twice in call-1: one call
                    ["Игорь", 2, 1, 0, 0],  # the refusal in call-3 was not polite: no practice
                    ["Ольга", 1, 0, 0, 0],
                    ["Все операторы", 5, 3, 1, 1]]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E5"
    assert ws.cell(1, 3).font.bold and ws.cell(5, 1).font.bold
    shade = {(r, c): ws.cell(r, c).fill.fgColor.rgb if ws.cell(r, c).fill.fill_type else None
             for r in range(2, 5) for c in range(3, 6)}
    assert shade[(2, 3)] != shade[(2, 4)] == shade[(3, 3)]  # all of Анна's calls, half of them, half of Игорь's
    assert shade[(2, 3)] and shade[(2, 4)]
    assert shade[(3, 4)] is None and shade[(4, 3)] is None  # never used: no shade


def test_xlsx_calls_sheet_gives_the_credits_beside_the_deductions(run, book):
    data = run[1]
    calls = {r["Звонок"]: r for r in sheet(book, "Звонки")}
    header = list(next(iter(calls.values())))
    assert header.index("Начисления") == header.index("Вычеты") + 2 == header.index("Приёмов") + 1
    one = calls["call-1"]
    assert (one["Нарушений"], one["Приёмов"], one["Оценка"]) == (1, 4, 100)
    assert one["Вычеты"] == "slang −5"
    # in the order first used; polite-refusal's own credit is 3
    assert one["Начисления"] == "paraphrase +2, polite-refusal +3, summary +2"
    assert (calls["call-2"]["Приёмов"], calls["call-2"]["Начисления"]) == (1, "summary +2")
    assert (calls["call-5"]["Приёмов"], calls["call-5"]["Начисления"], calls["call-5"]["Оценка"]) == (0, None, 95)
    assert {c["call_id"]: c["score"] for c in data["calls"]} == {k: v["Оценка"] for k, v in calls.items()}


def test_xlsx_summary_only_keeps_the_coverage(run):
    book = openpyxl.load_workbook(produce(run[0], "xlsx", "--summary-only"))
    assert book.sheetnames == ["Операторы", "Правила", "Охват приёмов"]
    assert [r[:3] for r in book["Охват приёмов"].iter_rows(values_only=True)][-1] == ("Все операторы", 5, 3)


# --- html ------------------------------------------------------------------------------------

VOID = {"br", "input", "meta", "img", "hr", "link", "wbr", "col"}


class Page(HTMLParser):
    """The parts of the report the tests look at: each call's section with its utterances
    (their text, and the text inside each <mark>), and the technique heat-map's rows."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.calls: dict[str, dict] = {}
        self.coverage: list[list[tuple[str, str]]] = []  # rows of (text, class) cells
        self.stack: list[tuple[str, dict]] = []
        self.section = self.utterance = None
        self.marks: list[dict] = []  # open
        self.feed(text)
        self.close()
        assert self.stack == [], self.stack  # every element closed

    def inside(self, tag: str, css: str) -> bool:
        return any(t == tag and (not css or css in (a.get("class") or "").split()) for t, a in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        css = (attrs.get("class") or "").split()
        if tag not in VOID:
            self.stack.append((tag, attrs))
        if tag == "section" and "call" in css:
            self.section = {"title": "", "meta": "", "utterances": {}}
            self.calls[attrs["id"]] = self.section
        elif tag == "div" and "utt" in css:
            self.utterance = {"speaker": css[1], "said": "", "notes": "", "marks": []}
            self.section["utterances"][attrs["id"]] = self.utterance
        elif tag == "mark" and self.inside("div", "said"):
            self.marks.append({"class": attrs.get("class"), "title": attrs.get("title"), "text": ""})
            self.utterance["marks"].append(self.marks[-1])
        elif tag == "tr" and self.inside("table", "coverage"):
            self.coverage.append([])
        elif tag in ("td", "th") and self.inside("table", "coverage"):
            self.coverage[-1].append(["", attrs.get("class") or ""])

    def handle_endtag(self, tag):
        opened, _ = self.stack.pop()
        assert opened == tag, (opened, tag)
        if tag == "mark" and self.marks:
            self.marks.pop()

    def handle_data(self, data):
        if self.inside("div", "said"):
            self.utterance["said"] += data
            for mark in self.marks:
                mark["text"] += data
        elif self.inside("div", "notes"):
            self.utterance["notes"] += data
        elif self.section is not None and self.inside("h3", ""):
            self.section["title"] += data
        elif self.section is not None and self.inside("p", "meta"):
            self.section["meta"] += data
        if self.stack and self.stack[-1][0] in ("td", "th") and self.inside("table", "coverage"):
            self.coverage[-1][-1][0] += data

    def call(self, call_id: str) -> dict:
        (found,) = [c for c in self.calls.values() if c["title"].endswith(f"· {call_id}")]
        return found


def practice_marks(section: dict) -> list[tuple[str, str]]:
    """(utterance id, text) of every green mark in a call."""
    return [(uid, m["text"]) for uid, u in section["utterances"].items() for m in u["marks"]
            if m["class"] == "practice"]


def test_html_marks_the_practice_words_green_in_the_right_call(page_text):
    page = Page(page_text)
    one = page.call("call-1")
    anchor = next(k for k, v in page.calls.items() if v is one)
    # a sentence split over two segments: marked in each, exactly the words said
    assert practice_marks(one) == [(f"{anchor}-u2", "правильно ли я"), (f"{anchor}-u3", "понимаю"),
                                   (f"{anchor}-u7", "к сожалению"), (f"{anchor}-u9", "верно я вас поняла"),
                                   (f"{anchor}-u11", "итак мы с вами договорились")]
    u2 = one["utterances"][f"{anchor}-u2"]
    assert u2["said"] == "так правильно ли я" and u2["marks"][0]["title"] == f"✓ paraphrase — {MESSAGES['paraphrase']}"
    assert "✓ paraphrase" in u2["notes"]
    # the violation in the same call is marked as before, by its severity
    u5 = one["utterances"][f"{anchor}-u5"]
    assert [(m["class"], m["title"], m["text"]) for m in u5["marks"]] == [("warning", "slang", "короче")]
    assert "нарушений: 1 · приёмов: 4 (+7 к оценке) · оценка: 100" in one["meta"]
    # no practice in the client's words, nor anywhere else in other calls
    assert all(u["speaker"] == "agent" for s in page.calls.values() for u in s["utterances"].values()
               if any(m["class"] == "practice" for m in u["marks"]))
    assert [t for _, t in practice_marks(page.call("call-2"))] == ["итак мы", "договорились"]
    assert practice_marks(page.call("call-5")) == []  # the client's «итак мы договорились»
    assert "call-4" not in {s["title"].rsplit("· ", 1)[-1] for s in page.calls.values()}  # nothing to show


def test_html_a_call_with_practices_only_shows_just_their_turns(page_text):
    text = page_text
    two = Page(text).call("call-2")
    # the client's turns and the agent's turns without a technique are left out
    assert [u["said"] for u in two["utterances"].values()] == ["спасибо итак мы",
                                                                "договорились переходите на новый тариф"]
    assert "нарушений: 0 · приёмов: 1 (+2 к оценке)" in two["meta"]


def test_html_coverage_table_lists_each_agent_with_the_calls_they_used_each_technique_in(page_text):
    text = page_text
    page = Page(text)
    rows = [[cell for cell, _ in row] for row in page.coverage]
    assert rows == [["Оператор", "Звонков", "summary", "paraphrase", "polite-refusal"],
                    ["Анна", "2", "2", "1", "1"],
                    ["Игорь", "2", "1", "", ""],
                    ["Ольга", "1", "", "", ""],
                    ["Все операторы", "5", "3", "1", "1"]]
    shades = [[css for _, css in row[2:]] for row in page.coverage[1:4]]
    assert shades == [["h4", "h2", "h2"], ["h2", "", ""], ["", "", ""]]  # the share of the agent's calls
    for technique, message in MESSAGES.items():  # the column's title is what the technique is
        assert f'<th data-rule="{technique}" title="{html.escape(message, quote=False)}">{technique}</th>' in text
    assert '<div class="card">Приёмов<b>6</b></div>' in text


def test_html_keeps_a_practice_quote_with_markup_escaped(page_text):
    text = page_text
    assert "<script>мы" not in text and "мы</script>" not in text
    assert "итак &lt;script&gt;мы&lt;/script&gt; договорились" in text
    marks = practice_marks(Page(text).call("call-3"))
    assert [t for _, t in marks] == [SCRIPT_TEXT]  # the page shows the words as said


def test_html_summary_only_has_the_coverage_and_no_transcripts(run):
    page = Page(produce(run[0], "html", "--summary-only").read_text(encoding="utf-8"))
    assert page.calls == {} and len(page.coverage) == 5


# --- report: the same, rebuilt from saved results --------------------------------------------

@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_report_from_jsonl_rebuilds_the_same_practices(run, fmt, tmp_path):
    root, _ = run
    saved = produce(root, "jsonl")
    assert sum('"record": "practice"' in line for line in saved.read_text(encoding="utf-8").splitlines()) == 6
    rebuilt = root / "out" / f"rebuilt.{fmt}"
    # the rules' titles (html) are not in the results: they come from the rules a check here would run
    team = root / "team"
    team.mkdir(exist_ok=True)
    (team / "phrasecheck.yaml").write_text("builtin: false\nrules: [../techniques.yaml]\n", encoding="utf-8")
    result = run_cli("report", saved, "-f", fmt, "-o", rebuilt, cwd=team)
    assert result.code == 1, result.err
    direct = produce(root, fmt)
    assert report_content(rebuilt) == report_content(direct)
    if fmt == "xlsx":
        assert len(report_content(rebuilt)["Приёмы"]) == 7
    else:
        assert len(practice_marks(Page(drawn(tmp_path, rebuilt)).call("call-1"))) == 5


# --- the page in a browser: the technique's message on its words -------------------------------

def test_html_titles_the_green_words_with_the_technique_and_its_message_in_chromium(run, tmp_path):
    result = selftest(tmp_path, produce(run[0], "html"), "#selftest&open=all")
    assert result["errors"] == [] and result["coverageRows"] == 3
    titles = result["practiceTitles"]
    assert len(titles) == 8  # call-1: 4 practices, one split in two; call-2: 1, split in two; call-3: 1
    assert titles[0] == f"✓ paraphrase — {MESSAGES['paraphrase']}"
    assert set(titles) == {f"✓ {t} — {m}" for t, m in MESSAGES.items()}


# --- any text, through the reporters -------------------------------------------------------------

NASTY = ["<script>", "</mark>", '"', "&amp;", "\x00", "\x1b[31m", "\ud800", "=HYPERLINK(1)", "\n", "…", "✓"]
nasty = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=4)), min_size=1, max_size=4).map("".join)


@settings(max_examples=25, deadline=None)
@given(rule=nasty, said=nasty, message=nasty, agent=nasty)
@example(rule="r", said="\n", message="m", agent="a")  # the quote is marked, not the first space
def test_any_technique_text_is_written_escaped(rule, said, message, agent):
    """A technique's id, quote and message as a JSONL file may hold them: the page stays whole
    with no markup of theirs, the workbook opens with them as text."""
    context = f"ну {said} вот"
    practice = Finding("c.jsonl", 1, 4, rule, "c1", 0, 1.0, "agent", Severity.INFO, message, said, (), context,
                       (3, 3 + len(said)), kind=PRACTICE)
    call = CallResult("c.jsonl", "c1", line=1, agent=agent, score=100.0, practices={rule: 1},
                      credits=[Credit(rule, 2.0)], transcript=[("agent", 1.0, None, context, 1)])
    result = FileResult("c.jsonl", [call], [], practices=[practice])
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("html", "xlsx"):
            out = Path(folder) / f"r.{fmt}"
            reporter, summary = reporters.create(fmt, out), Summary()
            summary.add(result)
            reporter.file(result)
            reporter.finish(summary)
            reporter.close()
            if fmt == "xlsx":
                book = openpyxl.load_workbook(out)
                assert book["Приёмы"].max_row == 2 and book["Охват приёмов"].max_row == 3
                continue
            with out.open(encoding="utf-8", newline="") as handle:  # a «\r» said stays one
                text = handle.read()
            assert text.count("<script") == 3  # the page's own: in its head, its data, its script
            Page(text)  # every element closed: nothing of theirs opened or closed one
            assert "<" not in data_block(text)  # their text is data: it cannot end the block it is in
            data = page_data(text)
            assert {rule, message, agent} <= set(data["page"]["strings"])  # back as given
            (record,) = data["records"]
            (utterance,) = record["u"]
            assert utterance[3] == context  # as said; the page's script puts it in as text
            units = context.encode("utf-16-le", "surrogatepass")  # offsets as JavaScript counts them
            assert [units[2 * m[1]:2 * m[2]].decode("utf-16-le", "surrogatepass") for m in record["m"]] == (
                [said] if said else [])
