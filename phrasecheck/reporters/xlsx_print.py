"""How an XLSX sheet looks on screen and on paper: row heights for wrapped text and the
print setup.

Neither Excel nor LibreOffice sizes a row to its wrapped text when it opens a file that
does not say the row's height (Excel only when the row is edited; LibreOffice draws the
text over the rows below), so every row whose text wraps says its height. The height is
estimated here, as it must be while the rows stream to disk: each cell's text is wrapped
greedily at the places a line may break (spaces, hyphens, slashes) into lines as wide as
the column, with wide letters counted wider, a little less than the column holds; the row
is as high as its tallest cell. The estimate errs on the tall side: an empty line at the
bottom of a cell is better than a line cut off.

Printed, every sheet is A4 landscape, as wide as one page (as many pages down as it
takes), with the header row repeated on every page, grid lines, and the sheet's name and
«page N of M» in the footer.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from itertools import repeat

from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

LINE_HEIGHT = 15.0  # points: a line of the default font (Calibri 11) in Excel, taller than in LibreOffice
A4 = 9  # paperSize in OOXML
MAX_ROW_HEIGHT = 409.0  # points: the most a row may be in Excel
PADDING = 1.0  # characters of a column's width taken by the cell's margins
BOLD = 1.15  # bold letters are this much wider
# Letters wider or narrower than a digit (the unit of a column's width), counted by how much;
# capitals are wider, and CJK characters and emoji two digits wide.
_CAPITAL, _DOUBLE = 1.25, "\u2e80"
_WIDTHS = {**dict.fromkeys("ABCDEFGHIJKLNOPQRSTUVXYZАБВГДЕЁЗИЙКЛНОПРСТУХЦЧЬЭЯ", _CAPITAL),
           **dict.fromkeys("ЖШЩЮМФЫЪжшщюмфыъ@%", 1.4), **dict.fromkeys("WMmw—«»", 1.3),
           **dict.fromkeys(" .,:;!|'ilIj()[]/-", 0.5)}
# a piece of text that stays on one line: up to and including a space, hyphen, slash or dash
_PIECES = re.compile(r"[^\s\-/–—]*[\s\-/–—]*")


def text_width(text: str) -> float:
    width = sum(map(_WIDTHS.get, text, repeat(1.0)))
    if text and max(text) >= _DOUBLE:
        width += sum(1 for char in text if char >= _DOUBLE)
    return width


@lru_cache(maxsize=4096)  # a rule's message and suggestions are on many rows
def line_count(text: str, width: float, bold: bool = False) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide."""
    room = max(1.0, width - PADDING) / (BOLD if bold else 1.0)
    if len(text) * 2 <= room and "\n" not in text:  # a short value: one line, whatever its letters
        return 1
    return sum(_paragraph_lines(paragraph, room) for paragraph in text.split("\n"))


def _paragraph_lines(text: str, room: float) -> int:
    lines, used = 1, 0.0
    for piece in _PIECES.findall(text):
        if not piece:
            continue
        visible = text_width(piece.rstrip())  # a space at the end of a line takes no room
        if used and used + visible > room:
            lines, used = lines + 1, 0.0
        if visible > room:  # longer than a line: broken anywhere
            whole, rest = divmod(visible, room)
            lines += int(whole) - (rest == 0)
            used = rest or room
        else:
            used += text_width(piece)
    return lines


def row_height(texts: list[tuple[str, float]], bold: bool = False) -> float | None:
    """The height in points of a row whose cells hold these (text, column width) pairs,
    or None when each fits one line (the row keeps the default height)."""
    lines = max((line_count(text, width, bold) for text, width in texts), default=1)
    if lines <= 1:
        return None
    return min(MAX_ROW_HEIGHT, math.ceil(lines * LINE_HEIGHT + 2))


def set_print(ws, header_rows: int = 1) -> None:
    """A4 landscape, one page wide, the header repeated on each page. Set before the
    first row is written: a write-only sheet writes its properties then."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows take
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.25, footer=0.3)
    ws.print_options.gridLines = True
    ws.print_title_rows = f"1:{header_rows}"
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = "Страница &P из &N"
