"""Large imports: the bulk writes give the outcome the row-by-row writes gave, row for row."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from debrief.audit.models import Action, Entry
from debrief.directory.services import organizations_import
from debrief.lib import tables, tree_paths
from debrief.orgs import import_write, importing
from debrief.orgs.importing import import_organizations
from debrief.orgs.models import Organization, Person, Post
from debrief.testing import sheets

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def csv_import(rows, **kwargs):
    return import_organizations(file_name="orgs.csv", content=sheets.csv_bytes(rows), scope=None, **kwargs)


def county_rows(city="JZ", counties=3, townships=4, villages=3):
    """A city's subtree, children listed before their parents (as sheets sorted by code may be):
    villages first, then townships, counties and the city, whose parent BJ is already in the system."""
    villages_, townships_, counties_ = [], [], []
    for c in range(counties):
        county = f"{city}-{c}"
        counties_.append(
            [
                county,
                f"{city}第{c}区委",
                f"{c}区",
                "committee",
                "county",
                city,
                "",
                f"区书记{c}",
                "2022-03-01",
                "1390000000{c}",
            ]
        )
        for t in range(townships):
            township = f"{county}-{t}"
            status = "dissolved" if t == townships - 1 else ""
            townships_.append(
                [
                    township,
                    f"{county}第{t}街道党工委",
                    "",
                    "working_committee",
                    "township",
                    county,
                    status,
                    f"街书记{c}{t}",
                    "",
                    "",
                ]
            )
            for v in range(villages):
                villages_.append(
                    [
                        f"{township}-{v}",
                        f"{township}第{v}村党支部",
                        "",
                        "branch",
                        "village",
                        township,
                        "",
                        "",
                        "",
                        "",
                    ]
                )
    city_row = [city, f"{city}市委", city, "committee", "city", "BJ", "", "王明", "2021-05-01", ""]
    return villages_ + townships_ + counties_ + [city_row]


def assert_matches_file(rows, today):
    """Every row of the file is an organization with its values, under its parent, with its path,
    and its secretary (when named) holding the current post from the given or today's date."""
    orgs = {org.code: org for org in Organization.objects.filter(code__in=[row[0] for row in rows])}
    assert len(orgs) == len(rows)
    for code, name, short_name, org_type, level, parent_code, status, secretary, start, phone in rows:
        org = orgs[code]
        assert (org.name, org.short_name, org.org_type, org.level, org.status) == (
            name,
            short_name,
            org_type,
            level,
            status or "active",
        )
        parent = Organization.objects.get(code=parent_code)
        assert org.parent_id == parent.pk
        assert org.path == tree_paths.child_path(parent.path, org.pk)
        assert org.depth == parent.depth + 1
        current = Post.objects.filter(organization=org, role="secretary", end_date__isnull=True)
        if secretary:
            post = current.select_related("person").get()
            expected_start = datetime.date.fromisoformat(start) if start else today
            assert (post.person.name, post.person.phone, post.start_date) == (
                secretary,
                phone,
                expected_start,
            )
        else:
            assert not current.exists()


def test_a_realistic_sheet_creates_each_row_as_written_and_records_one_audit_entry(tree):
    rows = county_rows()
    entries_before = Entry.objects.count()
    result = organizations_import(file_name="jz.csv", content=sheets.csv_bytes(rows))
    assert result.ok, result.errors
    assert (result.rows, result.created, result.updated, result.unchanged) == (len(rows), len(rows), 0, 0)
    assert result.secretaries_appointed == 1 + 3 + 3 * 4
    assert_matches_file(rows, datetime.date.today())
    assert Person.objects.count() == Post.objects.count() == result.secretaries_appointed
    assert Entry.objects.count() == entries_before + 1
    entry = Entry.objects.order_by("-seq").first()
    assert (entry.action, entry.object_label, entry.after) == (
        Action.ORGANIZATIONS_IMPORTED,
        "jz.csv",
        {"rows": len(rows), "created": len(rows), "updated": 0, "secretaries_appointed": 16},
    )
    call_command("verify_audit", verbosity=0)


