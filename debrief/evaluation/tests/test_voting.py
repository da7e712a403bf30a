"""Voting with one-time codes: one ballot per code, stored whole or not at all."""

from decimal import Decimal

import pytest

from debrief.campaigns.services import campaign_advance
from debrief.evaluation import selectors, services
from debrief.evaluation.models import Ballot, BallotCode, Receipt, StagedBallot
from debrief.evaluation.services import BALLOT_BATCH_SIZE, VoteError, ballot_box
from debrief.lib import ballot_codes
from debrief.testing.factories import evaluation_opened

LEADERS = "Host leadership team"
SECRETARIES = "Secretaries and department heads"
REPRESENTATIVES = "Party member and masses representatives"


def overall(reporters, *ratings):
    return {
        r.pk: [rating] for r, rating in zip((reporters.a1, reporters.a2, reporters.a3), ratings, strict=True)
    }


@pytest.fixture
def opened(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a)
    return evaluation, codes


def stored(evaluation) -> int:
    """Ballots stored: in the box, or sealed and waiting for their batch."""
    return selectors.integrity_check(evaluation).ballots


def test_a_code_admits_one_ballot_and_gives_a_receipt(opened, reporters, cast):
    evaluation, codes = opened
    receipt = services.ballot_cast(
        code_text=codes[LEADERS][0], ratings=overall(reporters, "excellent", "good", "fair")
    )

    assert receipt.startswith("R-")
    with pytest.raises(VoteError, match="already been used") as error:
        services.ballot_cast(code_text=codes[LEADERS][0], ratings=overall(reporters, "poor", "poor", "poor"))
    assert error.value.kind == "used"
    assert stored(evaluation) == 1
    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
    assert selectors.receipt_counted(evaluation, receipt)
    ballot = Ballot.objects.get()
    assert ballot.category.name == LEADERS
    assert ballot.ratings == {
        str(reporters.a1.pk): ["excellent"],
        str(reporters.a2.pk): ["good"],
        str(reporters.a3.pk): ["fair"],
    }


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_fails_to_move_leaves_every_ballot_and_receipt_to_close(
    campaign, reporters, cast, monkeypatch
):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a, codes={LEADERS: BALLOT_BATCH_SIZE})
    attempts = []

    def broken(**kwargs):
        attempts.append(kwargs)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ballot_box, "ballots_flush", broken)
    receipts = [
        services.ballot_cast(code_text=code, ratings=overall(reporters, "good", "fair", "good"))
        for code in codes[LEADERS]
    ]
    assert len(attempts) == 1  # after the commit of the ballot that made a batch
    assert StagedBallot.objects.count() == BALLOT_BATCH_SIZE and not Ballot.objects.exists()
    services.voting_close(evaluation=evaluation, user=cast.organizer_a)
    assert Ballot.objects.count() == BALLOT_BATCH_SIZE
    assert all(selectors.receipt_counted(evaluation, receipt) for receipt in receipts)


def test_a_code_typed_in_lower_case_with_spaces_for_dashes_is_accepted(opened, reporters):
    evaluation, codes = opened
    code = codes[SECRETARIES][0]
    typed = ballot_codes.format_code(code).lower().replace("-", " ")
    services.ballot_cast(code_text=typed, ratings=overall(reporters, "good", "good", "fair"))
    assert stored(evaluation) == 1


@pytest.mark.parametrize(
    ("typed", "kind", "message"),
    [
        ("", "mistyped", "Enter the code"),
        ("ABCD", "mistyped", "10 letters and digits; 4 were entered"),
        ("ABCD-EFGH-I2", "mistyped", "does not occur in codes"),
        ("ABCD-EFGH-JK", None, None),  # an arbitrary code: wrong check or unknown
    ],
)
def test_a_mistyped_or_unknown_code_is_refused_with_a_reason(opened, reporters, typed, kind, message):
    with pytest.raises(VoteError) as error:
        services.ballot_cast(code_text=typed, ratings=overall(reporters, "good", "good", "good"))
    if kind:
        assert error.value.kind == kind
        assert message in str(error.value)
    else:
        assert error.value.kind in {"mistyped", "unknown"}
    assert not StagedBallot.objects.exists()
    assert not Ballot.objects.exists() and not Receipt.objects.exists()


def test_a_single_typo_in_a_real_code_is_caught_not_taken_for_another_code(opened, reporters):
    evaluation, codes = opened
    code = codes[LEADERS][0]
    wrong = ("3" if code[0] != "3" else "4") + code[1:]
    with pytest.raises(VoteError) as error:
        services.ballot_cast(code_text=wrong, ratings=overall(reporters, "good", "good", "good"))
    assert error.value.kind == "mistyped"
    assert not BallotCode.objects.filter(used=True).exists()


