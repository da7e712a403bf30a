"""A superior's item on a secretary, broken down by the secretary's organization for its own
subordinates; the parent shows their progress and is signed off by the superior as before."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from debrief.accounts.models import Role
from debrief.campaigns.services import reporters_add
from debrief.orgs.models import Level
from debrief.rectification import breakdown, services
from debrief.rectification.models import Source, Status
from debrief.rectification.services import RectificationError
from debrief.testing.factories import campaign_open, log_in, subordinate_with_secretary, user_with_role

DEADLINE = datetime.date(2023, 4, 30)


@pytest.fixture
def county(tree, cast, counties, item):
    """County A1 runs its own 2022 campaign over two streets; its organizer breaks City A's item down."""
    streets = [
        subordinate_with_secretary(counties.a1, "CA1b", "东区胜利街道党工委", "孙书记", level=Level.TOWNSHIP),
        subordinate_with_secretary(counties.a1, "CA1c", "东区和平街道党工委", "钱书记", level=Level.TOWNSHIP),
    ]
    organizer = user_with_role(Role.ORGANIZER, counties.a1, username="county_organizer")
    campaign = campaign_open(counties.a1, year=2022, user=organizer)
    reporters = reporters_add(campaign=campaign, organizations=streets, mode="written")
    return SimpleNamespace(organizer=organizer, campaign=campaign, reporters=reporters)


def break_down(item, county, **changes):
    fields = {
        "parent": item,
        "reporters": county.reporters,
        "description": item.description,
        "deadline": datetime.date(2023, 3, 31),
        "user": county.organizer,
    }
    return breakdown.item_break_down(**{**fields, **changes})


def test_sub_items_go_into_the_countys_own_ledger_for_each_subordinate(item, county):
    children = break_down(item, county)
    assert [child.campaign for child in children] == [county.campaign, county.campaign]
    assert [child.reporter for child in children] == county.reporters
    assert all(child.source == Source.BREAKDOWN and child.parent == item for child in children)
    assert children[0].source_note == f"江州市委 {item.label}"
    assert children[0].responsible == county.reporters[0].person


def test_a_sub_items_deadline_after_the_parents_is_refused(item, county):
    with pytest.raises(RectificationError, match="after the deadline of item 2022-001 \\(2023-04-30\\)"):
        break_down(item, county, deadline=DEADLINE + datetime.timedelta(days=1))
    assert not item.children.exists()


def test_breaking_down_needs_the_organizations_own_campaign(item, county):
    county.campaign.delete()
    with pytest.raises(RectificationError, match="江州市东区区委 has no campaign of 2022"):
        break_down(item, county, reporters=[])


def test_breaking_down_twice_for_one_subordinate_is_refused(item, county):
    break_down(item, county, reporters=county.reporters[:1])
    with pytest.raises(RectificationError, match="already broken down for 东区胜利街道党工委"):
        break_down(item, county)


def test_the_parent_shows_its_childrens_progress_and_is_signed_off_as_before(item, county, cast):
    children = break_down(item, county)
    services.item_submit(item=children[0], user=None, text="已整改")
    services.item_sign_off(item=children[0], user=county.organizer)
    progress = breakdown.children_progress(item, cast.organizer_a, today=datetime.date(2023, 4, 1))
    assert (progress.signed_off, progress.total, progress.open) == (1, 2, 1)
    assert [row.overdue for row in progress.rows] == [False, True]
    services.item_submit(item=item, user=None, text="已整改")
    services.item_sign_off(item=item, user=cast.organizer_a)  # open children warn, they do not block
    item.refresh_from_db()
    assert item.status == Status.SIGNED_OFF


def test_the_county_organizer_breaks_down_on_the_items_page_and_the_city_sees_progress(
    client, item, county, cast
):
    assert log_in(client, "county_organizer", "secret-pass")
    page = client.get(reverse("rectification:item", args=[item.pk]))
    assert page.status_code == 200
    assert "东区胜利街道党工委" in page.content.decode()  # the form offers the county's reporters
    url = reverse("rectification:break_down", args=[item.pk])
    late = client.post(
        url,
        {"reporters": [r.pk for r in county.reporters], "description": "问题", "deadline": "2023-05-31"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "after the deadline of item" in late.content.decode()
    assert 'value="2023-05-31"' in late.content.decode()  # the input is kept
    done = client.post(
        url, {"reporters": [r.pk for r in county.reporters], "description": "问题", "deadline": "2023-03-31"}
    )
    assert done.status_code == 302
    child = item.children.first()
    assert log_in(client, "organizer_a", "secret-pass")
    parent_page = client.get(reverse("rectification:item", args=[item.pk]), HTTP_ACCEPT_LANGUAGE="en")
    parent_page = parent_page.content.decode()
    assert "0 of 2 signed off" in parent_page
    assert reverse("rectification:item", args=[child.pk]) in parent_page
    child_page = client.get(reverse("rectification:item", args=[child.pk])).content.decode()
    assert reverse("rectification:item", args=[item.pk]) in child_page  # the link to the parent


def test_a_street_secretary_does_not_get_a_link_to_the_citys_item(client, item, county):
    child = break_down(item, county)[0]
    street = user_with_role(Role.REPORTER, county.reporters[0].organization, username="street")
    street.person = county.reporters[0].person
    street.save()
    assert log_in(client, "street", "secret-pass")
    page = client.get(reverse("rectification:item", args=[child.pk]))
    assert page.status_code == 200
    assert reverse("rectification:item", args=[item.pk]) not in page.content.decode()


def test_others_cannot_break_down(client, item, county, cast):
    assert log_in(client, "reporter_a1", "secret-pass")
    url = reverse("rectification:break_down", args=[item.pk])
    response = client.post(
        url, {"reporters": [county.reporters[0].pk], "description": "x", "deadline": "2023-03-01"}
    )
    assert response.status_code == 404
    assert not item.children.exists()
