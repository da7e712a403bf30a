"""Reads over sub-venues: the list with attendance and turnout, who may run one, and the venues a
user runs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from debrief.accounts import selectors as access
from debrief.accounts.models import Role
from debrief.campaigns.models import Campaign
from debrief.campaigns.selectors import can_manage_campaign
from debrief.evaluation.code_selectors import VenueTurnout, turnout_by_venue
from debrief.evaluation.models import Evaluation

from .models import Meeting
from .venue_models import SubVenue, VenueAttendance


def can_run_venue(user, sub_venue: SubVenue) -> bool:
    """The main host's organizers, and the organizers of the venue's own organization."""
    return can_manage_campaign(user, sub_venue.meeting.campaign) or access.has_role_on(
        user, sub_venue.organization, [Role.ORGANIZER]
    )


def sub_venue_for(user, pk: int, venue_id: int) -> SubVenue:
    """A campaign's sub-venue for someone who runs it; for anyone else it does not exist (404)."""
    sub_venue = get_object_or_404(
        SubVenue.objects.select_related("meeting__campaign__host", "organization"),
        pk=venue_id,
        meeting__campaign_id=pk,
    )
    if not can_run_venue(user, sub_venue):
        raise Http404
    return sub_venue


def sub_venues_run_by(user) -> QuerySet[SubVenue]:
    """The sub-venues whose organization the user organizes (at any level above it), newest first."""
    organizations = access.organizations_visible_to(user, [Role.ORGANIZER])
    return (
        SubVenue.objects.filter(organization__in=organizations)
        .select_related("meeting__campaign__host", "organization")
        .order_by("-meeting__starts_at", "code")
    )


def venue_names(campaign: Campaign) -> dict[str, str]:
    """{code: name} of the campaign's sub-venues (answers the evaluation's `venue_names` hook)."""
    return dict(SubVenue.objects.filter(meeting__campaign=campaign).values_list("code", "name"))


@dataclass(frozen=True)
class VenueRow:
    sub_venue: SubVenue | None  # None: the main venue
    name: str
    attendance: list[VenueAttendance]
    turnout: VenueTurnout

    @property
    def expected(self) -> int:
        return sum(row.expected for row in self.attendance)

    @property
    def present(self) -> int:
        return sum(row.present for row in self.attendance)


def venue_rows(meeting: Meeting, evaluation: Evaluation | None, *, attendance: bool = True) -> list[VenueRow]:
    """The main venue, then each sub-venue with its attendance by category and its turnout (codes
    issued and used there); three queries (two without attendance), one more with an evaluation."""
    venues = meeting.sub_venues.select_related("organization")
    if attendance:
        venues = venues.prefetch_related(Prefetch("attendance", queryset=VenueAttendance.objects.all()))
    counts = turnout_by_venue(evaluation) if evaluation is not None else {}

    def turnout(label: str) -> VenueTurnout:
        return counts.get(label, VenueTurnout(label, 0, 0))

    rows = [VenueRow(None, _("Main venue"), [], turnout(""))]
    for venue in venues:
        rows.append(
            VenueRow(
                venue, venue.name, list(venue.attendance.all()) if attendance else [], turnout(venue.code)
            )
        )
    return rows
