"""User text written into spreadsheets: as text, never as a formula, without control characters."""

import csv
import datetime
import io
from decimal import Decimal

from openpyxl import Workbook, load_workbook

from debrief.lib import slips, writers
from debrief.lib.text import clean_text, tidy, tidy_lines


def read_back(workbook: Workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue())).active


def test_control_characters_pasted_from_word_go_and_tabs_and_line_breaks_stay():
    assert clean_text("第一\x0b段\x00\x1f\x7f\ud800\t第二\r\n段") == "第一段\t第二\r\n段"


def test_input_is_cleaned_and_trimmed_and_blank_lines_dropped():
    assert tidy("  \x01 加强学习 \x0c ") == "加强学习"
    assert tidy_lines(["一\x0b", "\x0c", "", "  二  "]) == ["一", "二"]


def test_a_text_starting_like_a_formula_is_a_text_cell_in_xlsx_and_numbers_stay_numbers():
    workbook = Workbook()
    sheet = workbook.active
    writers.put(sheet, 1, 1, '=HYPERLINK("http://example.com","看")')
    writers.append(sheet, ["+1", "-2", "@A1", "\t=1", 3, Decimal("2.5"), datetime.date(2023, 1, 31), None])
    sheet = read_back(workbook)
    assert (sheet["A1"].value, sheet["A1"].data_type) == ('=HYPERLINK("http://example.com","看")', "s")
    assert [cell.value for cell in sheet[2]][:6] == ["+1", "-2", "@A1", "\t=1", 3, 2.5]
    assert [cell.data_type for cell in sheet[2]][:7] == ["s", "s", "s", "s", "n", "n", "d"]


def test_an_xlsx_cell_with_a_control_character_is_written_without_it():
    workbook = Workbook()
    writers.put(workbook.active, 1, 1, "问题\x0b描述")
    assert read_back(workbook)["A1"].value == "问题描述"


def test_a_csv_cell_starting_like_a_formula_gets_an_apostrophe_and_numbers_do_not():
    content = writers.csv_bytes([["=1+1", "+86", "-x", "@cmd", "\r=1", "正常\x0b文本"], [-3, 2.5, None]])
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows == [["'=1+1", "'+86", "'-x", "'@cmd", "'\r=1", "正常文本"], ["-3", "2.5", ""]]


def test_the_ballot_code_csv_neutralizes_a_category_named_like_a_formula():
    slip = slips.Slip(
        code="ABCD2345XY", url="https://example.com/vote/", category="=cmd|' /C calc'!A0", serial="1"
    )
    content = slips.slips_csv([slip], headers=["序号", "类别", "测评码", "链接"])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
