"""Odd input to the meeting's pages answers with a message, never a server error."""

import datetime

import pytest
from django.urls import reverse

from debrief.lib.dates import DateError
from debrief.meetings import commenting, selectors, services
from debrief.meetings.models import Meeting

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DETAILS = {"venue": "市委第一会议室", "presided_by": "市委副书记 李华", "report_minutes": "8"}


def url(name, campaign):
    return reverse(f"meetings:{name}", args=[campaign.pk])


def test_a_meeting_dated_year_1_is_refused_by_the_form_and_nothing_is_stored(
    client, cast, campaign, reporters
):
    client.force_login(cast.organizer_a)
    response = client.post(url("overview", campaign), {**DETAILS, "starts_at": "0001-01-01T09:00"}, **EN)
    assert response.status_code == 422
    assert "The year 1 is out of range; enter a date from 2000 to 2100." in response.content.decode()
    assert not Meeting.objects.exists()
    assert client.get(url("overview", campaign)).status_code == 200


def test_the_meeting_services_refuse_a_start_outside_2000_to_2100(campaign, reporters):
    late = datetime.datetime(2101, 1, 1, 9, tzinfo=datetime.UTC)
    with pytest.raises(DateError, match="The year 2101 is out of range"):
        services.meeting_set_up(campaign=campaign, starts_at=late, venue="会议室", presided_by="李华")
    start = datetime.datetime(2023, 1, 15, 9, tzinfo=datetime.UTC)
    meeting = services.meeting_set_up(campaign=campaign, starts_at=start, venue="会议室", presided_by="李华")
    with pytest.raises(DateError):
        services.meeting_update(meeting=meeting, starts_at=late, venue="会议室", presided_by="李华")


@pytest.mark.parametrize("item", ["abc", "²", "1" * 40])
def test_an_agenda_order_with_an_id_that_is_not_a_number_is_refused_with_400(
    client, cast, campaign, meeting, item
):
    client.force_login(cast.organizer_a)
    ids = [row.item.pk for row in selectors.agenda(meeting)]
    response = client.post(url("agenda_order", campaign), {"item": [*ids[:1], item]}, **EN)
    assert response.status_code == 400
    assert "is not an id the page could have sent; reload the page and retry." in response.content.decode()


def test_the_screen_control_refuses_an_item_that_is_not_a_number_with_400(client, cast, campaign, meeting):
    client.force_login(cast.organizer_a)
    response = client.post(url("control_action", campaign), {"action": "show", "item": "x"}, **EN)
    assert response.status_code == 400


def test_comments_and_questions_are_stored_without_control_characters(reporters, meeting):
    comment = commenting.comment_save(
        reporter=reporters.a1,
        role="principal",
        commenter="市委书记\x0b 张三",
        achievements="成效\x01明显",
        problems=["学习\x0c不够", "\x0b"],
    )
    assert (comment.commenter, comment.achievements) == ("市委书记 张三", "成效明显")
    assert [p.text for p in comment.problems.all()] == ["学习不够"]
    question = commenting.question_save(reporter=reporters.a1, asked_by="李\x00华", question="如何\x1f整改？")
    assert (question.asked_by, question.question) == ("李华", "如何整改？")
