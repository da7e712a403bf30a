"""A backup restored into an empty database and media root brings everything back: every table's
rows, ballots whose digests still verify in a recount, an audit trail still intact, and every file
byte for byte."""

import hashlib
import io
import json
import tarfile

import pytest
from django.core.management import call_command
from django.db import connection

from debrief.backups.archive import FORMAT, MANIFEST
from debrief.backups.services import backup, restore
from debrief.reports.models import Attachment
from debrief.testing.factories import evaluation_opened

from .conftest import POSTGRESQL, manage, sha256, site_counts

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_restores_every_row_ballot_and_file(scenario, media_root, target, tmp_path):
    before = site_counts()
    archive = tmp_path / "nightly.tar.gz"
    taken = backup(archive)
    assert taken.tables == before
    assert taken.media_files == 2
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds every ballot: its owner's only

    restored = restore(archive, database=target.database, media_root=target.media)
    assert restored.complete
    assert restored.differences == []
    assert restored.tables == before
    assert restored.media_files == 2
    for name in scenario.files:
        assert sha256(target.media / name) == sha256(media_root / name)

    audit = manage(target, "verify_audit")
    assert audit.returncode == 0, audit.stderr
    assert f"{before['audit_entry']} entries" in audit.stdout
    # The subprocesses speak the site's language: their exit status is what says "all verified".
    recount = manage(target, "recount_evaluation", "--all")
    assert recount.returncode == 0, recount.stdout + recount.stderr
    [line] = [line for line in recount.stdout.splitlines() if line.startswith(scenario.campaign.title)]
    assert "4" in line


def test_the_manifest_describes_the_archive(scenario, tmp_path):
    archive = tmp_path / "backup.tar"
    backup(archive)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile(MANIFEST))
        contents = {name: tar.extractfile(name).read() for name in names if name != MANIFEST}
    assert manifest["format"] == FORMAT
    assert manifest["created_at"].startswith(str(scenario.evaluation.closed_at.year))
    assert manifest["database"]["engine"] == ("postgresql" if POSTGRESQL else "sqlite")
    assert manifest["migrations"]["evaluation"] == max(
        name for app, name in migration_rows() if app == "evaluation"
    )
    assert manifest["tables"] == site_counts()
    assert manifest["tables"]["evaluation_ballot"] == 4
    database = "database.pgdump" if POSTGRESQL else "database.sqlite3"
    assert set(names) == {MANIFEST, database, *(f"media/{name}" for name in scenario.files)}
    for name, content in contents.items():
        assert manifest["files"][name]["sha256"] == hashlib.sha256(content).hexdigest()
        assert manifest["files"][name]["size"] == len(content)


def migration_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        return cursor.fetchall()


def test_the_commands_write_and_restore_an_archive_and_report_the_counts(scenario, target, tmp_path):
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path), stdout=out)
    [archive] = tmp_path.glob("debrief-*.tar.gz")
    rows = sum(site_counts().values())
    assert f"Backup written to {archive}: " in out.getvalue()
    assert f"{len(site_counts())} tables, {rows} rows, 2 media files." in out.getvalue()

    drill = manage(target, "restore", str(archive))
    assert drill.returncode == 0, drill.stdout + drill.stderr  # 1 when any count or file differs
    assert archive.name in drill.stdout
    assert str(rows) in drill.stdout


def test_a_backup_while_voting_is_open_warns_how_to_keep_it(campaign, reporters, cast, media_root, tmp_path):
    evaluation_opened(campaign, cast.organizer_a)
    err = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "b.tar"), stdout=io.StringIO(), stderr=err)
    assert f"Voting is open in: {campaign.title}." in err.getvalue()
    assert "keep it no longer and no more widely than the ballot key" in err.getvalue()


def test_a_file_the_site_had_lost_before_the_backup_is_named_after_the_restore(
    scenario, media_root, target, tmp_path
):
    lost = Attachment.objects.get().file.name
    (media_root / lost).unlink()
    archive = tmp_path / "b.tar"
    backup(archive)
    restored = restore(archive, database=target.database, media_root=target.media)
    assert restored.differences == []
    assert restored.missing_files == [lost]
    assert not restored.complete


def test_a_database_just_migrated_is_empty_enough_to_restore_into(archive_of_scenario, target):
    migrated = manage(target, "migrate", "--no-input", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    restored = restore(archive_of_scenario.path, database=target.database, media_root=target.media)
    assert restored.complete
    assert restored.tables == archive_of_scenario.tables
