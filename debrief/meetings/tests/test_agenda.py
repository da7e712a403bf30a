import datetime

import pytest

from debrief.campaigns import services as campaign_services
from debrief.campaigns.models import CampaignState
from debrief.meetings import selectors, services
from debrief.meetings.models import AgendaKind
from debrief.testing.factories import advance_to, meeting_set_up

pytestmark = pytest.mark.django_db


def kinds(meeting):
    return [row.item.kind for row in selectors.agenda(meeting)]


def speakers(meeting):
    return [row.item.reporter_id for row in selectors.agenda(meeting) if row.item.is_report]


def test_a_new_meeting_has_the_usual_agenda_with_the_speakers_in_order(meeting, reporters):
    assert kinds(meeting) == ["opening", "report", "report", "written", "comments", "evaluation", "closing"]
    assert speakers(meeting) == [reporters.a1.pk, reporters.a2.pk]
    report_items = [row.item for row in selectors.agenda(meeting) if row.item.is_report]
    assert [item.time_limit_minutes for item in report_items] == [8, 8]


def test_report_items_are_titled_with_the_organization_and_secretary(meeting):
    titles = [row.title for row in selectors.agenda(meeting)]
    assert titles[1] == "江州市东区区委 — 赵强"
    assert titles[0] == "Opening"


def test_a_campaign_has_one_meeting(meeting, campaign):
    with pytest.raises(services.MeetingError, match="already has its meeting"):
        meeting_set_up(campaign)


def test_a_meeting_needs_a_venue_and_a_presiding_leader(campaign, reporters):
    with pytest.raises(services.MeetingError, match="venue"):
        meeting_set_up(campaign, venue=" ")
    with pytest.raises(services.MeetingError, match="presides"):
        meeting_set_up(campaign, presided_by="")


def test_without_written_reporters_the_agenda_has_no_written_reports_item(campaign, counties):
    campaign_services.reporters_add(campaign=campaign, organizations=[counties.a1], mode="on_site")
    meeting = meeting_set_up(campaign, report_minutes=6)
    assert AgendaKind.WRITTEN_REPORTS not in kinds(meeting)
    assert selectors.agenda(meeting)[1].item.time_limit_minutes == 6


def test_reordering_the_report_items_changes_the_speaking_order(meeting, reporters):
    ids = [row.item.pk for row in selectors.agenda(meeting)]
    ids[1], ids[2] = ids[2], ids[1]
    services.agenda_reorder(meeting=meeting, item_ids=ids)
    assert speakers(meeting) == [reporters.a2.pk, reporters.a1.pk]
    reporters.a1.refresh_from_db()
    reporters.a2.refresh_from_db()
    assert (reporters.a2.speaking_order, reporters.a1.speaking_order) == (1, 2)


def test_a_comment_item_can_go_between_two_reports(meeting):
    rows = selectors.agenda(meeting)
    comments = next(row.item for row in rows if row.item.kind == "comments")
    services.agenda_move(item=comments, offset=-2)
    assert kinds(meeting)[:4] == ["opening", "report", "comments", "report"]


def test_a_reorder_must_name_every_item_once(meeting):
    ids = [row.item.pk for row in selectors.agenda(meeting)]
    with pytest.raises(services.MeetingError, match="every agenda item exactly once"):
        services.agenda_reorder(meeting=meeting, item_ids=ids[:-1])


def test_speakers_can_be_reordered_on_the_meeting_day_but_not_once_evaluation_began(
    meeting, campaign, cast, reporters
):
    advance_to(campaign, CampaignState.MEETING, cast.organizer_a)
    ids = [row.item.pk for row in selectors.agenda(meeting)]
    ids[1], ids[2] = ids[2], ids[1]
    services.agenda_reorder(meeting=meeting, item_ids=ids)
    assert speakers(meeting) == [reporters.a2.pk, reporters.a1.pk]
    advance_to(campaign, CampaignState.EVALUATING, cast.organizer_a)
    ids[1], ids[2] = ids[2], ids[1]
    with pytest.raises(services.MeetingError, match="evaluation has begun"):
        services.agenda_reorder(meeting=meeting, item_ids=ids)


def test_the_agenda_follows_reporters_changed_on_the_reporters_page(meeting, reporters, counties):
    campaign_services.reporter_set_mode(reporter=reporters.a3, mode="on_site")
    campaign_services.reporter_set_mode(reporter=reporters.a1, mode="written")
    services.agenda_sync(meeting)
    assert speakers(meeting) == [reporters.a2.pk, reporters.a3.pk]
    assert kinds(meeting) == ["opening", "report", "report", "written", "comments", "evaluation", "closing"]


def test_syncing_an_agenda_in_line_changes_nothing(meeting):
    before = [(row.item.pk, row.item.position) for row in selectors.agenda(meeting)]
    services.agenda_sync(meeting)
    assert [(row.item.pk, row.item.position) for row in selectors.agenda(meeting)] == before


def test_an_other_item_needs_a_title_and_a_sensible_time_limit(meeting):
    with pytest.raises(services.MeetingError, match="title"):
        services.agenda_item_add(meeting=meeting, kind="other")
    with pytest.raises(services.MeetingError, match="between 1 and 240"):
        services.agenda_item_add(meeting=meeting, kind="other", title="传达会议精神", minutes=0)
    item = services.agenda_item_add(meeting=meeting, kind="other", title="传达会议精神", minutes=15)
    assert selectors.agenda(meeting)[-1].title == "传达会议精神"
    assert item.time_limit_minutes == 15


def test_report_items_are_not_added_or_removed_by_hand(meeting):
    with pytest.raises(services.MeetingError, match="reporters page"):
        services.agenda_item_add(meeting=meeting, kind="report")
    report = selectors.agenda(meeting)[1].item
    with pytest.raises(services.MeetingError, match="reporters page"):
        services.agenda_item_remove(item=report)


def test_removing_an_item_closes_the_gap(meeting):
    rows = selectors.agenda(meeting)
    services.agenda_item_remove(item=rows[0].item)
    assert [row.item.position for row in selectors.agenda(meeting)] == list(range(1, len(rows)))


def test_the_records_close_once_the_results_are_assessed(meeting, campaign, cast):
    advance_to(campaign, CampaignState.ASSESSED, cast.organizer_a)
    with pytest.raises(services.MeetingError, match="assessed"):
        services.meeting_update(
            meeting=meeting,
            starts_at=meeting.starts_at + datetime.timedelta(hours=1),
            venue="礼堂",
            presided_by="张三",
        )
