"""The sub-venue pages and screen over HTTP: who reaches what, what they show, what they cost."""

import pytest
from django.urls import reverse

from debrief.accounts.models import Role
from debrief.evaluation import services as evaluation_services
from debrief.meetings import screen, selectors, venues
from debrief.meetings.venue_models import SubVenue
from debrief.testing.factories import evaluation_opened, user_with_role

pytestmark = pytest.mark.django_db

LEADERS = "Host leadership team"
SECRETARIES = "Secretaries and department heads"


def url(name, campaign, *args):
    return reverse(f"meetings:{name}", args=[campaign.pk, *args])


@pytest.fixture
def venue_organizer(tree):
    """An organizer of county A1 (the sub-venue's host), who organizes nothing of city A."""
    return user_with_role(Role.ORGANIZER, tree.county_a1, username="venue_organizer")


@pytest.fixture
def sub_venue(meeting, tree, cast):
    return venues.sub_venue_add(
        meeting=meeting, organization=tree.county_a1, name="东区分会场", code="DQ", user=cast.organizer_a
    )


def test_the_main_organizer_adds_a_sub_venue_by_the_organizations_code(client, cast, campaign, meeting):
    client.force_login(cast.organizer_a)
    response = client.post(
        url("sub_venues", campaign), {"organization": "CA1", "name": "东区分会场", "code": "dq", "place": ""}
    )
    assert response.status_code == 302
    venue = SubVenue.objects.get()
    assert (venue.organization.code, venue.code) == ("CA1", "DQ")
    page = client.get(url("sub_venues", campaign)).content.decode()
    assert "东区分会场" in page and reverse("venues:screen", args=[venue.screen_key]) in page


