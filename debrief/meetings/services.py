"""Writes to a meeting: setting it up, its agenda and the points of its closing speech.

Attendees and check-in are written in `attendance.py`, comments and questions in
`commenting.py`, the big screen's controls in `screen.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, CampaignState, Reporter, ReportMode
from debrief.campaigns.services import ensure_writable, speaking_order_set
from debrief.lib.dates import ensure_in_range
from debrief.lib.errors import DomainError
from debrief.lib.ordered_texts import replace_texts
from debrief.lib.text import tidy, tidy_lines

from . import trail
from .models import AgendaItem, AgendaKind, ClosingPoint, ClosingPointKind, Meeting


class MeetingError(DomainError):
    """A change the meeting's rules refuse; the message is for the user."""


# The records of a meeting stay open until the results are assessed; after that they are history.
RECORDS_OPEN = (CampaignState.PREPARING, CampaignState.MEETING, CampaignState.EVALUATING)
# Speakers may be reordered until the meeting has moved on to the evaluation.
ORDER_OPEN = (CampaignState.PREPARING, CampaignState.MEETING)


def ensure_records_open(campaign: Campaign) -> None:
    ensure_writable(campaign)
    if campaign.state not in RECORDS_OPEN:
        raise MeetingError(_("The results are assessed; the meeting's records can no longer be changed."))


# --- The meeting ----------------------------------------------------------------------------------


def _set_details(
    meeting, starts_at, venue: str, presided_by: str, guidance: str, report_minutes: int
) -> None:
    venue, presided_by, guidance = tidy(venue), tidy(presided_by), tidy(guidance)
    ensure_in_range(starts_at)
    if not venue:
        raise MeetingError(_("Give the venue."))
    if not presided_by:
        raise MeetingError(_("Say who presides over the meeting."))
    if not 1 <= report_minutes <= 60:
        raise MeetingError(_("The time per on-site report must be between 1 and 60 minutes."))
    meeting.starts_at = starts_at
    meeting.venue, meeting.presided_by, meeting.guidance = venue, presided_by, guidance
    meeting.report_minutes = report_minutes


@transaction.atomic
def meeting_set_up(
    *,
    campaign: Campaign,
    starts_at: datetime.datetime,
    venue: str,
    presided_by: str,
    guidance: str = "",
    report_minutes: int = 8,
) -> Meeting:
    """Create the meeting with the usual agenda: opening, on-site reports, written reports,
    comments, evaluation, closing speech."""
    ensure_records_open(campaign)
    if Meeting.objects.filter(campaign=campaign).exists():
        raise MeetingError(_("The campaign already has its meeting."))
    meeting = Meeting(campaign=campaign)
    _set_details(meeting, starts_at, venue, presided_by, guidance, report_minutes)
    meeting.save()
    items = [AgendaItem(kind=AgendaKind.OPENING)]
    items += [
        AgendaItem(kind=AgendaKind.REPORT, reporter=reporter, time_limit_minutes=report_minutes)
        for reporter in _on_site(campaign)
    ]
    if campaign.reporters.filter(mode=ReportMode.WRITTEN).exists():
        items.append(AgendaItem(kind=AgendaKind.WRITTEN_REPORTS))
    items += [
        AgendaItem(kind=kind)
        for kind in (AgendaKind.COMMENTS, AgendaKind.EVALUATION, AgendaKind.CLOSING_SPEECH)
    ]
    for position, item in enumerate(items, start=1):
        item.meeting, item.position = meeting, position
    AgendaItem.objects.bulk_create(items)
    return meeting


def meeting_update(
    *,
    meeting: Meeting,
    starts_at: datetime.datetime,
    venue: str,
    presided_by: str,
    guidance: str = "",
    report_minutes: int = 8,
) -> Meeting:
    ensure_records_open(meeting.campaign)
    _set_details(meeting, starts_at, venue, presided_by, guidance, report_minutes)
    meeting.save(update_fields=["starts_at", "venue", "presided_by", "guidance", "report_minutes"])
    return meeting


# --- The closing speech --------------------------------------------------------------------------


@transaction.atomic
def closing_speech_save(
    *,
    meeting: Meeting,
    pointed_out: Iterable[str] = (),
    required: Iterable[str] = (),
    stressed: Iterable[str] = (),
    user=None,
) -> None:
    """Record the points of the closing speech: what the meeting pointed out, required and stressed,
    each a list of points in order (blank ones dropped). The minutes give them after the evaluation.

    Unlike the comments, the speech may be written up after the results are assessed, while the
    minutes are still being drafted; only an archived campaign refuses it. Unchanged points keep
    their rows; a save that changes nothing records nothing."""
    ensure_writable(meeting.campaign)
    # Two organizers saving at once: one after the other, each against the points as they stand.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk").get()
    after = {
        ClosingPointKind.POINTED_OUT.value: tidy_lines(pointed_out),
        ClosingPointKind.REQUIRED.value: tidy_lines(required),
        ClosingPointKind.STRESSED.value: tidy_lines(stressed),
    }
    rows = meeting.closing_points.all()
    before = {kind: [p.text for p in rows if p.kind == kind] for kind in after}
    if before == after:
        return
    for kind, points in after.items():
        replace_texts(
            meeting.closing_points.filter(kind=kind),
            points,
            lambda position, text, kind=kind: ClosingPoint.objects.create(
                meeting=meeting, kind=kind, position=position, text=text
            ),
        )
    trail.closing_speech_audited(meeting=meeting, user=user, before=before, after=after)


# --- Agenda ---------------------------------------------------------------------------------------


