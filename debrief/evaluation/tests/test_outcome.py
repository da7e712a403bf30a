"""The outcome stored at close: the results read it, routine scores move it until publication, and a
recount (复核) checks it against the ballots and says what differs."""

import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debrief.accounts.models import Role
from debrief.audit.models import Action, Entry
from debrief.campaigns import services as campaign_services
from debrief.campaigns.models import Campaign
from debrief.evaluation import selectors, services
from debrief.evaluation.models import Ballot, BoxCount, Recount, ReporterOutcome
from debrief.evaluation.services import EvaluationError
from debrief.lib import tally
from debrief.testing.factories import (
    OrganizationFactory,
    campaign_open,
    evaluation_opened,
    subordinate_with_secretary,
    user_with_role,
)

LEADERS = "Host leadership team"
SECRETARIES = "Secretaries and department heads"
REPRESENTATIVES = "Party member and masses representatives"
RATINGS = list(tally.RATINGS)


def trio(reporters):
    return (reporters.a1, reporters.a2, reporters.a3)


def closed_with(campaign, reporters, cast, ballots, routine=None):
    """Cast `ballots` ({category: [ratings per reporter]}) and close; routine scores for every reporter."""
    evaluation, codes = evaluation_opened(
        campaign, cast.organizer_a, codes={name: len(rows) for name, rows in ballots.items()}
    )
    for name, rows in ballots.items():
        for code, values in zip(codes[name], rows, strict=True):
            services.ballot_cast(
                code_text=code, ratings={r.pk: [v] for r, v in zip(trio(reporters), values, strict=True)}
            )
    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
    scores = routine or {r.pk: Decimal(90) for r in trio(reporters)}
    services.routine_scores_set(evaluation=evaluation, scores=scores, user=cast.organizer_a)
    evaluation.refresh_from_db()
    return evaluation


@pytest.fixture
def closed(campaign, reporters, cast):
    ballots = {
        LEADERS: [("excellent", "good", "poor")] * 5,
        SECRETARIES: [("good", "good", "fair")] * 6,
    }
    return closed_with(campaign, reporters, cast, ballots)


def test_close_stores_each_reporters_counts_and_figures(closed, reporters):
    stored = {o.reporter_id: o for o in ReporterOutcome.objects.filter(evaluation=closed)}
    leaders, secretaries = (str(c.pk) for c in closed.categories.all()[:2])
    a1 = stored[reporters.a1.pk]
    assert a1.counts[leaders] == [[5, 0, 0, 0]] and a1.counts[secretaries] == [[0, 6, 0, 0]]
    # 30% x 100 + 40% x 85 over 70% of weight = 91.428571…, then 60% of it and 40% of 90.
    assert a1.evaluation_score == Decimal("91.428571")
    assert a1.comprehensive_score == Decimal("90.857143")
    assert (a1.grade, a1.grade_rule, a1.rank) == ("excellent", "band:90", 1)
    a3 = stored[reporters.a3.pk]
    assert (a3.grade, a3.grade_rule) == ("poor", "poor_rate")  # 5 poor of 11: at least a third
    assert sum(BoxCount.objects.filter(evaluation=closed).values_list("ballots", flat=True)) == 11


def test_the_results_read_the_stored_outcome_and_not_the_ballots(closed, reporters):
    before = {row.reporter.pk: row.overall for row in selectors.results(closed).rows}
    Ballot.objects.filter(evaluation=closed).update(ratings={})  # tampering changes no figure shown…
    after = {row.reporter.pk: row.overall for row in selectors.results(closed).rows}
    assert after == before
    recount = services.evaluation_recount(evaluation=closed)  # …but the recount finds it
    assert not recount.matches


