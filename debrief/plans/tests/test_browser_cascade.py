"""The cascade end to end in a browser: the province publishes its plan, a county starts its campaign
from it and conveys its city's meeting with a task, and the province sees both."""

import datetime

import pytest

from debrief.campaigns.models import Campaign, CampaignState
from debrief.campaigns.services import reporters_add
from debrief.conftest import log_in
from debrief.conveyance.models import Conveyance
from debrief.rectification.models import Source
from debrief.testing.factories import advance_to, campaign_open, meeting_set_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TASK = "召开专题会议传达学习市委述职评议会议精神，制定本区年度基层党建任务清单"


@pytest.fixture
def city_meeting(tree, cascade, cast, today, year):
    """The city heard its counties five days ago."""
    campaign = campaign_open(
        tree.city_a,
        year=year,
        user=cast.organizer_a,
        report_deadline=today - datetime.timedelta(days=10),
        meeting_date=today - datetime.timedelta(days=5),
    )
    reporters_add(campaign=campaign, organizations=[tree.county_a1, cascade.county_a2], mode="on_site")
    meeting = meeting_set_up(campaign)
    advance_to(campaign, CampaignState.MEETING, cast.organizer_a)
    return meeting


def test_a_plan_flows_down_a_conveyance_flows_back_and_the_province_sees_both(
    page, new_context, tree, cascade, draft, city_meeting, today, year
):
    # The province publishes its plan.
    log_in(page, "province_organizer")
    page.goto(f"/plans/{draft.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("form[action$='/publish/'] button")
    page.wait_for_selector(".messages")

    # The county starts its campaign from the plan on its home page ...
    county = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(county, "county_organizer")
    county.locator(f"#plan-{draft.pk}-{tree.county_a1.pk} button[type=submit]").click()
    county.wait_for_url("**/campaigns/*/")
    campaign = Campaign.objects.get(host=tree.county_a1, year=year)
    assert campaign.plan_adoption.plan_id == draft.pk

    # ... and conveys the city's meeting, which its home page asks for, with one task.
    county.goto("/")
    county.click(f"#to-convey a[href$='?meeting={city_meeting.pk}']")
    county.fill("#id_held_on", (today - datetime.timedelta(days=2)).isoformat())
    county.fill("#id_presided_by", "区委书记 东一")
    county.fill("#id_attendance", "41")
    county.fill("#id_points", "传达学习市委述职评议会议精神和市委书记点评要求。")
    row = county.locator("#task-rows li").nth(0)
    row.locator("textarea").fill(TASK)
    row.locator("input[type=date]").fill((today + datetime.timedelta(days=60)).isoformat())
    county.click("#conveyance-form button.primary")
    county.wait_for_url("**/conveyance/*/")
    conveyance = Conveyance.objects.get(organization=tree.county_a1)
    item = conveyance.tasks.get().item
    assert (item.campaign, item.source, item.reporter) == (campaign, Source.CONVEYANCE, None)

    # The province sees the county started from its plan, and conveyed the city's meeting.
    page.goto(f"/plans/{draft.pk}/progress/")
    row = page.locator(f"#host-{tree.county_a1.pk}")
    assert row.locator(".progress-started").count() == 1
    assert row.locator(f"a[href='/campaigns/{campaign.pk}/']").count() == 1
    page.goto(f"/conveyance/meetings/{city_meeting.campaign_id}/")
    conveyed = page.locator(f"#org-{tree.county_a1.pk}").inner_text()
    assert (today - datetime.timedelta(days=2)).isoformat() in conveyed
    assert page.locator(f"#org-{cascade.county_a2.pk} .overdue").count() == 0  # not late yet
