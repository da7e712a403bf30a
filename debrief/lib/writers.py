"""Spreadsheets written with user data in them: XLSX cells and CSV files.

Every XLSX and CSV the project writes puts its values through here, so user text is always
written as text. Control characters that XML cannot carry are dropped (`text.clean_text`; Word
pastes them, and openpyxl refuses them). A text that starts like a formula (=, +, -, @, or a tab
or carriage return before one) is never run as one: in XLSX its cell is typed as a string, so it
shows exactly as written; CSV has no types, so there it gets a leading apostrophe, as OWASP
advises against CSV injection. Numbers, dates and booleans stay what they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils.functional import Promise
from openpyxl.cell.cell import Cell

from .text import clean_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _value(value: object) -> object:
    if isinstance(value, Promise):  # lazy labels of choices
        value = str(value)
    return clean_text(value) if isinstance(value, str) else value


def _as_text(cell: Cell, value: object) -> Cell:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would make a text starting with "=" a formula
    return cell


def put(sheet, row: int, column: int, value: object) -> Cell:
    """Write `value` into the cell at (`row`, `column`) of `sheet`; returns the cell for styling."""
    return _as_text(sheet.cell(row=row, column=column), _value(value))


def append(sheet, values: Iterable[object]) -> None:
    """Write `values` as the next row of `sheet`, as `Worksheet.append` does."""
    sheet.append([_as_text(Cell(sheet), _value(value)) for value in values])


def csv_value(value: object) -> object:
    value = _value(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Iterable[object]]) -> bytes:
    """`rows` as CSV in UTF-8 with a byte-order mark, which makes Excel read Chinese right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for values in rows:
        writer.writerow([csv_value(value) for value in values])
    return buffer.getvalue().encode("utf-8-sig")