def test_a_routine_score_corrected_after_close_moves_grades_and_ranks_at_once(closed, reporters, cast):
    Campaign.objects.filter(pk=closed.campaign_id).update(state="assessed")
    services.routine_scores_set(
        evaluation=closed,
        scores={reporters.a1.pk: Decimal(65), reporters.a2.pk: Decimal(100)},
        user=cast.organizer_a,
    )
    stored = {o.reporter_id: o for o in ReporterOutcome.objects.filter(evaluation=closed)}
    assert (stored[reporters.a1.pk].routine_score, stored[reporters.a1.pk].grade) == (Decimal(65), "good")
    assert stored[reporters.a2.pk].rank == 1 and stored[reporters.a1.pk].rank == 2
    shown = {row.reporter.pk: row.overall for row in selectors.results(closed).rows}
    assert shown[reporters.a1.pk].grade == "good" and shown[reporters.a2.pk].rank == 1
    assert services.evaluation_recount(evaluation=closed).matches


def test_once_the_results_are_published_routine_scores_no_longer_change(closed, reporters, cast):
    Campaign.objects.filter(pk=closed.campaign_id).update(state="published")
    with pytest.raises(EvaluationError, match="fixed once the results are published"):
        services.routine_scores_set(
            evaluation=closed, scores={reporters.a1.pk: Decimal(10)}, user=cast.organizer_a
        )
    assert ReporterOutcome.objects.get(reporter=reporters.a1).routine_score == Decimal(90)


def test_a_recount_of_untouched_ballots_matches_and_is_recorded(closed, cast):
    recount = services.evaluation_recount(evaluation=closed, user=cast.organizer_a)
    assert (recount.matches, recount.ballots, recount.differences) == (True, 11, [])
    entry = Entry.objects.filter(action=Action.EVALUATION_RECOUNTED).get()
    assert entry.after == {"ballots": 11, "matches": True, "differences": 0}
    assert selectors.results(closed).last_recount == recount


def test_a_recount_says_plainly_which_ballots_and_counts_differ(closed, reporters):
    leaders = closed.categories.get(name=LEADERS)
    changed = Ballot.objects.filter(category=leaders).first()
    changed.ratings = {**changed.ratings, str(reporters.a1.pk): ["poor"]}
    changed.save()
    recount = services.evaluation_recount(evaluation=closed)
    assert not recount.matches
    text = "\n".join(recount.differences)
    assert "1 ballot's ratings no longer match the digest it was given" in text
    assert "Ballots digest: frozen at close" in text
    name = reporters.a1.organization.name
    assert f"{name}, {LEADERS}, Overall, excellent: stored 5, recounted 4." in text
    assert f"{name}, {LEADERS}, Overall, poor: stored 0, recounted 1." in text
    assert f"{name}: stored evaluation score" in text


def test_a_removed_ballot_is_named_by_the_count_frozen_at_close(closed):
    Ballot.objects.filter(evaluation=closed).first().delete()
    differences = services.evaluation_recount(evaluation=closed).differences
    assert differences[0] == "Ballots: 11 at close, 10 stored now."


def test_the_recount_command_exits_1_and_lists_the_differences(closed):
    out = io.StringIO()
    call_command("recount_evaluation", str(closed.campaign_id), stdout=out)
    assert "the stored outcome and the digests match" in out.getvalue()
    Ballot.objects.filter(evaluation=closed).first().delete()
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("recount_evaluation", str(closed.campaign_id), stdout=out)
    assert exit_status.value.code == 1
    assert "- Ballots: 11 at close, 10 stored now." in out.getvalue()


def test_the_organizer_recounts_from_the_results_page_and_an_observer_cannot(client, closed, cast):
    url = reverse("evaluation:recount", args=[closed.campaign_id])
    client.force_login(cast.observer)
    assert client.post(url).status_code == 404
    assert not Recount.objects.exists()
    client.force_login(cast.organizer_a)
    page = client.post(url, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "11 ballots recounted: the stored outcome and the digests match." in text
    assert 'id="recount-ok"' in text
    assert client.get(url).status_code == 405


def test_close_refuses_when_the_running_count_differs_from_the_box(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a, codes={LEADERS: 10})
    for code in codes[LEADERS]:
        services.ballot_cast(code_text=code, ratings={r.pk: ["good"] for r in trio(reporters)})
    # The ten wait sealed until close moves them in (no commit in a test); the count then says 15.
    BoxCount.objects.filter(category__name=LEADERS).update(ballots=5)
    with pytest.raises(
        EvaluationError, match=r"running count \(15 ballots\) differs from the ballots stored \(10\)"
    ):
        services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="x")


