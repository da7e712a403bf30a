"""What the busiest requests cost in queries: each thing is read once, whatever the number of ballots."""

from decimal import Decimal

from django.urls import reverse

from debrief.accounts.models import Role
from debrief.evaluation import services
from debrief.evaluation.models import Ballot, StagedBallot
from debrief.evaluation.services import BALLOT_BATCH_SIZE
from debrief.testing.factories import evaluation_opened, user_with_role

LEADERS = "Host leadership team"
REPRESENTATIVES = "Party member and masses representatives"


def test_casting_a_ballot_looks_the_code_up_once_and_writes_in_one_transaction(
    client, campaign, reporters, cast, django_assert_num_queries, django_capture_on_commit_callbacks
):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a)
    trio = (reporters.a1, reporters.a2, reporters.a3)
    ballot = {"code": codes[LEADERS][0], **{f"r-{r.pk}-0": "good" for r in trio}}
    # 1 the code, with its evaluation, campaign and category in one join;
    # 2 the reporters' ids and names and 3 the number of sub-indicators, to check the ballot;
    # 4 SAVEPOINT (BEGIN outside a test); 5 is voting still open (on PostgreSQL with a FOR SHARE
    # lock on the evaluation, which close takes FOR UPDATE); 6 UPDATE the code to used if unused;
    # 7 is the new receipt code free (published or waiting), and how many ballots of the category
    # wait; 8 INSERT the sealed ballot; 9 RELEASE SAVEPOINT (COMMIT). No INSERT into the ballots
    # or receipts: they go in by batches, and one ballot waiting is no batch.
    with django_assert_num_queries(9), django_capture_on_commit_callbacks(execute=True) as due:
        response = client.post(reverse("vote:submit"), ballot)
    assert response.status_code == 200
    assert not due
    assert StagedBallot.objects.count() == 1 and not Ballot.objects.exists()


def test_the_ballot_that_fills_a_batch_moves_it_in_one_statement_per_table(
    campaign, reporters, cast, django_assert_num_queries, django_capture_on_commit_callbacks
):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a, codes={LEADERS: BALLOT_BATCH_SIZE})
    ratings = {r.pk: ["good"] for r in (reporters.a1, reporters.a2, reporters.a3)}
    for code in codes[LEADERS][:-1]:
        services.ballot_cast(code_text=code, ratings=ratings)
    # The 9 queries of a ballot (the service looks the code up here), then after its commit the
    # batch: 10 SAVEPOINT; 11 is voting still open; 12 the category's waiting ballots, locked;
    # 13 the category's running count, locked, with the category's name for the ballots' digests;
    # 14 INSERT the ballots; 15 INSERT the receipts; 16 DELETE the waiting rows; 17 UPDATE the
    # running count; 18 RELEASE.
    with django_assert_num_queries(18), django_capture_on_commit_callbacks(execute=True):
        services.ballot_cast(code_text=codes[LEADERS][-1], ratings=ratings)
    assert Ballot.objects.count() == BALLOT_BATCH_SIZE and not StagedBallot.objects.exists()


def test_the_results_page_reads_the_stored_outcome_never_the_ballots(
    client, campaign, reporters, cast, tree, django_assert_num_queries
):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a)
    trio = (reporters.a1, reporters.a2, reporters.a3)
    for code in codes[LEADERS]:
        services.ballot_cast(code_text=code, ratings={r.pk: ["good"] for r in trio})
    second = user_with_role(Role.ORGANIZER, tree.city_a, username="second_organizer")
    for organizer in (cast.organizer_a, second):  # two matching entries: the paper tally counts
        services.paper_tally_enter(
            evaluation=evaluation,
            category=evaluation.categories.get(name=REPRESENTATIVES),
            user=organizer,
            ballots=2,
            counts={r.pk: {"fair": 2} for r in trio},
        )
    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
    services.routine_scores_set(evaluation=evaluation, scores={r.pk: Decimal(90) for r in trio})
    client.force_login(cast.organizer_a)
    # 1 the session and 2 the user; 3 the campaign and 4 the user's grants (read once for access
    # and the page's links); 5 the evaluation (its campaign is the one just read); 6 the reporters;
    # 7 the sub-indicators; 8 the categories; 9 the stored outcome's counts (ballots and paper
    # tallies are not read: they were counted at close); 10 the routine scores; 11 the latest
    # recount; 12 the organizer who closed the evaluation, shown beside the time.
    with django_assert_num_queries(12):
        response = client.get(reverse("evaluation:results", args=[campaign.pk]))
    assert response.status_code == 200
    assert response.context["results"].last_recount is None
    assert response.context["results"].paper_ballots == 2
