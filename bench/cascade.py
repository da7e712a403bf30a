"""Benchmark: the cascade's superior pages over a province of 200,000 organizations.

Fills a PostgreSQL database of its own exactly as bench/oversight.py does (191,255 organizations, a
year's campaign by 90% of the 23,255 that have subordinates, in every state, with reporters, outcomes
and ledgers), then adds the province's published work plan (deadlines for cities, counties and
townships: 2,254 expected hosts) adopted by half the campaigns, and each campaign's plan filed.

Then, after ANALYZE, the first, median and max of --runs calls on a fresh connection of:
- `plans.progress.progress` (every expected host, its campaign, adoption and late flag) for the
  province's plan, and the whole progress page (first 100 rows with their changes from the plan);
- `filings.board.board` (every host below with each kind's due date and filing) for the province and
  for a city, and the whole province page;
and, side by side, the plain limit: one SQL statement counting the expected hosts' campaigns by state
per level, the smallest read that can say who has started.

    .venv/bin/python bench/cascade.py
    .venv/bin/python bench/cascade.py --runs 7

Only the server of DATABASE_URL is used (default postgres://postgres@127.0.0.1:5432/test); its
database is left alone. Without a reachable PostgreSQL it prints why and exits 0.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from oversight import TODAY, YEAR, fill  # noqa: E402
from postgres import django_on, own_database, recreate_database, timed  # noqa: E402

DEADLINES = {"city": "2025-12-31", "county": "2026-01-31", "township": "2026-02-28"}

CASCADE = [
    # The province's plan, published, with the default scheme and three categories.
    f"""INSERT INTO plans_plan (issuer_id, year, title, document_number, guidance, requirements, categories,
       sub_indicators, indicators, scheme_locked, categories_locked, indicators_locked, filing_days,
       conveyance_days, state, created_at, published_at,
       points_excellent, points_good, points_fair, points_poor, evaluation_weight, good_rate_counts_good,
       ballot_excellent_cap, refuse_uniform_ballots, poor_rate_threshold, band_excellent, band_good,
       band_fair, excellent_grade_cap, quorum, publish_ranks, min_category_ballots_shown)
       VALUES (1, {YEAR}, '工作方案', '', '', '',
       '[{{"name": "班子成员", "weight": "30"}}, {{"name": "党组织书记", "weight": "40"}},
         {{"name": "党员群众代表", "weight": "30"}}]',
       '[]', '[{{"name": "发展党员", "unit": "名"}}]', true, false, true, 7, 30, 'published', now(), now(),
       100, 85, 70, 50, 60, true, '', false, '1/3', 90, 80, 60, '', '1/2', true, 5)""",
    *[
        f"""INSERT INTO plans_plandeadline (plan_id, level, deadline)
           SELECT id, '{level}', DATE '{day}' FROM plans_plan"""
        for level, day in DEADLINES.items()
    ],
    # Half the planned levels' campaigns started from it.
    """INSERT INTO plans_planadoption (plan_id, campaign_id, started_at)
       SELECT p.id, c.id, now() FROM plans_plan p, campaigns_campaign c JOIN orgs_organization h ON h.id = c.host_id
       WHERE h.level IN ('city', 'county', 'township') AND c.id % 2 = 0""",
    # Every campaign's work arrangements filed with its superior, some late.
    """INSERT INTO filings_filing (campaign_id, kind, filed_to_id, filed_at, filed_by_name, snapshot)
       SELECT c.id, 'plan', h.parent_id, c.meeting_date - (c.id % 9 - 2) * interval '1 day', '组织部', '{}'
       FROM campaigns_campaign c JOIN orgs_organization h ON h.id = c.host_id WHERE h.parent_id IS NOT NULL""",
]

PLAIN_STARTED = """SELECT h.level, c.state, count(*)
    FROM orgs_organization h LEFT JOIN campaigns_campaign c ON c.host_id = h.id AND c.year = %s
    WHERE h.path >= '0000000001' AND h.path < '0000000002' AND h.level IN ('city', 'county', 'township')
    GROUP BY 1, 2"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--database", default="debrief_bench_cascade", help="created and dropped")
    args = parser.parse_args()

    found = own_database(args.database, "bench/cascade.py")
    if found is None:
        return 0
    maintenance, url = found
    try:
        django_on(url)
        started = time.perf_counter()
        counts = fill(url)
        with psycopg.connect(url, autocommit=True) as conn:
            for statement in CASCADE:
                conn.execute(statement)
            conn.execute("ANALYZE")
            adopted = conn.execute("SELECT count(*) FROM plans_planadoption").fetchone()[0]
            filed = conn.execute("SELECT count(*) FROM filings_filing").fetchone()[0]
        print(", ".join(f"{n:,} {table.split('_', 1)[1]}" for table, n in counts.items()))
        print(f"{adopted:,} campaigns started from the plan, {filed:,} filings")
        print(
            f"filled in {time.perf_counter() - started:.0f} s; first, median and max of {args.runs} runs, ms"
        )
        from django.db import connection, connections
        from django.test import Client

        from debrief.accounts.models import Role, RoleGrant, User
        from debrief.filings.board import board
        from debrief.orgs.models import Organization
        from debrief.plans.models import Plan
        from debrief.plans.progress import progress

        def fresh():
            connections.close_all()

        plan = Plan.objects.get()
        province, city = Organization.objects.get(pk=1), Organization.objects.get(pk=2)
        print(
            f"expected hosts: {len(progress(plan, TODAY).rows):,}; hosts on the province's filings board: "
            f"{len(board(province, YEAR, TODAY).rows):,}"
        )

        def plain():
            with connection.cursor() as cursor:
                cursor.execute(PLAIN_STARTED, [YEAR])
                cursor.fetchall()

        rows = [
            (
                "plans: progress of the province's plan",
                timed(lambda: progress(plan, TODAY), args.runs, fresh),
            ),
            ("plain: campaigns by level and state", timed(plain, args.runs, fresh)),
            ("filings: board of the province", timed(lambda: board(province, YEAR, TODAY), args.runs, fresh)),
            ("filings: board of a city", timed(lambda: board(city, YEAR, TODAY), args.runs, fresh)),
        ]
        user = User.objects.create_user("bench_organizer", password=secrets.token_urlsafe(12))
        RoleGrant.objects.create(user=user, role=Role.ORGANIZER, organization=province)
        client = Client()
        client.force_login(user)
        for name, path in (
            ("page: the plan's progress", f"/plans/{plan.pk}/progress/"),
            ("page: the province's filings", f"/filings/P/{YEAR}/"),
        ):
            rows.append((name, timed(lambda p=path: _ok(client.get(p)), args.runs, fresh)))
        for name, (first, median, most) in rows:
            print(f"{name:<42} {first:>9.1f} {median:>9.1f} {most:>9.1f}")
        return 0
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not args.keep:
            recreate_database(maintenance, args.database, create=False)


def _ok(response) -> None:
    assert response.status_code == 200, response.status_code


if __name__ == "__main__":
    sys.exit(main())
