"""A restore refuses, and touches nothing, when the archive is damaged, of a newer format or not a
backup, when a target already holds data, or when the PostgreSQL tools are missing."""

import gzip
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from debrief.backups import databases
from debrief.backups.archive import FORMAT, MANIFEST
from debrief.backups.errors import BackupError
from debrief.backups.services import backup, restore
from debrief.reports.models import Attachment

from .conftest import POSTGRESQL

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive(scenario, tmp_path):
    path = tmp_path / "backup.tar"
    backup(path)
    return path


def untouched(target) -> bool:
    if POSTGRESQL:
        with databases.pg_connect(target.database) as conn, conn.cursor() as cursor:
            created = databases.pg_tables(cursor)
    else:
        created = Path(target.database["NAME"]).exists()
    return not created and not (target.media.exists() and any(target.media.iterdir()))


def rewritten(archive: Path, into: Path, change) -> Path:
    """A copy of the archive with change(name, bytes) -> bytes applied to each member."""
    with tarfile.open(archive) as source, tarfile.open(into, "w") as copy:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return into


def test_a_flipped_byte_is_refused_naming_the_damaged_file(archive, target):
    name = f"media/{Attachment.objects.get().file.name}"
    with tarfile.open(archive) as tar:
        offset = tar.getmember(name).offset_data
    data = bytearray(archive.read_bytes())
    data[offset + 3] ^= 0x01
    archive.write_bytes(bytes(data))
    with pytest.raises(BackupError) as refusal:
        restore(archive, database=target.database, media_root=target.media)
    assert str(refusal.value) == (
        f"backup.tar is damaged: {name} does not match its checksum. Nothing was restored."
    )
    assert untouched(target)


def test_a_damaged_compressed_archive_is_refused(scenario, target, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(BackupError, match=r"backup\.tar\.gz (cannot be read|is damaged)"):
        restore(archive, database=target.database, media_root=target.media)
    assert untouched(target)


def test_an_archive_of_a_newer_format_is_refused(archive, target, tmp_path):
    def newer(name, data):
        if name != MANIFEST:
            return data
        return json.dumps({**json.loads(data), "format": FORMAT + 1}).encode()

    newer_archive = rewritten(archive, tmp_path / "newer.tar", newer)
    with pytest.raises(BackupError) as refusal:
        restore(newer_archive, database=target.database, media_root=target.media)
    assert str(refusal.value) == (
        f"newer.tar is in backup format {FORMAT + 1}, written by a newer Debrief; this one reads format "
        f"{FORMAT} and older. Restore it with the Debrief version that wrote it."
    )
    assert untouched(target)


def test_a_file_the_manifest_does_not_list_or_outside_the_archive_is_refused(archive, target, tmp_path):
    added = tmp_path / "added.tar"
    rewritten(archive, added, lambda name, data: data)
    with tarfile.open(added, "a") as tar:
        info = tarfile.TarInfo("media/reports/extra.pdf")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"%PDF"))
    with pytest.raises(
        BackupError, match="added.tar holds media/reports/extra.pdf, which its manifest does not"
    ):
        restore(added, database=target.database, media_root=target.media)
    escaping = tmp_path / "escaping.tar"
    with tarfile.open(escaping, "w") as tar:
        info = tarfile.TarInfo("media/../../etc/cron.d/x")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(
        BackupError, match=r"holds media/\.\./\.\./etc/cron\.d/x, which no Debrief backup holds"
    ):
        restore(escaping, database=target.database, media_root=target.media)
    assert untouched(target)


def test_a_file_that_is_not_a_backup_is_refused(target, tmp_path):
    text = tmp_path / "notes.tar.gz"
    text.write_bytes(gzip.compress("述职评议考核".encode()))
    with pytest.raises(BackupError, match="notes.tar.gz cannot be read, it is damaged or not a backup"):
        restore(text, database=target.database, media_root=target.media)
    with pytest.raises(BackupError, match="There is no file"):
        restore(tmp_path / "missing.tar", database=target.database, media_root=target.media)
    assert untouched(target)


