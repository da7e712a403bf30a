"""Writes for sub-venues (分会场): adding and removing them, their attendance, their codes.

The main organizer adds and removes sub-venues; the sub-venue's host organizers (organizers of its
organization, who need not organize the main host) and the main organizer record its attendance
and issue its codes. Codes are the evaluation's own, labelled with the venue's short code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import campaign_entry_record
from debrief.evaluation import services as evaluation_services
from debrief.evaluation.models import VENUE_LABEL_MAX, EvaluatorCategory
from debrief.evaluation.selectors import evaluation_of
from debrief.lib import tree_paths
from debrief.lib.text import join_names, tidy
from debrief.orgs.models import Organization

from .models import Meeting, SubVenue, VenueAttendance
from .services import MeetingError, ensure_records_open

# Letters, digits and hyphens: it is printed on slips and typed nowhere, but must read clearly.
VENUE_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]*")


def _audited(sub_venue: SubVenue, user, before, after) -> None:
    campaign = sub_venue.meeting.campaign
    campaign_entry_record(
        campaign=campaign,
        action=Action.SUB_VENUE_CHANGED,
        actor=user,
        obj=sub_venue,
        before=before,
        after=after,
        label=f"{campaign.title} · {sub_venue.name}",
    )


def _summary(sub_venue: SubVenue) -> dict:
    return {
        "name": sub_venue.name,
        "code": sub_venue.code,
        "organization": sub_venue.organization.name,
        "place": sub_venue.place,
    }


@transaction.atomic
def sub_venue_add(
    *, meeting: Meeting, organization: Organization, name: str, code: str, place: str = "", user=None
) -> SubVenue:
    """A sub-venue hosted by an organization below the meeting's host (at any depth)."""
    campaign = meeting.campaign
    ensure_records_open(campaign)
    host = campaign.host
    if organization.pk == host.pk or not tree_paths.is_within(organization.path, host.path):
        raise MeetingError(
            _("%(org)s is not below %(host)s; a sub-venue is hosted by one of the host's subordinates.")
            % {"org": organization.name, "host": host.name}
        )
    name, place, code = tidy(name), tidy(place), tidy(code).upper()
    if not name:
        raise MeetingError(_("Give the sub-venue a name, e.g. “江州市分会场”."))
    if len(name) > 100 or len(place) > 200:
        raise MeetingError(_("Too long: a sub-venue's name may have 100 characters, its place 200."))
    if not (len(code) <= VENUE_LABEL_MAX and VENUE_CODE.fullmatch(code)):
        raise MeetingError(
            _(
                "A venue code has 1 to %(most)d letters, digits or hyphens, starting with a letter "
                "or digit, e.g. JZ."
            )
            % {"most": VENUE_LABEL_MAX}
        )
    venues = SubVenue.objects.select_for_update().filter(meeting=meeting)
    if venues.filter(organization=organization).exists():
        raise MeetingError(
            _("%(org)s already hosts a sub-venue of this meeting.") % {"org": organization.name}
        )
    if venues.filter(code=code).exists():
        raise MeetingError(
            _("Another sub-venue already has the code %(code)s; choose another.") % {"code": code}
        )
    sub_venue = SubVenue.objects.create(
        meeting=meeting, organization=organization, name=name, place=place, code=code, created_by=user
    )
    _audited(sub_venue, user, None, _summary(sub_venue))
    return sub_venue


def _locked(sub_venue: SubVenue) -> SubVenue:
    """Locked against a removal while its codes are issued (and the other way round)."""
    SubVenue.objects.select_for_update().filter(pk=sub_venue.pk).values_list("pk").get()
    return sub_venue


@transaction.atomic
def sub_venue_remove(*, sub_venue: SubVenue, user=None) -> None:
    """Remove a sub-venue and withdraw its unused codes; refused once any of its codes was used."""
    campaign = sub_venue.meeting.campaign
    ensure_records_open(campaign)
    _locked(sub_venue)
    evaluation = evaluation_of(campaign)
    if evaluation is not None:
        evaluation_services.venue_codes_withdraw(evaluation=evaluation, venue=sub_venue.code, user=user)
    _audited(sub_venue, user, _summary(sub_venue), None)
    sub_venue.delete()


def _categories(sub_venue: SubVenue) -> list[str]:
    evaluation = evaluation_of(sub_venue.meeting.campaign)
    if evaluation is None:
        raise MeetingError(
            _("Set up the evaluation and its evaluator categories before counting attendance by category.")
        )
    return [category.name for category in evaluation.categories.all()]


@transaction.atomic
def venue_attendance_set(
    *, sub_venue: SubVenue, counts: Mapping[str, tuple[int | None, int | None]], user=None
) -> list[VenueAttendance]:
    """The venue's attendance: {category: (expected, present)} for the categories given; a category
    with neither figure (or both 0) is left uncounted. Every row is checked before any is stored."""
    ensure_records_open(sub_venue.meeting.campaign)
    known = _categories(sub_venue)
    rows = []
    for category, (expected, present) in counts.items():
        if category not in known:
            raise MeetingError(
                _("“%(category)s” is not an evaluator category of this evaluation; use one of: %(known)s.")
                % {"category": category, "known": join_names(known)}
            )
        expected, present = expected or 0, present or 0
        if expected < 0 or present < 0:
            raise MeetingError(
                _("The figures for “%(category)s” cannot be negative.") % {"category": category}
            )
        if present > expected:
            raise MeetingError(
                _(
                    "“%(category)s”: %(present)d present is more than the %(expected)d expected; "
                    "correct either figure."
                )
                % {"category": category, "present": present, "expected": expected}
            )
        if expected:
            rows.append(
                VenueAttendance(sub_venue=sub_venue, category=category, expected=expected, present=present)
            )
    before = {row.category: [row.expected, row.present] for row in sub_venue.attendance.all()}
    sub_venue.attendance.filter(category__in=list(counts)).delete()
    VenueAttendance.objects.bulk_create(rows)
    after = {name: figures for name, figures in before.items() if name not in counts}
    after.update({row.category: [row.expected, row.present] for row in rows})
    if after != before:
        _audited(sub_venue, user, {"attendance": before}, {"attendance": after})
    return list(sub_venue.attendance.all())


@transaction.atomic
def venue_codes_issue(
    *, sub_venue: SubVenue, category: EvaluatorCategory, count: int, user=None
) -> evaluation_services.IssuedCodes:
    """Codes of the meeting's evaluation for this venue's attendees, labelled with its code."""
    evaluation = evaluation_of(sub_venue.meeting.campaign)
    if evaluation is None:
        raise MeetingError(_("The evaluation is not set up yet; the main organizer sets it up first."))
    _locked(sub_venue)
    return evaluation_services.codes_issue(
        evaluation=evaluation, category=category, count=count, user=user, venue=sub_venue.code
    )
