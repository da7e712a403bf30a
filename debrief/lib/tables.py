"""Read the first sheet of an XLSX file, or a CSV file, into rows keyed by column.

The header row is matched through `aliases` (normalized header text -> key).
Unknown and repeated headers are errors rather than ignored, so no column of
the user's data is silently dropped.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .errors import DomainError

Row = tuple[int, dict[str, object]]


@dataclass(frozen=True)
class Column:
    """A column of an import sheet; `also` names other headers users may reasonably write."""

    key: str
    label: Promise
    required: bool = False
    also: tuple[Promise, ...] = ()


def header_row(columns: Sequence[Column]) -> list[str]:
    """The template's header row, required columns starred."""
    return [f"{column.label}{'*' if column.required else ''}" for column in columns]


def in_every_language(text: Promise) -> set[str]:
    from django.conf import settings

    labels = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels.add(str(text))
    return labels


def header_aliases(columns: Iterable[Column]) -> dict[str, str]:
    """Normalized header text -> column key: the labels in every language, and the bare keys."""
    aliases = {}
    for column in columns:
        for label in (column.label, *column.also):
            for text in in_every_language(label):
                aliases[normalize_label(text)] = column.key
        aliases[normalize_label(column.key)] = column.key
    return aliases


class TableError(DomainError):
    """The file as a whole cannot be read; the message is for the user."""


def normalize_label(text: str) -> str:
    """Header and choice text compared loosely: no spaces, no required-marker star, any case."""
    return "".join(text.split()).rstrip("*＊").casefold()


def _xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError(
            _("The file could not be read as an Excel workbook (.xlsx); save it again as .xlsx and retry.")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def _csv_rows(content: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(_("The CSV file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8 and retry."))
    yield from csv.reader(io.StringIO(text, newline=""))


def _is_blank(values) -> bool:
    return all(value is None or str(value).strip() == "" for value in values)


def read_table(
    file_name: str,
    content: bytes,
    aliases: Mapping[str, str],
    *,
    required: list[str],
    labels: Mapping[str, object],
) -> list[Row]:
    """Rows as (line number in the file, {key: cell value}); blank lines are skipped."""
    name = file_name.lower()
    if name.endswith(".xlsx"):
        source = _xlsx_rows(content)
    elif name.endswith(".csv"):
        source = _csv_rows(content)
    else:
        raise TableError(_("Upload an .xlsx or .csv file; “%(name)s” is neither.") % {"name": file_name})

    keys: list[str | None] | None = None
    rows: list[Row] = []
    for line, values in enumerate(source, start=1):
        if _is_blank(values):
            continue
        if keys is None:
            keys = _match_header(values, aliases, required, labels)
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
    if keys is None:
        raise TableError(_("The file is empty; start from the template."))
    if not rows:
        raise TableError(_("The file has a header row but no data rows."))
    return rows


def _match_header(values, aliases, required, labels) -> list[str | None]:
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
            % {"unknown": "、".join(unknown), "known": "、".join(str(label) for label in labels.values())}
        )
    missing = [str(labels[key]) for key in required if key not in keys]
    if missing:
        raise TableError(
            _("Required column(s) missing from the header row: %(columns)s.")
            % {"columns": "、".join(missing)}
        )
    return keys
