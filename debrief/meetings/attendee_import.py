"""Attendees (参会人员) from a sheet: the template, prefilled with the list so far, and its import.

The import is all or nothing: every row is checked first — a name, lengths within bounds, an
evaluator category of the campaign's evaluation, no person twice — and only a sheet without a
single error is saved, in one transaction. Rows identical to someone already on the list (as the
template prefills them) are skipped, so a downloaded template can be extended and imported again.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from debrief.evaluation.selectors import evaluation_of
from debrief.lib.errors import DomainError
from debrief.lib.tables import Column, header_aliases, header_row, normalize_label, read_table
from debrief.lib.text import join_names

from . import attendance, services
from .models import Attendee, Meeting

COLUMNS = [
    Column("name", pgettext_lazy("person", "Name"), required=True),
    Column("unit", gettext_lazy("Unit and post")),
    Column("category", gettext_lazy("Evaluator category")),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
MAX_LENGTH = {"name": 64, "unit": 200, "category": 64}
ROWS_WITH_CHOICES = 1000  # how far down the template offers the category dropdown


class AttendeeImportError(services.MeetingError):
    """The sheet was refused and nothing was saved; `errors` are the messages for the user."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = list(errors)


def _category_names(meeting: Meeting) -> list[str] | None:
    """The evaluation's categories in order; None while the campaign has no evaluation."""
    evaluation = evaluation_of(meeting.campaign)
    return None if evaluation is None else [category.name for category in evaluation.categories.all()]


# --- Template -------------------------------------------------------------------------------------


def attendee_template_xlsx(meeting: Meeting) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Attendees")
    sheet.append(header_row(COLUMNS))
    attendees = list(meeting.attendees.all())
    for attendee in attendees:
        sheet.append([attendee.name, attendee.unit, attendee.category])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FDE9E7")
    for letter, width in zip("ABC", (16, 40, 28), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    notes = [
        _("One attendee a row; the first sheet is imported."),
        _("Leave the evaluator category empty for those who attend without evaluating."),
        _("Rows already on the list are skipped; add new attendees below them."),
        _("Nothing is saved unless every row is valid; errors are listed by row and column."),
    ]
    categories = _category_names(meeting)
    if categories:
        listing = workbook.create_sheet(_("Evaluator categories"))
        listing.append([str(COLUMN_BY_KEY["category"].label)])
        for name in categories:
            listing.append([name])
        listing.column_dimensions["A"].width = 40
        quoted = listing.title.replace("'", "''")
        validation = DataValidation(
            type="list",
            formula1=f"'{quoted}'!$A$2:$A${len(categories) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=str(COLUMN_BY_KEY["category"].label),
            error=_("Choose one of this evaluation's categories, or leave the cell empty."),
        )
        validation.add(f"C2:C{max(ROWS_WITH_CHOICES, len(attendees) + 1)}")
        sheet.add_data_validation(validation)
        notes.append(_("Evaluator categories: %(names)s.") % {"names": join_names(categories)})
    instructions = workbook.create_sheet(_("Instructions"))
    for line in notes:
        instructions.append([line])
    instructions.column_dimensions["A"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Import ---------------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _same(text: str) -> str:
    """Names compared without spaces: 王  芳 (padded for alignment) is 王芳."""
    return "".join(text.split())


def _error(line: int, key: str, message: str) -> tuple[int, int, str]:
    text = _("Row %(line)d, %(column)s: %(message)s") % {
        "line": line,
        "column": COLUMN_BY_KEY[key].label,
        "message": message,
    }
    return line, list(COLUMN_BY_KEY).index(key), text


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
        by_label = {normalize_label(name): name for name in categories}
        text["category"] = by_label.get(normalize_label(text["category"]), text["category"])
        if text["category"] not in categories:
            errors["category"] = _(
                "“%(given)s” is not a category of this evaluation (choose from: %(choices)s)."
            ) % {"given": text["category"], "choices": join_names(categories)}
    return errors


def _read_rows(table, meeting: Meeting, categories: list[str] | None) -> tuple[list, list[str]]:
    on_list = {(_same(a.name), _same(a.unit)): a for a in meeting.attendees.all()}
    seen: dict[tuple[str, str], int] = {}
    rows, errors = [], []
    for line, raw in table:
        text = {key: _cell_text(raw.get(key)) for key in COLUMN_BY_KEY}
        cells = _cell_errors(text, categories)
        errors.extend(_error(line, key, message) for key, message in cells.items())
        if cells:
            continue
        person, who = (_same(text["name"]), _same(text["unit"])), _who(text["name"], text["unit"])
        if person in seen:
            message = _("%(who)s also appears on row %(other)d.") % {"who": who, "other": seen[person]}
            errors.append(_error(line, "name", message))
        elif (existing := on_list.get(person)) is not None:
            if normalize_label(existing.category) != normalize_label(text["category"]):
                message = _("%(who)s is already on the list of attendees; change them there.") % {"who": who}
                errors.append(_error(line, "name", message))
        else:
            rows.append((text["name"], text["unit"], text["category"]))
        seen.setdefault(person, line)
    return rows, [text for _line, _position, text in sorted(errors)]


def attendees_import(meeting: Meeting, content: bytes, file_name: str) -> list[Attendee]:
    """Add the attendees of an .xlsx or .csv sheet after those already listed; returns the new ones.

    Any error in any row saves nothing and raises AttendeeImportError listing every error by row and
    column; so do file-level problems and a meeting whose records are closed.
    """
    limit = settings.DEBRIEF_IMPORT_MAX_BYTES
    if len(content) > limit:
        message = _("The file is over %(max)d MB (about %(size)d MB); import it in parts.")
        raise AttendeeImportError([message % {"size": -(-len(content) // 2**20), "max": limit // 2**20}])
    try:  # before reading the file: row errors would be beside the point
        services.ensure_records_open(meeting.campaign)
        table = read_table(
            file_name,
            content,
            header_aliases(COLUMNS),
            required=[column.key for column in COLUMNS if column.required],
            labels={column.key: column.label for column in COLUMNS},
        )
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
        return attendance.attendees_add_all(meeting=meeting, rows=rows)
    except DomainError as error:
        raise AttendeeImportError([str(error)]) from error
