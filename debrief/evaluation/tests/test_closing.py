"""Closing: integrity and quorum checks, a shuffled ballot box, frozen digests, paper tallies."""

import hashlib
import json
import logging
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection

from debrief.accounts.models import Role
from debrief.evaluation import paper_selectors, selectors, services
from debrief.evaluation.models import Ballot, BallotCode, Evaluation, Receipt, StagedBallot
from debrief.evaluation.services import EvaluationError
from debrief.lib import tally
from debrief.testing.factories import evaluation_opened, user_with_role

LEADERS = "Host leadership team"
SECRETARIES = "Secretaries and department heads"
REPRESENTATIVES = "Party member and masses representatives"


def ratings_for(reporters, *values):
    return {r.pk: [v] for r, v in zip((reporters.a1, reporters.a2, reporters.a3), values, strict=True)}


def test_closing_below_the_quorum_needs_a_recorded_reason(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a)  # 3 codes per category: 9 expected
    for code in codes[LEADERS]:
        services.ballot_cast(code_text=code, ratings=ratings_for(reporters, "good", "good", "fair"))
    turnout = selectors.turnout(evaluation)
    assert (turnout.voted, turnout.expected, turnout.needed, turnout.quorum_met) == (3, 9, 5, False)
    with pytest.raises(EvaluationError, match="Only 3 of 9 expected evaluators have voted"):
        services.voting_close(evaluation=evaluation, user=cast.organizer_a)
    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="部分代表因公缺席")
    evaluation.refresh_from_db()
    assert evaluation.is_closed
    assert evaluation.quorum_override_reason == "部分代表因公缺席"
    assert evaluation.close_check == {
        "issued": 9,
        "used": 3,
        "unused": 6,
        "voided": 0,
        "ballots": 3,
        "receipts": 3,
        "paper": 0,
        "voted": 3,
        "expected": 9,
    }


def test_the_quorum_is_more_than_half_of_the_expected_evaluators(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(
        campaign, cast.organizer_a, codes={LEADERS: 2, SECRETARIES: 2, REPRESENTATIVES: 0}
    )
    for code in codes[LEADERS]:
        services.ballot_cast(code_text=code, ratings=ratings_for(reporters, "good", "good", "fair"))
    assert not selectors.turnout(evaluation).quorum_met  # 2 of 4 is half, not more
    services.ballot_cast(
        code_text=codes[SECRETARIES][0], ratings=ratings_for(reporters, "good", "good", "fair")
    )
    assert selectors.turnout(evaluation).quorum_met
    services.voting_close(evaluation=evaluation, user=cast.organizer_a)
    assert Evaluation.objects.get().quorum_override_reason == ""


def test_closing_refuses_when_ballots_outnumber_used_codes(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a)
    services.ballot_cast(code_text=codes[LEADERS][0], ratings=ratings_for(reporters, "good", "good", "fair"))
    Ballot.objects.create(
        evaluation=evaluation, category=evaluation.categories.first(), ratings={}
    )  # stuffed
    with pytest.raises(EvaluationError, match="integrity check failed.*used 1, .*ballots 2"):
        services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="x")
    assert Evaluation.objects.get().is_open


def test_closing_refuses_while_a_waiting_ballot_cannot_be_opened_with_the_servers_key(
    campaign, reporters, cast, settings
):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a)
    services.ballot_cast(code_text=codes[LEADERS][0], ratings=ratings_for(reporters, "good", "good", "fair"))
    settings.DEBRIEF_BALLOT_CODE_KEY = "a key other than the one the ballot was sealed under"
    with pytest.raises(
        EvaluationError, match="1 accepted ballot cannot be opened with this server's ballot key"
    ):
        services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="x")
    assert Evaluation.objects.get().is_open and StagedBallot.objects.count() == 1


def _stored_order() -> list[str]:
    # The physical order a database administrator would see, not the model's ordering.
    table = Ballot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ratings FROM {table}")
        rows = [row[0] for row in cursor.fetchall()]
    return [_canonical(json.loads(row) if isinstance(row, str) else row) for row in rows]


