"""The downloadable import template, in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from debrief.lib import writers
from debrief.lib.tables import add_column_validation, header_row, template_bytes, template_workbook

from .import_sheet import CHOICE_COLUMNS, COLUMNS
from .models import Level, OrganizationStatus, OrganizationType


def _example_rows() -> list[list[str]]:
    return [
        [
            "D001",
            _("Example District Committee"),
            _("Example District"),
            str(OrganizationType.COMMITTEE.label),
            str(Level.COUNTY.label),
            "",
            str(OrganizationStatus.ACTIVE.label),
            _("Zhang San"),
            "2023-01-01",
            "",
        ],
        [
            "D001-01",
            _("Example Street Working Committee"),
            _("Example Street"),
            str(OrganizationType.WORKING_COMMITTEE.label),
            str(Level.TOWNSHIP.label),
            "D001",
            str(OrganizationStatus.ACTIVE.label),
            _("Li Si"),
            "2022-06-15",
            "",
        ],
    ]


def template_csv() -> bytes:
    return writers.csv_bytes([header_row(COLUMNS), *_example_rows()])


def template_xlsx() -> bytes:
    workbook = template_workbook(_("Organizations"), COLUMNS, _example_rows())
    for key, choices in CHOICE_COLUMNS.items():
        labels = ",".join(str(label) for label in choices.labels)
        add_column_validation(
            workbook.active, COLUMNS, key, last_row=10000, type="list", formula1=f'"{labels}"'
        )
    return template_bytes(workbook, _instructions())


def _instructions() -> list[str]:
    return [
        _("Columns marked * are required. One row per organization; the first sheet is imported."),
        _("Rows are matched by organization code: a new code adds an organization, a known code updates it."),
        _(
            "Parent organization code: the code of an organization in this file or already in the system. "
            "Left blank, an existing organization keeps its parent."
        ),
        _("Organization type: one of %(choices)s.")
        % {"choices": " / ".join(str(c) for c in OrganizationType.labels)},
        _(
            "Level: one of %(choices)s. A level must be below its parent's; an organ or unit may sit under any level."
        )
        % {"choices": " / ".join(str(c) for c in Level.labels)},
        _("Status: %(choices)s; blank means active.")
        % {"choices": " / ".join(str(c) for c in OrganizationStatus.labels)},
        _(
            "Secretary: a new name starts a new term on the term start date (today if blank) and ends the previous one."
        ),
        _("Nothing is written unless every row is valid; errors are listed by row and column."),
    ]
