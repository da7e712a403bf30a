"""Benchmark: closing an evaluation and reading its results, at thousands of ballots.

Creates a PostgreSQL database of its own (dropped at the end, also on error): a host with N
reporting counties, an evaluation with three evaluator categories and four sub-indicators, and
B electronic ballots bulk-created in the shape voting stores them (each rates every reporter on
the overall indicator and on every sub-indicator), with as many used codes and receipts, and a
routine score for every reporter. Then, each the median of --runs:

- close: `voting_close` (integrity check, shuffled box, digests, the outcome stored), reopened
  between runs by setting the state back;
- the results page, a reporter's calculation sheet, the XLSX and the API's results, as an
  organizer asks for them (Django's test client in this process, no web server);
- recount: `evaluation_recount`, the 复核 that counts the stored ballots afresh.

Side by side, the plain limits in the same run: one SQL statement that counts every rating of
the box (what close must do once at least), and one that reads the stored outcome rows (what a
results page must read at least).

    .venv/bin/python bench/results.py                    # 5,000 ballots, 60 reporters
    .venv/bin/python bench/results.py --ballots 500

Only the server of DATABASE_URL is used (default postgres://postgres@127.0.0.1:5432/test); its
database is left alone. Without a reachable PostgreSQL it prints why and exits 0.
"""

from __future__ import annotations

import argparse
import random
import secrets
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from postgres import django_on, own_database, recreate_database, timed  # noqa: E402

RATINGS = ["excellent", "good", "fair", "poor"]
WEIGHTS = [45, 35, 15, 5]  # a plausible spread: mostly 好 and 较好
SUB_INDICATORS = ["抓党建责任落实", "基层组织建设", "党员队伍管理", "作风建设"]


