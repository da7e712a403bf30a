"""The filed three lists (三张清单) as an XLSX workbook of three sheets, in the site's language, written
from the filing's frozen copy through `lib.writers` (user text is always text)."""

from __future__ import annotations

import io
import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from debrief.lib import print_layout, writers
from debrief.rectification.models import Category, Source, Status

from .models import Filing

BOLD = Font(bold=True)
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _sheet(sheet, title: str, headers: list[str], rows: list[list], widths: list[int]) -> None:
    sheet.title = title
    writers.append(sheet, headers)
    for cell in sheet[1]:
        cell.font = BOLD
    for values in rows:
        writers.append(sheet, values)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    print_layout.set_print_layout(sheet, header_rows=1)


def lists_xlsx(filing: Filing) -> bytes:
    lists = filing.snapshot
    workbook = Workbook()
    with translation.override(settings.LANGUAGE_CODE):
        _sheet(
            workbook.active,
            _("Problems list"),
            [_("No."), _("Problem"), _("Source"), _("Category"), _("Organization")],
            [
                [
                    row["label"],
                    row["problem"],
                    _label(Source, row["source"])
                    + (
                        pgettext("label separator", ": ") + row["source_note"]
                        if row.get("source_note")
                        else ""
                    ),
                    _label(Category, row["category"]),
                    row["organization"],
                ]
                for row in lists["problems"]
            ],
            [12, 50, 24, 20, 24],
        )
        _sheet(
            workbook.create_sheet(),
            _("Responsibility list"),
            [_("No."), _("Item"), _("Organization"), _("Person responsible")],
            [
                [r["label"], r["problem"], r["organization"], r["responsible"]]
                for r in lists["responsibility"]
            ],
            [12, 50, 24, 14],
        )
        _sheet(
            workbook.create_sheet(),
            _("Rectification list"),
            [_("No."), _("Problem"), _("Measures"), _("Deadline"), _("Status")],
            [
                [
                    r["label"],
                    r["problem"],
                    "\n".join(f"{n}. {text}" for n, text in enumerate(r["measures"], start=1)),
                    r["deadline"],
                    _label(Status, r["status"]),
                ]
                for r in lists["rectification"]
            ],
            [12, 40, 50, 12, 14],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def lists_file_name(filing: Filing) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        name = _("%(title)s: the three lists as filed") % {"title": filing.campaign.title}
    return f"{_NOT_IN_FILE_NAMES.sub('_', name).strip()}.xlsx"
