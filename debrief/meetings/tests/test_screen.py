import datetime

import pytest
from django.utils import timezone

from debrief.meetings import screen, selectors, services
from debrief.testing.factories import campaign_open, meeting_set_up

pytestmark = pytest.mark.django_db


def items(meeting):
    return [row.item for row in selectors.agenda(meeting)]


def test_the_screen_starts_on_the_welcome_page(meeting, campaign):
    state = selectors.screen_state(meeting)
    assert state.kind == "welcome"
    assert state.title == campaign.title
    assert state.next_title == "Opening"


def test_next_walks_the_agenda_and_names_the_speaker(meeting, reporters):
    screen.screen_next(meeting=meeting)
    screen.screen_next(meeting=meeting)
    state = selectors.screen_state(meeting)
    assert state.kind == "report"
    assert state.speaker == reporters.a1
    assert (state.speaker_number, state.speaker_count) == (1, 2)
    assert state.limit_seconds == 8 * 60
    assert state.next_title == "江州市西区区委 — 李明"


def test_previous_from_the_first_item_returns_to_the_welcome_page(meeting):
    screen.screen_next(meeting=meeting)
    screen.screen_previous(meeting=meeting)
    assert selectors.screen_state(meeting).kind == "welcome"
    with pytest.raises(services.MeetingError, match="welcome page"):
        screen.screen_previous(meeting=meeting)


def test_next_stops_at_the_last_item(meeting):
    screen.screen_show(meeting=meeting, item=items(meeting)[-1])
    with pytest.raises(services.MeetingError, match="last item"):
        screen.screen_next(meeting=meeting)


def test_every_change_bumps_the_version_the_screen_polls_with(meeting):
    versions = [meeting.screen_version]
    screen.screen_next(meeting=meeting)
    meeting.refresh_from_db()
    versions.append(meeting.screen_version)
    screen.timer_start(meeting=meeting)
    meeting.refresh_from_db()
    versions.append(meeting.screen_version)
    assert versions == sorted(set(versions))


def test_the_timer_counts_while_running_and_holds_when_stopped(meeting):
    start = timezone.now()
    screen.screen_next(meeting=meeting)
    screen.timer_start(meeting=meeting, at=start)
    assert screen.elapsed_seconds(meeting, now=start + datetime.timedelta(seconds=95)) == 95
    screen.timer_stop(meeting=meeting, at=start + datetime.timedelta(seconds=95))
    meeting.refresh_from_db()
    assert meeting.timer_started_at is None
    assert meeting.timer_elapsed == 95
    state = selectors.screen_state(meeting)
    assert not state.running and state.elapsed_seconds == 95


def test_moving_on_keeps_the_time_an_item_took_and_coming_back_resumes_it(meeting):
    start = timezone.now()
    screen.screen_next(meeting=meeting)
    screen.screen_next(meeting=meeting)
    screen.timer_start(meeting=meeting, at=start)
    speech = meeting.current_item
    following = items(meeting)[2]
    screen.screen_show(meeting=meeting, item=following, at=start + datetime.timedelta(seconds=9 * 60 + 5))
    speech.refresh_from_db()
    assert speech.spoken_seconds == 545
    screen.screen_show(meeting=meeting, item=speech)
    state = selectors.screen_state(meeting)
    assert state.elapsed_seconds == speech.spoken_seconds and not state.running
    assert state.elapsed_seconds > state.limit_seconds  # over time: the screen shows it red


def test_resetting_the_timer_forgets_the_time_taken(meeting):
    screen.screen_next(meeting=meeting)
    screen.timer_start(meeting=meeting)
    screen.timer_stop(meeting=meeting)
    screen.timer_reset(meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.timer_elapsed == 0 and meeting.current_item.spoken_seconds is None


def test_the_timer_needs_an_item_on_the_screen(meeting):
    with pytest.raises(services.MeetingError, match="before starting the timer"):
        screen.timer_start(meeting=meeting)


def test_an_item_of_another_meeting_cannot_be_shown(meeting, tree, cast):
    other = meeting_set_up(campaign_open(tree.city_b, year=2022, user=cast.organizer_b))
    with pytest.raises(services.MeetingError, match="not on this meeting"):
        screen.screen_show(meeting=meeting, item=items(other)[0])


def test_the_written_reports_item_counts_the_written_reporters(meeting):
    written = next(item for item in items(meeting) if item.kind == "written")
    screen.screen_show(meeting=meeting, item=written)
    assert selectors.screen_state(meeting).written_count == 1


def test_an_unnamed_closing_speech_is_not_labelled_with_its_own_title_again(meeting):
    closing = items(meeting)[-1]
    screen.screen_show(meeting=meeting, item=closing)
    state = selectors.screen_state(meeting)
    assert state.title == "Closing speech"
    assert state.kind_label == ""


def test_a_named_item_is_labelled_with_its_kind(meeting):
    closing = items(meeting)[-1]
    closing.title = "市委书记总结讲话"
    closing.save(update_fields=["title"])
    screen.screen_show(meeting=meeting, item=closing)
    state = selectors.screen_state(meeting)
    assert (state.kind_label, state.title) == ("Closing speech", "市委书记总结讲话")
