"""The campaign list across a subtree: each row names its host and the host's level, and the list
is filtered by level, state, year and host, a page at a time, never showing what lies outside."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from debrief.campaigns import selectors, views
from debrief.campaigns.models import CampaignState
from debrief.campaigns.selectors import CampaignFilter
from debrief.testing.factories import OrganizationFactory, advance_to, campaign_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaigns(tree, cast, campaign, reporters):
    """The province's, both cities' and county A1's 2022 campaigns (city A's at its meeting, the others
    preparing), and city A's of 2021."""
    return SimpleNamespace(
        province=campaign_open(tree.province, year=2022),
        city_a=advance_to(campaign, CampaignState.MEETING, cast.organizer_a),
        city_a_2021=campaign_open(tree.city_a, year=2021),
        city_b=campaign_open(tree.city_b, year=2022),
        county_a1=campaign_open(tree.county_a1, year=2022),
    )


def listed(client, user, **filters):
    client.force_login(user)
    response = client.get(reverse("campaigns:list"), filters, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response, list(response.context["page"])


# --- The selector ------------------------------------------------------------------------------


def test_the_province_sees_every_campaign_below_it_newest_year_first_then_down_the_tree(cast, campaigns):
    found = list(selectors.campaigns_filtered(cast.observer, CampaignFilter()))
    assert found == [
        campaigns.province,
        campaigns.city_a,
        campaigns.county_a1,
        campaigns.city_b,
        campaigns.city_a_2021,
    ]


def test_the_level_filter_reads_the_hosts_level(cast, campaigns):
    assert list(selectors.campaigns_filtered(cast.observer, CampaignFilter(level="city"))) == [
        campaigns.city_a,
        campaigns.city_b,
        campaigns.city_a_2021,
    ]
    assert list(selectors.campaigns_filtered(cast.observer, CampaignFilter(level="county"))) == [
        campaigns.county_a1
    ]


def test_the_state_and_year_filters(cast, campaigns):
    meeting = CampaignFilter(state=CampaignState.MEETING)
    assert list(selectors.campaigns_filtered(cast.observer, meeting)) == [campaigns.city_a]
    assert list(selectors.campaigns_filtered(cast.observer, CampaignFilter(year=2021))) == [
        campaigns.city_a_2021
    ]


def test_the_host_filter_takes_the_host_and_every_host_below_it(tree, cast, campaigns):
    found = selectors.campaigns_filtered(cast.observer, CampaignFilter(host=tree.city_a, year=2022))
    assert list(found) == [campaigns.city_a, campaigns.county_a1]


def test_a_city_organizer_sees_only_the_campaigns_of_their_city(cast, campaigns):
    found = set(selectors.campaigns_filtered(cast.organizer_a, CampaignFilter()))
    assert found == {campaigns.city_a, campaigns.city_a_2021, campaigns.county_a1}


# --- The page ---------------------------------------------------------------------------------


def test_each_row_names_the_host_and_its_level(client, cast, campaigns):
    response, _ = listed(client, cast.observer, year=2022)
    html = response.content.decode()
    assert "江州市东区区委" in html and "County or district" in html
    assert "北江省委" in html and "Province" in html


def test_the_page_filters_by_level_state_year_and_host(client, tree, cast, campaigns):
    assert listed(client, cast.observer, level="city", year=2022)[1] == [campaigns.city_a, campaigns.city_b]
    assert listed(client, cast.observer, state="meeting")[1] == [campaigns.city_a]
    assert listed(client, cast.observer, host="CA", level="county")[1] == [campaigns.county_a1]


def test_the_host_box_also_takes_an_organizations_full_name(client, cast, campaigns):
    assert listed(client, cast.observer, host="川北市委")[1] == [campaigns.city_b]


def test_a_city_organizer_cannot_filter_by_a_host_outside_the_city(client, cast, campaigns):
    response, rows = listed(client, cast.organizer_a, host="CB")
    # The same answer as for a code that does not exist: nothing of city B is named or listed.
    assert "No organization you can see has this code or name." in response.content.decode()
    assert "川北市委" not in response.content.decode()
    assert campaigns.city_b not in rows
    unknown, _ = listed(client, cast.organizer_a, host="NOPE")
    assert unknown.context["form"].errors == response.context["form"].errors


def test_the_host_suggestions_come_from_the_users_subtrees_only(client, cast, campaigns):
    client.force_login(cast.organizer_a)
    options = client.get(
        reverse("campaigns:host_options"), {"host": "市"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert '<option value="CA">江州市委' in options
    assert "CB" not in options and "川北" not in options
    assert client.get(reverse("campaigns:host_options"), {"host": ""}).content.decode().strip() == ""


def test_the_host_suggestions_are_few_however_many_match(client, tree, cast):
    for n in range(30):
        OrganizationFactory(code=f"CAX{n:02d}", name=f"江州市第{n}支部", parent=tree.city_a)
    client.force_login(cast.organizer_a)
    options = client.get(reverse("campaigns:host_options"), {"host": "江州"}).content.decode()
    assert options.count("<option") == 20


def test_the_list_comes_a_page_at_a_time(client, cast, campaigns, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    response, rows = listed(client, cast.observer)
    assert len(rows) == 2 and "Page 1 of 3" in response.content.decode()
    response, rows = listed(client, cast.observer, level="city", page=2)
    assert rows == [campaigns.city_a_2021]
    assert "level=city&amp;page=1" in response.content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_the_list_runs_the_same_queries_for_any_number_of_campaigns(
    client, tree, cast, count, django_assert_num_queries
):
    for n in range(count):
        host = OrganizationFactory(
            code=f"CAC{n:02d}", name=f"江州市第{n}区委", level="county", parent=tree.city_a
        )
        campaign_open(host, year=2022)
    client.force_login(cast.organizer_a)
    # 6: the session, the user and their grants; the host named in the filter; the pager's count;
    # the page of campaigns with their hosts joined.
    with django_assert_num_queries(6):
        response = client.get(reverse("campaigns:list"), {"host": "CA", "year": 2022, "state": "preparing"})
    assert len(response.context["page"]) == count
