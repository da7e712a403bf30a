"""One code, one ballot — with real concurrent connections (PostgreSQL, the production database)."""

import pytest
from django.db import connection

from debrief.evaluation import selectors, services
from debrief.evaluation.models import Ballot, Receipt, StagedBallot
from debrief.evaluation.services import BALLOT_BATCH_SIZE
from debrief.testing.concurrency import together
from debrief.testing.factories import evaluation_opened

from .test_row_versions import BALLOTS, CODES, _xmins

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"),
]

LEADERS = "Host leadership team"


def test_one_code_submitted_from_many_connections_at_once_admits_one_ballot(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a)
    ratings = {reporters.a1.pk: ["good"], reporters.a2.pk: ["good"], reporters.a3.pk: ["fair"]}
    code = codes[LEADERS][0]

    outcomes = together(12, lambda i: services.ballot_cast(code_text=code, ratings=ratings))

    kinds = sorted(kind for kind, _detail in outcomes)
    assert kinds == ["ok"] + ["used"] * 11, outcomes
    check = selectors.integrity_check(evaluation)
    assert (check.used, check.ballots, check.receipts) == (1, 1, 1) and check.ok
    assert StagedBallot.objects.count() == 1  # waiting, sealed, for its batch


def test_many_voters_at_once_each_get_their_ballot_stored(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a, codes={LEADERS: 16})
    ratings = {reporters.a1.pk: ["good"], reporters.a2.pk: ["excellent"], reporters.a3.pk: ["fair"]}

    outcomes = together(16, lambda i: services.ballot_cast(code_text=codes[LEADERS][i], ratings=ratings))

    assert [kind for kind, _detail in outcomes] == ["ok"] * 16, outcomes
    assert len({receipt for _kind, receipt in outcomes}) == 16
    check = selectors.integrity_check(evaluation)
    assert (check.used, check.ballots, check.receipts) == (16, 16, 16)


def test_closing_while_voters_submit_never_leaves_a_ballot_outside_the_count(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a, codes={LEADERS: 15})
    ratings = {reporters.a1.pk: ["good"], reporters.a2.pk: ["good"], reporters.a3.pk: ["poor"]}

    def work(i):
        if i == 15:
            return services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
        return services.ballot_cast(code_text=codes[LEADERS][i], ratings=ratings)

    outcomes = together(16, work)

    assert outcomes[15][0] == "ok", outcomes[15]
    assert {kind for kind, _detail in outcomes[:15]} <= {"ok", "closed"}
    evaluation.refresh_from_db()
    stored = Ballot.objects.count()
    assert stored == sum(1 for kind, _detail in outcomes[:15] if kind == "ok")
    assert evaluation.close_check["ballots"] == stored
    assert services.evaluation_recount(evaluation=evaluation).matches


def test_voters_at_once_fill_batches_of_at_least_the_batch_size_and_close_takes_the_rest(
    campaign, reporters, cast
):
    count = 3 * BALLOT_BATCH_SIZE + 2
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a, codes={LEADERS: count})
    ratings = {reporters.a1.pk: ["good"], reporters.a2.pk: ["fair"], reporters.a3.pk: ["good"]}

    outcomes = together(count, lambda i: services.ballot_cast(code_text=codes[LEADERS][i], ratings=ratings))

    assert [kind for kind, _detail in outcomes] == ["ok"] * count, outcomes
    # Batches racing for the waiting rows (SKIP LOCKED) may each take fewer than a batch and move
    # none; those wait for a later ballot or for close. No batch is ever smaller.
    batches = _xmins(BALLOTS)
    assert min(batches.values(), default=BALLOT_BATCH_SIZE) >= BALLOT_BATCH_SIZE
    assert not set(batches) & set(_xmins(CODES, "WHERE used"))
    assert sum(batches.values()) + StagedBallot.objects.count() == count
    services.voting_close(evaluation=evaluation, user=cast.organizer_a)
    assert Ballot.objects.count() == count and not StagedBallot.objects.exists()
    assert set(Receipt.objects.values_list("code", flat=True)) == {receipt for _kind, receipt in outcomes}
