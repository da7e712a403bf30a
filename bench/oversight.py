"""Benchmark: the oversight dashboard over a province of 200,000 organizations.

Creates a PostgreSQL database of its own (dropped at the end, also on error, unless --keep) and fills
it in plain SQL: a province with 14 cities x 10 counties x 15 townships x 10 villages x 8 branches
(191,255 organizations, every one below the province with its secretary); a year's campaign by 90% of
the 23,255 organizations that have subordinates, in every state; their reporters (the hosts'
subordinates), reports, closed evaluations with stored outcomes where the campaign got that far, three
ledger items per reporter in every status, and interviews for those graded fair or poor.

Then, after ANALYZE, each the median (and max) of --runs calls of `oversight.dashboard.dashboard`
(the selector the page calls) on a fresh connection: the province, a city, a county and a township,
once every campaign's kept figures are counted (as the first read after the upgrade does); the
province again with 100 campaigns changed since (their figures counted again on the read); and the
whole page for the province through Django's test client. Side by side, the plain limit: one
SQL statement counting the year's ledger items per city by path, the biggest aggregate the province's
page needs. The plan of the items' aggregate is printed with --plans.

    .venv/bin/python bench/oversight.py
    .venv/bin/python bench/oversight.py --runs 7 --plans

Only the server of DATABASE_URL is used (default postgres://postgres@127.0.0.1:5432/test); its
database is left alone. Without a reachable PostgreSQL it prints why and exits 0.
"""

from __future__ import annotations

import argparse
import datetime
import secrets
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from postgres import django_on, own_database, recreate_database, timed  # noqa: E402

YEAR = 2025
TODAY = datetime.date(2026, 6, 1)
STATES = ["preparing", "meeting", "evaluating", "assessed", "published", "rectifying", "archived"]
# (level, org_type, how many under each parent, first id); ids follow from the parent's, so paths do.
LEVELS = [
    ("city", "committee", 14, 2),
    ("county", "committee", 10, 100),
    ("township", "committee", 15, 1_000),
    ("village", "committee", 10, 10_000),
    ("village", "branch", 8, 100_000),
]

