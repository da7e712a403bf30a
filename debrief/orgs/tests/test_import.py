"""Importing organizations and secretaries: all rows valid, or nothing written."""

import datetime

import pytest
from django.utils import translation

from debrief.accounts.models import Role
from debrief.accounts.selectors import grant_paths
from debrief.orgs.importing import RowError, import_organizations
from debrief.orgs.models import Organization, Person, Post
from debrief.testing import sheets
from debrief.testing.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run(rows, *, scope=None, name="orgs.xlsx", header=sheets.HEADER_KEYS, **kwargs):
    content = sheets.xlsx(rows, header) if name.endswith(".xlsx") else sheets.csv_bytes(rows, header)
    return import_organizations(file_name=name, content=content, scope=scope, **kwargs)


def snapshot():
    return (
        sorted(Organization.objects.values_list("code", "name", "parent__code", "path", "level", "status")),
        sorted(Post.objects.values_list("organization__code", "person__name", "start_date", "end_date")),
        Person.objects.count(),
    )


CITY_ROWS = [
    ["JZ", "江州市委", "江州", "committee", "city", "BJ", "", "王明", "2021-05-01", ""],
    ["JZ-DQ", "江州市东区区委", "东区", "committee", "county", "JZ", "", "李华", "2022-01-10", ""],
    ["JZ-DQ-CZ", "东区长征街道党工委", "长征街道", "working_committee", "township", "JZ-DQ", "", "", "", ""],
]


def test_a_valid_sheet_creates_the_organizations_under_their_parents_and_their_secretaries(tree):
    result = run(CITY_ROWS)
    assert result.ok and (result.created, result.updated, result.secretaries_appointed) == (3, 0, 2)
    street = Organization.objects.get(code="JZ-DQ-CZ")
    assert [a.code for a in street.__class__.objects.filter(pk__in=street.ancestor_ids())] == [
        "BJ",
        "JZ",
        "JZ-DQ",
    ]
    post = Post.objects.get(organization__code="JZ")
    assert (post.person.name, post.start_date, post.end_date) == ("王明", datetime.date(2021, 5, 1), None)


def test_children_may_come_before_their_parents_in_the_sheet(tree):
    result = run(list(reversed(CITY_ROWS)))
    assert result.ok and result.created == 3
    assert Organization.objects.get(code="JZ-DQ-CZ").parent.code == "JZ-DQ"


def test_importing_the_same_sheet_again_changes_nothing(tree):
    run(CITY_ROWS)
    before = snapshot()
    result = run(CITY_ROWS)
    assert result.ok and (result.created, result.updated, result.unchanged, result.secretaries_appointed) == (
        0,
        0,
        3,
        0,
    )
    assert snapshot() == before


def test_an_edited_sheet_updates_in_place_by_code(tree):
    run(CITY_ROWS)
    edited = [row[:] for row in CITY_ROWS]
    edited[0][1] = "江州市委员会"
    edited[2][5] = "JZ"  # the street moves directly under the city
    edited[2][4] = "township"
    result = run(edited)
    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 2, 1)
    street = Organization.objects.get(code="JZ-DQ-CZ")
    assert street.parent.code == "JZ" and street.depth == 3
    assert Organization.objects.get(code="JZ").name == "江州市委员会"


def test_a_new_secretary_in_the_sheet_ends_the_previous_term(tree):
    run(CITY_ROWS)
    changed = [row[:] for row in CITY_ROWS]
    changed[0][7:9] = ["赵强", "2024-03-01"]
    result = run(changed)
    assert result.ok and result.secretaries_appointed == 1
    terms = list(
        Post.objects.filter(organization__code="JZ")
        .order_by("start_date")
        .values_list("person__name", "end_date")
    )
    assert terms == [("王明", datetime.date(2024, 2, 29)), ("赵强", None)]


def test_a_csv_file_in_gb18030_is_read_like_an_xlsx(tree):
    content = sheets.csv_bytes(CITY_ROWS, encoding="gb18030")
    result = import_organizations(file_name="orgs.csv", content=content, scope=None)
    assert result.ok and result.created == 3


def test_a_dry_run_checks_everything_and_writes_nothing(tree):
    before = snapshot()
    result = run(CITY_ROWS, dry_run=True)
    assert result.ok and result.created == 3
    assert snapshot() == before