def set_up(reporters: int, ballots: int):
    """The campaign with voting open and the box filled; returns (campaign, organizer)."""
    from django.db import transaction

    from debrief.accounts.models import Role
    from debrief.campaigns import services as campaigns
    from debrief.evaluation import services
    from debrief.evaluation.models import Ballot, BallotCode, BoxCount, Receipt
    from debrief.evaluation.services.counts import ballot_digest, counts_add
    from debrief.lib import ballot_codes
    from debrief.orgs.models import Level
    from debrief.testing import factories

    host = factories.OrganizationFactory(code="BR", name="结果市委", level=Level.CITY)
    organizer = factories.user_with_role(Role.ORGANIZER, host, username="bench_results")
    counties = [
        factories.subordinate_with_secretary(
            host, f"BR{i:03d}", f"结果县{i:03d}", f"书记{i}", level=Level.COUNTY
        )
        for i in range(1, reporters + 1)
    ]
    campaign = factories.campaign_open(host, year=2025, user=organizer)
    campaigns.reporters_add(campaign=campaign, organizations=counties, mode="on_site")
    campaigns.campaign_advance(campaign=campaign, user=organizer, reason="benchmark")
    evaluation = services.evaluation_set_up(campaign)
    services.sub_indicators_set(evaluation=evaluation, names=SUB_INDICATORS)
    services.voting_open(evaluation=evaluation, user=organizer)
    categories = list(evaluation.categories.all())
    ids = [str(pk) for pk in campaign.reporters.values_list("pk", flat=True)]
    rng = random.Random(7)
    width = 1 + len(SUB_INDICATORS)
    # As the ballot box stores them: each ballot with its digest, and the running counts it adds to.
    boxes = {box.category_id: box for box in BoxCount.objects.filter(evaluation=evaluation)}
    with transaction.atomic():
        for start in range(0, ballots, 1000):
            size = min(1000, ballots - start)
            chosen = [categories[(start + i) % len(categories)] for i in range(size)]
            BallotCode.objects.bulk_create(
                BallotCode(
                    evaluation=evaluation,
                    category=category,
                    code_hash=secrets.token_hex(32),
                    serial=start + i + 1,
                    used=True,
                )
                for i, category in enumerate(chosen)
            )
            box = []
            for category in chosen:
                ratings = {pk: rng.choices(RATINGS, WEIGHTS, k=width) for pk in ids}
                digest = ballot_digest(category.name, ratings)
                box.append(Ballot(evaluation=evaluation, category=category, ratings=ratings, digest=digest))
                counts_add(boxes[category.pk].counts, ratings)
                boxes[category.pk].ballots += 1
            Ballot.objects.bulk_create(box)
            Receipt.objects.bulk_create(
                Receipt(evaluation=evaluation, code=ballot_codes.receipt_code()) for _ in range(size)
            )
        BoxCount.objects.bulk_update(boxes.values(), ["ballots", "counts"])
        services.routine_scores_set(
            evaluation=evaluation,
            scores={int(pk): Decimal(rng.randint(7000, 9900)) / 100 for pk in ids},
            user=organizer,
        )
    return campaign, organizer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=5000)
    parser.add_argument("--reporters", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", default="debrief_bench_results", help="created and dropped")
    args = parser.parse_args()

    found = own_database(args.database, "bench/results.py")
    if found is None:
        return 0
    maintenance, url = found
    try:
        django_on(url)
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from debrief.evaluation import services
        from debrief.evaluation.models import Evaluation, EvaluationState

        started = time.perf_counter()
        campaign, organizer = set_up(args.reporters, args.ballots)
        evaluation = Evaluation.objects.get(campaign=campaign)
        ratings = args.ballots * args.reporters * (1 + len(SUB_INDICATORS))
        print(
            f"set up {args.reporters} reporters, {args.ballots:,} ballots ({ratings:,} ratings):"
            f" {time.perf_counter() - started:.1f} s; median (max) of {args.runs} runs, ms"
        )

        def reopen():
            Evaluation.objects.filter(pk=evaluation.pk).update(state=EvaluationState.OPEN)

        def close():
            services.voting_close(evaluation=evaluation, user=organizer)

        def plain_count():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT b.category_id, r.key, e.ord, e.value, count(*)"
                    " FROM evaluation_ballot b, jsonb_each(b.ratings) r,"
                    " jsonb_array_elements_text(r.value) WITH ORDINALITY e(value, ord)"
                    " WHERE b.evaluation_id = %s GROUP BY 1, 2, 3, 4",
                    [evaluation.pk],
                )
                cursor.fetchall()

        rows = [("close", timed(close, args.runs, reopen))]
        rows.append(("plain: count every rating in SQL", timed(plain_count, args.runs)))
        client = Client()
        client.force_login(organizer)
        reporter = campaign.reporters.order_by("pk").first()
        pages = {
            "results page": reverse("evaluation:results", args=[campaign.pk]),
            "calculation sheet": reverse("evaluation:sheet", args=[campaign.pk, reporter.pk]),
            "results XLSX": reverse("evaluation:results_xlsx", args=[campaign.pk]),
            "API results": f"/api/v1/campaigns/{campaign.pk}/evaluation/results",
        }
        for name, path in pages.items():

            def fetch(path=path):
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                getattr(response, "content", None) or b"".join(response.streaming_content)

            fetch()  # warm: templates compiled, grants read
            rows.append((name, timed(fetch, args.runs)))
        if hasattr(services, "evaluation_recount"):

            def recount():
                services.evaluation_recount(evaluation=evaluation, user=organizer)

            rows.append(("recount (复核)", timed(recount, max(1, args.runs // 2))))

            def plain_outcome():
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT * FROM evaluation_reporteroutcome WHERE evaluation_id = %s", [evaluation.pk]
                    )
                    cursor.fetchall()

            rows.append(("plain: read the stored outcome", timed(plain_outcome, args.runs)))
        for name, (_first, median, most) in rows:
            print(f"{name:<36} {median:>9.1f} {most:>9.1f}")
        return 0
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        recreate_database(maintenance, args.database, create=False)


if __name__ == "__main__":
    sys.exit(main())
