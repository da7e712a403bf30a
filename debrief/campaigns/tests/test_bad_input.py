"""Campaign dates outside 2000-2100 are refused with a message, by the form and the services."""

import datetime

import pytest
from django.urls import reverse

from debrief.campaigns import services
from debrief.campaigns.models import Campaign
from debrief.lib.dates import DateError

pytestmark = pytest.mark.django_db


def test_a_campaign_dated_year_1_is_refused_by_the_form_and_not_opened(client, cast, tree):
    client.force_login(cast.organizer_a)
    response = client.post(
        reverse("campaigns:open"),
        {
            "host_code": "CA",
            "year": 2023,
            "title": "",
            "report_deadline": "0001-01-10",
            "meeting_date": "2024-01-15",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code in (200, 422)
    assert "The year 1 is out of range; enter a date from 2000 to 2100." in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_campaign_services_refuse_dates_outside_2000_to_2100(tree, campaign):
    with pytest.raises(DateError, match="The year 1 is out of range"):
        services.campaign_open(
            host=tree.city_b,
            year=2023,
            title="",
            report_deadline=datetime.date(1, 1, 10),
            meeting_date=datetime.date(2024, 1, 15),
        )
    with pytest.raises(DateError, match="The year 2101 is out of range"):
        services.campaign_update(
            campaign=campaign,
            title=campaign.title,
            report_deadline=campaign.report_deadline,
            meeting_date=datetime.date(2101, 1, 15),
        )
