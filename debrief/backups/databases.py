"""What a backup needs to know of each database engine: how to copy it out and back, how to count
its rows and read its migration state. Databases are named by Django settings dicts (ENGINE, NAME,
USER, ...), so a restore can target a database other than the one the site runs on."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import psycopg
from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _
from psycopg import sql

from .errors import BackupError

SQLITE, POSTGRESQL = "sqlite", "postgresql"
ENGINES = {"django.db.backends.sqlite3": SQLITE, "django.db.backends.postgresql": POSTGRESQL}
LABELS = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}


def engine_of(database: dict) -> str:
    try:
        return ENGINES[database["ENGINE"]]
    except KeyError:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(engine)s.") % {"engine": database["ENGINE"]}
        ) from None


def debrief_tables() -> set[str]:
    """The tables of Debrief's own models (many-to-many tables included): the data a restore
    must not overwrite. Django's bookkeeping (migrations, content types) is not among them."""
    return {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("debrief.")
    }


def latest_migrations(rows) -> dict[str, str]:
    """The latest applied migration of each app, from (app, name) rows of django_migrations."""
    latest: dict[str, str] = {}
    for app, name in rows:
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


# SQLite


def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return sorted(name for (name,) in rows)


def sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {
        table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in sqlite_tables(conn)
    }


def sqlite_migrations(conn: sqlite3.Connection) -> dict[str, str]:
    if "django_migrations" not in sqlite_tables(conn):
        return {}
    return latest_migrations(conn.execute("SELECT app, name FROM django_migrations"))


def sqlite_copy(source: sqlite3.Connection, path: Path) -> None:
    """A consistent copy through SQLite's online backup API: writers may go on meanwhile."""
    target = sqlite3.connect(path)
    try:
        source.backup(target)
        # One self-contained file, whatever journal the site's database keeps.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


def sqlite_target(database: dict) -> Path:
    name = str(database["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError(
            _("A SQLite database is restored into a file; %(name)s is not one.") % {"name": name}
        )
    return Path(name)


def sqlite_open_target(path: Path) -> sqlite3.Connection | None:
    """The target database read-only, or None when there is none yet (nothing to overwrite)."""
    if not path.exists():
        return None
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


# PostgreSQL


def pg_connect(database: dict, **kwargs) -> psycopg.Connection:
    params = {
        "dbname": database["NAME"],
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
    }
    options = {
        k: v for k, v in database.get("OPTIONS", {}).items() if k in ("sslmode", "sslrootcert", "service")
    }
    try:
        return psycopg.connect(**{k: v for k, v in params.items() if v}, **options, **kwargs)
    except psycopg.OperationalError as error:
        raise BackupError(
            _("The database %(name)s cannot be reached (create it first if it is new): %(error)s")
            % {"name": database["NAME"], "error": str(error).strip()}
        ) from None


def pg_tables(cursor) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY(current_schemas(false)) "
        "ORDER BY schemaname, tablename"
    )
    return cursor.fetchall()


def pg_counts(cursor) -> dict[str, int]:
    counts = {}
    for schema, table in pg_tables(cursor):
        cursor.execute(
            sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
        )
        counts[table if schema == "public" else f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def pg_migrations(cursor) -> dict[str, str]:
    if "django_migrations" not in {table for _schema, table in pg_tables(cursor)}:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations")
    return latest_migrations(cursor.fetchall())


def pg_server_major(conn: psycopg.Connection) -> int:
    return conn.info.server_version // 10000


def pg_tool(name: str, at_least: int) -> str:
    """The path of pg_dump or pg_restore of at least the given major version.

    pg_dump refuses servers newer than itself, and pg_restore archives of newer pg_dumps, so the
    client must match: DEBRIEF_PG_BINDIR when set (and only there), else Debian's versioned
    directory for that major, else the first on PATH."""
    bindir = settings.DEBRIEF_PG_BINDIR
    if bindir:
        found = shutil.which(name, path=bindir)
        where = bindir
    else:
        versioned = Path(f"/usr/lib/postgresql/{at_least}/bin/{name}")
        found = str(versioned) if os.access(versioned, os.X_OK) else shutil.which(name)
        where = "PATH"
    if not found:
        raise BackupError(
            _(
                "%(tool)s was not found (looked in %(where)s). Install the PostgreSQL %(major)d client "
                "tools, or set DEBRIEF_PG_BINDIR to the directory that holds them."
            )
            % {"tool": name, "where": where, "major": at_least}
        )
    major = tool_major(found)
    if major < at_least:
        raise BackupError(
            _(
                "%(tool)s is version %(found)s, older than the %(major)d it needs. Install the PostgreSQL "
                "%(major)d client tools, or set DEBRIEF_PG_BINDIR to the directory that holds them."
            )
            % {"tool": found, "found": major or "?", "major": at_least}
        )
    return found


def tool_major(path: str) -> int:
    """The major version of a PostgreSQL client tool ("pg_dump (PostgreSQL) 15.20" gives 15)."""
    version = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout
    match = re.search(r"\(PostgreSQL\) (\d+)", version)
    return int(match.group(1)) if match else 0


def pg_command(database: dict) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore, and the environment with the password (never
    on the command line, where other users of the machine could read it)."""
    args = ["--dbname", database["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            args += [option, str(database[key])]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("service", "PGSERVICE"),
    ):
        if database.get("OPTIONS", {}).get(option):
            env[variable] = str(database["OPTIONS"][option])
    return args, env


def run_tool(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": Path(args[0]).name, "error": done.stderr.strip()}
        )