def _canonical(ratings: dict) -> str:
    return json.dumps({str(k): v for k, v in ratings.items()}, sort_keys=True)


def test_stored_ballots_carry_nothing_that_identifies_the_voter_or_the_moment(
    campaign, reporters, cast, caplog
):
    evaluation, codes = evaluation_opened(
        campaign, cast.organizer_a, codes={LEADERS: 12, SECRETARIES: 0, REPRESENTATIVES: 0}
    )
    patterns = ["excellent", "good", "fair", "poor"]
    caplog.set_level(logging.DEBUG)
    submitted = []
    for i, code in enumerate(codes[LEADERS]):
        ratings = ratings_for(reporters, patterns[i % 4], patterns[(i // 4) % 4], patterns[(i // 2) % 4])
        services.ballot_cast(code_text=code, ratings=ratings)
        submitted.append(ratings)

    # The digest is a function of the ratings and the category alone.
    assert {f.name for f in Ballot._meta.concrete_fields} == {
        "id",
        "evaluation",
        "category",
        "ratings",
        "digest",
    }
    assert {f.name for f in Receipt._meta.concrete_fields} == {"id", "evaluation", "code"}
    staged = {"id", "evaluation", "category", "receipt_hash", "sealed"}
    assert {f.name for f in StagedBallot._meta.concrete_fields} == staged
    assert not [
        f for f in BallotCode._meta.get_fields() if f.related_model in (Ballot, Receipt, StagedBallot)
    ]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for code in codes[LEADERS]:
        assert code not in logged

    services.voting_close(evaluation=evaluation, user=cast.organizer_a)
    in_storage = _stored_order()
    by_id = [_canonical(b.ratings) for b in Ballot.objects.order_by("id")]
    as_submitted = [_canonical(r) for r in submitted]
    # 12 different ballots: a shuffle restores the submission order once in 12! (479 million).
    assert in_storage != as_submitted
    assert by_id != as_submitted
    assert sorted(in_storage) == sorted(as_submitted)


def test_close_freezes_a_digest_that_anyone_can_recompute(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a)
    services.ballot_cast(
        code_text=codes[LEADERS][0], ratings=ratings_for(reporters, "excellent", "good", "fair")
    )
    services.ballot_cast(
        code_text=codes[SECRETARIES][0], ratings=ratings_for(reporters, "good", "good", "poor")
    )
    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="x")
    evaluation.refresh_from_db()
    a1, a2, a3 = reporters.a1.pk, reporters.a2.pk, reporters.a3.pk
    # Each ballot's digest is its canonical text's; the box's, the sorted digests' (lib.tally).
    secretaries = {"category": SECRETARIES, "ratings": {(a1, 0): "good", (a2, 0): "good", (a3, 0): "poor"}}
    leaders = {"category": LEADERS, "ratings": {(a1, 0): "excellent", (a2, 0): "good", (a3, 0): "fair"}}
    each = sorted(
        hashlib.sha256(tally._canonical_ballot(b).encode()).hexdigest() for b in (secretaries, leaders)
    )
    assert evaluation.ballots_digest == hashlib.sha256(f"{each[0]}\n{each[1]}\n".encode()).hexdigest()
    assert evaluation.digest_version == 2
    assert services.evaluation_recount(evaluation=evaluation).matches


def test_no_results_exist_while_voting_is_open(campaign, reporters, cast):
    evaluation, _codes = evaluation_opened(campaign, cast.organizer_a)
    with pytest.raises(ValueError, match="only once voting has closed"):
        selectors.results(evaluation)


def test_paper_tallies_count_only_when_two_organizers_agree(campaign, reporters, cast, tree):
    second = user_with_role(Role.ORGANIZER, tree.city_a, username="organizer_a2")
    evaluation, _codes = evaluation_opened(
        campaign, cast.organizer_a, codes={LEADERS: 0, SECRETARIES: 0, REPRESENTATIVES: 0}
    )
    representatives = evaluation.categories.get(name=REPRESENTATIVES)
    counts = {
        reporters.a1.pk: {"excellent": 4, "good": 1},
        reporters.a2.pk: {"good": 3, "fair": 2},
        reporters.a3.pk: {"fair": 4, "poor": 1},
    }
    with pytest.raises(EvaluationError, match="王芳: the counts add up to 5, not to the 6 paper ballots"):
        services.paper_tally_enter(
            evaluation=evaluation, category=representatives, user=cast.organizer_a, ballots=6, counts=counts
        )
    services.paper_tally_enter(
        evaluation=evaluation, category=representatives, user=cast.organizer_a, ballots=5, counts=counts
    )
    typo = {**counts, reporters.a2.pk: {"good": 2, "fair": 3}}
    services.paper_tally_enter(
        evaluation=evaluation, category=representatives, user=second, ballots=5, counts=typo
    )

    status = {s.category.name: s for s in paper_selectors.paper_status(evaluation)}[REPRESENTATIVES]
    assert not status.matched
    assert [(r.person.name, rating, a, b) for r, rating, a, b in status.mismatches] == [
        ("李明", "good", 3, 2),
        ("李明", "fair", 2, 3),
    ]
    with pytest.raises(EvaluationError, match="not yet confirmed by two matching entries"):
        services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="x")
    with pytest.raises(EvaluationError, match="Two organizers have already entered"):
        third = user_with_role(Role.ORGANIZER, tree.city_a, username="organizer_a3")
        services.paper_tally_enter(
            evaluation=evaluation, category=representatives, user=third, ballots=5, counts=counts
        )

    services.paper_tally_enter(
        evaluation=evaluation, category=representatives, user=second, ballots=5, counts=counts
    )
    assert selectors.turnout(evaluation).voted == 5
    evaluation = services.voting_close(evaluation=evaluation, user=cast.organizer_a)
    services.routine_scores_set(
        evaluation=evaluation,
        scores={reporters.a1.pk: Decimal(90), reporters.a2.pk: Decimal(85), reporters.a3.pk: Decimal(80)},
    )
    results = selectors.results(evaluation)
    first = results.rows[0].overall
    assert dict(first.counts) == {"excellent": 4, "good": 1, "fair": 0, "poor": 0}
    assert results.paper_ballots == 5 and results.electronic_ballots == 0


def test_results_grade_and_rank_from_ballots_and_routine_scores(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(
        campaign, cast.organizer_a, codes={LEADERS: 5, SECRETARIES: 5, REPRESENTATIVES: 0}
    )
    for code in codes[LEADERS]:
        services.ballot_cast(code_text=code, ratings=ratings_for(reporters, "excellent", "good", "poor"))
    for i, code in enumerate(codes[SECRETARIES]):
        services.ballot_cast(
            code_text=code, ratings=ratings_for(reporters, "excellent", "fair" if i < 2 else "good", "poor")
        )
    evaluation = services.voting_close(evaluation=evaluation, user=cast.organizer_a)

    preview = selectors.results(evaluation)
    assert preview.is_preview and [r.person.name for r in preview.missing_routine] == ["赵强", "李明", "王芳"]
    assert all(row.overall.grade is None for row in preview.rows)

    services.routine_scores_set(
        evaluation=evaluation,
        scores={reporters.a1.pk: Decimal(95), reporters.a2.pk: Decimal("88.5"), reporters.a3.pk: Decimal(90)},
    )
    rows = {row.reporter.pk: row.overall for row in selectors.results(evaluation).rows}
    # Leaders 30 and secretaries 40 cast ballots: weights re-normalized to 3/7 and 4/7.
    a1, a2, a3 = rows[reporters.a1.pk], rows[reporters.a2.pk], rows[reporters.a3.pk]
    assert a1.evaluation_score == 100
    assert a2.evaluation_score == Fraction(3, 7) * 85 + Fraction(4, 7) * (2 * 70 + 3 * 85) / 5  # 81.57
    assert tally.round_half_up(a1.comprehensive_score) == Decimal("98.00")  # 0.6·100 + 0.4·95
    assert (a1.grade, a1.rank) == ("excellent", 1)
    assert (a2.grade, a2.grade_rule) == ("good", "band:80")
    assert (a3.grade, a3.grade_rule, a3.rank) == ("poor", "poor_rate", 3)
