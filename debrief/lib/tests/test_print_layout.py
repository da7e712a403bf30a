"""The page setup every XLSX the project writes carries, and the row heights its wrapped texts get.

How LibreOffice prints the exports is tested with the ledger and the results (marker `office`);
these tests pin what the workbook itself says.
"""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from debrief.lib import print_layout
from debrief.lib.print_layout import fit_column_widths, line_count, set_print_layout


def sheet_with(rows, widths=()):
    sheet = Workbook().active
    for row in rows:
        sheet.append(row)
    for letter, width in zip("ABCDEFGH", widths, strict=False):
        sheet.column_dimensions[letter].width = width
    return sheet


def saved(sheet):
    """The sheet as a user's spreadsheet reads it back."""
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue())).active


def test_a_wide_table_prints_landscape_on_a4_one_page_across_and_as_many_pages_down_as_it_needs():
    sheet = saved_layout(sheet_with([["No.", "Problem", "Measures"], [1, "a", "b"]], widths=(6, 50, 50)))
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)


def saved_layout(sheet, **options):
    set_print_layout(sheet, **options)
    return saved(sheet)


def test_a_narrow_table_prints_portrait():
    sheet = saved_layout(sheet_with([["Item", "Value"], ["a", 1]], widths=(30, 40)))
    assert sheet.page_setup.orientation == "portrait"


def test_the_orientation_can_be_chosen():
    sheet = saved_layout(sheet_with([["Item", "Value"]], widths=(30, 40)), landscape=True)
    assert sheet.page_setup.orientation == "landscape"


def test_the_header_rows_and_the_name_columns_repeat_on_every_page():
    sheet = saved_layout(sheet_with([["Title"], [], ["A", "B", "C"], ["1", "2", "3"]]), header_rows=(2, 3))
    assert sheet.print_title_rows == "$2:$3"
    sheet = saved_layout(sheet_with([["Rank", "Name", "Score"]]), header_rows=1, name_columns=2)
    assert (sheet.print_title_rows, sheet.print_title_cols) == ("$1:$1", "$A:$B")


def test_the_header_labels_wrap():
    sheet = sheet_with([["Secretaries who should report", "Reported"], ["a", 1]])
    set_print_layout(sheet, header_rows=1)
    assert sheet["A1"].alignment.wrap_text and sheet["B1"].alignment.wrap_text
    assert not sheet["A2"].alignment.wrap_text


def test_the_footer_numbers_the_pages_and_the_header_names_the_sheet():
    sheet = saved_layout(sheet_with([["A", "B"]]), header_rows=1)
    assert sheet.oddFooter.center.text == "Page &P of &N"
    assert sheet.oddHeader.center.text == "&A"
    assert not sheet.HeaderFooter.differentFirst


def test_the_title_a_sheet_opens_with_heads_the_pages_after_the_first():
    sheet = saved_layout(sheet_with([["Ledger & notes"], ["A", "B"]]), header_rows=2, title="Ledger & notes")
    assert sheet.oddHeader.center.text == "Ledger && notes"  # a lone & starts a code in headers
    assert sheet.HeaderFooter.differentFirst
    assert not sheet.firstHeader.center.text
    assert sheet.firstFooter.center.text == "Page &P of &N"


def test_a_wrapped_text_gets_a_row_as_high_as_its_lines():
    sheet = sheet_with([["Problem"], ["问" * 100]], widths=(22,))  # 10 of 21 units a line: 10 lines
    sheet["A2"].alignment = Alignment(wrap_text=True)
    set_print_layout(sheet, header_rows=1)
    assert sheet.row_dimensions[2].height == pytest.approx(10 * 11 * 1.45 + 6, abs=0.1)


def test_a_larger_font_makes_the_row_higher():
    sheet = sheet_with([["Problem"], ["问" * 100]], widths=(22,))
    sheet["A2"].alignment = Alignment(wrap_text=True)
    sheet["A2"].font = Font(size=14)
    set_print_layout(sheet, header_rows=1)
    assert sheet.row_dimensions[2].height == pytest.approx(10 * 14 * 1.45 + 6, abs=0.1)


