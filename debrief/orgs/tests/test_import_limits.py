"""Imports of odd, damaged or oversized sheets end in a message by row or for the file, quickly."""

import io
import re
import time
import zipfile

import pytest
from django.utils import translation

from debrief.accounts.models import Role
from debrief.accounts.selectors import grant_paths
from debrief.orgs.importing import import_organizations
from debrief.orgs.models import Organization, Post
from debrief.testing import sheets

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def row(code, name="某组织", parent="CA", level="county", start=""):
    return [code, name, "", "committee", level, parent, "", "张三" if start else "", start, ""]


def run(content, name="orgs.xlsx", scope=None):
    return import_organizations(file_name=name, content=content, scope=scope, dry_run=True)


def messages(result):
    return [str(error) for error in result.errors]


def test_an_organizers_blank_parent_code_keeps_the_parent_and_its_level_is_checked_against_it(cast, tree):
    scope = grant_paths(cast.organizer_a, [Role.ORGANIZER])
    kept = run(sheets.xlsx([row("CA1", "江州市东区区委", parent="")]), scope=scope)
    assert kept.ok
    wrong = run(sheets.xlsx([row("CA1", "江州市东区区委", parent="", level="city")]), scope=scope)
    assert len(wrong.errors) == 1 and wrong.errors[0].column == "Level"


def test_cells_pasted_with_control_characters_are_imported_without_them(tree):
    content = sheets.csv_bytes([row("CA9", "江州\x0b市委\x01党校")])
    result = import_organizations(file_name="orgs.csv", content=content, scope=None)
    assert result.ok
    assert Organization.objects.get(code="CA9").name == "江州市委党校"


def test_a_secretary_term_starting_in_year_1_is_a_row_error(tree):
    result = run(sheets.csv_bytes([row("CA9", start="0001-01-01")]), name="orgs.csv")
    assert messages(result) == [
        "Row 2, Secretary's term start: The year 1 is out of range; enter a date from 2000 to 2100."
    ]
    assert not Post.objects.filter(organization__code="CA9").exists()


def rewrite_sheet(content: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through `change`."""
    source, buffer = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, change(data) if info.filename == "xl/worksheets/sheet1.xml" else data)
    return buffer.getvalue()


UNREADABLE = "The file could not be read as an Excel workbook (.xlsx); save it again as .xlsx and retry."


def test_a_workbook_whose_sheet_xml_is_broken_is_refused_as_a_whole(tree):
    content = rewrite_sheet(sheets.xlsx([row("CA9")] * 3), lambda xml: xml[: len(xml) // 2])
    assert messages(run(content)) == [UNREADABLE]


def test_a_csv_cell_longer_than_the_csv_field_limit_is_refused_as_a_whole(tree):
    content = sheets.csv_bytes([row("CA9", "长" * 140_000)])
    assert messages(run(content, name="orgs.csv")) == [
        "Line 2 of the CSV file cannot be read: a cell is longer than 131072 characters or its quotes do "
        "not close. Correct the file and retry."
    ]


def test_a_sheet_over_the_row_limit_is_refused_naming_the_limit_and_its_row_count(tree, settings):
    settings.DEBRIEF_IMPORT_MAX_ROWS = 3
    assert run(sheets.xlsx([row(f"CA{n}") for n in range(10, 13)])).ok
    result = run(sheets.xlsx([row(f"CA{n}") for n in range(10, 15)]))
    assert messages(result) == ["The file has 5 rows; import at most 3 at a time, in several files."]


def test_a_csv_over_the_row_limit_is_refused_naming_the_limit(tree, settings):
    settings.DEBRIEF_IMPORT_MAX_ROWS = 3
    result = run(sheets.csv_bytes([row(f"CA{n}") for n in range(10, 15)]), name="orgs.csv")
    assert messages(result) == [
        "The file has more than 3 rows; import at most 3 at a time, in several files."
    ]


def test_a_sheet_that_does_not_state_its_size_is_counted_and_refused_before_it_is_read(tree, settings):
    settings.DEBRIEF_IMPORT_MAX_ROWS = 100
    plain = sheets.xlsx([row("CA10")] * 20_000)
    crafted = rewrite_sheet(plain, lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml))
    started = time.process_time()
    result = run(crafted)
    assert time.process_time() - started < 2
    assert messages(result) == [
        "The file has more than 100 rows; import at most 100 at a time, in several files."
    ]
