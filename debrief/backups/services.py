"""Backup and restore: the database and the media files in one archive with a manifest, and back
into an empty database and media root, checking every checksum first and every row count after."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from debrief.evaluation.models import Evaluation, EvaluationState

from . import databases as db
from .archive import FORMAT, MEDIA, Writer, unpack
from .errors import BackupError
from .files import missing_files


@dataclass
class BackupResult:
    path: Path
    engine: str
    tables: dict[str, int]
    media_files: int
    open_evaluations: list[str]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclass
class RestoreResult:
    engine: str
    created_at: str
    media_files: int
    # (table, rows in the archive's manifest, rows restored) for every table that differs.
    differences: list[tuple[str, int | None, int | None]]
    tables: dict[str, int]
    missing_files: list[str] = field(default_factory=list)
    migrations_behind: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.differences and not self.missing_files


def backup(output: Path, *, using: str = "default", media_root: Path | None = None) -> BackupResult:
    """Write the database and the media files to one archive at output."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    database = connections[using].settings_dict
    engine = db.engine_of(database)
    if output.exists():
        raise BackupError(_("%(path)s already exists; a backup never overwrites a file.") % {"path": output})
    if not output.parent.is_dir():
        raise BackupError(_("There is no directory %(path)s.") % {"path": output.parent})
    open_now = [
        e.campaign.title
        for e in Evaluation.objects.using(using).filter(state=EvaluationState.OPEN).select_related("campaign")
    ]
    created = timezone.now()
    writer = Writer(output)
    try:
        with tempfile.TemporaryDirectory(prefix="debrief-backup-") as scratch:
            copy = Path(scratch) / ("database.sqlite3" if engine == db.SQLITE else "database.pgdump")
            about = _sqlite_copy(using, copy) if engine == db.SQLITE else _pg_dump(database, copy)
            writer.add_file(copy.name, copy)
        # After the database: an upload's file is written before its row, so every file the dumped
        # rows name is already there (a newer file without its row is harmless).
        media_files = writer.add_media(media_root)
        writer.finish(
            {
                "format": FORMAT,
                "created_at": created.isoformat(),
                "database": {"engine": engine, "file": copy.name, **about["server"]},
                "migrations": about["migrations"],
                "tables": about["tables"],
            },
            created.timestamp(),
        )
    except BaseException:
        writer.abandon()
        raise
    return BackupResult(output, engine, about["tables"], media_files, open_now)


def _sqlite_copy(using: str, copy: Path) -> dict:
    connection = connections[using]
    connection.ensure_connection()
    db.sqlite_copy(connection.connection, copy)
    # Counted in the copy itself, so the counts are those of the archived database exactly.
    copied = db.sqlite3.connect(copy)
    try:
        return {
            "server": {"sqlite_version": db.sqlite3.sqlite_version},
            "tables": db.sqlite_counts(copied),
            "migrations": db.sqlite_migrations(copied),
        }
    finally:
        copied.close()


def _pg_dump(database: dict, copy: Path) -> dict:
    # pg_dump reads the snapshot of a transaction held open here, and the rows are counted in that
    # same transaction: the manifest describes exactly the dumped state, however busy the site.
    with db.pg_connect(database) as conn:
        conn.isolation_level = db.psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        major = db.pg_server_major(conn)
        tool = db.pg_tool("pg_dump", major)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            args, env = db.pg_command(database)
            db.run_tool([tool, "--format=custom", f"--snapshot={snapshot}", f"--file={copy}", *args], env)
            about = {
                # pg_restore must be at least as new as the pg_dump that wrote the archive.
                "server": {"server_version": conn.info.server_version, "dump_major": db.tool_major(tool)},
                "tables": db.pg_counts(cursor),
                "migrations": db.pg_migrations(cursor),
            }
        conn.rollback()
    return about


