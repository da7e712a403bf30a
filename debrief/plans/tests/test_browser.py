import pytest

from debrief.campaigns.models import Campaign
from debrief.conftest import log_in
from debrief.orgs.models import Level
from debrief.plans.models import Plan, PlanState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_superior_publishes_a_plan_and_a_county_starts_its_campaign_from_the_home_page(
    page, new_context, tree, cascade, year, days
):
    log_in(page, "province_organizer")
    page.goto("/plans/new/")
    page.select_option("#id_issuer", str(tree.province.pk))
    page.fill("#id_title", "关于开展年度述职评议考核工作的通知")
    page.click("button.primary")
    page.wait_for_url("**/edit/")
    for level in (Level.CITY, Level.COUNTY, Level.TOWNSHIP):
        page.fill(f"#id_deadline_{level}", days[level].isoformat())
    page.fill("#indicator-rows tr:last-child input[name=indicator_name]", "发展党员")
    page.click("button[data-clone-last=indicator-rows]")
    page.locator("#indicator-rows tr:last-child input[name=indicator_name]").type("整顿软弱涣散党组织")
    page.fill("#indicator-rows tr:last-child input[name=indicator_unit]", "个")
    page.click("#plan-form button[type=submit].primary")
    page.wait_for_selector("#deadlines")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("form[action$='/publish/'] button")
    page.wait_for_selector(".messages")
    plan = Plan.objects.get(issuer=tree.province, year=year)
    assert plan.state == PlanState.PUBLISHED
    assert plan.indicators == [{"name": "发展党员", "unit": ""}, {"name": "整顿软弱涣散党组织", "unit": "个"}]

    county = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(county, "county_organizer")
    card = county.locator(f"#plan-{plan.pk}-{tree.county_a1.pk}")
    assert days[Level.COUNTY].isoformat() in card.inner_text()
    assert card.locator("input[name=meeting_date]").input_value() <= days[Level.COUNTY].isoformat()
    card.locator("button[type=submit]").click()
    county.wait_for_url("**/campaigns/*/")
    campaign = Campaign.objects.get(host=tree.county_a1, year=year)
    assert county.url.endswith(f"/campaigns/{campaign.pk}/")
    assert [i.name for i in campaign.indicators.all()] == ["发展党员", "整顿软弱涣散党组织"]
    assert campaign.plan_adoption.plan == plan