def test_the_columns_to_wrap_are_wrapped_below_the_header_and_their_rows_sized():
    sheet = sheet_with([["Item", "Value"], ["Recount", "尚未复核。" * 30]], widths=(20, 30))
    set_print_layout(sheet, header_rows=1, wrap_columns=(2,))
    assert sheet["B2"].alignment.wrap_text and not sheet["A2"].alignment.wrap_text
    assert sheet.row_dimensions[2].height > 5 * 11 * 1.45


def test_values_beside_a_wrapped_text_start_on_its_first_line():
    sheet = sheet_with([["No.", "Problem"], [1, "问" * 100]], widths=(6, 22))
    sheet["B2"].alignment = Alignment(wrap_text=True)
    set_print_layout(sheet, header_rows=1)
    assert sheet["A2"].alignment.vertical == "top"


def test_a_row_never_gets_lower_than_it_was_set_nor_higher_than_excel_allows():
    sheet = sheet_with([["Title"], ["问" * 5000]], widths=(22,))
    sheet["A1"].alignment = sheet["A2"].alignment = Alignment(wrap_text=True)
    sheet.row_dimensions[1].height = 40
    set_print_layout(sheet)
    assert (sheet.row_dimensions[1].height, sheet.row_dimensions[2].height) == (40, 409)


def test_a_cjk_character_takes_about_two_latin_ones():
    assert line_count("问" * 40, 22) == 4  # 21 units a line hold 10
    assert line_count("x" * 40, 22) == 3  # and 16 Latin characters


def test_latin_words_are_not_broken_unless_longer_than_a_line():
    assert line_count("aaaa bbbb cccc", 12) == 3  # 11 units a line: "aaaa bbbb" is 11.25
    assert line_count("x" * 40, 11) == 5


def test_each_paragraph_starts_a_line():
    assert line_count("1. 制定计划\n2. 开展检查\n", 40) == 3


def test_a_note_above_the_header_spreads_over_the_table_and_wraps():
    note = "预览：等次待定。" * 20
    sheet = sheet_with([["Results"], [note], ["Rank", "Name", "Score"]], widths=(6, 20, 10))
    set_print_layout(sheet, header_rows=3)
    assert {str(cells) for cells in sheet.merged_cells.ranges} == {"A1:C1", "A2:C2"}
    assert sheet["A2"].alignment.wrap_text
    assert sheet.row_dimensions[2].height > 4 * 11 * 1.45  # some 340 units over 35 a line


def test_a_single_column_wider_than_a_page_is_kept_within_it():
    # LibreOffice prints a sheet of one column at full size, however wide: it would run off the page.
    sheet = sheet_with([["说明" * 100]], widths=(120,))
    set_print_layout(sheet, wrap_columns=(1,))
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["A"].width == print_layout.ONE_COLUMN[True]


def test_columns_fit_their_values_while_their_headers_wrap():
    sheet = sheet_with(
        [
            ["Rank", "抓党建责任落实情况（测评得分）", "Good rate", "Closed at"],
            [1, 85.0, 1.0, datetime.datetime(2023, 1, 15, 10, 30)],
        ]
    )
    sheet["B2"].number_format, sheet["C2"].number_format = "0.00", "0.00%"
    sheet["D2"].number_format = "yyyy-mm-dd hh:mm"
    fit_column_widths(sheet, header_row=1)
    widths = [sheet.column_dimensions[letter].width for letter in "ABCD"]
    assert widths[0] == 8  # "Rank" (5 units) on one line and the minimum
    assert widths[1] == pytest.approx(15 * 2.1 / 3 + 3, abs=0.1)  # the label on three lines
    assert widths[2] == pytest.approx(len("100.00%") * 1.25 + 3, abs=0.1)  # as the percentage shows
    assert widths[3] == pytest.approx(len("2023-01-15 10:30") * 1.25 + 3, abs=0.1)