FILL = [
    # the province, then each level from its parents: id = first id + parent's rank x n + k
    """INSERT INTO orgs_organization (id, code, name, short_name, org_type, level, parent_id, path, depth,
       status, created_at, updated_at)
       VALUES (1, 'P', '省委', '', 'committee', 'province', NULL, '0000000001', 1, 'active', now(), now())""",
    *[
        f"""INSERT INTO orgs_organization (id, code, name, short_name, org_type, level, parent_id, path,
           depth, status, created_at, updated_at)
           SELECT {first} + p.rank * {n} + k, 'O' || ({first} + p.rank * {n} + k), '组织' || ({first} + p.rank * {n} + k),
                  '', '{org_type}', '{level}', p.id, p.path || lpad(({first} + p.rank * {n} + k)::text, 10, '0'),
                  {depth + 2}, 'active', now(), now()
           FROM (SELECT id, path, row_number() OVER (ORDER BY id) - 1 AS rank
                 FROM orgs_organization WHERE depth = {depth + 1}) p, generate_series(0, {n - 1}) k"""
        for depth, (level, org_type, n, first) in enumerate(LEVELS)
    ],
    "SELECT setval(pg_get_serial_sequence('orgs_organization', 'id'), 1000000)",
    """INSERT INTO orgs_person (id, name, phone, created_at)
       SELECT id, '书记' || id, '', now() FROM orgs_organization WHERE depth > 1""",
    "SELECT setval(pg_get_serial_sequence('orgs_person', 'id'), 1000000)",
    """INSERT INTO orgs_post (role, start_date, organization_id, person_id)
       SELECT 'secretary', DATE '2020-01-01', id, id FROM orgs_organization WHERE depth > 1""",
    # 90% of the organizations with subordinates hold the year's campaign, in every state
    f"""INSERT INTO campaigns_campaign (year, title, report_deadline, meeting_date, state, created_at, host_id)
       SELECT {YEAR}, '{YEAR}年度党组织书记述职评议考核', DATE '{YEAR}-12-20', DATE '{YEAR + 1}-01-10',
              (ARRAY{STATES!r})[1 + o.id % 7], now(), o.id
       FROM orgs_organization o WHERE o.depth < 6 AND o.id % 10 <> 3""",
    """INSERT INTO campaigns_reporter (mode, campaign_id, organization_id, person_id)
       SELECT 'written', c.id, o.id, o.id FROM campaigns_campaign c JOIN orgs_organization o ON o.parent_id = c.host_id""",
    """INSERT INTO reports_report (state, duties, problems, causes, measures, rectification_account,
       updated_at, reporter_id, revision)
       SELECT CASE WHEN r.id % 20 = 0 THEN 'draft' WHEN r.id % 20 = 1 THEN 'submitted' ELSE 'accepted' END,
              '', '[]'::jsonb, '', '', '', now(), r.id, 1
       FROM campaigns_reporter r JOIN campaigns_campaign c ON c.id = r.campaign_id WHERE c.state <> 'preparing'""",
    """INSERT INTO evaluation_evaluation (points_excellent, points_good, points_fair, points_poor,
       evaluation_weight, good_rate_counts_good, ballot_excellent_cap, refuse_uniform_ballots,
       poor_rate_threshold, band_excellent, band_good, band_fair, excellent_grade_cap, quorum,
       min_category_ballots_shown, state, public_key, quorum_override_reason, close_check, ballots_digest,
       paper_digest, campaign_id, digest_version, publish_ranks)
       SELECT 100, 85, 70, 50, 60, true, '', false, '1/3', 90, 80, 60, '', '1/2', 5, 'closed',
              substr(md5(c.id::text), 1, 16), '', '{}'::jsonb, '', '', c.id, 2, true
       FROM campaigns_campaign c WHERE c.state NOT IN ('preparing', 'meeting', 'evaluating')""",
    """INSERT INTO evaluation_reporteroutcome (counts, valid, evaluation_score, routine_score,
       comprehensive_score, good_rate, poor_rate, grade, grade_rule, rank, evaluation_id, reporter_id)
       SELECT '{}'::jsonb, 50, 85, 88, 86.2, 0.8, 0.02,
              CASE WHEN r.id % 20 = 0 THEN 'poor' WHEN r.id % 20 < 3 THEN 'fair'
                   WHEN r.id % 20 < 11 THEN 'good' ELSE 'excellent' END,
              'band:80', 1 + r.id % 10, e.id, r.id
       FROM campaigns_reporter r JOIN evaluation_evaluation e ON e.campaign_id = r.campaign_id""",
    """INSERT INTO rectification_item (number, description, category, source, source_note, deadline, status,
       created_at, campaign_id, reporter_id, responsible_id)
       SELECT row_number() OVER (PARTITION BY r.campaign_id ORDER BY r.id, k), '问题' || r.id || '-' || k,
              'other', 'manual', '', DATE '2026-03-01' + ((r.id * 3 + k) % 200)::int,
              (ARRAY['open', 'in_progress', 'submitted', 'returned', 'signed_off'])[1 + (r.id + k) % 5],
              now(), r.campaign_id, r.id, r.person_id
       FROM campaigns_reporter r, generate_series(1, 3) k""",
    """INSERT INTO publication_interview (held_on, held_by, points, commitments, recorded_at, reporter_id)
       SELECT DATE '2026-02-01', '组织部部长', '约谈要点', '', now(), o.reporter_id
       FROM evaluation_reporteroutcome o WHERE o.grade IN ('fair', 'poor') AND o.reporter_id % 3 <> 0""",
]


