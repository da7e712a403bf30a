"""How an XLSX sheet prints: every workbook the project writes goes through `set_print_layout` last.

Users print the exports from Excel, WPS or LibreOffice as they are, so the sheet carries its own page
setup: A4, landscape when the columns are wider than a portrait page, scaled to one page wide with
the rows flowing onto as many pages as they need, the header rows (and the name columns) repeated
on every page, and the page number in the footer.

Long texts wrap, and the rows are given the height their wrapped text needs: LibreOffice does not
size rows to their text when it opens a file written by openpyxl (Excel does so only when asked),
and a row too low cuts the text mid-sentence on paper. The height is estimated from the text and the
column width in Excel's units (the width of a digit of the default font): a CJK character takes
about two of them, a Latin one a little more than one; the lines of Latin text break between words.
The widths are the wider of Excel's and LibreOffice's, the line height LibreOffice's (its CJK faces
are the taller): the rows are tall enough for both, as the printing tests check with LibreOffice.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

DEFAULT_WIDTH = 8.43  # Excel's width of a column that does not set one
DEFAULT_SIZE = 11.0  # points
LINE_SPACING = 1.45  # line height per point of font size: CJK faces are that tall
ROW_PADDING = 3.0  # points, above and below the text
MAX_ROW_HEIGHT = 409.0  # points: Excel's limit
# Character widths in Excel's units, the wider of Excel's and LibreOffice's (with Calibri or Carlito)
CJK_WIDTH = 2.1
LATIN_WIDTH = 1.25
CELL_MARGIN = 1.0  # lost to the cell's inner margins
# What A4 holds across at full size, within margins of half an inch: a portrait page about 95 units,
# a landscape one 140. LibreOffice does not scale a sheet of one column to the page (it cannot split
# it, so it counts it as one page across), and without Calibri or Carlito its units are wider: such
# a column is kept within 72 units portrait, 108 landscape.
PORTRAIT_WIDTH = 95
ONE_COLUMN = {False: 72, True: 108}
_WORDS = re.compile(r"\s+|[^\s]")  # runs of spaces, and single characters that words are made of


def set_print_layout(
    sheet,
    *,
    header_rows: int | tuple[int, int] | None = None,
    name_columns: int = 0,
    wrap_columns: Iterable[int] = (),
    landscape: bool | None = None,
    title: str | None = None,
) -> None:
    """Give `sheet` its page setup, and its rows the heights their wrapped text needs.

    `header_rows` (a row number or a first and last, wrapped) and the first `name_columns` columns
    repeat on every page. The cells below the header in `wrap_columns` (numbers from 1) are wrapped, top
    aligned, besides those already wrapped. `landscape` None chooses it from the columns' width.
    A note alone in column A above the header is spread over the table's width and wrapped.
    `title` is the title the sheet opens with, repeated at the top of the following pages; without
    one, every page names the sheet. The footer numbers the pages."""
    first, last = (header_rows, header_rows) if isinstance(header_rows, int) else (header_rows or (1, 0))
    columns = max(sheet.max_column, 1)
    width = sum(column_width(sheet, column) for column in range(1, columns + 1))
    wide = width > (PORTRAIT_WIDTH if columns > 1 else ONE_COLUMN[False]) if landscape is None else landscape
    if columns == 1 and width > ONE_COLUMN[wide]:
        sheet.column_dimensions["A"].width = ONE_COLUMN[wide]
    _wrap(sheet, wrap_columns, from_row=last + 1)
    if header_rows is not None:
        _spread_notes(sheet, above=first, columns=columns)
        for row in sheet.iter_rows(min_row=first, max_row=last):
            for cell in row:  # a label longer than its column wraps rather than hide behind the next
                if cell.value is not None and not cell.alignment.wrap_text:
                    cell.alignment = _aligned(
                        cell.alignment, wrap_text=True, vertical=cell.alignment.vertical or "center"
                    )
    fit_row_heights(sheet)
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = sheet.ORIENTATION_LANDSCAPE if wide else sheet.ORIENTATION_PORTRAIT
    setup.fitToWidth, setup.fitToHeight = 1, 0  # one page across, as many down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = 0.5
    margins.top = margins.bottom = 0.7
    margins.header = margins.footer = 0.3
    if header_rows is not None:
        sheet.print_title_rows = f"{first}:{last}"
    if name_columns:
        sheet.print_title_cols = f"A:{get_column_letter(name_columns)}"
    _header_and_footer(sheet, title)


def fit_column_widths(sheet, *, header_row: int, minimum: float = 6, maximum: float = 40) -> None:
    """Each column as wide as its longest value below `header_row`, within `minimum` and `maximum`;
    its header label wraps onto up to three lines (no word broken) rather than widening it."""
    widths: dict[int, float] = {}
    for row in sheet.iter_rows(min_row=header_row):
        for cell in row:
            if cell.value is None:
                continue
            text = _shown(cell)
            if cell.row == header_row:
                longest_word = max((text_width(word) for word in _words(text)), default=0)
                width = max(text_width(text) / 3, longest_word)
            else:
                width = max(text_width(line) for line in text.split("\n"))
            widths[cell.column] = max(widths.get(cell.column, 0), width + CELL_MARGIN + 2)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = round(min(max(width, minimum), maximum), 1)


def column_width(sheet, column: int) -> float:
    dimension = sheet.column_dimensions.get(get_column_letter(column))
    return dimension.width if dimension is not None and dimension.customWidth else DEFAULT_WIDTH


def text_width(text: str) -> float:
    """`text` on one line, in Excel's units."""
    return sum(CJK_WIDTH if unicodedata.east_asian_width(c) in "WF" else LATIN_WIDTH for c in text)