def restore(archive: Path, *, database: dict, media_root: Path) -> RestoreResult:
    """Restore an archive into an empty database and an empty media root; refuse, touching
    nothing, when the archive is damaged or of a newer format, or a target holds data."""
    engine = db.engine_of(database)
    with tempfile.TemporaryDirectory(prefix="debrief-restore-") as scratch:
        staging = Path(scratch)
        manifest = unpack(archive, staging)
        stored = manifest["database"]
        if stored["engine"] != engine:
            raise BackupError(
                _("%(archive)s holds a %(stored)s database; the target database is %(engine)s.")
                % {
                    "archive": archive.name,
                    "stored": db.LABELS.get(stored["engine"], stored["engine"]),
                    "engine": db.LABELS[engine],
                }
            )
        tool = db.pg_tool("pg_restore", stored["dump_major"]) if engine == db.POSTGRESQL else None
        _refuse_unless_empty(database, engine)
        _refuse_unless_empty_media(media_root)
        if engine == db.SQLITE:
            _sqlite_place(staging / stored["file"], db.sqlite_target(database))
        else:
            args, env = db.pg_command(database)
            # --clean --if-exists drops the empty tables of a migrated target before recreating them.
            restore_args = ["--no-owner", "--no-privileges", "--clean", "--if-exists", "--exit-on-error"]
            db.run_tool(
                [tool, *restore_args, "--single-transaction", *args, str(staging / stored["file"])], env
            )
        media_files = _media_place(staging / MEDIA, media_root)
    tables = _counts(database, engine)
    expected = manifest["tables"]
    differences = [
        (table, expected.get(table), tables.get(table))
        for table in sorted(set(expected) | set(tables))
        if expected.get(table) != tables.get(table)
    ]
    return RestoreResult(
        engine=engine,
        created_at=manifest["created_at"],
        media_files=media_files,
        differences=differences,
        tables=tables,
        missing_files=_query(database, engine, lambda run: missing_files(run, media_root)),
        migrations_behind=_behind(manifest["migrations"]),
    )


def _query(database: dict, engine: str, work):
    """Run work(run) against the target, where run(sql) returns all rows."""
    if engine == db.SQLITE:
        conn = db.sqlite_open_target(db.sqlite_target(database))
        try:
            return work(lambda query: conn.execute(query).fetchall())
        finally:
            conn.close()
    with db.pg_connect(database) as conn, conn.cursor() as cursor:
        return work(lambda query: cursor.execute(query).fetchall())


def _counts(database: dict, engine: str) -> dict[str, int]:
    if engine == db.POSTGRESQL:
        with db.pg_connect(database) as conn, conn.cursor() as cursor:
            return db.pg_counts(cursor)
    conn = db.sqlite_open_target(db.sqlite_target(database))
    if conn is None:
        return {}
    try:
        return db.sqlite_counts(conn)
    finally:
        conn.close()


def _refuse_unless_empty(database: dict, engine: str) -> None:
    tables = db.debrief_tables()
    held = {table: n for table, n in _counts(database, engine).items() if n and table in tables}
    if held:
        shown = ", ".join(f"{table} ({n})" for table, n in sorted(held.items())[:5])
        raise BackupError(
            ngettext(
                "The target database %(name)s is not empty: %(n)d Debrief table has rows (%(tables)s). "
                "Restore into a new, empty database; nothing was changed.",
                "The target database %(name)s is not empty: %(n)d Debrief tables have rows (%(tables)s). "
                "Restore into a new, empty database; nothing was changed.",
                len(held),
            )
            % {"name": database["NAME"], "n": len(held), "tables": shown}
        )


def _refuse_unless_empty_media(media_root: Path) -> None:
    if media_root.exists() and any(path.is_file() for path in media_root.rglob("*")):
        raise BackupError(
            _(
                "The media root %(path)s already holds files. Restore into an empty media root "
                "(set DEBRIEF_MEDIA_ROOT); nothing was changed."
            )
            % {"path": media_root}
        )


def _sqlite_place(copy: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    landing = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(copy, landing)
    for stale in (target.with_name(f"{target.name}-wal"), target.with_name(f"{target.name}-shm")):
        stale.unlink(missing_ok=True)  # the empty target's journal must not be replayed onto the copy
    os.replace(landing, target)


def _media_place(staged: Path, media_root: Path) -> int:
    media_root.mkdir(parents=True, exist_ok=True)
    count = 0
    if staged.is_dir():
        for path in sorted(staged.rglob("*")):
            if path.is_file():
                target = media_root / path.relative_to(staged)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)
                count += 1
    return count


def _behind(archived: dict[str, str]) -> list[str]:
    """Apps whose code has migrations newer than the archive's: the operator runs migrate."""
    leaves = dict(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
    return sorted(app for app, name in archived.items() if app in leaves and leaves[app] > name)
