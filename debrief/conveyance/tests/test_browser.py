import pytest

from debrief.conftest import log_in
from debrief.conveyance.models import Conveyance

from .conftest import POINTS, TASKS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_town_conveys_the_district_meeting_and_the_district_sees_it(new_context, page, cascade):
    log_in(page, "town_organizer")
    # The town's page offers the district's meeting, not yet conveyed.
    page.goto("/conveyance/")
    page.click(f"a[href$='?meeting={cascade.meeting.pk}']")
    page.fill("#id_held_on", "2022-02-14")
    page.fill("#id_presided_by", "镇党委书记 陈书记")
    page.fill("#id_attendance", "32")
    page.fill("#id_points", POINTS)
    rows = page.locator("#task-rows li")
    rows.nth(0).locator("textarea").fill(TASKS[0])
    rows.nth(0).locator("input[type=date]").fill("2022-12-31")
    page.click("button[data-clone-last='task-rows']")  # a second row, empty
    assert rows.count() == 2
    rows.nth(1).locator("textarea").fill(TASKS[1])
    rows.nth(1).locator("input[type=date]").fill("2022-10-31")
    page.click("#conveyance-form button.primary")
    page.wait_for_url("**/conveyance/*/")
    conveyance = Conveyance.objects.get()
    assert TASKS[1] in page.locator("#tasks").inner_text()

    # The tasks are in the town's own ledger, the town itself answering for them.
    page.goto(f"/rectification/?campaign={cascade.town_campaign.pk}")
    ledger = page.locator("#ledger tbody").inner_text()
    assert TASKS[0][:20] in ledger and "淮北镇党委" in ledger

    # The district sees which towns conveyed its meeting, and which have not yet.
    district = new_context().new_page()
    district.set_default_timeout(10_000)
    log_in(district, "district_organizer")
    district.goto(f"/campaigns/{cascade.district_campaign.pk}/meeting/")
    district.click(f"a[href='/conveyance/meetings/{cascade.district_campaign.pk}/']")
    town_row = district.locator(f"#org-{cascade.town.pk}").inner_text()
    assert "2022-02-14" in town_row and "25" in town_row
    district.click(f"#org-{cascade.town.pk} a")
    district.wait_for_url(f"**/conveyance/{conveyance.pk}/")
    assert "镇党委书记 陈书记" in district.locator("main").inner_text()