def test_a_refused_sub_venue_redisplays_the_form_with_the_reason(client, cast, campaign, meeting):
    client.force_login(cast.organizer_a)
    response = client.post(
        url("sub_venues", campaign),
        {"organization": "CA", "name": "市分会场", "code": "S"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "is not below" in page and 'value="市分会场"' in page
    # An organization the organizer cannot see is the same error as an unknown one.
    response = client.post(url("sub_venues", campaign), {"organization": "CB1", "name": "西县", "code": "XX"})
    assert response.status_code == 422 and "您可查看的党组织中没有此代码或名称" in response.content.decode()


def test_removing_a_sub_venue_from_its_page(client, cast, campaign, sub_venue):
    client.force_login(cast.organizer_a)
    response = client.post(url("sub_venue_remove", campaign, sub_venue.pk))
    assert response.status_code == 302 and not SubVenue.objects.exists()


def test_the_venue_organizer_sees_their_venue_page_and_nothing_else_of_the_campaign(
    client, campaign, sub_venue, venue_organizer
):
    client.force_login(venue_organizer)
    assert client.get(url("sub_venue", campaign, sub_venue.pk)).status_code == 200
    for name in ("overview", "agenda", "attendees", "control", "sub_venues", "comments"):
        assert client.get(url(name, campaign)).status_code == 404, name
    assert client.post(url("sub_venue_remove", campaign, sub_venue.pk)).status_code == 404
    assert client.get(reverse("evaluation:codes", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 404
    # The venue page links to nothing of the campaign's own pages.
    page = client.get(url("sub_venue", campaign, sub_venue.pk)).content.decode()
    assert (
        f'href="{url("overview", campaign)}"' not in page and f'href="/campaigns/{campaign.pk}/"' not in page
    )
    # And the venue is listed among theirs.
    mine = client.get(reverse("venues:mine")).content.decode()
    assert url("sub_venue", campaign, sub_venue.pk) in mine


def test_outsiders_find_no_venue_page(client, cast, tree, campaign, sub_venue):
    for user in (cast.organizer_b, cast.leader_a, user_with_role(Role.ORGANIZER, tree.county_b1)):
        client.force_login(user)
        assert client.get(url("sub_venue", campaign, sub_venue.pk)).status_code == 404
    client.logout()
    assert client.get(url("sub_venue", campaign, sub_venue.pk)).status_code == 302  # to the login page


def test_a_venue_page_is_found_only_under_its_own_campaign(client, cast, tree, campaign, sub_venue):
    from debrief.testing.factories import campaign_open, meeting_set_up

    other = campaign_open(tree.city_a, year=2023, user=cast.organizer_a)
    meeting_set_up(other)
    client.force_login(cast.organizer_a)
    assert client.get(url("sub_venue", other, sub_venue.pk)).status_code == 404


def test_the_venue_organizer_records_attendance_and_a_bad_count_keeps_their_input(
    client, campaign, sub_venue, venue_organizer
):
    evaluation_services.evaluation_set_up(campaign)
    client.force_login(venue_organizer)
    form = {"action": "attendance", "expected_0": "5", "present_0": "4", "expected_1": "", "present_1": ""}
    response = client.post(url("sub_venue", campaign, sub_venue.pk), form)
    assert response.status_code == 302
    assert [(a.category, a.expected, a.present) for a in sub_venue.attendance.all()] == [(LEADERS, 5, 4)]
    response = client.post(
        url("sub_venue", campaign, sub_venue.pk),
        {**form, "present_1": "3", "expected_1": "2"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "3 present is more than the 2 expected" in page and 'value="3"' in page


def test_the_venue_organizer_issues_slips_that_name_the_venue(
    client, campaign, reporters, sub_venue, venue_organizer
):
    evaluation, _codes = evaluation_opened(campaign, None, codes={})
    secretaries = evaluation.categories.get(name=SECRETARIES)
    client.force_login(venue_organizer)
    response = client.post(
        url("sub_venue", campaign, sub_venue.pk),
        {"action": "codes", "category": str(secretaries.pk), "count": "3", "file_format": "csv"},
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].endswith(",分会场") and all(row.endswith(",东区分会场") for row in rows[1:])
    assert len(rows) == 4
    assert evaluation.codes.filter(venue="DQ").count() == 3


def test_the_codes_page_issues_for_a_venue_and_shows_turnout_by_venue(client, cast, campaign, sub_venue):
    evaluation, _codes = evaluation_opened(campaign, cast.organizer_a)
    client.force_login(cast.organizer_a)
    page = client.get(reverse("evaluation:codes", args=[campaign.pk])).content.decode()
    assert '<option value="DQ">东区分会场</option>' in page
    response = client.post(
        reverse("evaluation:codes", args=[campaign.pk]),
        {
            "category": str(evaluation.categories.first().pk),
            "venue": "DQ",
            "count": "2",
            "file_format": "pdf",
        },
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert evaluation.codes.filter(venue="DQ").count() == 2
    overview = client.get(reverse("evaluation:overview", args=[campaign.pk])).content.decode()
    assert "turnout-venues" in overview and "东区分会场" in overview


def test_the_venue_screen_shows_the_main_screens_item_and_its_own_turnout(
    client, cast, campaign, meeting, reporters, sub_venue
):
    evaluation, _codes = evaluation_opened(campaign, cast.organizer_a, codes={})
    issued = venues.venue_codes_issue(sub_venue=sub_venue, category=evaluation.categories.first(), count=2)
    screen.screen_next(meeting=meeting)
    screen.screen_next(meeting=meeting)  # the first speaker
    page = client.get(reverse("venues:screen", args=[sub_venue.screen_key])).content.decode()
    assert "东区分会场" in page and "江州市东区区委" in page
    assert reverse("venues:screen_state", args=[sub_venue.screen_key]) in page
    meeting.refresh_from_db()
    state_url = reverse("venues:screen_state", args=[sub_venue.screen_key])
    assert client.get(state_url, {"v": meeting.screen_version}).status_code == 204
    evaluation_item = next(row.item for row in selectors.agenda(meeting) if row.item.kind == "evaluation")
    screen.screen_show(meeting=meeting, item=evaluation_item)
    ratings = {r.pk: ["good"] for r in (reporters.a1, reporters.a2, reporters.a3)}
    evaluation_services.ballot_cast(code_text=issued[0], ratings=ratings)
    body = client.get(state_url, {"v": 0}).content.decode()
    assert '<span id="screen-voted">1</span><small> / 2</small>' in body
    # The main screen lists every venue's codes used of issued.
    main = client.get(reverse("screen_state", args=[meeting.screen_key])).content.decode()
    assert "screen-venues" in main and "东区分会场" in main


def test_an_unknown_venue_screen_key_is_missing(client):
    assert client.get(reverse("venues:screen", args=["nope"])).status_code == 404
    assert client.get(reverse("venues:screen_state", args=["nope"])).status_code == 404


def test_the_venue_screen_state_costs_a_fixed_number_of_queries(
    client, cast, campaign, meeting, reporters, sub_venue, django_assert_num_queries
):
    evaluation_opened(campaign, cast.organizer_a)
    state_url = reverse("venues:screen_state", args=[sub_venue.screen_key])
    screen.screen_next(meeting=meeting)
    screen.screen_next(meeting=meeting)
    with django_assert_num_queries(2):  # the venue with its meeting and current item, the agenda
        assert client.get(state_url, {"v": 0}).status_code == 200
    evaluation_item = next(row.item for row in selectors.agenda(meeting) if row.item.kind == "evaluation")
    screen.screen_show(meeting=meeting, item=evaluation_item)
    with django_assert_num_queries(7):
        assert client.get(state_url, {"v": 0}).status_code == 200


def test_the_sub_venues_page_costs_the_same_whatever_the_number_of_venues(
    client, cast, tree, campaign, meeting, sub_venue, django_assert_num_queries
):
    from debrief.testing.factories import OrganizationFactory

    evaluation_opened(campaign, cast.organizer_a)
    venues.venue_attendance_set(sub_venue=sub_venue, counts={LEADERS: (3, 3)})
    client.force_login(cast.organizer_a)
    client.get(url("sub_venues", campaign))
    with django_assert_num_queries(10):
        assert client.get(url("sub_venues", campaign)).status_code == 200
    for i in range(3):
        org = OrganizationFactory(code=f"CA9{i}", name=f"江州市第{i}区区委", parent=tree.city_a)
        added = venues.sub_venue_add(meeting=meeting, organization=org, name=f"第{i}分会场", code=f"V{i}")
        venues.venue_attendance_set(sub_venue=added, counts={LEADERS: (2, 1)})
    with django_assert_num_queries(10):
        assert client.get(url("sub_venues", campaign)).status_code == 200


def test_the_main_organizer_opens_any_venue_page_with_the_campaigns_tabs(client, cast, campaign, sub_venue):
    client.force_login(cast.organizer_a)
    page = client.get(url("sub_venue", campaign, sub_venue.pk)).content.decode()
    assert f'href="{url("sub_venues", campaign)}"' in page
    assert f'href="{reverse("venues:screen", args=[sub_venue.screen_key])}"' in page


def test_the_organization_suggestions_stay_inside_what_the_user_organizes(client, tree, venue_organizer):
    client.force_login(venue_organizer)
    response = client.get(reverse("venues:organization_options"), {"organization": "C"})
    options = response.content.decode()
    assert "CA1a" in options and "CB1" not in options and 'value="CA"' not in options
