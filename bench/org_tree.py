"""Benchmark: the organization tree at national scale.

Builds a synthetic tree of N organizations (default 5,000,000: 10 provinces x
14 cities x 10 counties x 15 townships x ~237 villages) in a database of its
own, then times the tree reads the pages use, and shows each query's plan to
prove it reads an index range rather than the whole table.

    .venv/bin/python bench/org_tree.py                      # SQLite, bench/out/orgs.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/debrief_bench .venv/bin/python bench/org_tree.py
    BENCH_ORGS=1000000 .venv/bin/python bench/org_tree.py   # a smaller tree

The database is reused between runs when it already holds the requested size.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
OUT.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'orgs.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "debrief.settings")
TARGET = int(os.environ.get("BENCH_ORGS", "5000000"))

FANOUT = [10, 14, 10, 15]  # provinces, cities per province, counties per city, townships per county
LEVELS = ["province", "city", "county", "township", "village"]
TYPES = ["committee", "committee", "committee", "working_committee"]
VILLAGE_TYPES = ["branch", "branch", "general_branch", "committee"]


def ensure_database() -> None:
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(
        base.replace("postgres://", "postgresql://", 1) + "/postgres", autocommit=True
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def generate(target: int):
    """Yield (id, code, name, org_type, level, parent_id, path, depth) rows, parents first."""
    from debrief.lib.tree_paths import child_path

    upper = 1
    for fan in FANOUT:
        upper *= fan
    per_township = max(1, round(target / upper) - 1)
    next_id = 1

    def walk(parent_id, parent_path, depth, code):
        nonlocal next_id
        fan = FANOUT[depth - 1] if depth <= len(FANOUT) else per_township
        for index in range(fan):
            node_id = next_id
            next_id += 1
            path = child_path(parent_path, node_id)
            node_code = f"{code}{index:03d}" if code else f"P{index:02d}"
            village = depth > len(FANOUT)
            org_type = VILLAGE_TYPES[index % 4] if village else TYPES[depth - 1]
            yield (
                node_id,
                node_code,
                f"组织{node_code}",
                org_type,
                LEVELS[depth - 1],
                parent_id,
                path,
                depth,
            )
            if not village:
                yield from walk(node_id, path, depth + 1, node_code)

    yield from walk(None, "", 1, "")


def load(target: int) -> None:
    from django.db import connection

    from debrief.orgs.models import Organization

    count = Organization.objects.count()
    if count >= target * 0.95:
        print(f"reusing {count:,} organizations")
        return
    started = time.perf_counter()
    if count:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Organization._meta.db_table}")
    table = Organization._meta.db_table
    columns = (
        "id, code, name, short_name, org_type, level, parent_id, path, depth, status, created_at, updated_at"
    )
    now = "2026-01-01 00:00:00+00"
    rows = ((*r[:3], "", *r[3:], "active", now, now) for r in generate(target))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
            # Sets the visibility map, so subtree counts can be index-only scans.
            cursor.execute(f"VACUUM ANALYZE {table}")
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            batch = []
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 12)})"
            for row in rows:
                batch.append(row)
                if len(batch) == 50_000:
                    cursor.executemany(sql, batch)
                    batch.clear()
            if batch:
                cursor.executemany(sql, batch)
            cursor.execute("ANALYZE")
    print(f"loaded {Organization.objects.count():,} organizations in {time.perf_counter() - started:.0f} s")


def timed(label: str, fn, runs: int = 7) -> float:
    fn()  # warm the cache: the figures are for a running server, not a cold disk
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    median = statistics.median(samples)
    print(f"  {label:<55} median {median:8.2f} ms   max {max(samples):8.2f} ms")
    return median


def plan(queryset) -> str:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    prefix = "EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return " | ".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from debrief.orgs import selectors
    from debrief.orgs.models import Organization

    call_command("migrate", verbosity=0)
    load(TARGET)
    total = Organization.objects.count()
    province = Organization.objects.get(code="P00")
    city = Organization.objects.get(code="P00000")
    county = Organization.objects.get(code="P00000000")
    township = Organization.objects.get(code="P00000000000")
    print(f"\n{connection.vendor}, {total:,} organizations")
    print(
        f"  township {township.code} has {township.children.count()} villages; province subtree "
        f"{Organization.objects.subtree_of(province.path).count():,}"
    )

    def counts(org):
        return lambda: selectors.subtree_counts_by_type(org)

    timed("children of a township (~237, with has_children)", lambda: list(selectors.children_of(township)))
    timed("children of a province (14)", lambda: list(selectors.children_of(province)))
    timed("count a county's subtree by type (~3.6k)", counts(county))
    timed("count a city's subtree by type (~36k)", counts(city))
    timed("count a province's subtree by type (~500k)", counts(province))
    timed("ancestors of a village", lambda: selectors.ancestors_of(township.children.first()))
    within_city = Organization.objects.subtree_of(city.path)
    timed(
        "search a city's subtree by name (36k rows)",
        lambda: selectors.search_organizations(within_city, "组织P00000003"),
    )

    print("\nplans")
    print("  children:", plan(Organization.objects.filter(parent=township).order_by("code")))
    by_type = (
        Organization.objects.subtree_of(province.path)
        .active()
        .values("org_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    print("  subtree counts:", plan(by_type))


if __name__ == "__main__":
    main()
