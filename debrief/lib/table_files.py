"""The rows of an uploaded XLSX or CSV file, read one at a time, for `tables.read_table`.

An upload is untrusted: a broken workbook, a CSV cell of megabytes or half a million rows must
end in a message that says what is wrong, quickly, never in a server error or minutes of work.
The workbook is read in openpyxl's streaming mode and the CSV file line by line, so the reader
can stop at the import's row limit; `TableError` says why a file cannot be read.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from .errors import DomainError

# What openpyxl and zipfile raise on a damaged or crafted workbook (broken XML, a bad zip member,
# a cell that is not what its type says, a shared string that is not there).
UNREADABLE = (SyntaxError, ValueError, KeyError, IndexError, TypeError, OSError, EOFError, zlib.error)
_CHUNK = 2**16


class TableError(DomainError):
    """The file as a whole cannot be read; the message is for the user."""


def too_many_rows(limit: int, rows: int | None = None) -> TableError:
    """The refusal of a file over `limit` data rows; `rows` when the file states how many it has."""
    if rows is None:
        message = _(
            "The file has more than %(max)d rows; import at most %(max)d at a time, in several files."
        )
    else:
        message = _("The file has %(rows)d rows; import at most %(max)d at a time, in several files.")
    return TableError(message % {"rows": rows, "max": limit})


def _unreadable_workbook() -> TableError:
    return TableError(
        _("The file could not be read as an Excel workbook (.xlsx); save it again as .xlsx and retry.")
    )


def xlsx_rows(content: bytes, limit: int) -> tuple[Iterator[list], int | None]:
    """The first sheet's rows as lists of values, and its data rows as the file states them (None
    when it does not). Close the iterator when done with it: it holds the workbook open."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            for name in package.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    with package.open(name) as part:
                        _count_unstated_rows(part, limit)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except TableError:
        raise  # a refusal of its own (a DomainError, so a ValueError too)
    except (zipfile.BadZipFile, *UNREADABLE) as error:
        raise _unreadable_workbook() from error
    stated = None if sheet.max_row is None else sheet.max_row - 1  # less the header
    return _sheet_rows(workbook, sheet), stated


def _count_unstated_rows(part, limit: int) -> None:
    """Refuse a sheet over `limit` data rows that does not state its size (Excel always does;
    a crafted file need not), for openpyxl would read all of it at open just to learn the size."""
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    rows, data = 0, None
    while chunk := part.read(_CHUNK):
        parser.feed(chunk)
        for event, element in parser.read_events():
            tag = element.tag.rpartition("}")[2]
            if event == "start" and tag == "dimension":
                return
            if event == "start" and tag == "sheetData":
                data = element
            elif event == "end" and tag == "row" and data is not None:
                data.clear()  # the rows read so far; keeps memory flat
                rows += 1
                if rows > limit + 1:  # the header row and `limit` data rows
                    raise too_many_rows(limit)


def _sheet_rows(workbook, sheet) -> Iterator[list]:
    try:
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    except UNREADABLE as error:
        raise _unreadable_workbook() from error
    finally:
        workbook.close()


def csv_rows(content: bytes) -> Iterator[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(_("The CSV file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8 and retry."))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        yield from reader
    except csv.Error as error:
        raise TableError(
            _(
                "Line %(line)d of the CSV file cannot be read: a cell is longer than %(max)d characters "
                "or its quotes do not close. Correct the file and retry."
            )
            % {"line": reader.line_num, "max": csv.field_size_limit()}
        ) from error
