"""A backup is taken of committed data (pg_dump reads through its own connection), so these tests
commit and the database is emptied after each. The restore target is a separate database: a file
in tmp_path for SQLite, a scratch database `<test database>_restore` for PostgreSQL."""

import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from psycopg import sql

from debrief.backups import databases
from debrief.backups.services import backup
from debrief.demo.evidence_files import photo_png
from debrief.evaluation import services as evaluation_services
from debrief.rectification import services as rectification_services
from debrief.reports import services as report_services
from debrief.testing.factories import evaluation_opened, report_write

POSTGRESQL = connection.vendor == "postgresql"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
LEADERS = "Host leadership team"
SECRETARIES = "Secretaries and department heads"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def target(tmp_path):
    """Where a restore goes: a settings dict for the database, and an empty media root."""
    media = tmp_path / "restored-media"
    if not POSTGRESQL:
        yield SimpleNamespace(
            database={**connection.settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}, media=media
        )
        return
    database = {**connection.settings_dict, "NAME": f"{connection.settings_dict['NAME']}_restore"}
    with databases.pg_connect({**database, "NAME": "postgres"}, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database["NAME"]))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database["NAME"])))
    yield SimpleNamespace(database=database, media=media)
    with databases.pg_connect({**database, "NAME": "postgres"}, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database["NAME"]))
        )


def site_counts() -> dict[str, int]:
    """Every table's rows in the site's database, counted through Django, not the backup code."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def database_url(database: dict) -> str:
    if not POSTGRESQL:
        return f"sqlite:///{database['NAME']}"
    user = database.get("USER") or ""
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    at = f"{user}{password}@" if user else ""
    return f"postgres://{at}{database.get('HOST') or 'localhost'}:{database.get('PORT') or 5432}/{database['NAME']}"


def manage(target, *args) -> subprocess.CompletedProcess:
    """Run manage.py on the restored database and media root, as an operator's drill does."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(target.database),
        "DEBRIEF_MEDIA_ROOT": str(target.media),
    }
    return subprocess.run(
        [sys.executable, str(Path(django_settings.BASE_DIR) / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture
def scenario(campaign, reporters, cast, media_root):
    """A report with an attachment, a ledger item with photo evidence, and an evaluation closed with
    ballots and routine scores: each kind of data a restore must bring back."""
    report = report_write(reporters.a1)
    attachment = report_services.attachment_add(
        report=report, user=None, uploaded_file=SimpleUploadedFile("述职报告附件.pdf", PDF)
    )
    item = rectification_services.item_create(
        campaign=campaign,
        reporter=reporters.a1,
        description="“三会一课”落实不够规范，组织生活质量不高。",
        deadline=campaign.meeting_date.replace(month=4, day=30),
        user=cast.organizer_a,
        measures=["制定组织生活计划"],
    )
    png = photo_png(random.Random(1), (8, 6))
    event = rectification_services.progress_add(
        item=item,
        user=cast.reporter_a1,
        text="已制定组织生活计划。",
        files=[SimpleUploadedFile("现场照片.png", png)],
    )
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a)
    everyone = (reporters.a1, reporters.a2, reporters.a3)
    for category, values in (
        (LEADERS, ("excellent", "good", "fair")),
        (SECRETARIES, ("good", "good", "poor")),
    ):
        for code in codes[category][:2]:
            evaluation_services.ballot_cast(
                code_text=code, ratings={r.pk: [v] for r, v in zip(everyone, values, strict=True)}
            )
    evaluation = evaluation_services.voting_close(
        evaluation=evaluation, user=cast.organizer_a, override_reason="测试"
    )
    evaluation_services.routine_scores_set(
        evaluation=evaluation, scores={r.pk: 90 for r in everyone}, user=cast.organizer_a
    )
    return SimpleNamespace(
        campaign=campaign,
        evaluation=evaluation,
        files=[attachment.file.name, *(e.file.name for e in event.evidence.all())],
    )


@pytest.fixture
def archive_of_scenario(scenario, tmp_path):
    path = tmp_path / "scenario.tar"
    return SimpleNamespace(path=path, tables=backup(path).tables)
