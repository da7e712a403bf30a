"""Odd input to the ledger answers with a message, never a server error, and stores clean text."""

import datetime

import pytest
from django.urls import reverse

from debrief.lib.dates import DateError
from debrief.meetings import commenting
from debrief.rectification import services
from debrief.rectification.models import Item

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
YEAR_1 = datetime.date(1, 4, 30)


def test_the_services_refuse_a_deadline_outside_2000_to_2100(campaign, reporters, item, cast):
    with pytest.raises(DateError, match="The year 1 is out of range; enter a date from 2000 to 2100."):
        services.item_create(campaign=campaign, reporter=reporters.a1, description="问题", deadline=YEAR_1)
    with pytest.raises(DateError):
        services.item_update(item=item, user=cast.organizer_a, deadline=YEAR_1)
    item.refresh_from_db()
    assert item.deadline == datetime.date(2023, 4, 30)


def test_the_item_form_refuses_a_deadline_of_year_1(client, cast, campaign, reporters):
    client.force_login(cast.organizer_a)
    response = client.post(
        f"{reverse('rectification:item_new')}?campaign={campaign.pk}",
        {"reporter": reporters.a1.pk, "description": "问题", "category": "other", "deadline": "0001-04-30"},
        **EN,
    )
    assert "The year 1 is out of range" in response.content.decode()
    assert not Item.objects.exists()


def test_a_new_item_for_a_campaign_that_is_not_a_number_is_refused_with_400(client, cast, campaign):
    client.force_login(cast.organizer_a)
    assert client.get(reverse("rectification:item_new"), {"campaign": "²"}, **EN).status_code == 400


def test_a_deadline_filter_of_year_1_is_explained_on_the_page_and_refused_by_the_api(
    client, cast, campaign, item
):
    client.force_login(cast.organizer_a)
    page = client.get(
        reverse("rectification:ledger"), {"campaign": campaign.pk, "deadline_from": "0001-01-01"}, **EN
    )
    assert page.status_code == 200 and "The year 1 is out of range" in page.content.decode()
    response = client.get("/api/v1/rectification/items", {"deadline_from": "0001-01-01"}, **EN)
    assert response.status_code == 409
    assert response.json()["detail"].startswith("The year 1 is out of range")


@pytest.mark.parametrize("offset", ["10000000000000000000", "-1"])
def test_the_ledger_api_refuses_an_offset_no_database_takes(client, cast, item, offset):
    client.force_login(cast.organizer_a)
    assert client.get("/api/v1/rectification/items", {"offset": offset}).status_code == 422


def test_item_texts_are_stored_without_control_characters(item, cast):
    services.item_update(
        item=item,
        user=cast.organizer_a,
        description="组织生活\x0b质量不高\x00",
        measures=["制定\x01计划", "\x0c"],
    )
    event = services.progress_add(item=item, user=cast.reporter_a1, text="已完成\x1f第一步")
    item.refresh_from_db()
    assert item.description == "组织生活质量不高"
    assert [m.text for m in item.measures.all()] == ["制定计划"]
    assert event.text == "已完成第一步"


@pytest.mark.parametrize(
    "target", ["http://[", "//elsewhere.example", "javascript:alert(1)", "\\\\x", "%", "ledger"]
)
def test_an_odd_next_address_falls_back_to_the_reporters_comments(client, cast, campaign, reporters, target):
    comment = commenting.comment_save(
        reporter=reporters.a1, role="principal", commenter="市委书记 李华", problems=["调研不够深入。"]
    )
    client.force_login(cast.organizer_a)
    response = client.post(
        reverse("rectification:from_comment", args=[comment.problems.get().pk]), {"next": target}
    )
    assert response.status_code == 302 and not response["Location"].startswith(("http", "//", "javascript"))
    assert client.post(reverse("set_language"), {"language": "en", "next": target}).status_code == 302