def _on_site(campaign: Campaign) -> list[Reporter]:
    return list(
        campaign.reporters.filter(mode=ReportMode.ON_SITE)
        .select_related("organization", "person")
        .order_by("speaking_order", "pk")
    )


def _save_positions(items: Sequence[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def agenda_sync(meeting: Meeting) -> None:
    """Bring the report items in line with the campaign's on-site reporters and speaking order.

    Reporters are added and reordered on the campaign's reporters page too; the agenda follows:
    a new on-site reporter gets an item after the last report, one no longer on-site loses theirs,
    and the report items keep their places but take the speakers in speaking order.
    """
    speakers = _on_site(meeting.campaign)
    items = list(meeting.agenda.all())
    speaker_ids = {reporter.pk for reporter in speakers}
    stale = [item for item in items if item.is_report and item.reporter_id not in speaker_ids]
    if stale:
        AgendaItem.objects.filter(pk__in=[item.pk for item in stale]).delete()
        items = [item for item in items if item not in stale]
    have = {item.reporter_id for item in items if item.is_report}
    for reporter in speakers:
        if reporter.pk not in have:
            report_places = [index for index, item in enumerate(items) if item.is_report]
            # After the last report, or after the opening when there is none yet.
            at = report_places[-1] + 1 if report_places else min(1, len(items))
            new = AgendaItem(
                meeting=meeting,
                position=0,
                kind=AgendaKind.REPORT,
                reporter=reporter,
                time_limit_minutes=meeting.report_minutes,
            )
            items.insert(at, new)
    # The report places keep their items' other fields with their reporter; only the order changes.
    by_reporter = {item.reporter_id: item for item in items if item.is_report}
    report_places = [index for index, item in enumerate(items) if item.is_report]
    for index, reporter in zip(report_places, speakers, strict=True):
        items[index] = by_reporter[reporter.pk]
    for item in items:
        if item.pk is None:
            item.position = 0
            item.save()
    _save_positions(items)


def _ensure_agenda_editable(meeting: Meeting) -> None:
    ensure_records_open(meeting.campaign)


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, item_ids: list[int], user=None) -> None:
    """Put the agenda in the given order; the order of the report items becomes the speaking order."""
    _ensure_agenda_editable(meeting)
    before = trail.agenda_lines(meeting)
    items = {item.pk: item for item in meeting.agenda.all()}
    if sorted(item_ids) != sorted(items):
        raise MeetingError(_("The new order must list every agenda item exactly once."))
    ordered = [items[pk] for pk in item_ids]
    speakers = [item.reporter_id for item in ordered if item.is_report]
    current = [
        item.reporter_id for item in sorted(items.values(), key=lambda i: i.position) if item.is_report
    ]
    if speakers != current:
        if meeting.campaign.state not in ORDER_OPEN:
            raise MeetingError(_("The speakers can no longer be reordered: the evaluation has begun."))
        speaking_order_set(campaign=meeting.campaign, reporter_ids=speakers)
    _save_positions(ordered)
    _screen_changed(meeting)
    trail.agenda_audited(meeting=meeting, user=user, before=before)


def agenda_move(*, item: AgendaItem, offset: int, user=None) -> None:
    """Move an item up (negative offset) or down the agenda."""
    ids = list(item.meeting.agenda.values_list("pk", flat=True))
    index = ids.index(item.pk)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    agenda_reorder(meeting=item.meeting, item_ids=ids, user=user)


def _check_minutes(minutes: int | None) -> None:
    if minutes is not None and not 1 <= minutes <= 240:
        raise MeetingError(_("A time limit must be between 1 and 240 minutes; leave it empty for none."))


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, kind: str, title: str = "", minutes: int | None = None, user=None
) -> AgendaItem:
    _ensure_agenda_editable(meeting)
    before = trail.agenda_lines(meeting)
    if kind == AgendaKind.REPORT:
        raise MeetingError(
            _("On-site reports come from the reporters: make a reporter on-site on the reporters page.")
        )
    if kind not in AgendaKind.values:
        raise MeetingError(_("Choose what kind of item this is."))
    title = tidy(title)
    if kind == AgendaKind.OTHER and not title:
        raise MeetingError(_("Give the item a title."))
    _check_minutes(minutes)
    top = meeting.agenda.aggregate(top=Max("position"))["top"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting, position=top + 1, kind=kind, title=title, time_limit_minutes=minutes
    )
    _screen_changed(meeting)
    trail.agenda_audited(meeting=meeting, user=user, before=before)
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, title: str, minutes: int | None, user=None) -> AgendaItem:
    _ensure_agenda_editable(item.meeting)
    before = trail.agenda_lines(item.meeting)
    title = tidy(title)
    if item.kind == AgendaKind.OTHER and not title:
        raise MeetingError(_("Give the item a title."))
    _check_minutes(minutes)
    item.title = title
    item.time_limit_minutes = minutes
    item.save(update_fields=["title", "time_limit_minutes"])
    _screen_changed(item.meeting)
    trail.agenda_audited(meeting=item.meeting, user=user, before=before)
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, user=None) -> None:
    meeting = item.meeting
    _ensure_agenda_editable(meeting)
    before = trail.agenda_lines(meeting)
    if item.is_report:
        raise MeetingError(
            _("%(name)s reports on-site; make the reporter written on the reporters page to drop the item.")
            % {"name": item.reporter.organization.name}
        )
    if meeting.current_item_id == item.pk:
        raise MeetingError(_("The big screen is showing this item; move the screen on first."))
    item.delete()
    _save_positions(list(meeting.agenda.all()))
    _screen_changed(meeting)
    trail.agenda_audited(meeting=meeting, user=user, before=before)


def _screen_changed(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(screen_version=F("screen_version") + 1)
