"""The demo campaigns: one per seed meeting, with reports in every state."""

import datetime
from collections import Counter

import pytest
from django.test import Client
from django.utils import timezone

from debrief.campaigns.models import Campaign, CampaignState
from debrief.demo import tree
from debrief.demo.campaigns import load_campaigns
from debrief.demo.years import cycle_year
from debrief.reports import overview, selectors, similarity
from debrief.testing.factories import log_in

pytestmark = pytest.mark.django_db


def housing_campaign():
    return Campaign.objects.filter(host__code=tree.HOUSING_BUREAU).order_by("-year").first()


def test_every_seed_meeting_has_a_campaign_in_the_current_cycle(demo):
    year = cycle_year(timezone.localdate())
    states = dict(Campaign.objects.filter(year=year).values_list("host__code", "state"))
    # The housing bureau's meeting is over and assessed (its notice drafted, demo/publication.py);
    # the street's is on (see demo/evaluation.py); the district's session was ten days ago and its
    # notice is out (seed 5).
    assert states == {
        tree.HOUSING_BUREAU: CampaignState.ASSESSED,
        tree.CHANGZHENG: CampaignState.MEETING,
        tree.CHUANBEI: CampaignState.PREPARING,
        tree.PROVINCE: CampaignState.PREPARING,
        tree.HUBIN: CampaignState.PUBLISHED,
        tree.HUAIBEI: CampaignState.PREPARING,
    }


def test_the_housing_bureau_hears_29_reporters_5_of_them_on_site_in_seed_order(demo):
    campaign = housing_campaign()
    rows = overview.campaign_overview(campaign)
    assert len(rows) == 29
    on_site = [row.reporter.organization.name for row in rows if row.reporter.is_on_site]
    assert on_site == [
        "市城市照明中心党支部",
        "市热力有限公司党委",
        "市建设工程消防设计审查服务中心党支部",
        "市渭滨区直管公房服务所党支部",
        "市第二建设集团有限公司党委",
    ]
    assert Counter(row.status for row in rows) == {
        "accepted": 20,
        "submitted": 5,
        "returned": 2,
        "draft": 1,
        "not_started": 1,
    }


def test_the_housing_bureau_has_last_years_campaign_archived_for_comparison(demo):
    campaign = housing_campaign()
    last_year = Campaign.objects.get(host=campaign.host, year=campaign.year - 1)
    assert last_year.state == CampaignState.ARCHIVED
    reporter = campaign.reporters.get(organization__code=tree.LIGHTING_CENTER)
    rows = selectors.indicator_rows(reporter, reporter.report)
    assert all(row.last_year is not None for row in rows)
    assert selectors.last_year_problems(reporter)


def test_the_near_copies_stand_out_in_the_similarity_view(demo):
    campaign = housing_campaign()
    found = similarity.campaign_similarity(campaign)
    by_code = {r.organization.code: r.pk for r in campaign.reporters.select_related("organization")}
    copier, original = found[by_code["BJ03ZJ14"]], by_code["BJ03ZJ13"]
    assert copier.by_source[("now", original)] >= 0.6
    own_last_year = found[by_code["BJ03ZJ22"]]
    assert max(share for (kind, _id), share in own_last_year.by_source.items() if kind == "last_year") >= 0.6
    closest = sorted(
        similarity.closest_share(r)
        for pk, r in found.items()
        if pk not in (by_code["BJ03ZJ14"], by_code["BJ03ZJ22"], original)
    )
    assert closest[-1] < 0.5  # no ordinary report shares half its text with one other


def test_the_reporter_login_finds_their_returned_report_with_the_remarks(demo):
    client = Client()
    assert log_in(client, "reporter", "debrief-demo")
    reporter = housing_campaign().reporters.get(organization__code=tree.LIGHTING_CENTER)
    page = client.get(f"/reports/{reporter.pk}/edit/").content.decode()
    assert reporter.report.state == "returned"
    assert reporter.report.events.last().remarks in page


def test_loading_again_adds_no_campaign(demo):
    before = Campaign.objects.count()
    assert load_campaigns().campaigns_created == 0
    assert Campaign.objects.count() == before


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (datetime.date(2026, 11, 23), 2026),
        (datetime.date(2027, 2, 1), 2026),
        (datetime.date(2026, 9, 30), 2025),
    ],
)
def test_the_cycle_is_the_year_whose_campaigns_run_this_winter(today, year):
    assert cycle_year(today) == year
