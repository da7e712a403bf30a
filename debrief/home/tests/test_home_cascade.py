"""The home page leads lower levels into the cascade: a superior's meeting to convey, a sub-venue to
run (the plans to start from are specified in plans/tests)."""

import datetime

import pytest
from django.utils import timezone

from debrief.accounts.models import Role
from debrief.campaigns.models import CampaignState
from debrief.campaigns.services import reporters_add
from debrief.conveyance import services as conveyance_services
from debrief.meetings.venues import sub_venue_add
from debrief.orgs.models import Level
from debrief.testing.factories import (
    OrganizationFactory,
    advance_to,
    campaign_open,
    log_in,
    meeting_set_up,
    subordinate_with_secretary,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(db):
    today = timezone.localdate()
    district = OrganizationFactory(code="HB", name="湖滨区委", level=Level.COUNTY)
    town = subordinate_with_secretary(district, "HB01", "淮北镇党委", "陈书记", level=Level.TOWNSHIP)
    organizer = user_with_role(Role.ORGANIZER, district, username="district")
    campaign = campaign_open(
        district,
        year=today.year,
        user=organizer,
        report_deadline=today - datetime.timedelta(days=5),
        meeting_date=today - datetime.timedelta(days=3),
    )
    reporters_add(campaign=campaign, organizations=[town], mode="on_site")
    meeting = meeting_set_up(campaign)
    return district, town, organizer, campaign, meeting


def test_a_town_organizer_is_asked_to_convey_the_district_meeting_held_above(district, client):
    _district, town, organizer, campaign, meeting = district
    advance_to(campaign, CampaignState.MEETING, organizer)
    user = user_with_role(Role.ORGANIZER, town, username="town")
    assert log_in(client, user.username, "secret-pass")
    page = client.get("/")
    assert page.status_code == 200
    assert 'id="to-convey"' in page.text
    assert f"/conveyance/organizations/{town.pk}/new/?meeting={meeting.pk}" in page.text


def test_a_meeting_not_held_yet_or_already_conveyed_is_not_asked_for(district, client):
    _district, town, organizer, campaign, meeting = district
    user = user_with_role(Role.ORGANIZER, town, username="town")
    assert log_in(client, user.username, "secret-pass")
    assert 'id="to-convey"' not in client.get("/").text  # still preparing: not held
    advance_to(campaign, CampaignState.MEETING, organizer)
    town_campaign = campaign_open(town, year=campaign.year, user=user)
    assert town_campaign
    conveyance_services.conveyance_record(
        organization=town,
        meeting=meeting,
        held_on=timezone.localdate(),
        presided_by="镇党委书记 陈书记",
        attendance=30,
        points="传达学习区委述职评议会议精神。",
        user=user,
    )
    assert 'id="to-convey"' not in client.get("/").text


def test_a_sub_venue_organizer_finds_the_venue_they_run_on_the_home_page(district, client):
    _district, town, organizer, campaign, meeting = district
    campaign.meeting_date = timezone.localdate() + datetime.timedelta(days=3)
    campaign.save(update_fields=["meeting_date"])
    venue = sub_venue_add(meeting=meeting, organization=town, name="淮北镇分会场", code="HB1", user=organizer)
    user = user_with_role(Role.ORGANIZER, town, username="town")
    assert log_in(client, user.username, "secret-pass")
    page = client.get("/")
    assert 'id="own-sub-venues"' in page.text
    assert f"/campaigns/{campaign.pk}/meeting/venues/{venue.pk}/" in page.text
