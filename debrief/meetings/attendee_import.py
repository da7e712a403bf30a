"""Attendees (参会人员) from a sheet: the template, prefilled with the list so far, and its import.

The import is all or nothing: every row is checked first — a name, lengths within bounds, an
evaluator category of the campaign's evaluation, no person twice — and only a sheet without a
single error is saved, in one transaction. Rows identical to someone already on the list (as the
template prefills them) are skipped, so a downloaded template can be extended and imported again.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from debrief.evaluation.selectors import evaluation_of
from debrief.lib import tables, writers
from debrief.lib.errors import DomainError
from debrief.lib.text import join_names

from . import attendance, services
from .models import Attendee, Meeting

COLUMNS = [
    tables.Column("name", pgettext_lazy("person", "Name"), required=True, width=16),
    tables.Column("unit", gettext_lazy("Unit and post"), width=40),
    tables.Column("category", gettext_lazy("Evaluator category"), width=28),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
MAX_LENGTH = {"name": 64, "unit": 200, "category": 64}
ROWS_WITH_CHOICES = 1000  # how far down the template offers the category dropdown


class AttendeeImportError(tables.ImportRefused, services.MeetingError):
    """The sheet was refused and nothing was saved; `errors` are the messages for the user."""


def _category_names(meeting: Meeting) -> list[str] | None:
    """The evaluation's categories in order; None while the campaign has no evaluation."""
    evaluation = evaluation_of(meeting.campaign)
    return None if evaluation is None else [category.name for category in evaluation.categories.all()]


# --- Template -------------------------------------------------------------------------------------


def attendee_template_xlsx(meeting: Meeting) -> bytes:
    attendees = list(meeting.attendees.all())
    rows = ([attendee.name, attendee.unit, attendee.category] for attendee in attendees)
    workbook = tables.template_workbook(_("Attendees"), COLUMNS, rows)
    sheet = workbook.active
    notes = [
        _("One attendee a row; the first sheet is imported."),
        _("Leave the evaluator category empty for those who attend without evaluating."),
        _("Rows already on the list are skipped; add new attendees below them."),
        _("Nothing is saved unless every row is valid; errors are listed by row and column."),
    ]
    categories = _category_names(meeting)
    if categories:
        listing = workbook.create_sheet(_("Evaluator categories"))
        writers.append(listing, [COLUMN_BY_KEY["category"].label])
        for name in categories:
            writers.append(listing, [name])
        listing.column_dimensions["A"].width = 40
        quoted = listing.title.replace("'", "''")
        tables.add_column_validation(
            sheet,
            COLUMNS,
            "category",
            last_row=max(ROWS_WITH_CHOICES, len(attendees) + 1),
            type="list",
            formula1=f"'{quoted}'!$A$2:$A${len(categories) + 1}",
            error=_("Choose one of this evaluation's categories, or leave the cell empty."),
        )
        notes.append(_("Evaluator categories: %(names)s.") % {"names": join_names(categories)})
    return tables.template_bytes(workbook, notes, width=90)


# --- Import ---------------------------------------------------------------------------------------


def _same(text: str) -> str:
    """Names compared without spaces: 王  芳 (padded for alignment) is 王芳."""
    return "".join(text.split())


def _who(name: str, unit: str) -> str:
    return _("%(name)s (%(unit)s)") % {"name": name, "unit": unit} if unit else name


def _cell_errors(text: dict[str, str], categories: list[str] | None) -> dict[str, str]:
    """At most one message per cell; a category is put as the evaluation names it."""
    errors = {
        key: _("At most %(max)d characters; this has %(n)d.") % {"max": limit, "n": len(text[key])}
        for key, limit in MAX_LENGTH.items()
        if len(text[key]) > limit
    }
    if not text["name"]:
        errors["name"] = _("This value is required.")
    if text["category"] and categories is not None and "category" not in errors:
        by_label = {tables.normalize_label(name): name for name in categories}
        text["category"] = by_label.get(tables.normalize_label(text["category"]), text["category"])
        if text["category"] not in categories:
            errors["category"] = _(
                "“%(given)s” is not a category of this evaluation (choose from: %(choices)s)."
            ) % {"given": text["category"], "choices": join_names(categories)}
    return errors


def _read_rows(table, meeting: Meeting, categories: list[str] | None) -> tuple[list, list[str]]:
    on_list = {(_same(a.name), _same(a.unit)): a for a in meeting.attendees.all()}
    seen: dict[tuple[str, str], int] = {}
    rows, errors = [], tables.RowErrors(COLUMNS)
    for line, raw in table:
        text = tables.cell_texts(raw, COLUMNS)
        cells = _cell_errors(text, categories)
        for key, message in cells.items():
            errors.add(line, key, message)
        if cells:
            continue
        person, who = (_same(text["name"]), _same(text["unit"])), _who(text["name"], text["unit"])
        if person in seen:
            message = _("%(who)s also appears on row %(other)d.") % {"who": who, "other": seen[person]}
            errors.add(line, "name", message)
        elif (existing := on_list.get(person)) is not None:
            if tables.normalize_label(existing.category) != tables.normalize_label(text["category"]):
                message = _("%(who)s is already on the list of attendees; change them there.") % {"who": who}
                errors.add(line, "name", message)
        else:
            rows.append((text["name"], text["unit"], text["category"]))
        seen.setdefault(person, line)
    return rows, errors.messages()


def attendees_import(meeting: Meeting, content: bytes, file_name: str, user=None) -> list[Attendee]:
    """Add the attendees of an .xlsx or .csv sheet after those already listed; returns the new ones.

    Any error in any row saves nothing and raises AttendeeImportError listing every error by row and
    column; so do file-level problems and a meeting whose records are closed.
    """
    try:
        tables.check_size(len(content))
        services.ensure_records_open(meeting.campaign)  # before reading: row errors would be beside the point
        table = tables.read_table(file_name, content, COLUMNS)
    except DomainError as error:
        raise AttendeeImportError([str(error)]) from error
    rows, errors = _read_rows(table, meeting, _category_names(meeting))
    if errors:
        raise AttendeeImportError(errors)
    if not rows:
        raise AttendeeImportError(
            [_("Everyone in the file is already on the list; add new attendees below them.")]
        )
    try:
        return attendance.attendees_add_all(meeting=meeting, rows=rows, user=user)
    except DomainError as error:
        raise AttendeeImportError([str(error)]) from error
