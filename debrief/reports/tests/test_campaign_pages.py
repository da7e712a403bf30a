"""The campaign page as an organizer meets it: every reporter's report, read at a fixed cost."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from debrief.campaigns.services import reporters_add
from debrief.orgs.models import Level
from debrief.reports import services as report_services
from debrief.testing.factories import report_write, subordinate_with_secretary

# Reading the campaign page, whatever the number of reporters:
#  1-2 the session and its user
#  3   the campaign with its host
#  4   the user's role grants (read once; every right on the page is answered from them)
#  5   the reporters in agenda order with organization, person, report and version counts
#  6-7 the newest submitted version of each report (its number, then the versions themselves),
#      read once for the status, the review hints and the similarity
#  8   last year's campaign of the host, whose reports the similarity also compares
#  9   the campaign's transitions with who made them
CAMPAIGN_PAGE_QUERIES = 9


def _page_queries(client, campaign) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("campaigns:detail", args=[campaign.pk]))
    assert response.status_code == 200
    return len(captured)


def test_the_campaign_page_costs_the_same_queries_whatever_the_number_of_reporters(
    client, cast, campaign, reporters, tree
):
    for reporter in (reporters.a1, reporters.a2, reporters.a3):
        report_services.report_submit(report=report_write(reporter), user=None)
    client.force_login(cast.organizer_a)
    with_three = _page_queries(client, campaign)
    more = [
        subordinate_with_secretary(
            tree.city_a, f"CA{n}", f"江州市第{n}区区委", f"书记{n}", level=Level.COUNTY
        )
        for n in range(4, 7)
    ]
    for reporter in reporters_add(campaign=campaign, organizations=more):
        report_services.report_submit(report=report_write(reporter), user=None)
    assert _page_queries(client, campaign) == with_three == CAMPAIGN_PAGE_QUERIES