def test_a_database_that_holds_debrief_rows_is_refused(archive, target, tmp_path):
    restore(archive, database=target.database, media_root=target.media)
    again = tmp_path / "other-media"
    with pytest.raises(BackupError) as refusal:
        restore(archive, database=target.database, media_root=again)
    assert f"The target database {target.database['NAME']} is not empty:" in str(refusal.value)
    assert "accounts_user (" in str(refusal.value)
    assert str(refusal.value).endswith("Restore into a new, empty database; nothing was changed.")
    assert not again.exists()


def test_a_media_root_that_holds_files_is_refused(archive, target):
    (target.media / "reports").mkdir(parents=True)
    (target.media / "reports" / "kept.pdf").write_bytes(b"%PDF-1.7")
    with pytest.raises(BackupError, match="already holds files. Restore into an empty media root"):
        restore(archive, database=target.database, media_root=target.media)
    assert [p.name for p in target.media.rglob("*")] == ["reports", "kept.pdf"]
    if POSTGRESQL:
        with databases.pg_connect(target.database) as conn, conn.cursor() as cursor:
            assert databases.pg_tables(cursor) == []
    else:
        assert not Path(target.database["NAME"]).exists()


def test_the_restore_command_reports_a_refusal_as_an_error(archive, tmp_path):
    damaged = rewritten(
        archive, tmp_path / "damaged.tar", lambda name, data: data[:-1] if name == MANIFEST else data
    )
    with pytest.raises(
        CommandError, match="damaged.tar has no readable manifest: it is not a Debrief backup."
    ):
        call_command("restore", str(damaged))


def test_a_backup_never_overwrites_a_file(archive):
    with pytest.raises(BackupError, match="already exists; a backup never overwrites a file"):
        backup(archive)


def test_missing_postgresql_tools_are_named_with_where_they_were_looked_for(settings, tmp_path):
    settings.DEBRIEF_PG_BINDIR = str(tmp_path)
    with pytest.raises(BackupError) as refusal:
        databases.pg_tool("pg_restore", 15)
    assert str(refusal.value) == (
        f"pg_restore was not found (looked in {tmp_path}). Install the PostgreSQL 15 client tools, "
        "or set DEBRIEF_PG_BINDIR to the directory that holds them."
    )


@pytest.mark.skipif(not POSTGRESQL, reason="pg_restore restores PostgreSQL archives")
def test_a_postgresql_restore_without_pg_restore_is_refused(archive, target, settings, tmp_path):
    settings.DEBRIEF_PG_BINDIR = str(tmp_path / "empty")
    (tmp_path / "empty").mkdir()
    with pytest.raises(BackupError, match="pg_restore was not found"):
        restore(archive, database=target.database, media_root=target.media)
    assert untouched(target)


@pytest.mark.skipif(POSTGRESQL, reason="SQLite's databases in memory")
def test_a_sqlite_database_in_memory_is_no_restore_target(archive, target):
    with pytest.raises(BackupError, match="A SQLite database is restored into a file; :memory: is not one."):
        restore(archive, database={**target.database, "NAME": ":memory:"}, media_root=target.media)
    assert untouched(target)


@pytest.mark.skipif(not POSTGRESQL, reason="a PostgreSQL database to reach")
def test_a_postgresql_database_that_does_not_exist_is_named(archive, target):
    missing = {**target.database, "NAME": f"{target.database['NAME']}_missing"}
    with pytest.raises(
        BackupError, match=f"The database {missing['NAME']} cannot be reached \\(create it first"
    ):
        restore(archive, database=missing, media_root=target.media)
    assert untouched(target)


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs PostgreSQL's client tools")
def test_a_postgresql_tool_older_than_the_server_is_refused_with_both_versions(settings):
    found = databases.pg_tool("pg_dump", 1)
    major = databases.tool_major(found)
    settings.DEBRIEF_PG_BINDIR = str(Path(found).parent)
    with pytest.raises(BackupError) as refusal:
        databases.pg_tool("pg_dump", major + 1)
    assert f"is version {major}, older than the {major + 1} it needs." in str(refusal.value)
