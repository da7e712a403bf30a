"""Routine assessment scores from a sheet: a prefilled template, and an all-or-nothing import."""

import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from debrief.campaigns.models import Campaign
from debrief.evaluation import services
from debrief.evaluation.models import EvaluationEvent, RoutineScore
from debrief.evaluation.routine_import import (
    RoutineImportError,
    routine_scores_import,
    routine_template_xlsx,
)
from debrief.testing.sheets import csv_bytes, xlsx

HEADER = ["Organization code", "Organization name", "Secretary's name", "Routine assessment score"]
CODE_ONLY = ["Organization code", "Routine assessment score"]


@pytest.fixture
def evaluation(campaign, reporters):
    return services.evaluation_set_up(campaign)


def row(reporter, score):
    return [reporter.organization.code, reporter.organization.name, reporter.person.name, score]


def saved_scores(evaluation):
    return dict(RoutineScore.objects.filter(evaluation=evaluation).values_list("reporter_id", "score"))


def import_xlsx(evaluation, rows, user, header=HEADER):
    return routine_scores_import(
        evaluation=evaluation, file_name="日常考核.xlsx", content=xlsx(rows, header=header), user=user
    )


def import_errors(evaluation, rows, user, header=HEADER):
    with pytest.raises(RoutineImportError) as caught:
        import_xlsx(evaluation, rows, user, header)
    return caught.value.errors


# --- The template ---------------------------------------------------------------------------------


def test_the_template_lists_every_reporter_in_order_with_the_current_score(evaluation, reporters, cast):
    services.routine_scores_set(evaluation=evaluation, scores={reporters.a2.pk: Decimal("88.5")})

    sheet = load_workbook(io.BytesIO(routine_template_xlsx(evaluation))).worksheets[0]

    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values == [
        ["Organization code*", "Organization name", "Secretary's name", "Routine assessment score*"],
        row(reporters.a1, None),
        row(reporters.a2, 88.5),
        row(reporters.a3, None),
    ]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert {sheet.cell(row=r, column=4).number_format for r in (2, 3, 4)} == {"0.00"}
    (validation,) = sheet.data_validations.dataValidation
    assert (validation.type, validation.operator, validation.formula1, validation.formula2) == (
        "decimal",
        "between",
        "0",
        "100",
    )
    assert str(validation.sqref) == "D2:D4"


def test_the_filled_in_template_imports(evaluation, reporters, cast):
    workbook = load_workbook(io.BytesIO(routine_template_xlsx(evaluation)))
    sheet = workbook.worksheets[0]
    for line, score in zip((2, 3, 4), (92, 85.5, 78.25), strict=True):
        sheet.cell(row=line, column=4).value = score
    buffer = io.BytesIO()
    workbook.save(buffer)

    saved = routine_scores_import(
        evaluation=evaluation, file_name="template.xlsx", content=buffer.getvalue(), user=cast.organizer_a
    )

    assert saved == 3
    assert saved_scores(evaluation) == {
        reporters.a1.pk: Decimal("92.00"),
        reporters.a2.pk: Decimal("85.50"),
        reporters.a3.pk: Decimal("78.25"),
    }
    assert set(RoutineScore.objects.values_list("entered_by", flat=True)) == {cast.organizer_a.pk}


def test_an_import_is_recorded_as_an_event(evaluation, reporters, cast):
    import_xlsx(evaluation, [row(reporters.a1, 90), row(reporters.a2, 80)], cast.organizer_a)

    event = EvaluationEvent.objects.get(action=EvaluationEvent.Action.ROUTINE_IMPORTED)
    assert (event.evaluation, event.actor, event.details) == (
        evaluation,
        cast.organizer_a,
        "日常考核.xlsx: 2 scores",
    )


def test_reporters_missing_from_the_file_keep_their_score(evaluation, reporters, cast):
    services.routine_scores_set(evaluation=evaluation, scores={reporters.a3.pk: Decimal(70)})

    import_xlsx(evaluation, [["CA1", 90]], cast.organizer_a, header=CODE_ONLY)

    assert saved_scores(evaluation) == {reporters.a1.pk: Decimal(90), reporters.a3.pk: Decimal(70)}


def test_a_score_is_replaced_by_the_imported_one(evaluation, reporters, cast):
    services.routine_scores_set(evaluation=evaluation, scores={reporters.a1.pk: Decimal(70)})

    import_xlsx(evaluation, [["CA1", "91.5"]], cast.organizer_a, header=CODE_ONLY)

    assert saved_scores(evaluation) == {reporters.a1.pk: Decimal("91.5")}


# --- Errors: nothing is saved, every bad row is named ---------------------------------------------


def test_bad_rows_save_nothing_and_are_all_reported_with_their_line(evaluation, reporters, cast):
    errors = import_errors(
        evaluation,
        [row(reporters.a1, 90), row(reporters.a2, "abc"), row(reporters.a3, 101)],
        cast.organizer_a,
    )

    assert errors == [
        "Row 3, Routine assessment score: “abc” is not a score.",
        "Row 4, Routine assessment score: A score lies from 0 to 100, not 101.",
    ]
    assert saved_scores(evaluation) == {}
    assert not EvaluationEvent.objects.filter(action=EvaluationEvent.Action.ROUTINE_IMPORTED).exists()


def test_a_score_has_at_most_two_decimals(evaluation, reporters, cast):
    errors = import_errors(evaluation, [["CA1", 85.125]], cast.organizer_a, header=CODE_ONLY)

    assert errors == ["Row 2, Routine assessment score: A score has at most two decimals: 85.125."]


