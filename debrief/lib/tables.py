"""The kit of the spreadsheet imports: their columns, the upload size check,
reading the first sheet of an XLSX file or a CSV file into rows keyed by column
(streamed by `table_files`, up to DEBRIEF_IMPORT_MAX_ROWS),
cell text, the errors of every row collected to be shown at once, and the XLSX
template with its instructions sheet.

The header row is matched through the columns' labels in every language and
their keys. Unknown and repeated headers are errors rather than ignored, so no
column of the user's data is silently dropped.

An import is all or nothing: every row is checked first, its problems go to a
`RowErrors`, and nothing is written unless it stays empty.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from debrief.lib.text import join_names

from . import print_layout, table_files, writers
from .errors import DomainError
from .table_files import TableError
from .text import tidy

if TYPE_CHECKING:
    from openpyxl import Workbook

Row = tuple[int, dict[str, object]]
_HEADER_FILL = "FDE9E7"  # the templates' header row, pale red
BLANK_LINES_PER_ROW = 5  # lines read, blank or not, per data row allowed
PROGRESS_EVERY = 10_000  # data rows read between two progress reports


@dataclass(frozen=True)
class Column:
    """A column of an import sheet; `also` names other headers users may reasonably write."""

    key: str
    label: Promise
    required: bool = False
    also: tuple[Promise, ...] = ()
    width: float = 18  # in the template, in characters


def header_row(columns: Sequence[Column]) -> list[str]:
    """The template's header row, required columns starred."""
    return [f"{column.label}{'*' if column.required else ''}" for column in columns]


def in_every_language(text: Promise) -> set[str]:
    labels = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels.add(str(text))
    return labels


def _header_aliases(columns: Iterable[Column]) -> dict[str, str]:
    """Normalized header text -> column key: the labels in every language, and the bare keys."""
    aliases = {}
    for column in columns:
        for label in (column.label, *column.also):
            for text in in_every_language(label):
                aliases[normalize_label(text)] = column.key
        aliases[normalize_label(column.key)] = column.key
    return aliases


class ImportRefused(DomainError):
    """A sheet refused, nothing saved; `errors` are the messages for the user, one a problem."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = list(errors)


def check_size(size: int) -> None:
    """Refuse a file of `size` bytes over DEBRIEF_IMPORT_MAX_BYTES, before reading it."""
    limit = settings.DEBRIEF_IMPORT_MAX_BYTES
    if size > limit:
        raise TableError(
            _("The file is over %(max)d MB (about %(size)d MB); import it in parts.")
            % {"size": -(-size // 2**20), "max": limit // 2**20}
        )


def normalize_label(text: str) -> str:
    """Header and choice text compared loosely: no spaces, no required-marker star, any case."""
    return "".join(text.split()).rstrip("*＊").casefold()


def _is_blank(values) -> bool:
    return all(value is None or str(value).strip() == "" for value in values)


def read_table(
    file_name: str,
    content: bytes,
    columns: Sequence[Column],
    *,
    max_rows: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Row]:
    """Rows as (line number in the file, {key: cell value}); blank lines are skipped. A file of
    more than `max_rows` (DEBRIEF_IMPORT_MAX_ROWS by default) data rows is refused as soon as the
    reading gets past them. `progress("read", rows, 0)` is called every PROGRESS_EVERY rows, and
    `progress("read", rows, rows)` at the end."""
    limit = max_rows or settings.DEBRIEF_IMPORT_MAX_ROWS
    name = file_name.lower()
    stated = None
    if name.endswith(".xlsx"):
        source, stated = table_files.xlsx_rows(content, limit)
    elif name.endswith(".csv"):
        source = table_files.csv_rows(content)
    else:
        raise TableError(_("Upload an .xlsx or .csv file; “%(name)s” is neither.") % {"name": file_name})
    try:
        keys, rows = _rows(source, columns, limit, stated, progress)
    finally:
        source.close()
    if keys is None:
        raise TableError(_("The file is empty; start from the template."))
    if not rows:
        raise TableError(_("The file has a header row but no data rows."))
    if progress is not None:
        progress("read", len(rows), len(rows))
    return rows


def _rows(source, columns: Sequence[Column], limit: int, stated: int | None, progress=None):
    keys: list[str | None] | None = None
    rows: list[Row] = []
    refusal = table_files.too_many_rows(limit, stated if stated and stated > limit else None)
    for line, values in enumerate(source, start=1):
        # Blank lines count too, against a sheet that pads millions of them (up to its stated size).
        if line > BLANK_LINES_PER_ROW * limit + 1:
            raise refusal
        if _is_blank(values):
            continue
        if keys is None:
            keys = _match_header(values, columns)
            continue
        row = {}
        for index, value in enumerate(values):
            key = keys[index] if index < len(keys) else None
            if key is None:
                if value is not None and str(value).strip():
                    raise TableError(
                        _("Row %(line)d has a value in column %(column)d, which has no header.")
                        % {"line": line, "column": index + 1}
                    )
                continue
            row[key] = value
        rows.append((line, row))
        if len(rows) > limit:
            raise refusal
        if progress is not None and len(rows) % PROGRESS_EVERY == 0:
            progress("read", len(rows), 0)
    return keys, rows


def _match_header(values, columns: Sequence[Column]) -> list[str | None]:
    aliases = _header_aliases(columns)
    keys: list[str | None] = []
    unknown = []
    for value in values:
        text = "" if value is None else str(value).strip()
        if not text:
            keys.append(None)
            continue
        key = aliases.get(normalize_label(text))
        if key is None:
            unknown.append(text)
        elif key in keys:
            raise TableError(_("Column “%(column)s” appears twice in the header row.") % {"column": text})
        keys.append(key)
    if unknown:
        raise TableError(
            _("Unknown column(s) in the header row: %(unknown)s. The template's columns are: %(known)s.")
            % {"unknown": join_names(unknown), "known": join_names(str(column.label) for column in columns)}
        )
    missing = [str(column.label) for column in columns if column.required and column.key not in keys]
    if missing:
        raise TableError(
            _("Required column(s) missing from the header row: %(columns)s.")
            % {"columns": join_names(missing)}
        )
    return keys


def cell_text(value: object) -> str:
    """A cell as stripped text, "" when empty; a whole number without ".0", a date as 2023-01-31."""
    if value is None or value == "":
        return ""
    if type(value) is str:  # every cell of a CSV file: the quick way
        return tidy(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # numbers typed in a sheet (codes, scores such as 90) arrive as floats
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    return tidy(str(value))


def cell_texts(row: dict[str, object], columns: Sequence[Column]) -> dict[str, str]:
    """Every column's `cell_text` in a row of `read_table`, "" for a column the file lacks."""
    return {column.key: cell_text(row.get(column.key)) for column in columns}


