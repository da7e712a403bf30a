"""The ledger as an XLSX workbook: the usual Chinese layout, read back as a user opens it."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from debrief.campaigns.services import reporters_add
from debrief.rectification import exports, services, sources
from debrief.rectification.models import Event, Item, Source
from debrief.rectification.selectors import LedgerFilter, ledger_items
from debrief.testing.factories import campaign_open

pytestmark = pytest.mark.django_db

MAY_FIRST = datetime.date(2023, 5, 1)


def sheet_of(user, campaign, today=MAY_FIRST, **filters):
    items = ledger_items(user, LedgerFilter(campaign=campaign, **filters), today, with_measures=True)
    content = exports.ledger_xlsx(items, title=exports.ledger_title(campaign), today=today)
    return openpyxl.load_workbook(io.BytesIO(content)).active


def row(sheet, number):
    return [cell.value for cell in sheet[number]]


def test_the_first_seven_columns_are_the_usual_ledger_layout_in_chinese_with_english_active(
    item, cast, campaign
):
    header = row(sheet_of(cast.organizer_a, campaign), 2)
    assert header[:7] == ["序号", "问题描述", "整改措施", "责任人", "完成时限", "整改进展", "是否销号"]
    assert header[7:] == ["单位", "问题来源", "问题类别", "状态", "是否逾期", "销号日期"]


def test_the_title_spans_the_table_and_says_the_day_of_the_export(item, cast, campaign):
    sheet = sheet_of(cast.organizer_a, campaign)
    assert sheet["A1"].value == f"{campaign.title}整改台账（截至2023-05-01）"
    assert "A1:M1" in [str(cells) for cells in sheet.merged_cells.ranges]


def test_a_row_gives_the_problem_its_measures_the_person_the_deadline_and_the_latest_progress(
    item, cast, campaign
):
    services.progress_add(item=item, user=cast.reporter_a1, text="已制定组织生活计划。")
    services.progress_add(item=item, user=cast.reporter_a1, text="已开展第一季度检查。")
    values = row(sheet_of(cast.organizer_a, campaign, today=datetime.date(2023, 3, 1)), 3)
    assert values[:7] == [
        "2022-001",
        "“三会一课”落实不够规范，组织生活质量不高。",
        "1. 制定组织生活计划\n2. 每季度开展一次检查",
        "赵强",
        datetime.datetime(2023, 4, 30),
        "已开展第一季度检查。",
        "否",
    ]
    assert values[7] == "江州市东区区委"


def test_the_deadline_is_a_date_cell(item, cast, campaign):
    deadline = sheet_of(cast.organizer_a, campaign)["E3"]
    assert deadline.is_date
    assert deadline.number_format == "yyyy-mm-dd"


def test_an_item_without_progress_leaves_the_progress_empty(item, cast, campaign):
    assert sheet_of(cast.organizer_a, campaign)["F3"].value is None


def test_each_row_keeps_the_items_number_so_a_filtered_sheet_still_matches_the_site(
    client, item, cast, campaign, reporters
):
    services.item_create(
        campaign=campaign, reporter=reporters.a2, description="党员发展质量有待提高。", deadline=MAY_FIRST
    )
    client.force_login(cast.organizer_a)
    filters = {"campaign": campaign.pk, "organization": reporters.a2.organization.code}
    page = client.get(reverse("rectification:ledger"), filters).content.decode()
    response = client.get(reverse("rectification:ledger_xlsx"), filters)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[:2] for row in sheet.iter_rows(min_row=3, values_only=True)] == [
        ("2022-002", "党员发展质量有待提高。")
    ]
    assert ">2022-002</a>" in page and ">2022-001</a>" not in page


def test_an_item_past_its_deadline_is_flagged_overdue(item, cast, campaign):
    assert sheet_of(cast.organizer_a, campaign, today=datetime.date(2023, 4, 30))["L3"].value == "否"
    assert sheet_of(cast.organizer_a, campaign, today=MAY_FIRST)["L3"].value == "是"


def test_an_item_submitted_for_verification_is_not_overdue(item, cast, campaign):
    services.item_submit(item=item, user=cast.reporter_a1, text="已完成。")
    assert sheet_of(cast.organizer_a, campaign)["L3"].value == "否"


def test_a_signed_off_item_says_so_and_when(item, cast, campaign):
    services.item_submit(item=item, user=cast.reporter_a1, text="已完成。")
    services.item_sign_off(
        item=item, user=cast.organizer_a, at=datetime.datetime(2023, 4, 20, 1, 0, tzinfo=datetime.UTC)
    )
    sheet = sheet_of(cast.organizer_a, campaign)
    assert sheet["G3"].value == "是"
    assert sheet["M3"].value == datetime.datetime(2023, 4, 20)


def test_an_item_carried_over_is_marked_in_both_years_ledgers(item, cast, campaign, counties):
    next_year = campaign_open(campaign.host, year=2023, user=cast.organizer_a)
    reporters_add(campaign=next_year, organizations=[counties.a1], mode="on_site")
    sources.carry_over(campaign=next_year, user=cast.organizer_a)
    assert sheet_of(cast.organizer_a, campaign)["K3"].value == "已结转下年度"
    assert sheet_of(cast.organizer_a, campaign)["L3"].value == "否"  # it is overdue in the new ledger
    assert sheet_of(cast.organizer_a, next_year)["B3"].value == (
        "“三会一课”落实不够规范，组织生活质量不高。（上年结转）"
    )


def test_the_sheet_prints_landscape_on_a4_one_page_wide_below_a_frozen_header(item, cast, campaign):
    sheet = sheet_of(cast.organizer_a, campaign)
    assert sheet.freeze_panes == "A3"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$2:$2"
    assert sheet["B2"].font.b and sheet["B2"].font.name == "等线"


def test_the_file_is_named_after_the_ledger_in_chinese_with_the_day(campaign):
    name = exports.ledger_file_name(campaign, today=MAY_FIRST)
    assert name == f"{campaign.title}整改台账_2023-05-01.xlsx"
    assert exports.ledger_file_name(None, today=MAY_FIRST) == "整改台账_2023-05-01.xlsx"


def test_the_source_column_gives_the_source_with_its_details(cast, campaign, reporters):
    services.item_create(
        campaign=campaign,
        reporter=reporters.a1,
        description="理论学习不够深入。",
        deadline=MAY_FIRST,
        source=Source.COMMENT,
        source_note="市委书记 张三",
    )
    assert sheet_of(cast.organizer_a, campaign)["I3"].value.endswith("市委书记 张三")


HYPERLINK = '=HYPERLINK("http://example.com/x","点此查看")'


def test_text_pasted_from_word_and_a_formula_in_a_progress_note_export_as_plain_text(item, cast, campaign):
    # Stored as it was before input was cleaned: a vertical tab from Word in the description.
    Item.objects.filter(pk=item.pk).update(description="组织生活\x0b质量不高。")
    services.progress_add(item=item, user=cast.reporter_a1, text=HYPERLINK)
    sheet = sheet_of(cast.organizer_a, campaign)
    assert sheet["B3"].value == "组织生活质量不高。"
    assert (sheet["F3"].value, sheet["F3"].data_type) == (HYPERLINK, "s")
    assert all(cell.data_type != "f" for cells in sheet.iter_rows() for cell in cells)


def test_the_ledger_download_answers_with_the_workbook_when_a_text_holds_control_characters(
    client, item, cast, campaign
):
    Event.objects.filter(item=item).update(text="已整改\x01完毕")
    Item.objects.filter(pk=item.pk).update(description="问题\x0c描述")
    client.force_login(cast.organizer_a)
    response = client.get(reverse("rectification:ledger_xlsx"), {"campaign": campaign.pk})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["B3"].value == "问题描述"