def line_count(text: str, width: float) -> int:
    """The lines `text` takes in a wrapped cell `width` digit widths wide; Latin words are not
    broken (unless longer than a line), CJK text breaks anywhere."""
    room = max(width - CELL_MARGIN, 1.0)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in _words(paragraph):
            size = text_width(word)
            if word.isspace():
                used = min(used + size, room) if used else 0.0  # a line does not start with spaces
                continue
            if used and used + size > room + 1e-9:
                lines += 1
                used = 0.0
            used += size
            while used > room + 1e-9:  # a word longer than a line breaks where it must
                lines += 1
                used -= room
    return lines


def _words(paragraph: str) -> Iterable[str]:
    """Latin words with their spaces, and each CJK character on its own (a line may end after it)."""
    word = ""
    for piece in _WORDS.findall(paragraph):
        if piece.isspace() or unicodedata.east_asian_width(piece) in "WF":
            if word:
                yield word
            word = ""
            yield piece
        else:
            word += piece
    if word:
        yield word


def fit_row_heights(sheet) -> None:
    """Every row with wrapped text as high as its tallest cell's text (never lower than set)."""
    spans = {
        (cells.min_row, cells.min_col): range(cells.min_col, cells.max_col + 1)
        for cells in sheet.merged_cells.ranges
        if cells.min_row == cells.max_row
    }
    tall = {
        cell for cells in sheet.merged_cells.ranges if cells.min_row != cells.max_row for cell in cells.cells
    }
    for row in sheet.iter_rows():
        height = 0.0
        for cell in row:
            if cell.value is None or not cell.alignment.wrap_text or (cell.row, cell.column) in tall:
                continue
            columns = spans.get((cell.row, cell.column), (cell.column,))
            width = sum(column_width(sheet, column) for column in columns)
            size = float(cell.font.sz or DEFAULT_SIZE) if cell.font else DEFAULT_SIZE
            lines = line_count(_shown(cell), width)
            height = max(height, lines * size * LINE_SPACING + 2 * ROW_PADDING)
        if height:
            dimension = sheet.row_dimensions[row[0].row]
            height = max(height, dimension.height or 0)
            dimension.height = round(min(height, MAX_ROW_HEIGHT), 1)
            for cell in row:  # a row's values start on its first line, beside the wrapped text
                if cell.value is not None and cell.alignment.vertical is None:
                    cell.alignment = _aligned(cell.alignment, vertical="top")


def _shown(cell) -> str:
    """The cell's value about as a spreadsheet shows it: numbers by their format, dates as dates."""
    value, number_format = cell.value, cell.number_format or ""
    if isinstance(value, bool) or not isinstance(value, int | float | datetime.date):
        return str(value)
    if isinstance(value, datetime.date):
        return (
            "0000-00-00 00:00"
            if isinstance(value, datetime.datetime) and "h" in number_format
            else "0000-00-00"
        )
    decimals = len(number_format.partition(".")[2].rstrip("%")) if "." in number_format else 2
    if "%" in number_format:
        return f"{value * 100:.{decimals}f}%"
    return f"{value:.{decimals}f}" if isinstance(value, float) or "." in number_format else str(value)


def _wrap(sheet, columns: Iterable[int], *, from_row: int) -> None:
    for column in columns:
        for (cell,) in sheet.iter_rows(min_row=from_row, min_col=column, max_col=column):
            if cell.value is not None and not cell.alignment.wrap_text:
                cell.alignment = _aligned(
                    cell.alignment, wrap_text=True, vertical=cell.alignment.vertical or "top"
                )


def _aligned(alignment: Alignment, **changes) -> Alignment:
    kept = {name: getattr(alignment, name) for name in ("horizontal", "vertical", "wrap_text", "indent")}
    return Alignment(**{**kept, **changes})


def _spread_notes(sheet, *, above: int, columns: int) -> None:
    """A title or note alone in column A above the header: spread over the table and wrapped, so
    a long one shows whole on paper instead of running past the page's edge."""
    merged = {cells.min_row for cells in sheet.merged_cells.ranges}
    for number in range(1, above):
        values = [cell for cell in sheet[number] if cell.value is not None]
        if columns < 2 or number in merged or [cell.column for cell in values] != [1]:
            continue
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=columns)
        cell = sheet.cell(row=number, column=1)
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _header_and_footer(sheet, title: str | None) -> None:
    header = sheet.oddHeader.center
    header.text = "&A" if title is None else title.replace("&", "&&")  # &A: the sheet's name
    header.size = 9
    for footer in (sheet.oddFooter.center, sheet.firstFooter.center):
        footer.text = _("Page &P of &N")  # &P: this page, &N: all pages
        footer.size = 9
    sheet.HeaderFooter.differentFirst = title is not None  # the first page shows the title itself