def test_a_blank_score_is_an_error_but_a_blank_row_is_skipped(evaluation, reporters, cast):
    errors = import_errors(
        evaluation,
        [row(reporters.a1, 90), ["", "", "", ""], row(reporters.a2, None)],
        cast.organizer_a,
    )

    assert errors == [
        "Row 4, Routine assessment score: Fill in the score, or delete the row to keep the current score."
    ]
    assert saved_scores(evaluation) == {}


def test_a_score_without_an_organization_code_is_an_error(evaluation, reporters, cast):
    errors = import_errors(evaluation, [["", "", "", 90]], cast.organizer_a)

    assert errors == ["Row 2, Organization code: This value is required."]


def test_an_organization_outside_the_campaign_is_an_error(evaluation, reporters, cast):
    # CB1 is an organization in the system, but not a reporter of city A's campaign.
    errors = import_errors(evaluation, [["CA1", 90], ["CB1", 80]], cast.organizer_a, header=CODE_ONLY)

    assert errors == [
        "Row 3, Organization code: No reporter of this campaign has the organization code “CB1”."
    ]
    assert saved_scores(evaluation) == {}


def test_a_reporter_listed_twice_is_an_error(evaluation, reporters, cast):
    errors = import_errors(
        evaluation, [["CA1", 90], ["CA2", 80], ["CA1", 85]], cast.organizer_a, header=CODE_ONLY
    )

    assert errors == [
        "Row 4, Organization code: Code “CA1” also appears on row 2; each reporter may appear only once."
    ]
    assert saved_scores(evaluation) == {}


def test_a_name_or_secretary_of_another_reporter_reveals_a_shifted_row(evaluation, reporters, cast):
    a1, a2 = reporters.a1, reporters.a2
    errors = import_errors(
        evaluation,
        [
            [a1.organization.code, a2.organization.name, a1.person.name, 90],
            [a2.organization.code, a2.organization.name, a1.person.name, 80],
        ],
        cast.organizer_a,
    )

    assert errors == [
        f"Row 2, Organization name: “{a2.organization.name}” is not the name of CA1, which is "
        f"“{a1.organization.name}”; check that the row is not shifted.",
        f"Row 3, Secretary's name: “{a1.person.name}” is not the secretary reporting for CA2, who is "
        f"{a2.person.name}; check that the row is not shifted.",
    ]
    assert saved_scores(evaluation) == {}


def test_names_are_compared_without_spaces(evaluation, reporters, cast):
    a3 = reporters.a3
    spaced = " ".join(a3.person.name)  # 王 芳, as padded for alignment

    import_xlsx(evaluation, [[a3.organization.code, a3.organization.name, spaced, 75]], cast.organizer_a)

    assert saved_scores(evaluation) == {a3.pk: Decimal(75)}


# --- Files ----------------------------------------------------------------------------------------


def test_a_csv_saved_by_chinese_excel_in_gb18030_imports(evaluation, reporters, cast):
    with translation.override("zh-hans"):
        template = load_workbook(io.BytesIO(routine_template_xlsx(evaluation))).worksheets[0]
        header = [cell.value for cell in template[1]]
    content = csv_bytes(
        [row(reporters.a1, "90"), row(reporters.a2, "82.5"), row(reporters.a3, "77")],
        header=header,
        encoding="gb18030",
    )

    saved = routine_scores_import(
        evaluation=evaluation, file_name="日常考核.csv", content=content, user=cast.organizer_a
    )

    assert saved == 3
    assert saved_scores(evaluation) == {
        reporters.a1.pk: Decimal(90),
        reporters.a2.pk: Decimal("82.5"),
        reporters.a3.pk: Decimal(77),
    }


def test_a_file_without_the_score_column_is_refused_with_one_message(evaluation, reporters, cast):
    with pytest.raises(RoutineImportError) as caught:
        import_xlsx(evaluation, [["CA1"]], cast.organizer_a, header=["Organization code"])

    assert caught.value.errors == [
        "Required column(s) missing from the header row: Routine assessment score."
    ]


def test_a_file_of_another_kind_is_refused(evaluation, reporters, cast):
    with pytest.raises(RoutineImportError) as caught:
        routine_scores_import(
            evaluation=evaluation, file_name="scores.xls", content=b"\xd0\xcf\x11\xe0", user=cast.organizer_a
        )

    assert caught.value.errors == ["Upload an .xlsx or .csv file; “scores.xls” is neither."]


def test_a_file_over_the_size_limit_is_refused_unread(evaluation, reporters, cast, settings):
    settings.DEBRIEF_IMPORT_MAX_BYTES = 2**20

    with pytest.raises(RoutineImportError) as caught:
        routine_scores_import(
            evaluation=evaluation, file_name="big.csv", content=b"x" * (2**20 + 1), user=cast.organizer_a
        )

    assert caught.value.errors == ["The file is over 1 MB (about 2 MB); import it in parts."]


def test_once_the_results_are_published_the_import_is_refused(evaluation, reporters, cast, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(state="published")

    with pytest.raises(RoutineImportError) as caught:
        import_xlsx(evaluation, [["CA1", 90]], cast.organizer_a, header=CODE_ONLY)

    assert caught.value.errors == ["Routine assessment scores are fixed once the results are published."]
    assert saved_scores(evaluation) == {}
    assert isinstance(caught.value, services.EvaluationError)
