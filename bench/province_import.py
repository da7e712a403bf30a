"""`bench/imports.py --province`: a province's tree imported with `manage.py import_orgs`, beside
its plain limit in the same run (see bench/imports.py's docstring)."""

from __future__ import annotations

import csv
import io
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
HEADER = [
    "code",
    "name",
    "short_name",
    "org_type",
    "level",
    "parent_code",
    "status",
    "secretary_name",
    "secretary_start",
    "secretary_phone",
]
FANOUT = [1, 14, 10, 15]  # the province, cities in it, counties per city, townships per county
LEVELS = ["province", "city", "county", "township", "village"]
TYPES = ["committee", "committee", "committee", "working_committee"]
VILLAGE_TYPES = ["branch", "branch", "general_branch", "committee"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "明华强军平伟芳娟敏静丽秀英霞杰涛斌超"


def province_rows(total: int):
    """The sheet's rows, each organization followed by its subtree (as a tree is exported)."""
    townships = 1
    for fan in FANOUT:
        townships *= fan
    above = sum(1 for _ in _levels_above())
    villages, extra = divmod(total - above, townships)
    count = 0

    def secretary(n: int) -> list[str]:
        name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n // 7) % len(GIVEN)] + GIVEN[(n // 131) % len(GIVEN)]
        start = f"20{20 + n % 5}-{1 + n % 12:02d}-{1 + n % 28:02d}" if n % 3 else ""
        phone = f"139{n:08d}" if n % 3 == 1 else ""
        return [name, start, phone]

    def walk(depth: int, parent: str, prefix: str):
        nonlocal count, extra
        if depth < len(FANOUT):
            fan = FANOUT[depth]
        else:
            fan = villages + (1 if extra > 0 else 0)
            extra -= 1
        for index in range(fan):
            code = f"{prefix}{index:02d}" if depth < len(FANOUT) else f"{prefix}-{index:03d}"
            village = depth == len(FANOUT)
            org_type = VILLAGE_TYPES[index % 4] if village else TYPES[depth]
            name = f"{code}{'村党支部' if village else '党委'}"
            count += 1
            yield [code, name, "", org_type, LEVELS[depth], parent, "", *secretary(count)]
            if not village:
                yield from walk(depth + 1, code, code)

    yield from walk(0, "", "P")


def _levels_above():
    def walk(depth):
        for _ in range(FANOUT[depth]):
            yield 1
            if depth + 1 < len(FANOUT):
                yield from walk(depth + 1)

    yield from walk(0)


def write_file(total: int) -> Path:
    path = OUT / f"province-{total}.csv"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(HEADER)
            writer.writerows(province_rows(total))
    return path


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _django(url: str) -> None:
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="debrief.settings")
    os.environ.update(DEBRIEF_DEBUG="0", DEBRIEF_LOG_LEVEL="WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def plain(file: Path) -> str:
    """The file's rows inserted as directly as the database takes them, then rolled back."""
    import datetime

    from django.db import connection, transaction
    from django.utils import timezone

    from debrief.lib.tree_paths import child_path
    from debrief.orgs.models import Organization, Person, Post

    today = timezone.localdate().isoformat()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with file.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        orgs, people, posts = [], [], []
        placed = {}  # code -> (id, path)
        for number, (code, name, short, org_type, level, parent, _s, boss, start, phone) in enumerate(
            reader, 1
        ):
            parent_id, parent_path = placed[parent] if parent else (None, "")
            path = child_path(parent_path, number)
            placed[code] = (number, path)
            orgs.append((number, code, name, short, org_type, level, parent_id, path, len(path) // 10))
            people.append((number, boss, phone))
            day = datetime.date.fromisoformat(start).isoformat() if start else today
            posts.append((number, number, "secretary", day))
    tables = [
        (
            Organization,
            "id, code, name, short_name, org_type, level, parent_id, path, depth, status, created_at, updated_at",
            [(*row, "active", now, now) for row in orgs],
        ),
        (Person, "id, name, phone, created_at", [(*row, now) for row in people]),
        (Post, "person_id, organization_id, role, start_date", posts),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for model, columns, rows in tables:
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(rows[0]))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        # The foreign keys are checked at commit (Django declares them deferred): check them here,
        # as the import's commit does, before rolling back.
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        else:
            cursor.execute("PRAGMA foreign_key_check")
            assert not cursor.fetchall()
        transaction.set_rollback(True)
    return f"{len(orgs):,} organizations, people and posts inserted, foreign keys checked, rolled back"


def product(file: Path, total: int) -> str:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("import_orgs", str(file), "--max-rows", str(total), stdout=out)
    lines = out.getvalue().splitlines()
    progress = sum(1 for line in lines if line.split(":")[0] in {"Read", "Checked", "Written"})
    return f"{lines[-1]} ({progress} progress lines)"


def run_step(step: str, url: str, file_name: str) -> None:
    file = Path(file_name)
    total = sum(1 for _ in file.open(encoding="utf-8")) - 1
    _django(url)
    from django.utils import translation

    translation.activate("en")
    baseline = max_rss_mib()
    started, cpu = time.perf_counter(), time.process_time()
    outcome = plain(file) if step == "plain" else product(file, total)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    if step == "again":
        from django.core.management import call_command

        call_command("verify_audit", stdout=io.StringIO())
        outcome += "; audit trail verifies"
    print(
        f"{step:<8} {total:>9,} rows {wall:8.1f} s {cpu:7.1f} s CPU {total / wall:9,.0f} rows/s "
        f"{max_rss_mib() - baseline:7.0f} MiB  {outcome}",
        flush=True,
    )


def main(total: int, database_url: str | None, script: str) -> None:
    file = write_file(total)
    if database_url:
        sys.path.insert(0, str(ROOT / "bench"))
        from postgres import recreate_database

        base, _, name = database_url.rpartition("/")
        recreate_database(base.replace("postgres://", "postgresql://", 1) + "/postgres", name)
        url = database_url
    else:
        database = OUT / "imports.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{database}"
    print(f"{file.name}: {total:,} organizations, {file.stat().st_size / 2**20:.1f} MB; {url.split(':')[0]}")
    print("step         rows      wall      CPU       rate   memory  outcome")
    for step in ("plain", "import", "again"):
        subprocess.run([sys.executable, script, "--step", step, url, str(file)], check=True)
