import datetime

import pytest
from django.utils import timezone

from debrief.filings import selectors
from debrief.filings.models import FilingKind
from debrief.filings.services import filing_file
from debrief.filings.terms import DEFAULT_TERMS, Terms, due_dates, terms_for_campaign
from debrief.orgs.models import Level
from debrief.plans.models import PlanAdoption, PlanState

from .conftest import plan_published

pytestmark = pytest.mark.django_db

D = datetime.date


def test_without_a_plan_seven_days_after_each_event():
    due = due_dates(meeting_date=D(2023, 1, 15), published_on=D(2023, 2, 1), terms=DEFAULT_TERMS)
    assert due == {
        FilingKind.PLAN: D(2023, 1, 14),  # the day before the meeting
        FilingKind.MEETING: D(2023, 1, 22),
        FilingKind.RESULTS: D(2023, 2, 8),
        FilingKind.LISTS: D(2023, 3, 10),  # 30 days after the results
    }


def test_results_not_yet_published_are_due_by_the_levels_deadline_or_not_yet_at_all():
    planned = Terms(plan=None, filing_days=10, meeting_deadline=D(2023, 1, 31))
    due = due_dates(meeting_date=D(2023, 1, 15), published_on=None, terms=planned)
    assert due[FilingKind.RESULTS] == D(2023, 2, 10) and due[FilingKind.LISTS] == D(2023, 3, 12)
    due = due_dates(meeting_date=D(2023, 1, 15), published_on=None, terms=DEFAULT_TERMS)
    assert due[FilingKind.RESULTS] is None and due[FilingKind.LISTS] is None


def test_the_nearest_ancestors_published_plan_naming_the_level_applies(campaign, tree):
    plan_published(tree.province, deadlines={Level.CITY: D(2022, 12, 31)}, filing_days=5)
    assert terms_for_campaign(campaign).filing_days == 5
    # A draft plan, or one without a deadline for cities, does not apply.
    plan_published(tree.province, 2023, deadlines={Level.CITY: D(2023, 12, 31)}, state=PlanState.DRAFT)
    rules = terms_for_campaign(campaign)
    assert (rules.meeting_deadline, rules.filing_days) == (D(2022, 12, 31), 5)


def test_a_plan_for_other_levels_does_not_apply(campaign, tree):
    plan_published(tree.province, deadlines={Level.COUNTY: D(2023, 1, 31)}, filing_days=5)
    assert terms_for_campaign(campaign) == DEFAULT_TERMS


def test_the_plan_a_campaign_started_from_wins(campaign, tree):
    plan_published(tree.province, deadlines={Level.CITY: D(2022, 12, 31)}, filing_days=5)
    other = plan_published(tree.city_b, deadlines={}, filing_days=12, state=PlanState.DRAFT)
    PlanAdoption.objects.create(plan=other, campaign=campaign)
    rules = terms_for_campaign(campaign)
    assert rules.plan == other and rules.filing_days == 12 and rules.meeting_deadline is None


def _status(campaign, kind, today):
    return next(s for s in selectors.campaign_filings(campaign, today).statuses if s.kind == kind)


def test_late_is_not_filed_and_past_the_due_date(planned, cast):
    assert not _status(planned, FilingKind.PLAN, D(2023, 1, 14)).late  # due that day
    late = _status(planned, FilingKind.PLAN, D(2023, 1, 15))
    assert late.late and late.due == D(2023, 1, 14) and late.obstacle is None

    filing_file(
        campaign=planned,
        kind=FilingKind.PLAN,
        user=cast.organizer_a,
        at=timezone.make_aware(datetime.datetime(2023, 1, 16, 10, 0)),
    )
    filed = _status(planned, FilingKind.PLAN, D(2023, 2, 1))
    assert not filed.late and filed.filed_late and filed.filing is not None


def test_what_cannot_be_filed_yet_says_why(planned):
    meeting = _status(planned, FilingKind.MEETING, D(2023, 1, 1))
    assert not meeting.can_file_now and "once held" in meeting.obstacle
    assert meeting.due == D(2023, 1, 22) and not meeting.late
    assert _status(planned, FilingKind.MEETING, D(2023, 1, 23)).late  # late, whatever the reason
