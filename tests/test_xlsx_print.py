"""The XLSX workbook as a QA lead opens and prints it: 300 calls checked through the CLI,
the workbook read back with openpyxl (times and dates are the spreadsheet's numbers,
headers and levels Russian) and printed to PDF by LibreOffice, whose pages are read with
poppler's pdftotext: every page is one page across (the first and the last column on it,
the header repeated), and each wrapped cell's whole text lies within its own row, so no
text runs into the row below or is cut off. LibreOffice and poppler are Debian packages
that .ci/run installs; the PDF tests skip only where they are absent."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import unescape
from pathlib import Path

import openpyxl
import pytest

from conftest import run_cli

OFFICE = shutil.which("libreoffice") or shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
needs_office = pytest.mark.skipif(not (OFFICE and PDFTOTEXT),
                                  reason="LibreOffice and pdftotext (Debian: libreoffice-calc-nogui, poppler-utils)")
CALLS = 300
SHEETS = ["Нарушения", "Приёмы", "Звонки", "Операторы", "Правила", "Охват приёмов"]
AGENTS = ["Игорь", "Анна", "Александра Константиновна Преображенская-Оболенская", None, "Ольга"]
# what agents say, each line breaking rules of the built-in pack; a call says some of them
AGENT_LINES = [
    "Алло! Слушаю.",
    "Мужчина, вы ошибаетесь, это не моя ошибка. Таковы правила.",
    "Не волнуйтесь. Подождите минуточку, я посмотрю ваш договорчик.",
    "Короче, проблема в том, что вы не отключили услугу. Вам следовало позвонить раньше.",
    "Я не знаю. Деньги вернут недели через две.",
    "Спасибо за ожидание, я уточню для Вас эту информацию. Чем могу помочь?",
    "Вам нужно перезагрузить роутер, вы меня слышите?",
    "Блин, опять этот роутер.",  # a critical rule of the test's own: the call fails
]
CRITICAL = ("pack: {name: own}\nrules:\n  - {id: swear, type: forbidden, critical: true, severity: error, "
            "message: Бранное слово в разговоре с клиентом, phrases: [=блин]}\n")
CLIENT_LINES = ["Добрый день. Мне вчера выставили счёт за роуминг, а я никуда не ездил.",
                "Да как же так? Я вам уже третий раз звоню!", "И что теперь делать?"]


def call(number: int) -> dict:
    """A call with some of the lines, its metadata varied: long names and ids that wrap,
    a start that is no date (a note on the call), calls past an hour."""
    lines = [AGENT_LINES[(number + k) % len(AGENT_LINES)] for k in range(1 + number % 3)]
    said = [("agent", text) for text in lines] + [("client", CLIENT_LINES[number % len(CLIENT_LINES)])]
    offset = 3600 if number % 9 == 0 else 0
    record = {"call_id": (f"вх-2026-05-16-{number:06d}-повторное-обращение" if number % 7 == 0
                          else f"2026-05-16-{number:04d}"),
              "agent": AGENTS[number % len(AGENTS)],
              "started_at": (f"2026-05-{1 + number % 28:02d}T{8 + number % 12:02d}:{number % 60:02d}:07+03:00"
                             if number % 10 else "16.05.2026 13:05"),
              "utterances": [{"speaker": speaker, "start": offset + 2 + 9 * k + number % 5, "text": text}
                             for k, (speaker, text) in enumerate(said)]}
    return {k: v for k, v in record.items() if v is not None}


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    """The 300 calls as a JSON Lines file and the workbook `check` writes of them."""
    root = tmp_path_factory.mktemp("xlsx-print")
    folder = root / "ночная смена"
    folder.mkdir()
    (folder / "звонки-2026-05-16.jsonl").write_text(
        "".join(json.dumps(call(n), ensure_ascii=False) + "\n" for n in range(CALLS)), encoding="utf-8")
    (root / "own.yaml").write_text(CRITICAL, encoding="utf-8")
    result = run_cli("check", "ночная смена", "--rules", "own.yaml", "-f", "xlsx", "-o", "night.xlsx", cwd=root)
    assert result.code == 1, result.err
    return root


@pytest.fixture(scope="module")
def book(night):
    return openpyxl.load_workbook(night / "night.xlsx")


def rows(book, name: str) -> list[dict]:
    values = list(book[name].iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


# --- the workbook's values -----------------------------------------------------------------

def test_headers_and_levels_are_russian_on_every_sheet(book):
    assert book.sheetnames == SHEETS
    headers = {ws.title: [c.value for c in next(ws.iter_rows(max_row=1))] for ws in book}
    assert headers["Нарушения"] == ["Файл", "Звонок", "Оператор", "Строка", "Время", "Правило", "Уровень",
                                    "Фраза", "Сообщение", "Как сказать"]
    assert headers["Приёмы"] == ["Файл", "Звонок", "Оператор", "Строка", "Столбец", "Время", "Говорит", "Приём",
                                 "Фраза", "Сообщение"]
    assert headers["Звонки"][:7] == ["Файл", "Звонок", "Оператор", "Начало", "Нарушений", "Оценка", "Провален"]
    assert headers["Охват приёмов"][:2] == ["Оператор", "Звонков"]
    assert all(re.fullmatch(r"[А-ЯЁа-яё ]+", h) for name in SHEETS[:5] for h in headers[name])
    assert {r["Уровень"] for r in rows(book, "Нарушения")} == {"ошибка", "предупреждение", "замечание"}
    assert {r["Говорит"] for r in rows(book, "Приёмы")} == {"оператор"}
    assert {r["Провален"] for r in rows(book, "Звонки")} == {"да", "нет"}
    assert rows(book, "Охват приёмов")[-1]["Оператор"] == "Все операторы"


def test_times_in_the_call_are_durations(book):
    ws = book["Нарушения"]
    times = [row[4] for row in ws.iter_rows(min_row=2)]
    assert len(times) > 1000
    # a number with a time format, which openpyxl reads as a date-like value ("d"); text would be "s"
    assert all(c.data_type == "d" and c.is_date and c.number_format == "[h]:mm:ss" for c in times)
    values = {c.value for c in times}
    assert timedelta(seconds=2) in values and timedelta(hours=1, seconds=2) in values  # past an hour too
    assert all(isinstance(c.value, timedelta) for c in book["Приёмы"]["F"][1:])


def test_a_call_starts_at_a_date_and_time_on_its_own_clock(book):
    starts = {r["Звонок"]: r for r in rows(book, "Звонки")}
    assert starts["2026-05-16-0001"]["Начало"] == datetime(2026, 5, 2, 9, 1, 7)
    cell = book["Звонки"]["D3"]
    assert cell.is_date and cell.number_format == "dd.mm.yyyy hh:mm:ss"
    # not a date: left out and said so, as in every report
    unread = starts["2026-05-16-0010"]
    assert unread["Начало"] is None and "started_at «16.05.2026 13:05»" in unread["Примечания"]


def test_report_rebuilds_the_same_workbook_from_saved_results(night, book):
    saved = night / "night.jsonl"
    assert run_cli("check", "ночная смена", "--rules", "own.yaml", "-f", "jsonl", "-o", saved, cwd=night).code == 1
    result = run_cli("report", saved, "-f", "xlsx", "-o", "again.xlsx", cwd=night)
    assert result.code == 1, result.err
    again = openpyxl.load_workbook(night / "again.xlsx")
    for name in SHEETS:
        assert list(again[name].iter_rows(values_only=True)) == list(book[name].iter_rows(values_only=True))


# --- printed by LibreOffice ------------------------------------------------------------------

PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
# per sheet: a column every row has one number in (where each row starts), and the text columns
ROW_STARTS = {"Нарушения": "Строка", "Приёмы": "Строка", "Звонки": "Нарушений"}
TEXT_COLUMNS = {"Нарушения": ["Файл", "Звонок", "Оператор", "Правило", "Уровень", "Фраза", "Сообщение",
                              "Как сказать"],
                "Приёмы": ["Файл", "Звонок", "Оператор", "Говорит", "Приём", "Фраза", "Сообщение"],
                "Звонки": ["Файл", "Звонок", "Оператор", "Провален", "Вычеты", "Начисления", "Не проверено",
                           "Примечания"]}


@dataclass
class Page:
    sheet: str
    header: list  # the words of the header row: (x, text)
    words: list  # below it, above the footer: (x, y, text)
    bottom: float  # where the footer starts


def read_pages(pdf: Path) -> list[Page]:
    """The words of each printed page, by sheet (its name is in the page's footer)."""
    text = subprocess.run([PDFTOTEXT, "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for _width, _height, body in PAGE.findall(text):
        words = [(float(x), float(y), unescape(w)) for x, y, _x2, _y2, w in WORD.findall(body)]
        if not words:
            # LibreOffice 7.4 adds a blank page after a sheet whose last page is full when it
            # fits a sheet to the page width: nothing of the sheet is on it
            pages.append(None)
            continue
        bottom = max(y for x, y, w in words if w == "Страница")
        top = min(y for x, y, w in words)
        sheet = " ".join(w for x, y, w in sorted(words) if abs(y - bottom) < 1 and w != "Страница"
                         and x < 200)
        pages.append(Page(sheet, [(x, w) for x, y, w in words if abs(y - top) < 1],
                          [(x, y, w) for x, y, w in words if top + 1 < y < bottom - 1], bottom))
    return pages


def printed_rows(pages: list[Page], sheet: str, titles: list[str]) -> list[dict]:
    """Each printed row of a sheet: the text in each of its text columns, read from the row's
    top down to the next row's top."""
    found = []
    for page in (p for p in pages if p.sheet == sheet):
        starts = {title: min(x for x, w in page.header if w == title.split()[0]) for title in titles}
        edges = sorted(starts.values())
        column = {title: (x - 1, next((e for e in edges if e > x + 1), 10_000) - 1) for title, x in starts.items()
                  if title in TEXT_COLUMNS[sheet] or title == ROW_STARTS[sheet]}
        left, right = column[ROW_STARTS[sheet]]
        tops = sorted({y for x, y, w in page.words if left <= x < right and w.isdigit()})
        for top, below in zip(tops, [*tops[1:], page.bottom]):
            found.append({title: "".join(w for x, y, w in sorted(page.words, key=lambda word: (word[1], word[0]))
                                         if low <= x < high and top - 2 <= y < below - 2)
                          for title, (low, high) in column.items() if title != ROW_STARTS[sheet]})
    return found


@pytest.fixture(scope="module")
def printed(night, tmp_path_factory) -> list[Page]:
    """night.xlsx printed to PDF by LibreOffice, as a QA lead would print it."""
    out = tmp_path_factory.mktemp("pdf")
    profile = (out / "profile").as_uri()  # its own profile: never a LibreOffice the user has open
    subprocess.run([OFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", out, night / "night.xlsx"], capture_output=True, check=True, timeout=600)
    pages = read_pages(out / "night.pdf")
    assert pages.count(None) <= len(SHEETS)
    return [page for page in pages if page is not None]


@needs_office
def test_every_printed_page_is_one_page_across_with_the_header(printed, book):
    assert [p.sheet for p in printed] == sorted((p.sheet for p in printed), key=SHEETS.index)
    assert {p.sheet for p in printed} == set(SHEETS)
    for page in printed:
        titles = [c.value for c in next(book[page.sheet].iter_rows(max_row=1))]
        header = [w for x, w in page.header]
        # the first and the last column on every page: no page holds only columns that did not fit
        assert titles[0] in header and titles[-1].split()[0].split("-")[0] in " ".join(header), page.sheet
    violations = [p for p in printed if p.sheet == "Нарушения"]
    assert len(violations) < len(rows(book, "Нарушения")) / 10  # readable rows, many to a page


@needs_office
@pytest.mark.parametrize("sheet", ["Нарушения", "Приёмы", "Звонки"])
def test_wrapped_text_stays_within_its_own_row(printed, book, sheet):
    expected = [{title: "".join(str(row[title]).split()) if row[title] is not None else ""
                 for title in TEXT_COLUMNS[sheet]} for row in rows(book, sheet)]
    found = printed_rows(printed, sheet, [c.value for c in next(book[sheet].iter_rows(max_row=1))])
    assert len(found) == len(expected)
    for number, (printed_row, row) in enumerate(zip(found, expected), 2):
        assert printed_row == row, f"{sheet}, row {number}"
