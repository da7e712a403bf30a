"""The dashboard as XLSX: the subordinates' rows as shown (with the organization's own campaign and
the totals), and the weakest reporters."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from debrief.lib import print_layout, tally, writers

from .dashboard import Dashboard, Figures
from .dashboard_charts import grade_choices, stage_choices, status_choices


def _rate(rate) -> object:
    return "" if rate is None else float(tally.percent(rate))


def _headers() -> list[str]:
    return [
        _("Organization"),
        _("Expected hosts"),
        _("Exempted"),
        *[str(label) for _v, label in stage_choices()],
        _("Secretaries who should report"),
        _("Reported"),
        _("Coverage (%)"),
        *[str(label) for _v, label in grade_choices()],
        _("Ledger items"),
        *[str(label) for _v, label in status_choices()],
        _("Overdue"),
        _("Overdue (%)"),
        _("Signed off (%)"),
        _("Graded fair or poor"),
        _("Interviewed"),
        _("Recurring problems"),
    ]


def _cells(name: str, f: Figures) -> list[object]:
    return [
        name,
        f.expected_hosts,
        f.exempted_hosts,
        *[f.stages[value] for value, _l in stage_choices()],
        f.should_report,
        f.reported,
        _rate(f.coverage),
        *[f.grades[value] for value, _l in grade_choices()],
        f.items_total,
        *[f.items[value] for value, _l in status_choices()],
        f.overdue,
        _rate(f.overdue_rate),
        _rate(f.signed_off_rate),
        f.needing_interview,
        f.interviewed,
        f.recurring,
    ]


def dashboard_xlsx(board: Dashboard) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Subordinates")[:31]
    writers.append(sheet, [_("%(name)s, %(year)d") % {"name": board.organization.name, "year": board.year}])
    writers.append(sheet, _headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    writers.append(sheet, _cells(_("Whole subtree"), board.total))
    if board.own.campaigns or board.own.expected_hosts:
        writers.append(sheet, _cells(_("%(name)s itself") % {"name": board.organization.name}, board.own))
    for row in board.rows:
        writers.append(sheet, _cells(row.organization.name, row.figures))
    sheet.freeze_panes = "B3"
    print_layout.fit_column_widths(sheet, header_row=2, maximum=30)
    print_layout.set_print_layout(sheet, header_rows=2, name_columns=1, wrap_columns=(1,))
    weakest = book.create_sheet(_("Weakest")[:31])
    writers.append(weakest, [_("Organization"), _("Secretary"), _("Host"), _("Grade")])
    grades = dict(grade_choices())
    for weak in board.weakest_graded:
        writers.append(weakest, [weak.organization, weak.secretary, weak.host, str(grades[weak.grade])])
    writers.append(weakest, [])
    writers.append(weakest, [_("Host"), _("Overdue items")])
    for late in board.most_overdue:
        writers.append(weakest, [late.host, late.overdue])
    print_layout.fit_column_widths(weakest, header_row=1, maximum=30)
    print_layout.set_print_layout(weakest, header_rows=1, wrap_columns=(1, 2, 3))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
