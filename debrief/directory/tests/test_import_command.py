import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from debrief.orgs.models import Organization
from debrief.testing import sheets

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


ROWS = [["CA-U1", "江州市某局党组", "", "party_group", "unit", "CA", "", "陈静", "2023-02-01", ""]]


def test_the_command_imports_a_file_and_says_what_it_did(tree, tmp_path, capsys):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(sheets.xlsx(ROWS))
    call_command("import_orgs", str(path))
    assert "1 rows: 1 added, 0 updated, 0 unchanged, 1 secretaries appointed." in capsys.readouterr().out
    assert Organization.objects.get(code="CA-U1").parent.code == "CA"


def test_the_command_prints_each_error_and_fails_without_writing(tree, tmp_path, capsys):
    path = tmp_path / "orgs.csv"
    path.write_bytes(
        sheets.csv_bytes([["CA-U1", "某局党组", "", "party_group", "unit", "NOPE", "", "", "", ""]])
    )
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_orgs", str(path))
    assert (
        "row 2 [Parent organization code]: No organization has the code “NOPE”, in this file or in the system."
        in capsys.readouterr().err
    )
    assert not Organization.objects.filter(code="CA-U1").exists()


def test_the_command_limits_the_import_to_a_users_subtrees(cast, tmp_path):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(sheets.xlsx(ROWS))
    with pytest.raises(CommandError):
        call_command("import_orgs", str(path), "--user", "organizer_b")
    call_command("import_orgs", str(path), "--user", "organizer_a")
    assert Organization.objects.filter(code="CA-U1").exists()


CITY_ROWS = [
    ["JZ", "江州市委", "", "committee", "city", "BJ", "", "王明", "2021-05-01", ""],
    ["JZ-1", "江州市东区区委", "", "committee", "county", "JZ", "", "", "", ""],
    ["JZ-1-1", "东区长征街道党工委", "", "working_committee", "township", "JZ-1", "", "", "", ""],
]


def test_the_command_prints_its_progress_reading_checking_and_writing(tree, tmp_path, capsys):
    path = tmp_path / "orgs.csv"
    path.write_bytes(sheets.csv_bytes(CITY_ROWS))
    call_command("import_orgs", str(path))
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "Read: 3 rows",
        "Checked: 3 of 3 rows",
        "Written: 3 of 3 rows",
        "3 rows: 3 added, 0 updated, 0 unchanged, 1 secretaries appointed.",
    ]


def test_the_command_is_quiet_about_progress_at_verbosity_0(tree, tmp_path, capsys):
    path = tmp_path / "orgs.csv"
    path.write_bytes(sheets.csv_bytes(CITY_ROWS))
    call_command("import_orgs", str(path), verbosity=0)
    assert "Read:" not in capsys.readouterr().out


def test_the_command_takes_more_rows_than_a_web_upload_up_to_its_own_limit(tree, tmp_path, settings):
    settings.DEBRIEF_IMPORT_MAX_ROWS = 2  # what a web upload may hold
    path = tmp_path / "orgs.csv"
    path.write_bytes(sheets.csv_bytes(CITY_ROWS))
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_orgs", str(path), "--max-rows", "2")
    assert not Organization.objects.filter(code="JZ").exists()
    call_command("import_orgs", str(path))
    assert Organization.objects.filter(code__startswith="JZ").count() == 3


def test_the_command_refuses_a_row_limit_below_one(tree, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(sheets.csv_bytes(CITY_ROWS))
    with pytest.raises(CommandError, match="--max-rows must be at least 1."):
        call_command("import_orgs", str(path), "--max-rows", "0")
