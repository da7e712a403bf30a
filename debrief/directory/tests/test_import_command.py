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
