"""The demo evaluations: the housing bureau's closed with results, the street's open for voting."""

import re
from collections import Counter

import pytest
from django.utils import timezone

from debrief.campaigns.models import Campaign, CampaignState, CampaignTransition
from debrief.demo import tree
from debrief.demo.report import render
from debrief.demo.services import load_demo
from debrief.demo.years import cycle_year
from debrief.evaluation import selectors, services
from debrief.evaluation.models import (
    Ballot,
    BallotCode,
    Evaluation,
    EvaluationEvent,
    Rating,
    Receipt,
    RoutineScore,
)

pytestmark = pytest.mark.django_db

CODE_LINE = re.compile(
    r"^\s+([2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2})\s+(\S+)$", re.MULTILINE
)


def evaluation_of(host_code):
    campaign = Campaign.objects.get(host__code=host_code, year=cycle_year(timezone.localdate()))
    return Evaluation.objects.select_related("campaign").get(campaign=campaign)


def test_the_housing_bureau_met_yesterday_and_recorded_why_it_went_ahead_without_every_report(demo):
    campaign = evaluation_of(tree.HOUSING_BUREAU).campaign
    assert campaign.state == CampaignState.ASSESSED  # and its notice drafted: demo/publication.py
    assert campaign.meeting_date < timezone.localdate()
    to_meeting = campaign.transitions.get(from_state=CampaignState.PREPARING)
    assert "市城市照明中心党支部" in to_meeting.reason
    assert "尚未提交" in to_meeting.reason


def test_the_housing_bureaus_evaluation_is_closed_with_about_fifty_ballots(demo):
    evaluation = evaluation_of(tree.HOUSING_BUREAU)
    assert evaluation.is_closed
    assert [(c.name, int(c.weight), c.expected) for c in evaluation.categories.all()] == [
        ("局领导班子成员", 30, 9),
        ("各单位党组织书记", 40, 29),
        ("党员和职工代表", 30, 20),
    ]
    assert list(evaluation.sub_indicators.values_list("name", flat=True)) == [
        "履行第一责任人职责情况",
        "推进重点任务落实情况",
    ]
    check = selectors.integrity_check(evaluation)
    assert check.ok
    assert 45 <= check.ballots <= 55
    assert check.issued == 58
    turnout = selectors.turnout(evaluation)
    assert turnout.quorum_met and not evaluation.quorum_override_reason
    assert all(row.used >= evaluation.min_category_ballots_shown for row in turnout.rows)


def test_every_ballot_respects_the_cap_on_excellent(demo):
    evaluation = evaluation_of(tree.HOUSING_BUREAU)
    reporters = evaluation.campaign.reporters.count()
    cap = reporters // 2
    assert evaluation.ballot_excellent_cap == "1/2"
    for ratings in evaluation.ballots.values_list("ratings", flat=True):
        assert len(ratings) == reporters
        assert sum(values[0] == Rating.EXCELLENT for values in ratings.values()) <= cap
        assert all(len(values) == 3 and None not in values for values in ratings.values())


def test_the_housing_bureaus_results_grade_all_29_units_mostly_good(demo):
    evaluation = evaluation_of(tree.HOUSING_BUREAU)
    results = selectors.results(evaluation)
    assert services.evaluation_recount(evaluation=evaluation).matches
    assert not results.is_preview
    assert len(results.rows) == 29
    grades = Counter(row.overall.grade for row in results.rows)
    assert None not in grades
    assert len(grades) >= 3
    assert grades[Rating.EXCELLENT] + grades[Rating.GOOD] >= 29 * 2 // 3
    assert 1 <= grades[Rating.FAIR] <= 5
    assert grades[Rating.POOR] <= 1
    scores = RoutineScore.objects.filter(evaluation=evaluation).values_list("score", flat=True)
    assert len(scores) == 29
    assert all(80 <= score <= 98 for score in scores)


def test_the_streets_voting_is_open_with_some_ballots_in(demo):
    evaluation = evaluation_of(tree.CHANGZHENG)
    assert evaluation.is_open
    assert evaluation.campaign.state == CampaignState.MEETING
    assert [c.name for c in evaluation.categories.all()] == [
        "街道党工委班子成员",
        "社区党组织书记",
        "党员群众代表",
    ]
    check = selectors.integrity_check(evaluation)
    assert check.ok
    assert 0 < check.ballots < check.issued


def test_the_first_load_prints_voting_codes_that_work(demo):
    out = render(demo)
    assert "http://127.0.0.1:8000/vote/" in out
    printed = CODE_LINE.findall(out)
    assert len(printed) == 5
    street = evaluation_of(tree.CHANGZHENG)
    for code, category in printed:
        found = services.code_lookup(code)
        assert found.evaluation == street
        assert found.category.name == category
    # And one of them really admits a ballot.
    reporters, _indicators = selectors.ballot_layout(street)
    before = selectors.integrity_check(street).ballots
    receipt = services.ballot_cast(code_text=printed[0][0], ratings={r.pk: [Rating.GOOD] for r in reporters})
    assert receipt.startswith("R-")
    assert selectors.integrity_check(street).ballots == before + 1  # sealed, waiting for its batch


def test_loading_again_adds_nothing_and_says_where_the_codes_went(demo):
    models = (Evaluation, BallotCode, Ballot, Receipt, RoutineScore, EvaluationEvent, CampaignTransition)
    before = {model.__name__: model.objects.count() for model in models}
    again = load_demo()
    assert {model.__name__: model.objects.count() for model in models} == before
    assert again.evaluations.evaluations_created == 0
    assert again.evaluations.ballots_cast == 0
    assert again.evaluations.voting_codes == []
    out = render(again)
    assert not CODE_LINE.findall(out)
    assert "首次加载" in out and "street_organizer" in out
    assert "投票已结束" in out and "投票进行中" in out


def test_last_years_archived_campaign_was_evaluated_too(demo):
    this_year = evaluation_of(tree.HOUSING_BUREAU).campaign
    last_year = Evaluation.objects.get(campaign__host=this_year.host, campaign__year=this_year.year - 1)
    assert last_year.campaign.state == CampaignState.ARCHIVED
    assert last_year.is_closed
    assert selectors.integrity_check(last_year).ok
    results = selectors.results(last_year)
    assert not results.is_preview
    assert all(row.overall.grade for row in results.rows)
