"""Attendees from a sheet: a prefilled template with the categories to choose, an all-or-nothing import."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from debrief.campaigns.models import Campaign, ReportMode
from debrief.campaigns.services import reporters_add
from debrief.evaluation.services import evaluation_set_up
from debrief.meetings import attendance
from debrief.meetings.attendee_import import AttendeeImportError, attendee_template_xlsx, attendees_import
from debrief.orgs.models import Level
from debrief.testing.factories import (
    OrganizationFactory,
    campaign_open,
    meeting_set_up,
    subordinate_with_secretary,
)
from debrief.testing.sheets import csv_bytes, xlsx

pytestmark = pytest.mark.django_db

HEADER = ["Name", "Unit and post", "Evaluator category"]
LEADERS, SECRETARIES, MASSES = (
    "Host leadership team",
    "Secretaries and department heads",
    "Party member and masses representatives",
)


@pytest.fixture
def campaign():
    host = OrganizationFactory(code="JT", name="江州市交通运输局党组", level=Level.CITY)
    organization = subordinate_with_secretary(host, "JT1", "市公路事务中心党委", "李明")
    campaign = campaign_open(host)
    reporters_add(campaign=campaign, organizations=[organization], mode=ReportMode.ON_SITE)
    return campaign


@pytest.fixture
def meeting(campaign):
    evaluation_set_up(campaign)
    return meeting_set_up(campaign)


def listed(meeting):
    return list(meeting.attendees.values_list("name", "unit", "category"))


def import_errors(meeting, rows, header=HEADER):
    with pytest.raises(AttendeeImportError) as caught:
        attendees_import(meeting, xlsx(rows, header=header), "参会人员.xlsx")
    return caught.value.errors


# --- Import ---------------------------------------------------------------------------------------


def test_a_good_sheet_adds_the_attendees_in_its_order(meeting):
    rows = [
        ["马平科", "局党组专职副书记", LEADERS],
        ["王建国", "副局长", LEADERS],
        ["刘洋", "办公室科员", ""],
    ]

    added = attendees_import(meeting, xlsx(rows, header=HEADER), "参会人员.xlsx")

    assert [attendee.name for attendee in added] == ["马平科", "王建国", "刘洋"]
    assert listed(meeting) == [tuple(row) for row in rows]


def test_imported_attendees_follow_those_already_listed(meeting):
    attendance.attendee_add(meeting=meeting, name="马平科")

    attendees_import(meeting, xlsx([["王建国", "", ""]], header=HEADER), "参会人员.xlsx")

    assert [name for name, _unit, _category in listed(meeting)] == ["马平科", "王建国"]


def test_a_sheet_with_one_bad_row_saves_nothing_and_names_the_row(meeting):
    errors = import_errors(
        meeting, [["马平科", "局党组专职副书记", LEADERS], ["", "办公室", ""], ["刘洋", "", ""]]
    )

    assert errors == ["Row 3, Name: This value is required."]
    assert listed(meeting) == []


def test_every_bad_row_is_reported_in_row_order(meeting):
    errors = import_errors(meeting, [["王" * 65, "", ""], ["刘洋", "单" * 201, "x" * 65]])

    assert errors == [
        "Row 2, Name: At most 64 characters; this has 65.",
        "Row 3, Unit and post: At most 200 characters; this has 201.",
        "Row 3, Evaluator category: At most 64 characters; this has 65.",
    ]


def test_a_category_not_in_the_evaluation_is_refused_with_the_choices(meeting):
    errors = import_errors(meeting, [["马平科", "", "领导"]])

    assert errors == [
        "Row 2, Evaluator category: “领导” is not a category of this evaluation "
        f"(choose from: {LEADERS}, {SECRETARIES}, {MASSES})."
    ]


def test_a_category_is_matched_without_regard_to_spaces_and_case(meeting):
    attendees_import(meeting, xlsx([["马平科", "", "host  LEADERSHIP team"]], header=HEADER), "a.xlsx")

    assert listed(meeting) == [("马平科", "", LEADERS)]


def test_without_an_evaluation_any_category_is_kept(campaign):
    meeting = meeting_set_up(campaign)

    attendees_import(meeting, xlsx([["马平科", "", "局领导"]], header=HEADER), "a.xlsx")

    assert listed(meeting) == [("马平科", "", "局领导")]


def test_the_same_person_twice_in_the_sheet_is_an_error(meeting):
    errors = import_errors(
        meeting, [["马平科", "局办公室", ""], ["刘洋", "", ""], ["马 平科", "局办公室", ""]]
    )

    assert errors == ["Row 4, Name: 马 平科 (局办公室) also appears on row 2."]
    assert listed(meeting) == []


def test_namesakes_of_different_units_are_two_people(meeting):
    attendees_import(
        meeting, xlsx([["王芳", "局办公室", ""], ["王芳", "财务科", ""]], header=HEADER), "a.xlsx"
    )

    assert len(listed(meeting)) == 2


def test_someone_on_the_list_with_another_category_is_an_error(meeting):
    attendance.attendee_add(meeting=meeting, name="马平科", unit="局办公室", category=LEADERS)

    errors = import_errors(meeting, [["马平科", "局办公室", MASSES]])

    assert errors == [
        "Row 2, Name: 马平科 (局办公室) is already on the list of attendees; change them there."
    ]


def test_a_sheet_of_people_all_on_the_list_already_is_refused(meeting):
    attendance.attendee_add(meeting=meeting, name="马平科", category=LEADERS)

    errors = import_errors(meeting, [["马平科", "", LEADERS]])

    assert errors == ["Everyone in the file is already on the list; add new attendees below them."]


def test_a_file_with_a_header_and_no_rows_is_refused(meeting):
    assert import_errors(meeting, []) == ["The file has a header row but no data rows."]


def test_a_file_without_the_name_column_is_refused(meeting):
    errors = import_errors(meeting, [["局办公室"]], header=["Unit and post"])

    assert errors == ["Required column(s) missing from the header row: Name."]


def test_a_csv_saved_by_chinese_excel_in_gb18030_imports(meeting):
    with translation.override("zh-hans"):
        template = load_workbook(io.BytesIO(attendee_template_xlsx(meeting))).worksheets[0]
        header = [cell.value for cell in template[1]]
    content = csv_bytes(
        [["马平科", "局党组专职副书记", LEADERS], ["刘洋", "", ""]], header=header, encoding="gb18030"
    )

    attendees_import(meeting, content, "参会人员.csv")

    assert listed(meeting) == [("马平科", "局党组专职副书记", LEADERS), ("刘洋", "", "")]


def test_once_the_campaign_is_assessed_the_import_is_refused(meeting, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(state="assessed")

    errors = import_errors(meeting, [["马平科", "", ""]])

    assert errors == ["The results are assessed; the meeting's records can no longer be changed."]
    assert listed(meeting) == []


# --- The template ---------------------------------------------------------------------------------


def test_the_template_lists_the_attendees_and_offers_the_categories(meeting):
    attendance.attendee_add(meeting=meeting, name="马平科", unit="局党组专职副书记", category=LEADERS)

    workbook = load_workbook(io.BytesIO(attendee_template_xlsx(meeting)))

    sheet = workbook.worksheets[0]
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Name*", "Unit and post", "Evaluator category"],
        ["马平科", "局党组专职副书记", LEADERS],
    ]
    (validation,) = sheet.data_validations.dataValidation
    assert (validation.type, validation.formula1) == ("list", "'Evaluator categories'!$A$2:$A$4")
    assert str(validation.sqref) == "C2:C1000"
    choices = workbook["Evaluator categories"]
    assert [row[0] for row in choices.iter_rows(values_only=True)] == [
        "Evaluator category",
        LEADERS,
        SECRETARIES,
        MASSES,
    ]


def test_without_an_evaluation_the_template_offers_no_categories(campaign):
    meeting = meeting_set_up(campaign)

    workbook = load_workbook(io.BytesIO(attendee_template_xlsx(meeting)))

    assert workbook.worksheets[0].data_validations.dataValidation == []
    assert workbook.sheetnames == ["Attendees", "Instructions"]


def test_the_filled_in_template_imports_the_new_rows_and_skips_those_already_listed(meeting):
    attendance.attendee_add(meeting=meeting, name="马平科", unit="局党组专职副书记", category=LEADERS)
    workbook = load_workbook(io.BytesIO(attendee_template_xlsx(meeting)))
    workbook.worksheets[0].append(["王建国", "副局长", LEADERS])
    workbook.worksheets[0].append(["刘洋", "市公路事务中心", SECRETARIES])
    buffer = io.BytesIO()
    workbook.save(buffer)

    added = attendees_import(meeting, buffer.getvalue(), "参会人员.xlsx")

    assert [attendee.name for attendee in added] == ["王建国", "刘洋"]
    assert listed(meeting) == [
        ("马平科", "局党组专职副书记", LEADERS),
        ("王建国", "副局长", LEADERS),
        ("刘洋", "市公路事务中心", SECRETARIES),
    ]
