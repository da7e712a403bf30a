"""The rectification ledger (整改台账) as an XLSX workbook, always in the site's language (Chinese).

The first seven columns are the usual ledger layout (序号, 问题描述, 整改措施, 责任人, 完成时限,
整改进展, 是否销号), so the sheet can be handed on as it is; the columns after them help sorting
and filtering. The 序号 is each item's number as the site shows it, so a row is found on the site
and the other way round: "2026-015" in a campaign's ledger, with its host ("市住建局党组 2026-015")
in a merged one, where numbers repeat across campaigns.
"""

from __future__ import annotations

import datetime
import io
import re

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from debrief.campaigns.models import Campaign
from debrief.lib import print_layout, writers

from .models import Item, Status

FONT = "等线"  # Office's default Chinese face (DengXian); WPS and LibreOffice substitute their own
PLAIN, BOLD = Font(name=FONT, size=11), Font(name=FONT, size=11, bold=True)
TITLE = Font(name=FONT, size=14, bold=True)
DATE = "yyyy-mm-dd"
THIN = Side(style="thin")
RULED = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)  # printed ledgers are ruled tables
# Widths in characters; long texts and headers wrap, so the sheet prints on A4 across at a readable size.
WIDTHS = (12, 30, 34, 8, 12, 24, 6, 12, 12, 10, 9, 6, 12)
CENTERED = {1, 4, 5, 7, 11, 12, 13}  # short values read better centred
HEADER_ROW = 2
# Characters Windows refuses in a file name.
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def ledger_title(campaign: Campaign | None) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        if campaign is None:
            return _("Rectification ledger")
        return pgettext("ledger", "%(title)s: rectification ledger") % {"title": campaign.title}


def ledger_file_name(campaign: Campaign | None, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    name = _NOT_IN_FILE_NAMES.sub("_", ledger_title(campaign)).strip()
    return f"{name}_{today.isoformat()}.xlsx"


def ledger_xlsx(items, *, title: str, with_host: bool = False, today: datetime.date | None = None) -> bytes:
    """`items` as `selectors.ledger_items(..., with_measures=True)` gives them: measures prefetched,
    latest progress annotated, each campaign's host selected. `with_host` numbers them with their
    host, as the merged ledger on the site does."""
    today = today or timezone.localdate()
    workbook = Workbook()
    sheet = workbook.active
    with translation.override(settings.LANGUAGE_CODE):
        sheet.title = _("Rectification ledger")
        _title(sheet, pgettext("ledger", "%(title)s (as of %(date)s)") % {"title": title, "date": today})
        _row(sheet, HEADER_ROW, _headers(), BOLD)
        for row, item in enumerate(items, start=HEADER_ROW + 1):
            number = item.label_with_host if with_host else item.label
            _row(sheet, row, _values(number, item, today), PLAIN)
        _lay_out(sheet)
        print_layout.set_print_layout(sheet, header_rows=HEADER_ROW, title=title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _headers() -> list[str]:
    return [
        pgettext("ledger", "No."),
        pgettext("ledger", "Problem"),
        pgettext("ledger", "Measures"),
        pgettext("ledger", "Person responsible"),
        pgettext("ledger", "Deadline"),
        pgettext("ledger", "Progress"),
        pgettext("ledger", "Signed off?"),
        pgettext("ledger", "Organization"),
        pgettext("ledger", "Source"),
        pgettext("ledger", "Category"),
        pgettext("ledger", "Status"),
        pgettext("ledger", "Overdue?"),
        pgettext("ledger", "Signed off on"),
    ]


def _yes_no(value: bool) -> str:
    return pgettext("ledger", "Yes") if value else pgettext("ledger", "No")


def _values(number: str, item: Item, today: datetime.date) -> list:
    carried_away = getattr(item, "carried_away", None)
    if carried_away is None:  # not annotated: ask the item (one query)
        carried_away = item.is_carried_away
    problem = item.description
    if item.carried_from_id:
        problem = pgettext("ledger", "%(problem)s (carried over from last year)") % {"problem": problem}
    source = item.get_source_display()
    if item.source_note:
        source = pgettext("ledger", "%(source)s: %(note)s") % {"source": source, "note": item.source_note}
    measures = "\n".join(f"{n}. {m.text}" for n, m in enumerate(item.measures.all(), start=1))
    status = _("carried into next year") if carried_away else item.get_status_display()
    overdue = item.is_overdue(today, carried_away=carried_away)
    signed_off = timezone.localdate(item.signed_off_at) if item.signed_off_at else None
    return [
        number,
        problem,
        measures,
        item.responsible.name,
        item.deadline,
        getattr(item, "latest_progress", None) or "",
        _yes_no(item.status == Status.SIGNED_OFF),
        item.unit.name,
        source,
        item.get_category_display(),
        status,
        _yes_no(overdue),
        signed_off,
    ]


def _title(sheet, text: str) -> None:
    cell = writers.put(sheet, 1, 1, text)
    cell.font = TITLE
    cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(WIDTHS))
    sheet.row_dimensions[1].height = 30


def _row(sheet, row: int, values: list, font: Font) -> None:
    for column, value in enumerate(values, start=1):
        cell = writers.put(sheet, row, column, value)
        cell.font, cell.border = font, RULED
        cell.alignment = Alignment(
            wrap_text=True,
            vertical="center" if row == HEADER_ROW else "top",
            horizontal="center" if row == HEADER_ROW or column in CENTERED else None,
        )
        if isinstance(value, datetime.date):
            cell.number_format = DATE


def _lay_out(sheet) -> None:
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
