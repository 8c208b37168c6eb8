"""The values of XLSX cells: text a workbook can hold, and times and dates as the
spreadsheet's own numbers (they sort, filter and add up), with the format that shows them.

A moment in the call (seconds from its start) is a duration, shown h:mm:ss; the call's
start is a date and time, shown as the call's own clock showed it (in the UTC offset of
`started_at`, which is the configured time zone when one is set: spreadsheets have no time
zones). A value read from a results file that is no time (a start of −5 s, a date that is
not ISO 8601) is shown as the text it was, never dropped.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .common import clock

DURATION_FORMAT = "[h]:mm:ss"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm:ss"
LONGEST_CALL = 7 * 24 * 3600  # seconds: a moment past this is a mistake in a results file
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def cell_text(value: str) -> str:
    """Text a workbook can hold: XML has no control characters (openpyxl refuses
    them) and UTF-8 no lone surrogates (shown as their escape, as in other reports)."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return _SURROGATE_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", value)


def moment(seconds: float | None) -> timedelta | str | None:
    """Seconds from the start of the call as a duration, to the second as other reports show it."""
    if seconds is None:
        return None
    if not (math.isfinite(seconds) and 0 <= seconds <= LONGEST_CALL):
        return clock(seconds) if math.isfinite(seconds) else str(seconds)
    return timedelta(seconds=int(seconds))


def started(value: str | None) -> datetime | str | None:
    """`started_at` (ISO 8601) as the date and time on the call's own clock."""
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value).replace(tzinfo=None, microsecond=0)
    except ValueError:
        return value
    return when if when.year >= 1900 else value  # a spreadsheet's dates start in 1900
