"""The demo cascade: the district's session conveyed by the town with its tasks, the district's item
broken down for villages, campaign plans filed upward and the district late with its meeting."""

import datetime

import pytest
from django.utils import timezone

from debrief.campaigns.models import Campaign
from debrief.conveyance import selectors as conveyance_selectors
from debrief.conveyance.models import Conveyance
from debrief.demo import tree
from debrief.demo.services import load_demo
from debrief.demo.years import cycle_year
from debrief.evaluation.code_selectors import turnout_by_venue
from debrief.filings import board
from debrief.filings.models import Filing, FilingKind
from debrief.meetings.venue_models import SubVenue
from debrief.orgs.models import Level, Organization
from debrief.plans import selectors as plans_selectors
from debrief.plans.models import Plan
from debrief.rectification.models import Item, Source

pytestmark = pytest.mark.django_db


def campaign_of(code):
    return Campaign.objects.get(host__code=code, year=cycle_year(timezone.localdate()))


def test_the_town_conveyed_the_district_session_four_days_after_with_the_seeds_three_tasks(demo):
    district, town = campaign_of(tree.HUBIN), campaign_of(tree.HUAIBEI)
    conveyance = Conveyance.objects.get(organization=town.host)
    assert conveyance.meeting.campaign == district
    assert conveyance.held_on == district.meeting_date + datetime.timedelta(days=4)
    tasks = list(conveyance.tasks.select_related("item").order_by("position"))
    assert len(tasks) == 3
    assert tasks[0].text.startswith("持续夯实党建工作基础")
    # Each task is an item of the town's own ledger, the town's own (no reporter).
    for task in tasks:
        assert task.item.campaign == town
        assert task.item.source == Source.CONVEYANCE
        assert task.item.reporter is None
        assert task.item.unit == town.host


def test_the_district_sees_the_town_conveyed_and_the_street_not_yet_within_the_limit(demo):
    seen = conveyance_selectors.meeting_conveyances(campaign_of(tree.HUBIN))
    rows = {row.organization.code: row for row in seen.rows}
    assert rows[tree.HUAIBEI].conveyance is not None
    assert rows[tree.HUAIBEI].days_after == 4
    assert rows[tree.HUAIBEI].tasks == 3
    assert rows[tree.CHANGZHENG].conveyance is None
    assert not rows[tree.CHANGZHENG].late  # ten days after the meeting, within thirty


def test_the_district_item_on_its_leaders_age_is_broken_down_for_three_villages(demo):
    parent = Item.objects.filter(campaign=campaign_of(tree.HUBIN), children__isnull=False).distinct().get()
    assert "老化" in parent.description
    children = list(parent.children.select_related("reporter__organization", "campaign"))
    assert len(children) == 3
    assert {c.campaign for c in children} == {campaign_of(tree.HUAIBEI)}
    assert all(c.source == Source.BREAKDOWN and c.deadline <= parent.deadline for c in children)


def test_campaign_plans_were_filed_before_the_meetings_and_the_district_is_late_with_its_meeting(demo):
    for code in (tree.HOUSING_BUREAU, tree.CHANGZHENG, tree.HUBIN):
        filing = Filing.objects.get(campaign=campaign_of(code), kind=FilingKind.PLAN)
        assert timezone.localdate(filing.filed_at) < filing.campaign.meeting_date
    city = Organization.objects.get(code=tree.CHUANBEI)
    rows = {row.code: row for row in board.board(city, cycle_year(timezone.localdate())).rows}
    district = {cell.kind: cell for cell in rows[tree.HUBIN].cells}
    assert not district[FilingKind.PLAN].late
    assert district[FilingKind.MEETING].late


def test_loading_again_adds_nothing_to_the_cascade(demo):
    counts = (Conveyance.objects.count(), Item.objects.count(), Filing.objects.count())
    again = load_demo()
    assert (Conveyance.objects.count(), Item.objects.count(), Filing.objects.count()) == counts
    assert (again.cascade.conveyances, again.cascade.tasks, again.cascade.filings) == ([], 0, 0)


def test_the_province_published_its_plan_and_the_city_started_its_campaign_from_it(demo):
    plan = Plan.objects.get(issuer__code=tree.PROVINCE, year=cycle_year(timezone.localdate()))
    assert plan.is_published
    assert set(plan.deadlines.values_list("level", flat=True)) == {Level.CITY, Level.COUNTY, Level.TOWNSHIP}
    city = campaign_of(tree.CHUANBEI)
    assert city.plan_adoption.plan == plan
    # The plan's categories and key indicators came with it.
    assert [c.name for c in city.evaluation.categories.all()] == [row["name"] for row in plan.categories]
    assert [i.name for i in city.indicators.all()] == [row["name"] for row in plan.indicators]
    hosts = {host.code for host in plans_selectors.expected_hosts(plan)}
    assert {tree.CHUANBEI, tree.HUBIN, tree.HUAIBEI, tree.CHANGZHENG} <= hosts


def test_the_city_joins_the_provinces_meeting_as_a_sub_venue_with_its_own_codes(demo):
    province = campaign_of(tree.PROVINCE)
    venue = SubVenue.objects.get(meeting__campaign=province)
    assert venue.organization.code == tree.CHUANBEI
    by_venue = turnout_by_venue(province.evaluation)
    assert by_venue[venue.code].issued == 40
    assert by_venue[venue.code].used == 0
