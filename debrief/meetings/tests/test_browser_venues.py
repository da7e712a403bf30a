import csv
import io

import pytest

from debrief.accounts.models import Role
from debrief.conftest import log_in
from debrief.meetings.venue_models import SubVenue
from debrief.testing.factories import evaluation_opened, meeting_set_up, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_county_joins_the_citys_meeting_as_a_sub_venue_and_its_attendees_vote(
    new_context, page, cast, tree, campaign, reporters
):
    meeting = meeting_set_up(campaign)
    evaluation_opened(campaign, cast.organizer_a, codes={})
    user_with_role(Role.ORGANIZER, tree.county_a1, username="venue_organizer")

    # The city's organizer adds the county as a sub-venue, naming it by its code.
    log_in(page, "organizer_a")
    page.goto(f"/campaigns/{campaign.pk}/meeting/venues/")
    page.fill("#id_organization", "CA1")
    page.fill("#id_name", "东区分会场")
    page.fill("#id_code", "dq")
    page.fill("#id_place", "东区区委三楼会议室")
    page.click("#venue-form button[type=submit]")
    page.wait_for_selector("#venue-DQ")
    venue = SubVenue.objects.get()

    # The county's organizer finds the venue among theirs, counts attendance and prints slips.
    county = new_context(viewport={"width": 1280, "height": 900}).new_page()
    county.set_default_timeout(10_000)
    log_in(county, "venue_organizer")
    county.goto("/meetings/venues/")
    county.click("#my-venues a:has-text('东区分会场')")
    county.fill("#id_expected_1", "12")
    county.fill("#id_present_1", "11")
    county.click("#venue-attendance button[type=submit]")
    county.wait_for_selector(".messages .success")
    assert [(a.expected, a.present) for a in venue.attendance.all()] == [(12, 11)]
    county.select_option("#venue-codes select[name=category]", index=1)
    county.fill("#venue-codes input[name=count]", "3")
    county.check("#venue-codes input[value=csv]")
    with county.expect_download() as download:
        county.click("#venue-codes button[type=submit]")
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert [row[4] for row in rows[1:]] == ["东区分会场"] * 3
    code = rows[1][2].replace("-", "")

    # An attendee at the sub-venue votes with a venue code on a phone.
    phone = new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    phone.set_default_timeout(10_000)
    phone.goto(f"/vote/#{code}")
    phone.wait_for_selector("#ballot")
    for reporter in (reporters.a1, reporters.a2, reporters.a3):
        phone.click(f"#reporter-{reporter.pk} .choice-good")
    phone.click("#submit-ballot")
    phone.wait_for_selector("#receipt")

    # The venue's turnout counts it, on its page and on the city's list.
    county.reload()
    assert (county.inner_text("#venue-issued"), county.inner_text("#venue-used")) == ("3", "1")
    page.reload()
    cells = page.locator("#venue-DQ td.num").all_inner_texts()
    assert cells == ["12", "11", "3", "1"]

    # The venue's screen follows the main screen: the organizer puts the first speaker on.
    screen = new_context(viewport={"width": 1280, "height": 720}).new_page()
    screen.set_default_timeout(10_000)
    with county.expect_popup() as popup:
        county.click("#venue-screen-link")
    popup.value.close()
    screen.goto(f"/meetings/venue-screen/{venue.screen_key}/")
    assert "东区分会场" in screen.locator(".screen-head").inner_text()
    page.goto(f"/campaigns/{campaign.pk}/meeting/control/")
    page.click("button[value=next]")
    page.wait_for_function("() => document.getElementById('control-title').textContent.includes('会议开始')")
    page.click("button[value=next]")
    screen.wait_for_selector(".kind-report .screen-title:has-text('江州市东区区委')", timeout=8000)
    assert "赵强" in screen.locator(".screen-speaker").inner_text()
    assert meeting.pk == venue.meeting_id
