import datetime
from decimal import Decimal

import pytest

from debrief.campaigns.models import CampaignState
from debrief.campaigns.services import campaign_advance, indicator_add
from debrief.evaluation import services as evaluation_services
from debrief.meetings.attendance import attendee_add, check_in
from debrief.plans.models import Plan, PlanDeadline, PlanState
from debrief.rectification import services as ledger_services
from debrief.testing.factories import advance_to, evaluation_opened, meeting_set_up

MEETING_DAY = datetime.date(2023, 1, 15)  # the campaign fixture's meeting date


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def planned(campaign, reporters):
    """City A's campaign with its reporters and a key indicator (ready to file its plan)."""
    indicator_add(campaign=campaign, name="发展党员", unit="名")
    return campaign


@pytest.fixture
def held(planned, cast):
    """City A's campaign after its meeting: two attendees of the first category (one checked in),
    voting open with one ballot cast, the campaign at the evaluation step."""
    campaign = planned
    meeting = meeting_set_up(campaign)
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a)
    category = evaluation.categories.order_by("position").first()
    present = attendee_add(meeting=meeting, name="张三", unit="市委办公室", category=category.name)
    check_in(attendee=present)
    attendee_add(meeting=meeting, name="李四", unit="市委组织部", category=category.name)
    ratings = {reporter.pk: ["excellent"] for reporter in campaign.reporters.all()}
    evaluation_services.ballot_cast(code_text=codes[category.name][0], ratings=ratings)
    campaign = campaign_advance(campaign=campaign, user=cast.organizer_a)
    assert campaign.state == CampaignState.EVALUATING
    return campaign


@pytest.fixture
def published(held, cast):
    """City A's campaign with its results notice published."""
    evaluation = evaluation_services.voting_close(
        evaluation=held.evaluation, user=cast.organizer_a, override_reason="测试"
    )
    evaluation_services.routine_scores_set(
        evaluation=evaluation, scores={r.pk: Decimal(90) for r in held.reporters.all()}, user=cast.organizer_a
    )
    return advance_to(held, CampaignState.PUBLISHED, cast.organizer_a)


@pytest.fixture
def with_items(published, reporters, cast):
    """Two ledger items, the first with two measures."""
    ledger_services.item_create(
        campaign=published,
        reporter=reporters.a1,
        description="=“三会一课”落实不够规范",  # starts like a formula: stays text in the XLSX
        deadline=datetime.date(2023, 6, 30),
        user=cast.organizer_a,
        category="organization",
        measures=["制定年度学习计划", "每月开展一次集中学习"],
    )
    ledger_services.item_create(
        campaign=published,
        reporter=reporters.a2,
        description="党建与业务融合不够紧密",
        deadline=datetime.date(2023, 5, 31),
        user=cast.organizer_a,
    )
    return published


def plan_published(issuer, year=2022, *, deadlines: dict, filing_days=7, state=PlanState.PUBLISHED):
    plan = Plan.objects.create(
        issuer=issuer,
        year=year,
        title=f"{issuer.name}{year}年度述职评议工作方案",
        filing_days=filing_days,
        state=state,
    )
    for level, day in deadlines.items():
        PlanDeadline.objects.create(plan=plan, level=level, deadline=day)
    return plan
