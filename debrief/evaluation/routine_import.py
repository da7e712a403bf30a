"""Routine assessment scores (日常考核得分) from a sheet: the prefilled template and its import.

The import is all or nothing. Every row is checked first — its organization must report in the
campaign, at most once, its name and secretary (when given) must be the reporter's, its score a
score — and only a sheet without a single error is saved, in one transaction.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from debrief.campaigns.models import Reporter
from debrief.campaigns.selectors import reporters_in_order
from debrief.lib import tables
from debrief.lib.errors import DomainError

from . import services
from .models import Evaluation, RoutineScore

COLUMNS = [
    tables.Column("code", gettext_lazy("Organization code"), required=True),
    tables.Column("name", gettext_lazy("Organization name"), width=32),
    # The organization import calls this column "Secretary"; accept that too.
    tables.Column("secretary", gettext_lazy("Secretary's name"), also=(gettext_lazy("Secretary"),), width=16),
    tables.Column("score", gettext_lazy("Routine assessment score"), required=True, width=22),
]


class RoutineImportError(tables.ImportRefused, services.EvaluationError):
    """The sheet was refused and nothing was saved; `errors` are the messages for the user."""


# --- Template -------------------------------------------------------------------------------------


def routine_template_xlsx(evaluation: Evaluation) -> bytes:
    """Every reporter of the campaign, in reporting order, with their current score if any."""
    reporters = list(reporters_in_order(evaluation.campaign))
    scores = dict(RoutineScore.objects.filter(evaluation=evaluation).values_list("reporter_id", "score"))
    rows = (
        [
            reporter.organization.code,
            reporter.organization.name,
            reporter.person.name,
            scores.get(reporter.pk),
        ]
        for reporter in reporters
    )
    workbook = tables.template_workbook(_("Routine scores"), COLUMNS, rows)
    sheet = workbook.active
    last = max(len(reporters) + 1, 2)
    for row in range(2, last + 1):
        sheet.cell(row=row, column=1).number_format = "@"  # codes such as 001 stay text when retyped
        sheet.cell(row=row, column=4).number_format = "0.00"
    tables.add_column_validation(
        sheet,
        COLUMNS,
        "score",
        last_row=last,
        type="decimal",
        operator="between",
        formula1="0",
        formula2="100",
        error=_("A score lies from 0 to 100, with at most two decimals."),
    )
    return tables.template_bytes(workbook, _instructions())


def _instructions() -> list[str]:
    return [
        _(
            "Fill in a score from 0 to 100, with at most two decimals, for each reporter; the first sheet is imported."
        ),
        _(
            "Rows are matched by organization code. Name and secretary are checked against the campaign, to catch a shifted row."
        ),
        _("Delete the rows of reporters you do not score now: they keep their current score."),
        _("Nothing is saved unless every row is valid; errors are listed by row and column."),
    ]


# --- Import ---------------------------------------------------------------------------------------


def _same_text(given: str, expected: str) -> bool:
    """Names compared without spaces: 王  芳 (padded for alignment) is 王芳."""
    return "".join(given.split()) == "".join(expected.split())


def _check_row(line: int, text: dict[str, str], reporter: Reporter, errors: tables.RowErrors) -> None:
    code = reporter.organization.code
    organization = reporter.organization
    if text["name"] and not any(
        _same_text(text["name"], name) for name in (organization.name, organization.short_name) if name
    ):
        errors.add(
            line,
            "name",
            _(
                "“%(given)s” is not the name of %(code)s, which is “%(name)s”; check that the row is not shifted."
            )
            % {"given": text["name"], "code": code, "name": organization.name},
        )
    if text["secretary"] and not _same_text(text["secretary"], reporter.person.name):
        errors.add(
            line,
            "secretary",
            _(
                "“%(given)s” is not the secretary reporting for %(code)s, who is %(name)s; check that the row is not shifted."
            )
            % {"given": text["secretary"], "code": code, "name": reporter.person.name},
        )


def _read_scores(table, reporters: dict[str, Reporter], errors: tables.RowErrors) -> dict[int, object]:
    scores = {}
    seen: dict[str, int] = {}
    for line, raw in table:
        text = tables.cell_texts(raw, COLUMNS)
        if not any(text.values()):
            continue
        code = text["code"]
        reporter = None
        if not code:
            errors.add(line, "code", _("This value is required."))
        elif code in seen:
            errors.add(
                line,
                "code",
                _("Code “%(code)s” also appears on row %(other)d; each reporter may appear only once.")
                % {"code": code, "other": seen[code]},
            )
        elif (reporter := reporters.get(code)) is None:
            errors.add(
                line,
                "code",
                _("No reporter of this campaign has the organization code “%(code)s”.") % {"code": code},
            )
        else:
            seen[code] = line
            _check_row(line, text, reporter, errors)
        if not text["score"]:
            errors.add(
                line,
                "score",
                _("Fill in the score, or delete the row to keep the current score."),
            )
            continue
        try:
            score = services.parse_score(text["score"])
        except ValueError as error:
            errors.add(line, "score", str(error))
            continue
        if reporter is not None:
            scores[reporter.pk] = score
    return scores


def routine_scores_import(*, evaluation: Evaluation, file_name: str, content: bytes, user) -> int:
    """Save the scores of an .xlsx or .csv sheet; returns how many were saved.

    Rows are matched to reporters by organization code. Reporters not in the file keep their
    current score (a sheet cannot clear a score). Any error in any row saves nothing and raises
    RoutineImportError listing every error by row and column; so do file-level problems and a
    campaign whose routine scores are fixed.
    """
    try:
        tables.check_size(len(content))
        services.ensure_routine_editable(evaluation)  # before reading: row errors would be beside the point
        table = tables.read_table(file_name, content, COLUMNS)
    except DomainError as error:
        raise RoutineImportError([str(error)]) from error
    reporters = {r.organization.code: r for r in reporters_in_order(evaluation.campaign)}
    errors = tables.RowErrors(COLUMNS)
    scores = _read_scores(table, reporters, errors)
    if errors:
        raise RoutineImportError(errors.messages())
    try:
        saved = services.routine_import_save(
            evaluation=evaluation, scores=scores, file_name=file_name, user=user
        )
    except DomainError as error:
        raise RoutineImportError([str(error)]) from error
    return saved
