"""The closing speech's points (会议指出 / 要求 / 强调): recorded by organizers on the meeting page,
kept in order, audited, and frozen once the campaign is archived."""

import pytest
from django.urls import reverse

from debrief.audit.models import Action, Entry
from debrief.campaigns.models import CampaignState
from debrief.lib.errors import DomainError
from debrief.meetings import selectors, services
from debrief.meetings.models import ClosingPoint
from debrief.testing.factories import advance_to

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
POINTS = {
    "pointed_out": "一年来，各级党组织书记抓基层党建责任进一步压实。\n",
    "required": "对点评指出的问题列出清单，逐项整改。\n\n年底前将整改情况书面报局党组。",
    "stressed": "",
}


def url(name, campaign):
    return reverse(f"meetings:{name}", args=[campaign.pk])


def speech(meeting) -> dict[str, list[str]]:
    return {part.kind: part.points for part in selectors.closing_speech(meeting)}


# --- The service ----------------------------------------------------------------------------------


def test_the_points_are_kept_in_order_under_their_kind_without_blanks_or_control_characters(meeting):
    services.closing_speech_save(
        meeting=meeting,
        pointed_out=["  基层党建工作取得新成效。 "],
        required=["建立问题清单。", "", "按期\x0b报送整改情况。"],
    )

    assert speech(meeting) == {
        "pointed_out": ["基层党建工作取得新成效。"],
        "required": ["建立问题清单。", "按期报送整改情况。"],
        "stressed": [],
    }


def test_a_save_is_recorded_in_the_audit_trail_with_the_kinds_that_changed(meeting, cast):
    services.closing_speech_save(meeting=meeting, required=["逐项整改。"], user=cast.organizer_a)
    services.closing_speech_save(
        meeting=meeting, required=["逐项整改。"], stressed=["压实责任。"], user=cast.organizer_a
    )

    first, second = Entry.objects.filter(action=Action.CLOSING_SPEECH_CHANGED).order_by("seq")
    assert (first.before, first.after) == ({"required": []}, {"required": ["逐项整改。"]})
    assert (second.before, second.after) == ({"stressed": []}, {"stressed": ["压实责任。"]})
    assert second.actor == cast.organizer_a and second.organization == meeting.campaign.host


def test_saving_the_same_points_again_changes_and_records_nothing(meeting):
    services.closing_speech_save(meeting=meeting, stressed=["压实责任。"])
    services.closing_speech_save(meeting=meeting, stressed=["压实责任。"])

    assert Entry.objects.filter(action=Action.CLOSING_SPEECH_CHANGED).count() == 1


def test_an_edit_keeps_the_rows_of_the_points_it_leaves_as_they_were(meeting):
    services.closing_speech_save(meeting=meeting, required=["甲。", "乙。"])
    kept = ClosingPoint.objects.get(text="乙。")

    services.closing_speech_save(meeting=meeting, required=["乙。", "丙。"])

    assert speech(meeting)["required"] == ["乙。", "丙。"]
    assert ClosingPoint.objects.get(text="乙。").pk == kept.pk


def test_the_speech_may_still_be_written_up_after_the_results_are_published(meeting, campaign, cast):
    advance_to(campaign, CampaignState.PUBLISHED, cast.organizer_a)

    services.closing_speech_save(meeting=meeting, pointed_out=["成效明显。"])

    assert speech(meeting)["pointed_out"] == ["成效明显。"]


def test_an_archived_campaign_refuses_the_speech(meeting, campaign, cast):
    services.closing_speech_save(meeting=meeting, pointed_out=["成效明显。"])
    advance_to(campaign, CampaignState.ARCHIVED, cast.organizer_a)

    with pytest.raises(DomainError, match="archived"):
        services.closing_speech_save(meeting=meeting, pointed_out=["改了。"])
    assert speech(meeting)["pointed_out"] == ["成效明显。"]


# --- The meeting page -----------------------------------------------------------------------------


def test_an_organizer_saves_the_points_by_htmx_and_gets_the_card_back(client, cast, campaign, meeting):
    client.force_login(cast.organizer_a)

    response = client.post(url("closing_speech", campaign), POINTS, HTTP_HX_REQUEST="true", **EN)

    assert response.status_code == 200
    card = response.content.decode()
    assert card.startswith('<section class="card" id="closing-speech">')
    assert "The closing speech is saved." in card
    assert "年底前将整改情况书面报局党组。</textarea>" in card
    assert speech(meeting)["required"] == [
        "对点评指出的问题列出清单，逐项整改。",
        "年底前将整改情况书面报局党组。",
    ]


def test_without_javascript_the_form_posts_and_the_page_comes_back_filled_in(client, cast, campaign, meeting):
    client.force_login(cast.organizer_a)

    response = client.post(url("closing_speech", campaign), POINTS, **EN)

    assert response.status_code == 302 and response.url == url("overview", campaign)
    page = client.get(response.url, **EN).content.decode()
    assert "The closing speech is saved." in page
    assert 'id="closing-speech-form"' in page and "逐项整改。" in page


def test_others_who_see_the_meeting_read_the_points_but_cannot_post_them(client, cast, campaign, meeting):
    services.closing_speech_save(meeting=meeting, stressed=["压实“一岗双责”。"])
    client.force_login(cast.leader_a)

    page = client.get(url("overview", campaign), **EN).content.decode()

    assert "<li>压实“一岗双责”。</li>" in page and 'id="closing-speech-form"' not in page
    assert client.post(url("closing_speech", campaign), POINTS).status_code == 404
    client.force_login(cast.organizer_b)
    assert client.post(url("closing_speech", campaign), POINTS).status_code == 404
    assert speech(meeting)["stressed"] == ["压实“一岗双责”。"]


def test_once_archived_the_page_shows_the_points_without_a_form_and_a_post_is_refused(
    client, cast, campaign, meeting
):
    services.closing_speech_save(meeting=meeting, pointed_out=["成效明显。"])
    advance_to(campaign, CampaignState.ARCHIVED, cast.organizer_a)
    client.force_login(cast.organizer_a)

    page = client.get(url("overview", campaign), **EN).content.decode()
    assert "<li>成效明显。</li>" in page and 'id="closing-speech-form"' not in page

    refused = client.post(url("closing_speech", campaign), POINTS, **EN)
    assert refused.status_code == 422
    assert "The campaign is archived and can no longer be changed." in refused.content.decode()
    by_htmx = client.post(url("closing_speech", campaign), POINTS, HTTP_HX_REQUEST="true", **EN)
    assert by_htmx.status_code == 200
    assert "The campaign is archived and can no longer be changed." in by_htmx.content.decode()
    assert speech(meeting)["pointed_out"] == ["成效明显。"]


def test_before_any_point_is_recorded_the_page_says_so_to_those_who_only_read(
    client, cast, campaign, meeting
):
    client.force_login(cast.leader_a)

    page = client.get(url("overview", campaign), **EN).content.decode()

    assert "No points of the closing speech are recorded yet." in page
