"""The results of a closed evaluation as an XLSX workbook.

Four sheets: the results (one row per reporter, by rank), the figures by evaluator category, every
reporter's calculation sheet (`explain.calculation_sheet`) and a summary of the count (ballots,
integrity figures, digests, grade distribution).

Anonymity. A category hidden for a reporter is never shown on its own: the category sheet gives
columns only to the categories hidden for no reporter (`explain.category_columns`); a reporter's
hidden categories appear only in one "small categories combined" group (`hidden_combined`), which
does not name them. Totals count every ballot.

Numbers are written as numbers, rounded for display as everywhere (`tally.round_half_up` for scores,
`tally.percent` for rates, stored as the share so that Excel's 0.00% format shows it).
"""

from __future__ import annotations

import io

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from debrief.lib import print_layout, tally, writers
from debrief.lib.text import join_names

from . import explain
from .models import Rating

FONT = "等线"  # Office's default Chinese face (DengXian); WPS and LibreOffice substitute their own
SCORE, RATE, COUNT = "0.00", "0.00%", "0"
PLAIN, BOLD = Font(name=FONT, size=11), Font(name=FONT, size=11, bold=True)
RULE_COLUMN = 16  # on the results sheet: the deciding rule, in words
TITLE, WARNING = Font(name=FONT, size=14, bold=True), Font(name=FONT, size=11, bold=True, color="C00000")


def results_xlsx(results) -> bytes:
    """The workbook of a `selectors.Results`; a preview (routine scores missing) says so on top."""
    workbook = Workbook()
    _results_sheet(workbook.active, results)
    _category_sheet(workbook.create_sheet(), results)
    _calculation_sheets(workbook.create_sheet(), results)
    _summary_sheet(workbook.create_sheet(), results)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ranked(results) -> list:
    """Rows by rank; unranked ones (preview, no ballots) after, in ballot order."""
    return sorted(results.rows, key=lambda row: (row.overall.rank is None, row.overall.rank or 0))


def _score(value) -> tuple:
    return (None if value is None else tally.round_half_up(value), SCORE)


def _rate(value) -> tuple:
    return (None if value is None else tally.percent(value) / 100, RATE)


def _write(sheet, row: int, values, font: Font = PLAIN) -> None:
    """One row from column A; a value may be (value, number format)."""
    for column, value in enumerate(values, start=1):
        value, number_format = value if isinstance(value, tuple) else (value, None)
        cell = writers.put(sheet, row, column, value)
        cell.font = font
        if number_format:
            cell.number_format = number_format


def _header(sheet, row: int, labels: list[str], freeze_columns: int = 2) -> None:
    _write(sheet, row, labels, BOLD)
    for cell in sheet[row]:
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = sheet.cell(row=row + 1, column=freeze_columns + 1)


def _fit_columns(sheet, from_row: int) -> None:
    """Widths from the longest value below the header at from_row; the header labels wrap."""
    print_layout.fit_column_widths(sheet, header_row=from_row, minimum=8)


def _preview_note(sheet, results, row: int) -> int:
    """The pending-grades warning on top of a preview; returns the next free row."""
    if not results.is_preview:
        return row
    names = join_names(f"{r.person.name} ({r.organization.name})" for r in results.missing_routine)
    message = ngettext(
        "Preview: grades are pending. The routine assessment score is missing for %(number)d reporter: "
        "%(names)s. Comprehensive scores, grades and ranks follow once it is entered.",
        "Preview: grades are pending. Routine assessment scores are missing for %(number)d reporters: "
        "%(names)s. Comprehensive scores, grades and ranks follow once they are entered.",
        len(results.missing_routine),
    )
    _write(sheet, row, [message % {"number": len(results.missing_routine), "names": names}], WARNING)
    return row + 1


