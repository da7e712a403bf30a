"""The province's organizer follows the dashboard down to a street's campaign and its overdue item."""

import datetime

import pytest

from debrief.accounts.models import Role
from debrief.campaigns.services import campaign_advance, reporters_add
from debrief.conftest import log_in
from debrief.rectification import services as ledger
from debrief.testing.factories import campaign_open, subordinate_with_secretary, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_province_drills_down_to_a_street_and_opens_its_overdue_item(new_context, page, tree):
    user_with_role(Role.ORGANIZER, tree.province, username="province_organizer", password="secret-pass")
    street_organizer = user_with_role(Role.ORGANIZER, tree.street_a1a, username="street_organizer")
    communities = [
        subordinate_with_secretary(tree.street_a1a, f"CA1a{i}", f"长征街道第{i}社区党委", f"书记{i}")
        for i in range(1, 4)
    ]
    campaign = campaign_open(tree.street_a1a, year=2022, user=street_organizer)
    reporters = reporters_add(campaign=campaign, organizations=communities, mode="on_site")
    campaign_advance(campaign=campaign, user=street_organizer, reason="测试")
    item = ledger.item_create(
        campaign=campaign,
        reporter=reporters[0],
        description="社区党委“三会一课”台账不规范。",
        deadline=datetime.date(2023, 3, 31),
    )

    log_in(page, "province_organizer")
    page.goto("/oversight/")
    page.wait_for_url("**/oversight/BJ/2022/")
    page.wait_for_selector("#stage-chart canvas")
    page.click("#subordinates a:has-text('江州市委')")
    page.wait_for_url("**/oversight/CA/2022/")
    page.click("#subordinates a:has-text('江州市东区区委')")
    page.wait_for_url("**/oversight/CA1/2022/")
    page.click("#subordinates a:has-text('东区长征街道党工委')")
    page.wait_for_url("**/oversight/CA1a/2022/")
    assert campaign.title in page.locator("#own-campaign").inner_text()
    page.click("#most-overdue a")
    page.wait_for_url(f"**/rectification/?campaign={campaign.pk}&overdue=1")
    page.click(f"a[href='/rectification/{item.pk}/'] >> nth=0")
    page.wait_for_url(f"**/rectification/{item.pk}/")
    assert page.locator("h1 .tag.overdue").count() == 1