def assert_rejected(result, *expected: RowError, before):
    assert not result.ok
    assert result.errors == list(expected)
    assert snapshot() == before


def test_an_unknown_parent_code_is_reported_on_its_row_and_nothing_is_written(tree):
    before = snapshot()
    rows = CITY_ROWS[:2] + [
        ["JZ-X", "某街道党工委", "", "working_committee", "township", "NOPE", "", "", "", ""]
    ]
    assert_rejected(
        run(rows),
        RowError(
            4,
            "Parent organization code",
            "No organization has the code “NOPE”, in this file or in the system.",
        ),
        before=before,
    )


def test_a_code_repeated_in_the_sheet_is_reported_on_the_second_row(tree):
    before = snapshot()
    rows = [*CITY_ROWS, CITY_ROWS[1]]
    assert_rejected(
        run(rows),
        RowError(
            5,
            "Organization code",
            "Code “JZ-DQ” also appears on row 3; each organization may appear only once.",
        ),
        before=before,
    )


def test_a_cycle_between_rows_is_reported(tree):
    before = snapshot()
    rows = [
        ["U1", "甲单位党委", "", "committee", "unit", "U2", "", "", "", ""],
        ["U2", "乙单位党委", "", "committee", "unit", "U1", "", "", "", ""],
    ]
    result = run(rows)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "Parent organization code"),
        (3, "Parent organization code"),
    ]
    assert (
        result.errors[0].message
        == "This parent would put the organization inside its own subtree: U1 → U2 → U1."
    )
    assert snapshot() == before


def test_moving_an_existing_organization_under_its_own_descendant_is_a_cycle(tree):
    before = snapshot()
    rows = [["CA", "江州市委", "", "committee", "city", "CA1a", "", "", "", ""]]
    assert_rejected(
        run(rows),
        RowError(
            2,
            "Parent organization code",
            "This parent would put the organization inside its own subtree: CA → CA1 → CA1a → CA.",
        ),
        before=before,
    )


def test_missing_required_values_are_reported_per_column(tree):
    before = snapshot()
    rows = [["", "某单位", "", "", "unit", "BJ", "", "", "", ""]]
    assert_rejected(
        run(rows),
        RowError(2, "Organization code", "This value is required."),
        RowError(2, "Organization type", "This value is required."),
        before=before,
    )


def test_a_level_that_cannot_sit_under_the_parent_is_reported(tree):
    before = snapshot()
    rows = [["X-C", "某县委", "", "committee", "county", "CA1a", "", "", "", ""]]
    assert_rejected(
        run(rows),
        RowError(
            2,
            "Level",
            "Level “County or district” cannot sit under “CA1a”, which is of level “Township or street”.",
        ),
        before=before,
    )


def test_an_unknown_type_names_the_allowed_values(tree):
    before = snapshot()
    rows = [["X1", "某单位", "", "委员会", "unit", "BJ", "", "", "", ""]]
    assert_rejected(
        run(rows),
        RowError(
            2,
            "Organization type",
            "“委员会” is not allowed here; use one of: Party committee / Working committee / Party group / "
            "General branch / Branch.",
        ),
        before=before,
    )


def test_a_bad_date_and_a_date_without_a_name_are_reported(tree):
    before = snapshot()
    rows = [
        ["X1", "某单位", "", "committee", "unit", "BJ", "", "王明", "去年", ""],
        ["X2", "某单位二", "", "committee", "unit", "BJ", "", "", "2023-01-01", ""],
    ]
    assert_rejected(
        run(rows),
        RowError(2, "Secretary's term start", "“去年” is not a date; write it like 2023-01-31."),
        RowError(3, "Secretary", "A term start date is given, so the secretary's name is required."),
        before=before,
    )


def test_a_code_with_spaces_or_slashes_is_refused(tree):
    before = snapshot()
    rows = [["X/1", "某单位", "", "committee", "unit", "BJ", "", "", "", ""]]
    result = run(rows)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Organization code")]
    assert "letters, digits" in result.errors[0].message
    assert snapshot() == before


def test_a_new_secretary_must_start_after_the_current_one(tree):
    run(CITY_ROWS)
    before = snapshot()
    changed = [row[:] for row in CITY_ROWS]
    changed[0][7:9] = ["赵强", "2020-01-01"]
    assert_rejected(
        run(changed),
        RowError(
            2,
            "Secretary's term start",
            "The current secretary 王明 took office on 2021-05-01; the new secretary's term must start later.",
        ),
        before=before,
    )