def _results_sheet(sheet, results) -> None:
    sheet.title = gettext("Results")
    title = gettext("%(campaign)s: democratic evaluation results") % {"campaign": results.evaluation.campaign}
    _write(sheet, 1, [title], TITLE)
    header = _preview_note(sheet, results, 2) + 1
    indicators = [indicator for indicator, _result in results.rows[0].sub_indicators] if results.rows else []
    _header(
        sheet,
        header,
        [
            gettext("Rank"),
            gettext("Organization"),
            gettext("Secretary"),
            gettext("Mode"),
            *(gettext("%(rating)s (ballots)") % {"rating": label} for label in Rating.labels),
            gettext("Valid ballots"),
            gettext("Good rate"),
            gettext("Poor rate"),
            gettext("Evaluation score"),
            gettext("Routine assessment score"),
            gettext("Comprehensive score"),
            gettext("Grade"),
            gettext("Deciding rule"),
            *(gettext("%(indicator)s (evaluation score)") % {"indicator": i.name} for i in indicators),
            gettext("Report"),
        ],
        freeze_columns=3,
    )
    for offset, row in enumerate(_ranked(results), start=1):
        result = row.overall
        routine = None if result.routine_score is None else (result.routine_score, SCORE)
        values = [
            result.rank,
            row.reporter.organization.name,
            row.reporter.person.name,
            row.reporter.get_mode_display(),
            *((result.counts[r], COUNT) for r in tally.RATINGS),
            (result.valid, COUNT),
            _rate(result.good_rate),
            _rate(result.poor_rate),
            _score(result.evaluation_score),
            routine,
            _score(result.comprehensive_score),
            _grade(result),
            explain.grade_rule_text(results, result),
            *(_score(sub.evaluation_score) for _indicator, sub in row.sub_indicators),
            explain.unsubmitted_flag(row) or None,
        ]
        _write(sheet, header + offset, values)
    _fit_columns(sheet, header)
    sheet.column_dimensions[get_column_letter(RULE_COLUMN)].width = 60
    for (cell,) in sheet.iter_rows(min_row=header + 1, min_col=RULE_COLUMN, max_col=RULE_COLUMN):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    print_layout.set_print_layout(sheet, header_rows=header, name_columns=3, title=title)


def _grade(result: tally.ReporterResult) -> str | None:
    if result.grade is not None:
        return str(Rating(result.grade).label)
    return gettext("pending") if result.grade_rule == "no_routine_score" else None


def _category_cells(t: tally.CategoryTally | None) -> list:
    if t is None:
        return [None] * 7
    return [
        *((t.counts[r], COUNT) for r in tally.RATINGS),
        (t.valid, COUNT),
        _score(t.average_points),
        _rate(t.effective_weight),
    ]


def _category_sheet(sheet, results) -> None:
    sheet.title = gettext("By category")
    columns = explain.category_columns(results)
    combined = any(row.overall.hidden_combined for row in results.rows)
    label = gettext("Small categories, combined")
    _write(sheet, 1, [gettext("Overall rating by evaluator category")], TITLE)
    note = gettext(
        "A category with fewer than %(k)d ballots for a reporter is never shown on its own: its figures appear "
        "only under “%(combined)s”, to keep the evaluators anonymous. Totals are on the first sheet."
    )
    _write(sheet, 2, [note % {"k": results.scheme.min_category_ballots_shown, "combined": label}])
    groups = [*columns, *([label] if combined else [])]
    for index, name in enumerate(groups):
        first = 3 + 7 * index
        writers.put(sheet, 4, first, name).font = BOLD
        sheet.merge_cells(start_row=4, start_column=first, end_row=4, end_column=first + 6)
    per_group = [
        *(str(label) for label in Rating.labels),
        gettext("Valid ballots"),
        gettext("Average points"),
        gettext("Effective weight"),
    ]
    _header(sheet, 5, [gettext("Organization"), gettext("Secretary"), *per_group * len(groups)])
    for offset, row in enumerate(_ranked(results), start=1):
        by_name = {t.category: t for t in row.overall.categories}
        values = [row.reporter.organization.name, row.reporter.person.name]
        values += [cell for name in columns for cell in _category_cells(by_name[name])]
        if combined:
            values += _category_cells(row.overall.hidden_combined)
        _write(sheet, 5 + offset, values)
    _fit_columns(sheet, 5)
    print_layout.set_print_layout(sheet, header_rows=(4, 5), name_columns=2)


