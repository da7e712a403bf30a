"""The big screen's controls: which agenda item is on, and its timer.

The control page calls these; the screen polls `selectors.screen_state` and follows. Every change
takes the meeting row's lock, so two organizers pressing "next" at once move the screen twice,
never into a muddle.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AgendaItem, Meeting
from .services import MeetingError


def _locked(meeting: Meeting) -> Meeting:
    """The caller's meeting, locked and read afresh, so that it shows the change made."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk").get()
    meeting.refresh_from_db()
    return meeting


def elapsed_seconds(meeting: Meeting, now: datetime.datetime | None = None) -> int:
    """Seconds the current item's timer has run, the present run included."""
    seconds = meeting.timer_elapsed
    if meeting.timer_started_at is not None:
        now = now or timezone.now()
        seconds += max(0, int((now - meeting.timer_started_at).total_seconds()))
    return seconds


def _save(meeting: Meeting) -> Meeting:
    meeting.screen_version += 1
    meeting.save(update_fields=["current_item", "timer_elapsed", "timer_started_at", "screen_version"])
    return meeting


def _leave_current(meeting: Meeting, at: datetime.datetime | None) -> None:
    # The time an item took is kept with it, so the minutes can say how long each report ran.
    if meeting.current_item_id is not None:
        spent = elapsed_seconds(meeting, at)
        if spent:
            AgendaItem.objects.filter(pk=meeting.current_item_id).update(spoken_seconds=spent)


@transaction.atomic
def screen_show(*, meeting: Meeting, item: AgendaItem | None, at: datetime.datetime | None = None) -> Meeting:
    """Put an item on the screen (None: the welcome page) at `at` (by default now). Its timer
    resumes where it stopped."""
    meeting = _locked(meeting)
    if item is not None and item.meeting_id != meeting.pk:
        raise MeetingError(_("This item is not on this meeting's agenda."))
    _leave_current(meeting, at)
    meeting.current_item = item
    meeting.timer_started_at = None
    meeting.timer_elapsed = 0
    if item is not None:
        item.refresh_from_db(fields=["spoken_seconds"])
        meeting.timer_elapsed = item.spoken_seconds or 0
    return _save(meeting)


def _neighbour(meeting: Meeting, step: int) -> AgendaItem | None:
    items = list(meeting.agenda.all())
    if not items:
        raise MeetingError(_("The agenda is empty."))
    ids = [item.pk for item in items]
    index = ids.index(meeting.current_item_id) if meeting.current_item_id in ids else -1
    target = index + step
    if target >= len(items):
        raise MeetingError(_("This is the last item of the agenda."))
    return items[target] if target >= 0 else None


def screen_next(*, meeting: Meeting) -> Meeting:
    meeting.refresh_from_db()
    return screen_show(meeting=meeting, item=_neighbour(meeting, +1))


def screen_previous(*, meeting: Meeting) -> Meeting:
    meeting.refresh_from_db()
    if meeting.current_item_id is None:
        raise MeetingError(_("The screen is already on the welcome page."))
    return screen_show(meeting=meeting, item=_neighbour(meeting, -1))


@transaction.atomic
def timer_start(*, meeting: Meeting, at: datetime.datetime | None = None) -> Meeting:
    meeting = _locked(meeting)
    if meeting.current_item_id is None:
        raise MeetingError(_("Put an agenda item on the screen before starting the timer."))
    if meeting.timer_started_at is None:
        meeting.timer_started_at = at or timezone.now()
    return _save(meeting)


@transaction.atomic
def timer_stop(*, meeting: Meeting, at: datetime.datetime | None = None) -> Meeting:
    meeting = _locked(meeting)
    if meeting.timer_started_at is not None:
        meeting.timer_elapsed = elapsed_seconds(meeting, at)
        meeting.timer_started_at = None
        _leave_current(meeting, at)
    return _save(meeting)


@transaction.atomic
def timer_reset(*, meeting: Meeting) -> Meeting:
    meeting = _locked(meeting)
    meeting.timer_elapsed = 0
    meeting.timer_started_at = None
    if meeting.current_item_id is not None:
        AgendaItem.objects.filter(pk=meeting.current_item_id).update(spoken_seconds=None)
    return _save(meeting)
