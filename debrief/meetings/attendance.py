"""Writes to a meeting's attendees: the list, its import, check-in and its undoing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.lib.text import tidy

from . import trail
from .models import Attendee, CheckInMethod, Meeting
from .services import MeetingError, ensure_records_open


def _clean_attendee(name: str, unit: str, category: str) -> tuple[str, str, str]:
    name, unit, category = tidy(name), tidy(unit), tidy(category)
    if not name:
        raise MeetingError(_("Give the attendee's name."))
    if len(name) > 64 or len(unit) > 200 or len(category) > 64:
        raise MeetingError(_("Too long: a name may have 64 characters, a unit and post 200, a category 64."))
    return name, unit, category


@transaction.atomic
def attendee_add(*, meeting: Meeting, name: str, unit: str = "", category: str = "", user=None) -> Attendee:
    ensure_records_open(meeting.campaign)
    name, unit, category = _clean_attendee(name, unit, category)
    top = meeting.attendees.aggregate(top=Max("position"))["top"] or 0
    attendee = Attendee.objects.create(
        meeting=meeting, name=name, unit=unit, category=category, position=top + 1
    )
    trail.attendees_audited(meeting=meeting, user=user, before=None, after={"added": [_line(attendee)]})
    return attendee


def _line(attendee: Attendee) -> str:
    return " · ".join(part for part in (attendee.name, attendee.unit, attendee.category) if part)


@transaction.atomic
def attendees_add_all(*, meeting: Meeting, rows: Iterable[tuple[str, str, str]], user=None) -> list[Attendee]:
    """Add many attendees at once (an import): all of them or, on the first bad row, none."""
    ensure_records_open(meeting.campaign)
    top = meeting.attendees.aggregate(top=Max("position"))["top"] or 0
    attendees = []
    for offset, (name, unit, category) in enumerate(rows, start=1):
        name, unit, category = _clean_attendee(name, unit, category)
        attendees.append(
            Attendee(meeting=meeting, name=name, unit=unit, category=category, position=top + offset)
        )
    added = Attendee.objects.bulk_create(attendees)
    trail.attendees_audited(
        meeting=meeting, user=user, before=None, after={"added": [_line(a) for a in added]}
    )
    return added


@transaction.atomic
def attendee_update(*, attendee: Attendee, name: str, unit: str, category: str, user=None) -> Attendee:
    ensure_records_open(attendee.meeting.campaign)
    before = _line(attendee)
    attendee.name, attendee.unit, attendee.category = _clean_attendee(name, unit, category)
    attendee.save(update_fields=["name", "unit", "category"])
    if _line(attendee) != before:
        trail.attendees_audited(
            meeting=attendee.meeting,
            user=user,
            before={"attendee": before},
            after={"attendee": _line(attendee)},
        )
    return attendee


@transaction.atomic
def attendee_remove(*, attendee: Attendee, user=None) -> None:
    ensure_records_open(attendee.meeting.campaign)
    if attendee.is_present:
        raise MeetingError(
            _("%(name)s has checked in; undo the check-in before removing them.") % {"name": attendee.name}
        )
    trail.attendees_audited(
        meeting=attendee.meeting, user=user, before={"removed": [_line(attendee)]}, after=None
    )
    attendee.delete()


def checkin_token_from(text: str) -> str:
    """The token in what a scanner typed: the check-in link, or the token alone."""
    text = text.strip().rstrip("/")
    return text.rsplit("/", 1)[-1]


@transaction.atomic
def check_in(
    *, attendee: Attendee, user=None, method: str = CheckInMethod.SEARCH, at: datetime.datetime | None = None
) -> bool:
    """Mark the attendee present (`at`, by default now); False when they had already checked in
    (nothing changes)."""
    ensure_records_open(attendee.meeting.campaign)
    updated = Attendee.objects.filter(pk=attendee.pk, checked_in_at__isnull=True).update(
        checked_in_at=at or timezone.now(), checked_in_by=user, checkin_method=method
    )
    attendee.refresh_from_db()
    return bool(updated)


def check_in_by_token(*, meeting: Meeting, text: str, user=None) -> tuple[Attendee, bool]:
    token = checkin_token_from(text)
    attendee = meeting.attendees.filter(checkin_token=token).first() if token else None
    if attendee is None:
        raise MeetingError(_("This check-in code is not on this meeting's list of attendees."))
    return attendee, check_in(attendee=attendee, user=user, method=CheckInMethod.QR)


def check_in_undo(*, attendee: Attendee) -> None:
    ensure_records_open(attendee.meeting.campaign)
    Attendee.objects.filter(pk=attendee.pk).update(checked_in_at=None, checked_in_by=None, checkin_method="")
    attendee.refresh_from_db()
