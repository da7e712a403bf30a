"""Year over year: an organization's secretaries side by side, one column per campaign year, and a
host's subordinates one row each; what shows before publication; who may open it; its cost."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from debrief.campaigns.models import CampaignState
from debrief.oversight.history import secretaries_over_the_years
from debrief.testing.factories import PersonFactory, PostFactory

from .years import campaign_year, problems_raised

pytestmark = pytest.mark.django_db


def _url(organization) -> str:
    return reverse("oversight:history", args=[organization.code])


@pytest.fixture
def three_years(tree, cast, counties):
    """City A heard its counties in 2023, 2024 and 2025; A1 changed secretary in 2025."""
    years = {}
    for year in (2023, 2024, 2025):
        if year == 2025:
            PostFactory(
                organization=counties.a1,
                person=PersonFactory(name="孙立"),
                start_date=datetime.date(2025, 6, 1),
            )
        years[year] = campaign_year(
            tree.city_a, year, cast.organizer_a, [counties.a1, counties.a2, counties.a3]
        )
    return years


def test_each_year_is_a_column_with_the_secretary_who_reported_and_the_stored_figures(
    three_years, cast, counties
):
    columns = secretaries_over_the_years(cast.observer, counties.a1)
    assert [c.campaign.year for c in columns] == [2023, 2024, 2025]
    assert [c.reporter.person.name for c in columns] == ["赵强", "赵强", "孙立"]
    first = columns[0].figures
    assert (first.grade, first.rank) == ("excellent", 1)
    assert (first.comprehensive, first.evaluation, first.routine) == (Decimal("91.5"), 94, 89)


def test_rectification_completion_counts_the_reporters_items_signed_off(three_years, cast, counties):
    _campaign, reporters = three_years[2024]
    problems_raised(
        reporters[0], cast.organizer_a, items=["问题一", "问题二", "问题三", "问题四"], signed_off=3
    )
    columns = secretaries_over_the_years(cast.observer, counties.a1)
    assert [(c.items_signed_off, c.items, c.completion) for c in columns] == [
        (0, 0, None),
        (3, 4, 75),
        (0, 0, None),
    ]


def test_figures_wait_for_publication_and_organizers_see_them_once_assessed(tree, cast, counties):
    campaign_year(tree.city_a, 2025, cast.organizer_a, [counties.a1], state=CampaignState.ASSESSED)
    assert secretaries_over_the_years(cast.observer, counties.a1)[0].figures is None
    assert secretaries_over_the_years(cast.organizer_a, counties.a1)[0].figures.grade == "excellent"


def test_a_rank_shows_only_where_the_scheme_publishes_ranks(tree, cast, counties):
    campaign_year(tree.city_a, 2025, cast.organizer_a, [counties.a1], publish_ranks=False)
    assert secretaries_over_the_years(cast.observer, counties.a1)[0].figures.rank is None
    assert (
        secretaries_over_the_years(cast.organizer_a, counties.a1)[0].figures.rank == 1
    )  # organizers still see it


def test_the_page_shows_the_years_side_by_side(client, three_years, cast, counties):
    client.force_login(cast.reporter_a1)  # a reporter sees their own organization
    page = client.get(_url(counties.a1), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.index("2023") < page.index("2024") < page.index("2025")
    assert "赵强" in page and "孙立" in page and "91.50" in page


def test_a_host_shows_its_subordinates_one_row_each_with_grade_and_score_per_year(
    client, three_years, cast, tree
):
    client.force_login(cast.organizer_a)
    response = client.get(_url(tree.city_a), HTTP_ACCEPT_LANGUAGE="en")
    rows = response.context["subordinates"].rows
    assert [row.organization.code for row in rows] == ["CA1", "CA2", "CA3"]
    assert [cell.figures.grade for cell in rows[1].cells] == ["good", "good", "good"]
    assert "Good · 90.50" in response.content.decode()


def test_a_city_organizer_cannot_open_the_history_outside_the_city(client, three_years, cast, tree, counties):
    client.force_login(cast.organizer_b)
    assert client.get(_url(counties.a1)).status_code == 404
    assert client.get(_url(tree.city_a)).status_code == 404
    client.force_login(cast.reporter_a1)
    assert client.get(_url(counties.a2)).status_code == 404


def test_the_organization_page_links_to_it(client, cast, counties):
    client.force_login(cast.organizer_a)
    page = client.get(reverse("directory:detail", args=[counties.a1.code])).content.decode()
    assert _url(counties.a1) in page


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_years_or_rows(
    client, tree, cast, counties, django_assert_num_queries
):
    client.force_login(cast.organizer_a)
    campaign_year(tree.city_a, 2023, cast.organizer_a, [counties.a1])
    one_year_host = _queries(client, _url(tree.city_a))
    one_year_unit = _queries(client, _url(counties.a1))
    for year in (2024, 2025, 2026):
        campaign_year(tree.city_a, year, cast.organizer_a, [counties.a1, counties.a2, counties.a3])
    with django_assert_num_queries(one_year_host):
        client.get(_url(tree.city_a))
    with django_assert_num_queries(one_year_unit):
        client.get(_url(counties.a1))
    # Session, user, organization, grants; the host: its campaigns, its subordinates (count and
    # page) and their reporters; a unit: its reporters and their ledger items.
    assert (one_year_host, one_year_unit) == (9, 7)
