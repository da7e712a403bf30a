"""Reads over conveyances: the meetings an organization conveys, who may open a record, and the
superior's view of a meeting: which subordinates conveyed it, how soon, and their tasks' progress."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from debrief.accounts import selectors as access
from debrief.campaigns.models import Campaign, CampaignState
from debrief.lib import tree_paths
from debrief.meetings.models import Meeting
from debrief.orgs.models import Organization
from debrief.plans.models import Plan, PlanAdoption, PlanState
from debrief.rectification.models import WORK_OWED, Status

from .models import Conveyance
from .services import meeting_day

DEFAULT_DAYS = 30  # without a plan, a month to convey a superior's meeting


def meetings_to_convey(organization: Organization) -> QuerySet[Meeting]:
    """The held meetings of the organization's superiors (campaigns hosted by its ancestors), the most
    recent first."""
    return (
        Meeting.objects.filter(campaign__host_id__in=tree_paths.ancestor_ids(organization.path))
        .exclude(campaign__state=CampaignState.PREPARING)
        .select_related("campaign__host")
        .order_by("-starts_at")
    )


def managed_roots(user) -> QuerySet[Organization]:
    """The topmost organizations the user organizes: where the conveyance pages start."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(path__in=access.grant_paths(user, ["organizer"])).order_by("path")


def organization_for_user(user, pk: int, *, manage: bool) -> Organization:
    organization = get_object_or_404(Organization, pk=pk)
    allowed = access.can_manage(user, organization) if manage else access.can_view(user, organization)
    if not allowed:
        raise Http404
    return organization


@dataclass(frozen=True)
class ConveyanceAccess:
    conveyance: Conveyance
    can_edit: bool


def conveyance_for_user(user, pk: int) -> ConveyanceAccess:
    """A conveyance for those who see its organization (its own and its superiors' people)."""
    conveyance = get_object_or_404(
        Conveyance.objects.select_related("organization", "meeting__campaign__host", "created_by"), pk=pk
    )
    if not access.can_view(user, conveyance.organization):
        raise Http404
    return ConveyanceAccess(conveyance, access.can_manage(user, conveyance.organization))


def tasks_with_items(conveyance: Conveyance):
    return conveyance.tasks.select_related("owner", "item__campaign__host").order_by("position")


def conveyances_of(organization: Organization) -> QuerySet[Conveyance]:
    return (
        Conveyance.objects.filter(organization=organization)
        .select_related("meeting__campaign__host")
        .annotate(task_count=Count("tasks"))
        .order_by("-held_on", "-pk")
    )


def conveyance_days(campaign: Campaign) -> tuple[int, Plan | None]:
    """The days lower levels have to convey the campaign's meeting: the plan the campaign adopted,
    else the nearest published plan of the year issued by its host or an ancestor; else 30."""
    adoption = PlanAdoption.objects.filter(campaign=campaign).select_related("plan").first()
    if adoption is not None:
        return adoption.plan.conveyance_days, adoption.plan
    issuers = [*tree_paths.ancestor_ids(campaign.host.path), campaign.host_id]
    plans = Plan.objects.filter(issuer_id__in=issuers, year=campaign.year, state=PlanState.PUBLISHED)
    nearest = max(plans.select_related("issuer"), key=lambda plan: plan.issuer.path, default=None)
    if nearest is not None:
        return nearest.conveyance_days, nearest
    return DEFAULT_DAYS, None


@dataclass(frozen=True)
class SubordinateRow:
    organization: Organization
    conveyance: Conveyance | None
    expected: bool  # a reporter's organization (False: recorded one without being asked)
    days_after: int | None
    late: bool  # not conveyed within the limit, or conveyed after it
    tasks: int
    tasks_signed_off: int
    tasks_overdue: int


@dataclass(frozen=True)
class MeetingConveyances:
    meeting: Meeting
    day: datetime.date
    days: int
    plan: Plan | None
    limit: datetime.date
    rows: list[SubordinateRow]

    @property
    def conveyed(self) -> int:
        return sum(1 for row in self.rows if row.conveyance is not None)

    @property
    def late(self) -> int:
        return sum(1 for row in self.rows if row.late)


def meeting_conveyances(campaign: Campaign, today: datetime.date | None = None) -> MeetingConveyances:
    """Each subordinate expected to convey the meeting (the campaign's reporters' organizations; deeper
    levels only when they recorded one), in a fixed number of queries."""
    today = today or timezone.localdate()
    meeting = get_object_or_404(Meeting, campaign=campaign)
    day = meeting_day(meeting)
    days, plan = conveyance_days(campaign)
    limit = day + datetime.timedelta(days=days)
    expected = {
        organization.pk: organization
        for organization in Organization.objects.filter(pk__in=campaign.reporters.values("organization_id"))
    }
    recorded = (
        Conveyance.objects.filter(meeting=meeting)
        .select_related("organization")
        .annotate(
            task_count=Count("tasks"),
            signed_off=Count("tasks", filter=Q(tasks__item__status=Status.SIGNED_OFF)),
            overdue=Count(
                "tasks",
                filter=Q(
                    tasks__item__status__in=WORK_OWED,
                    tasks__item__deadline__lt=today,
                    tasks__item__carried_to__isnull=True,
                ),
            ),
        )
    )
    by_organization = {conveyance.organization_id: conveyance for conveyance in recorded}
    organizations = {**expected, **{c.organization_id: c.organization for c in by_organization.values()}}
    rows = []
    for organization in sorted(organizations.values(), key=lambda o: o.path):
        conveyance = by_organization.get(organization.pk)
        if conveyance is None:
            rows.append(SubordinateRow(organization, None, True, None, today > limit, 0, 0, 0))
            continue
        rows.append(
            SubordinateRow(
                organization,
                conveyance,
                organization.pk in expected,
                (conveyance.held_on - day).days,
                conveyance.held_on > limit,
                conveyance.task_count,
                conveyance.signed_off,
                conveyance.overdue,
            )
        )
    return MeetingConveyances(meeting, day, days, plan, limit, rows)