def test_an_unknown_column_is_refused_rather_than_dropped(tree):
    result = run(CITY_ROWS, header=[*sheets.HEADER_KEYS[:-1], "备注"])
    assert result.errors[0].row == 0
    assert result.errors[0].message.startswith("Unknown column(s) in the header row: 备注.")


def test_a_missing_required_column_is_named(tree):
    header = [key for key in sheets.HEADER_KEYS if key != "level"]
    rows = [[v for k, v in zip(sheets.HEADER_KEYS, row, strict=True) if k != "level"] for row in CITY_ROWS]
    result = run(rows, header=header)
    assert result.errors == [RowError(0, "", "Required column(s) missing from the header row: Level.")]


def test_a_file_that_is_not_a_spreadsheet_is_refused(tree):
    result = import_organizations(file_name="orgs.xlsx", content=b"not a zip file", scope=None)
    assert result.errors == [
        RowError(
            0,
            "",
            "The file could not be read as an Excel workbook (.xlsx); save it again as .xlsx and retry.",
        )
    ]
    result = import_organizations(file_name="orgs.pdf", content=b"%PDF", scope=None)
    assert result.errors == [RowError(0, "", "Upload an .xlsx or .csv file; “orgs.pdf” is neither.")]


def test_an_organizer_imports_only_under_the_organizations_they_organize(cast, tree):
    before = snapshot()
    rows = [
        ["A-NEW", "江州某单位党委", "", "committee", "unit", "CA", "", "", "", ""],
        ["B-NEW", "川北某单位党委", "", "committee", "unit", "CB", "", "", "", ""],
        ["CB1", "川北市西县县委", "", "committee", "county", "", "", "", "", ""],
        ["TOP", "某省委", "", "committee", "province", "", "", "", "", ""],
    ]
    assert_rejected(
        run(rows, scope=grant_paths(cast.organizer_a, [Role.ORGANIZER])),
        RowError(
            3,
            "Parent organization code",
            "“CB” is outside the organizations you manage; you can import only under them.",
        ),
        RowError(4, "Organization code", "Code “CB1” belongs to an organization you do not manage."),
        RowError(
            5,
            "Parent organization code",
            "Fill in the parent organization code; only a system administrator can add top-level organizations.",
        ),
        before=before,
    )


def test_a_leader_has_no_import_scope(tree):
    leader = user_with_role(Role.LEADER, tree.city_a)
    result = run(
        [["A-NEW", "某单位党委", "", "committee", "unit", "CA", "", "", "", ""]],
        scope=grant_paths(leader, [Role.ORGANIZER]),
    )
    assert [e.column for e in result.errors] == ["Parent organization code"]


def test_an_organizer_may_re_import_their_own_organization_with_its_real_parent(cast, tree):
    rows = [["CA", "江州市委", "", "committee", "city", "BJ", "", "", "", ""]]
    result = run(rows, scope=grant_paths(cast.organizer_a, [Role.ORGANIZER]))
    assert result.ok and result.unchanged == 1


def test_a_subtree_can_be_re_levelled_and_moved_in_one_sheet(tree):
    # The county becomes a unit under the province; its street becomes a unit too.
    rows = [
        ["CA1", "江州市东区区委", "", "committee", "unit", "BJ", "", "", "", ""],
        ["CA1a", "东区长征街道党工委", "", "working_committee", "unit", "CA1", "", "", "", ""],
    ]
    result = run(rows)
    assert result.ok and result.updated == 2
    county = Organization.objects.get(code="CA1")
    assert (county.parent.code, county.level, county.depth) == ("BJ", "unit", 2)
    assert Organization.objects.get(code="CA1a").depth == 3


def test_validating_a_large_sheet_takes_a_fixed_number_of_queries(tree, django_assert_max_num_queries):
    rows = [
        [f"CA-{i}", f"单位{i}", "", "branch", "unit", "CA", "", f"书记{i}", "2023-01-01", ""]
        for i in range(60)
    ]
    run(rows)
    with django_assert_max_num_queries(8):
        result = run(rows, dry_run=False)
    assert result.unchanged == 60