def _calculation_sheets(sheet, results) -> None:
    sheet.title = gettext("Calculation sheets")
    sheet.column_dimensions["A"].width = 120
    number = _preview_note(sheet, results, 1)
    for row in _ranked(results):
        heading = gettext("Calculation sheet of %(name)s (%(organization)s)") % {
            "name": row.reporter.person.name,
            "organization": row.reporter.organization.name,
        }
        _write(sheet, number, [heading], BOLD)
        if flag := explain.unsubmitted_flag(row):
            number += 1
            _write(sheet, number, [flag], WARNING)
            number += 1
            _write(sheet, number, [explain.unsubmitted_meaning()])
        for line in explain.calculation_sheet(results, row):
            number += 1
            _write(sheet, number, [line])
            sheet.cell(row=number, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        number += 2
    print_layout.set_print_layout(sheet, wrap_columns=(1,))


def _summary_sheet(sheet, results) -> None:
    sheet.title = gettext("Summary")
    evaluation = results.evaluation
    check = evaluation.close_check or {}
    closed = timezone.localtime(evaluation.closed_at).replace(tzinfo=None) if evaluation.closed_at else None
    items = [
        (gettext("Campaign"), evaluation.campaign.title),
        (gettext("Voting closed at"), (closed, "yyyy-mm-dd hh:mm")),
        (gettext("Electronic ballots"), (results.electronic_ballots, COUNT)),
        (gettext("Paper ballots"), (results.paper_ballots, COUNT)),
        (gettext("All ballots"), (results.electronic_ballots + results.paper_ballots, COUNT)),
    ]
    labels = {
        "issued": gettext("Codes issued"),
        "used": gettext("Codes used"),
        "unused": gettext("Codes unused"),
        "voided": gettext("Codes voided"),
        "ballots": gettext("Electronic ballots stored"),
        "receipts": gettext("Receipts issued"),
        "paper": gettext("Paper ballots counted"),
        "voted": gettext("Evaluators who voted"),
        "expected": gettext("Evaluators expected"),
    }
    items += [(labels.get(key, key), (value, COUNT)) for key, value in check.items()]
    if evaluation.quorum_override_reason:
        items.append((gettext("Closed below the quorum, because"), evaluation.quorum_override_reason))
    items += [
        (gettext("Ballots digest (SHA-256)"), evaluation.ballots_digest),
        (gettext("Paper tallies digest (SHA-256)"), evaluation.paper_digest or gettext("no paper ballots")),
        (gettext("Recount"), _recount_text(results.last_recount)),
        (
            gettext("Fewest ballots for a category to be shown on its own"),
            results.scheme.min_category_ballots_shown,
        ),
    ]
    header = number = _preview_note(sheet, results, 1)
    _header(sheet, header, [gettext("Item"), gettext("Value")], freeze_columns=0)
    for label, value in items:
        number += 1
        _write(sheet, number, [label, value])
    number += 2
    _write(sheet, number, [gettext("Grade"), gettext("Reporters")], BOLD)
    for _value, label, count in results.grade_distribution:
        number += 1
        _write(sheet, number, [label, None if results.is_preview else (count, COUNT)])
    if results.is_preview:
        _write(
            sheet,
            number + 1,
            [gettext("Grades are pending until every routine assessment score is entered.")],
        )
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 70
    print_layout.set_print_layout(sheet, header_rows=header, wrap_columns=(1, 2), landscape=False)


def _recount_text(recount) -> str:
    if recount is None:
        return gettext("Not yet recounted. The figures come from the outcome stored at close.")
    if recount.matches:
        return gettext("%(at)s: %(n)d ballots recounted; the stored outcome and the digests match.") % {
            "at": formats.date_format(timezone.localtime(recount.at), "Y-m-d H:i"),
            "n": recount.ballots,
        }
    return gettext("%(at)s: differences found: %(list)s") % {
        "at": formats.date_format(timezone.localtime(recount.at), "Y-m-d H:i"),
        "list": " ".join(recount.differences),
    }