@dataclass(frozen=True)
class RowError:
    """A problem of an import sheet, placed where the user finds it."""

    row: int  # the line in the sheet, header = 1; 0 for the file as a whole
    column: str  # the column's label as the user sees it; "" for the whole file
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        return _("Row %(line)d, %(column)s: %(message)s") % {
            "line": self.row,
            "column": self.column,
            "message": self.message,
        }


class RowErrors:
    """The problems of every row of a sheet, so that all of them are shown at once."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self._columns = {column.key: (position, column) for position, column in enumerate(columns)}
        self._found: list[tuple[int, int, RowError]] = []

    def add(self, line: int, key: str, message: str) -> None:
        position, column = self._columns[key]
        self._found.append((line, position, RowError(line, str(column.label), message)))

    def __len__(self) -> int:
        return len(self._found)

    def sorted(self) -> list[RowError]:
        """By row, then by column in the sheet's order; one cell's problems as found."""
        return [error for _line, _position, error in sorted(self._found, key=lambda found: found[:2])]

    def messages(self) -> list[str]:
        """Each problem as "Row 3, Name: …", in the order of `sorted`."""
        return [str(error) for error in self.sorted()]


def template_workbook(
    title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]] = ()
) -> Workbook:
    """An import template: a first sheet named `title` with the header row of
    `columns` (bold, shaded, kept in view when scrolling) and `rows` below it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    writers.append(sheet, header_row(columns))
    for row in rows:
        writers.append(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    return workbook


def add_column_validation(
    sheet, columns: Sequence[Column], key: str, *, last_row: int, error: str | None = None, **rule
) -> None:
    """Offer or check the values of column `key` from row 2 to `last_row`, by
    openpyxl's DataValidation `rule`; blanks pass. With `error`, a wrong entry is
    refused with that message under the column's label."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    position = [column.key for column in columns].index(key)
    if error is not None:
        rule.update(showErrorMessage=True, errorTitle=str(columns[position].label), error=error)
    validation = DataValidation(allow_blank=True, **rule)
    letter = get_column_letter(position + 1)
    validation.add(f"{letter}2:{letter}{last_row}")
    sheet.add_data_validation(validation)


def template_bytes(workbook: Workbook, instructions: Iterable[str], *, width: float = 110) -> bytes:
    """The template as .xlsx bytes, with a last sheet of `instructions`, one a row."""
    notes = workbook.create_sheet(_("Instructions"))
    for line in instructions:
        writers.append(notes, [line])
    notes.column_dimensions["A"].width = width
    for sheet in workbook.worksheets[:-1]:
        print_layout.set_print_layout(sheet, header_rows=1)
    print_layout.set_print_layout(notes, wrap_columns=(1,))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