# --- The stored outcome equals a fresh count, for any evaluation -------------------------------------

ballot_rows = st.lists(st.tuples(*[st.sampled_from(RATINGS)] * 3), max_size=12)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    leaders=ballot_rows,
    secretaries=ballot_rows,
    paper=st.lists(st.tuples(*[st.sampled_from(RATINGS)] * 3), max_size=6),
    routine=st.lists(st.integers(min_value=0, max_value=10000), min_size=3, max_size=3),
)
def test_the_stored_outcome_equals_a_fresh_count_of_the_ballots(
    db, cast, leaders, secretaries, paper, routine
):
    host = OrganizationFactory()
    units = [
        subordinate_with_secretary(host, f"{host.code}-{i}", f"单位{host.code}-{i}", f"书记{i}")
        for i in range(3)
    ]
    organizer = user_with_role(Role.ORGANIZER, host)
    second = user_with_role(Role.ORGANIZER, host)
    campaign = campaign_open(host, year=2024, user=organizer)
    reporters = campaign_services.reporters_add(campaign=campaign, organizations=units, mode="on_site")
    evaluation, codes = evaluation_opened(
        campaign, organizer, codes={LEADERS: len(leaders), SECRETARIES: len(secretaries), REPRESENTATIVES: 0}
    )
    for name, rows in ((LEADERS, leaders), (SECRETARIES, secretaries)):
        for code, values in zip(codes[name], rows, strict=True):
            services.ballot_cast(
                code_text=code, ratings={r.pk: [v] for r, v in zip(reporters, values, strict=True)}
            )
    if paper:
        counts = {r.pk: dict(Counter(row[i] for row in paper)) for i, r in enumerate(reporters)}
        for who in (organizer, second):
            services.paper_tally_enter(
                evaluation=evaluation,
                category=evaluation.categories.get(name=REPRESENTATIVES),
                user=who,
                ballots=len(paper),
                counts=counts,
            )
    services.voting_close(evaluation=evaluation, user=organizer, override_reason="测试")
    scores = {r.pk: Decimal(score) / 100 for r, score in zip(reporters, routine, strict=True)}
    services.routine_scores_set(evaluation=evaluation, scores=scores, user=organizer)

    # A count from scratch, the way the tally documents it: every ballot, then the paper tally.
    fresh = Counter()
    for name, rows in ((LEADERS, leaders), (SECRETARIES, secretaries), (REPRESENTATIVES, paper)):
        for values in rows:
            for reporter, rating in zip(reporters, values, strict=True):
                fresh[(reporter.pk, name, rating)] += 1
    table = {}
    for (reporter, name, rating), number in fresh.items():
        table.setdefault((reporter, name), {})[rating] = number
    expected = tally.tally(
        scheme=selectors.tally_scheme(evaluation),
        reporters=[r.pk for r in reporters],
        counts=table,
        routine_scores=scores,
    )
    shown = [row.overall for row in selectors.results(evaluation).rows]
    assert sorted(shown, key=lambda r: r.reporter) == sorted(expected, key=lambda r: r.reporter)
    stored = {o.reporter_id: o for o in ReporterOutcome.objects.filter(evaluation=evaluation)}
    for result in expected:
        assert stored[result.reporter].grade == (result.grade or "")
        assert stored[result.reporter].rank == result.rank
    assert services.evaluation_recount(evaluation=evaluation).matches


def test_the_recount_command_recounts_every_closed_evaluation_with_all(closed):
    out = io.StringIO()
    call_command("recount_evaluation", "--all", stdout=out)
    assert out.getvalue().splitlines()[0] == "1 closed evaluation to recount."
    assert (
        f"{closed.campaign.title}: 11 ballots recounted; the stored outcome and the digests match."
        in out.getvalue()
    )
    Ballot.objects.filter(evaluation=closed).first().delete()
    with pytest.raises(SystemExit) as exit_status:
        call_command("recount_evaluation", "--all", stdout=io.StringIO())
    assert exit_status.value.code == 1
    with pytest.raises(CommandError, match="Name one campaign by its id, or recount them all with --all."):
        call_command("recount_evaluation", str(closed.campaign_id), "--all")
