"""A county's organizer files its meeting; the city's organization department sees it filed."""

import pytest

from debrief.accounts.models import Role
from debrief.campaigns.models import CampaignState
from debrief.campaigns.services import reporters_add
from debrief.conftest import log_in
from debrief.orgs.models import Level
from debrief.testing.factories import (
    advance_to,
    campaign_open,
    meeting_set_up,
    subordinate_with_secretary,
    user_with_role,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_county_files_its_meeting_and_the_city_sees_it_filed(page, tree, cast):
    county_organizer = user_with_role(Role.ORGANIZER, tree.county_a1, username="county_organizer")
    towns = [
        subordinate_with_secretary(
            tree.county_a1, f"CA1t{i}", f"东区第{i}镇党委", f"书记{i}", level=Level.TOWNSHIP
        )
        for i in range(1, 3)
    ]
    campaign = campaign_open(tree.county_a1, year=2022, user=county_organizer)
    reporters_add(campaign=campaign, organizations=towns, mode="on_site")
    meeting_set_up(campaign, venue="区委第一会议室")
    advance_to(campaign, CampaignState.EVALUATING, county_organizer)

    log_in(page, "county_organizer")
    page.goto(f"/campaigns/{campaign.pk}/")
    page.click("#filings-link")
    page.wait_for_url(f"**/filings/campaigns/{campaign.pk}/")
    assert "江州市委" in page.locator("#filed-with").inner_text()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm asks before filing
    page.click("#kind-meeting button")
    page.wait_for_url(f"**/filings/campaigns/{campaign.pk}/")
    assert "county_organizer" in page.locator("#kind-meeting .status").inner_text()
    page.click("#kind-meeting a")
    assert "区委第一会议室" in page.locator("#snapshot").inner_text()

    page.context.clear_cookies()
    log_in(page, "organizer_a")
    page.goto("/filings/CA/2022/")
    row = page.locator("#host-CA1")
    assert "东区区委" in row.inner_text()
    row.locator(".cell-meeting a").click()
    page.wait_for_url(f"**/filings/campaigns/{campaign.pk}/meeting/")
    assert "东区第1镇党委" in page.locator("#snapshot-on-site").inner_text()
    assert page.locator("main form button").count() == 0  # read-only for the superior