def test_an_edited_sheet_moves_renames_and_replaces_secretaries_in_place(tree):
    rows = county_rows()
    assert csv_import(rows).ok
    first_secretary = Post.objects.get(organization__code="JZ-1", end_date__isnull=True)
    edited = [list(row) for row in rows]
    by_code = {row[0]: row for row in edited}
    by_code["JZ-1"][8:10] = ["2024-06-01", "13911112222"]
    by_code["JZ-1"][7] = "新书记"
    by_code["JZ-0-0"][1] = "改名街道党工委"
    by_code["JZ-2-1"][5] = "JZ-0"  # a township moves, with its villages, to another county
    by_code["JZ-0-1-2"][5] = "JZ-2-1"  # a village moves under the township that moved
    result = csv_import(edited)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.secretaries_appointed) == (0, 4, 1)
    assert result.unchanged == len(rows) - 4
    assert_matches_file(edited, datetime.date.today())
    first_secretary.refresh_from_db()
    assert first_secretary.end_date == datetime.date(2024, 5, 31)
    moved_village = Organization.objects.get(code="JZ-2-1-0")
    assert moved_village.path.startswith(Organization.objects.get(code="JZ-0").path)


def test_an_error_in_the_last_row_writes_nothing(tree):
    rows = county_rows()
    rows.append(["ZZ", "最后一行", "", "committee", "county", "NOWHERE", "", "", "", ""])
    before = Organization.objects.count()
    result = csv_import(rows)
    assert [(error.row, error.column) for error in result.errors] == [
        (len(rows) + 1, "Parent organization code")
    ]
    assert Organization.objects.count() == before
    assert not Person.objects.exists() and not Post.objects.exists()


def test_an_unchanged_sheet_imported_again_writes_nothing(tree):
    rows = county_rows()
    assert csv_import(rows).ok
    stamps = dict(Organization.objects.values_list("code", "updated_at"))
    with CaptureQueriesContext(connection) as queries:
        result = csv_import(rows)
    assert (result.created, result.updated, result.unchanged, result.secretaries_appointed) == (
        0,
        0,
        len(rows),
        0,
    )
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert dict(Organization.objects.values_list("code", "updated_at")) == stamps


def test_progress_is_reported_by_stage_with_counts_that_only_grow(tree, monkeypatch):
    for module in (tables, importing, import_write):
        monkeypatch.setattr(module, "PROGRESS_EVERY", 25)  # as 10,000 is to a province's sheet
    monkeypatch.setattr(import_write, "BATCH", 10)
    rows = county_rows(counties=4, townships=5, villages=6)  # 145 rows
    calls = []
    result = csv_import(rows, progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert result.ok
    stages = [stage for stage, _done, _total in calls]
    assert stages == sorted(stages, key=["read", "checked", "written"].index)
    for stage in ("read", "checked", "written"):
        counts = [(done, total) for name, done, total in calls if name == stage]
        assert counts[-1] == (len(rows), len(rows))
        assert len(counts) >= 4
        dones = [done for done, _total in counts]
        assert dones == sorted(set(dones))


def test_an_organization_moves_under_a_new_one_defined_later_in_the_same_sheet(tree):
    rows = [
        ["CA1", "江州市东区区委", "", "committee", "county", "NEW", "", "", "", ""],
        ["NEW", "江州市新区工委", "", "working_committee", "city", "BJ", "", "", "", ""],
    ]
    result = csv_import(rows)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (1, 1)
    new = Organization.objects.get(code="NEW")
    county = Organization.objects.get(code="CA1")
    street = Organization.objects.get(code="CA1a")  # not in the sheet: moves with its county
    assert county.parent == new and county.path == tree_paths.child_path(new.path, county.pk)
    assert street.path == tree_paths.child_path(county.path, street.pk) and street.depth == 4


def test_after_a_dry_run_the_real_import_gives_the_same_outcome(tree):
    rows = county_rows(counties=2, townships=2, villages=2)
    dry = csv_import(rows, dry_run=True)
    assert dry.ok and dry.created == len(rows)
    assert not Organization.objects.filter(code__startswith="JZ").exists() and not Person.objects.exists()
    real = csv_import(rows)
    assert (real.created, real.secretaries_appointed) == (dry.created, dry.secretaries_appointed)
    assert_matches_file(rows, datetime.date.today())
