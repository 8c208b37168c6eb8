"""What the XLSX workbook holds: its sheets, their columns and the words a QA lead reads.

The workbook is for people, so its sheet names, headers and level names are Russian (the
same words as the HTML report); rule and technique ids stay as the rule files spell them,
and the JSON and JSON Lines reports keep their English field names. A column's width is in
characters of the default font; the widths add up to what fits an A4 landscape page
across at a readable scale (xlsx_print).
"""

from __future__ import annotations

from dataclasses import dataclass

from .common import SEVERITY_LABELS  # noqa: F401 - the sheets' level words


@dataclass(frozen=True)
class Column:
    title: str
    width: int  # in characters


VIOLATIONS, PRACTICES, CALLS = "Нарушения", "Приёмы", "Звонки"
AGENTS, RULES, COVERAGE = "Операторы", "Правила", "Охват приёмов"
PARTIAL_SHEET = "Прервано"
PARTIAL_NOTE = "Проверка была прервана: книга содержит только завершённые звонки."
TECHNIQUE_WIDTH = 14  # a coverage column (a technique's id, wrapped in the header)
TOTAL = "Все операторы"
SEVERITY_COLUMN = "Уровень"  # of a violation: its level's word in the level's colour  # the coverage sheet's last row: all calls

_FILE, _CALL, _AGENT, _LINE = Column("Файл", 24), Column("Звонок", 16), Column("Оператор", 14), Column("Строка", 9)
SHEETS: dict[str, list[Column]] = {
    VIOLATIONS: [_FILE, _CALL, _AGENT, _LINE, Column("Время", 8), Column("Правило", 18),
                 Column(SEVERITY_COLUMN, 15), Column("Фраза", 26), Column("Сообщение", 46), Column("Как сказать", 36)],
    PRACTICES: [_FILE, _CALL, _AGENT, _LINE, Column("Столбец", 10), Column("Время", 8),
                Column("Говорит", 10), Column("Приём", 20), Column("Фраза", 30), Column("Сообщение", 46)],
    CALLS: [_FILE, _CALL, _AGENT, Column("Начало", 19), Column("Нарушений", 13), Column("Оценка", 9),
            Column("Провален", 11), Column("Вычеты", 36), Column("Приёмов", 10), Column("Начисления", 28),
            Column("Не проверено", 22), Column("Примечания", 28)],
    AGENTS: [Column("Оператор", 20), Column("Звонков", 10), Column("Средняя оценка", 15),
             Column("Нарушений на звонок", 20), Column("Чаще всего нарушено", 24)],
    RULES: [Column("Правило", 26), Column("Нарушений", 13), Column("Звонков с нарушением", 21)],
    # then one column per technique, known only at the end
    COVERAGE: [Column("Оператор", 20), Column("Звонков", 10)],
}
SUMMARY_SHEETS = (AGENTS, RULES, COVERAGE)  # all that --summary-only keeps

# the HTML report's words for the levels and the speakers
SPEAKER_LABELS = {"agent": "оператор", "client": "клиент"}
YES, NO = "да", "нет"


def label(value: str | None, labels: dict[str, str]) -> str | None:
    """The Russian word for a level or a speaker; a value read from a results file that
    is none of them stays as it was written."""
    return labels.get(value, value) if value is not None else None