def test_a_ballot_must_rate_every_reporter(opened, reporters):
    evaluation, codes = opened
    with pytest.raises(VoteError, match="missing: 王芳") as error:
        services.ballot_cast(
            code_text=codes[LEADERS][0], ratings={reporters.a1.pk: ["good"], reporters.a2.pk: ["good"]}
        )
    assert error.value.kind == "incomplete"
    assert not BallotCode.objects.filter(used=True).exists()
    assert stored(evaluation) == 0


def test_an_over_cap_ballot_is_refused_and_the_code_stays_usable(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a, ballot_excellent_cap="1/3")
    with pytest.raises(VoteError, match="At most 1 of the 3 reporters may be rated “excellent”") as error:
        services.ballot_cast(
            code_text=codes[LEADERS][0], ratings=overall(reporters, "excellent", "excellent", "good")
        )
    assert error.value.kind == "over_cap"
    services.ballot_cast(code_text=codes[LEADERS][0], ratings=overall(reporters, "excellent", "good", "good"))
    assert stored(evaluation) == 1


def test_uniform_ballots_are_refused_only_when_the_scheme_says_so(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a, refuse_uniform_ballots=True)
    with pytest.raises(VoteError, match="same overall rating"):
        services.ballot_cast(code_text=codes[LEADERS][0], ratings=overall(reporters, "good", "good", "good"))
    services.ballot_cast(code_text=codes[LEADERS][0], ratings=overall(reporters, "good", "good", "fair"))


def test_no_voting_before_opening_or_after_closing(campaign, reporters, cast):
    campaign_advance(campaign=campaign, user=cast.organizer_a, reason="测试")
    evaluation = services.evaluation_set_up(campaign)
    code = services.codes_issue(evaluation=evaluation, category=evaluation.categories.first(), count=1)[0]
    with pytest.raises(VoteError, match="not opened yet"):
        services.ballot_cast(code_text=code, ratings=overall(reporters, "good", "good", "fair"))
    services.voting_open(evaluation=evaluation, user=cast.organizer_a)
    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试：无人投票")
    with pytest.raises(VoteError, match="Voting has closed"):
        services.ballot_cast(code_text=code, ratings=overall(reporters, "good", "good", "fair"))


def test_sub_indicators_are_optional_but_only_known_ratings_are_taken(campaign, reporters, cast):
    campaign_advance(campaign=campaign, user=cast.organizer_a, reason="测试")
    evaluation = services.evaluation_set_up(campaign)
    services.sub_indicators_set(evaluation=evaluation, names=["履行责任", "推进重点任务"])
    code = services.codes_issue(evaluation=evaluation, category=evaluation.categories.first(), count=1)[0]
    services.voting_open(evaluation=evaluation, user=cast.organizer_a)
    with pytest.raises(VoteError, match="excellent, good, fair or poor"):
        services.ballot_cast(
            code_text=code,
            ratings={
                reporters.a1.pk: ["good", "great"],
                reporters.a2.pk: ["good"],
                reporters.a3.pk: ["fair"],
            },
        )
    services.ballot_cast(
        code_text=code,
        ratings={
            reporters.a1.pk: ["good", "excellent", "good"],
            reporters.a2.pk: ["good"],
            reporters.a3.pk: ["fair", None, "poor"],
        },
    )
    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
    assert Ballot.objects.get().ratings[str(reporters.a2.pk)] == ["good", None, None]


def test_codes_are_stored_only_as_keyed_hashes(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a)
    stored = list(BallotCode.objects.values_list("code_hash", flat=True))
    everything = " ".join(stored)
    for code in codes[LEADERS]:
        assert code not in everything
    assert all(len(h) == 64 for h in stored)
    more = services.codes_issue(
        evaluation=evaluation, category=evaluation.categories.get(name=LEADERS), count=2
    )
    assert len(set(more) | set(codes[LEADERS])) == 5
    assert sorted(BallotCode.objects.filter(category__name=LEADERS).values_list("serial", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
    ]


def test_scheme_weights_must_add_up_to_100(campaign, reporters, cast):
    evaluation = services.evaluation_set_up(campaign)
    with pytest.raises(services.EvaluationError, match="add up to 100%; they add up to 90%"):
        services.categories_set(
            evaluation=evaluation, rows=[("领导班子", Decimal(30), None), ("代表", Decimal(60), None)]
        )
    services.categories_set(
        evaluation=evaluation, rows=[("领导班子", Decimal(40), 5), ("代表", Decimal(60), None)]
    )
    assert list(evaluation.categories.values_list("name", "weight", "expected")) == [
        ("领导班子", Decimal(40), 5),
        ("代表", Decimal(60), None),
    ]