def fill(url: str) -> dict[str, int]:
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in FILL:
            conn.execute(statement)
        conn.execute("ANALYZE")
        counts = {}
        for table in ("orgs_organization", "campaigns_campaign", "campaigns_reporter", "rectification_item"):
            counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        counts["evaluation_reporteroutcome"] = conn.execute(
            "SELECT count(*) FROM evaluation_reporteroutcome"
        ).fetchone()[0]
    return counts


PLAIN_ITEMS = """SELECT substr(h.path, 1, 20), count(*), count(*) FILTER (WHERE i.deadline < %s)
    FROM rectification_item i JOIN campaigns_campaign c ON c.id = i.campaign_id
    JOIN orgs_organization h ON h.id = c.host_id
    WHERE c.year = %s AND h.path >= '0000000001' AND h.path < '0000000002' GROUP BY 1"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plans", action="store_true", help="print the plan of the items' aggregate")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--database", default="debrief_bench_oversight", help="created and dropped")
    args = parser.parse_args()

    found = own_database(args.database, "bench/oversight.py")
    if found is None:
        return 0
    maintenance, url = found
    try:
        django_on(url)
        started = time.perf_counter()
        counts = fill(url)
        print(", ".join(f"{n:,} {table.split('_', 1)[1]}" for table, n in counts.items()))
        print(
            f"filled in {time.perf_counter() - started:.0f} s; first, median and max of {args.runs} runs, ms"
        )
        from django.db import connection, connections
        from django.test import Client

        from debrief.accounts.models import Role, RoleGrant, User
        from debrief.campaigns.models import Campaign
        from debrief.orgs.models import Organization
        from debrief.oversight.dashboard import dashboard
        from debrief.oversight.figures import figures_mark_stale, figures_refresh

        def fresh():
            connections.close_all()

        shown = {
            "province (14 cities)": Organization.objects.get(pk=1),
            "a city (10 counties)": Organization.objects.get(pk=2),
            "a county (15 townships)": Organization.objects.get(pk=100),
            "a township (10 villages)": Organization.objects.get(pk=1000),
        }
        started = time.perf_counter()
        figures_refresh(Campaign.objects.values_list("pk", flat=True))
        print(
            f"every campaign's figures counted once (as the first read does): {time.perf_counter() - started:.1f} s"
        )
        rows = []
        for name, organization in shown.items():
            rows.append(
                (
                    f"dashboard: {name}",
                    timed(lambda o=organization: dashboard(o, YEAR, TODAY), args.runs, fresh),
                )
            )

        def plain():
            with connection.cursor() as cursor:
                cursor.execute(PLAIN_ITEMS, [TODAY, YEAR])
                cursor.fetchall()

        rows.append(("plain: items per city in one statement", timed(plain, args.runs, fresh)))
        changed = list(Campaign.objects.order_by("?").values_list("pk", flat=True)[:100])

        def stale():
            fresh()
            figures_mark_stale(changed)

        province = shown["province (14 cities)"]
        rows.append(
            (
                "province, 100 campaigns changed since",
                timed(lambda: dashboard(province, YEAR, TODAY), args.runs, stale),
            )
        )
        user = User.objects.create_user("bench_observer", password=secrets.token_urlsafe(12))
        RoleGrant.objects.create(user=user, role=Role.OBSERVER, organization=shown["province (14 cities)"])
        client = Client()
        client.force_login(user)

        def page():
            assert client.get(f"/oversight/P/{YEAR}/").status_code == 200

        rows.append(("page: province, whole request", timed(page, args.runs, fresh)))
        for name, (first, median, most) in rows:
            print(f"{name:<42} {first:>9.1f} {median:>9.1f} {most:>9.1f}")
        if args.plans:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + PLAIN_ITEMS, [TODAY, YEAR])
                print("\n".join(row[0] for row in cursor.fetchall()))
        return 0
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not args.keep:
            recreate_database(maintenance, args.database, create=False)


if __name__ == "__main__":
    sys.exit(main())
