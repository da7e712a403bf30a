"""The meeting's changes that the audit trail keeps: its agenda, who attends, the closing speech."""

from __future__ import annotations

from debrief.audit.models import Action
from debrief.audit.services import campaign_entry_record, changes

from .models import Meeting


def agenda_lines(meeting: Meeting) -> list[str]:
    """The agenda as read out: each item with its time limit, report items by their reporter."""
    lines = []
    for item in meeting.agenda.select_related("reporter__organization").order_by("position"):
        name = item.reporter.organization.name if item.is_report and item.reporter_id else str(item)
        lines.append(f"{name} ({item.time_limit_minutes})" if item.time_limit_minutes else name)
    return lines


def agenda_audited(*, meeting: Meeting, user, before: list[str]) -> None:
    after = agenda_lines(meeting)
    if after != before:
        _record(meeting, Action.AGENDA_CHANGED, user, {"agenda": before}, {"agenda": after})


def attendees_audited(*, meeting: Meeting, user, before: dict | None, after: dict | None) -> None:
    _record(meeting, Action.ATTENDEES_CHANGED, user, before, after)


def closing_speech_audited(*, meeting: Meeting, user, before: dict, after: dict) -> None:
    """Only the kinds of point that changed, each as its list of points before and after."""
    _record(meeting, Action.CLOSING_SPEECH_CHANGED, user, *changes(before, after))


def _record(meeting: Meeting, action: str, user, before, after) -> None:
    campaign_entry_record(
        campaign=meeting.campaign, action=action, actor=user, obj=meeting, before=before, after=after
    )
