"""Reads of work plans: who may see one, the levels and days it may set, which hosts it expects, and the
plan a host starts from. The superior's progress page is read in `progress.py`.

Who is expected follows the tree, as on the oversight dashboard: an organization of the issuer's subtree
(the issuer included) at a level the plan sets a deadline for, with an active direct subordinate whose
secretary is in post — someone to hear.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from debrief.accounts import selectors as access
from debrief.accounts.models import Role
from debrief.campaigns.models import Campaign, CampaignState
from debrief.lib import tree_paths
from debrief.orgs.models import Level, Organization, OrganizationStatus, Post, PostRole, level_fits_parent

from .models import Plan, PlanDeadline, PlanState


def year_window(year: int) -> tuple[datetime.date, datetime.date]:
    """The days a plan for `year` may set as deadlines, and campaigns started from it meet within: the
    year itself and the first half of the next (the cascade runs over the winter)."""
    return datetime.date(year, 1, 1), datetime.date(year + 1, 6, 30)


def deadline_levels(issuer: Organization) -> list[tuple[str, str]]:
    """Levels a plan of `issuer` sets deadlines for: its own (its own campaign over its subordinates)
    and every level that may sit below it."""
    return [
        (value, label)
        for value, label in Level.choices
        if value == issuer.level or level_fits_parent(value, issuer.level)
    ]


def reference_day(year: int, today: datetime.date | None = None) -> datetime.date:
    """Who is secretary is read on the last day of the plan's year, or today for the year under way."""
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


# Access ----------------------------------------------------------------------------------------------


def can_see_plan(user, plan: Plan) -> bool:
    """Those who see the issuer, and, once it is published, anyone with a role below it: the plan is
    addressed to the whole subtree."""
    if access.can_view(user, plan.issuer):
        return True
    if not plan.is_published:
        return False
    return any(tree_paths.is_within(path, plan.issuer.path) for path in access.grant_paths(user))


def get_plan_for_user(user, pk: int, *, manage: bool = False, oversee: bool = False) -> Plan:
    """The plan a page shows; `manage`: only the issuer's organizers; `oversee`: only those who see the
    issuer. Anyone else finds nothing (404)."""
    plan = get_object_or_404(Plan.objects.select_related("issuer"), pk=pk)
    if manage:
        allowed = access.can_manage(user, plan.issuer)
    elif oversee:
        allowed = access.can_view(user, plan.issuer)
    else:
        allowed = can_see_plan(user, plan)
    if not allowed:
        raise Http404
    return plan


def issuers_for(user) -> list[Organization]:
    """Where the user may issue a plan: the organizations they are an organizer of."""
    if user.is_superuser:
        return list(Organization.objects.filter(parent__isnull=True).active())
    paths = access.grant_paths(user, [Role.ORGANIZER])
    return list(Organization.objects.filter(path__in=paths).order_by("path"))


@dataclass
class PlanLists:
    issued: list[Plan]  # plans of the organizations the user sees
    applying: list[Plan]  # published plans of their superiors


def plans_for(user) -> PlanLists:
    issued = list(
        Plan.objects.filter(issuer__in=access.organizations_visible_to(user))
        .select_related("issuer")
        .order_by("-year", "issuer__path")
    )
    above = {pk for path in access.grant_paths(user) for pk in tree_paths.ancestor_ids(path)}
    applying = list(
        Plan.objects.filter(issuer_id__in=above, state=PlanState.PUBLISHED)
        .exclude(pk__in=[plan.pk for plan in issued])
        .select_related("issuer")
        .order_by("-year", "issuer__path")
    )
    return PlanLists(issued, applying)


# Expected hosts --------------------------------------------------------------------------------------


def _with_secretary_below(day: datetime.date) -> Exists:
    return Exists(
        Post.objects.held_on(day).filter(
            role=PostRole.SECRETARY,
            organization__parent=OuterRef("pk"),
            organization__status=OrganizationStatus.ACTIVE,
        )
    )


def expected_hosts(plan: Plan, today: datetime.date | None = None):
    """The organizations the plan expects to hold a campaign, in tree order (one query)."""
    levels = PlanDeadline.objects.filter(plan=plan).values("level")
    return (
        Organization.objects.subtree_of(plan.issuer.path)
        .filter(status=OrganizationStatus.ACTIVE, level__in=levels)
        .filter(_with_secretary_below(reference_day(plan.year, today)))
        .order_by("path")
    )


def is_expected(plan: Plan, host: Organization, today: datetime.date | None = None) -> bool:
    return expected_hosts(plan, today).filter(pk=host.pk).exists()


def plan_for_host(host: Organization, year: int) -> Plan | None:
    """The published plan the host follows for the year: the nearest of its own and its ancestors'
    whose deadlines cover the host's level."""
    return (
        Plan.objects.filter(
            year=year,
            state=PlanState.PUBLISHED,
            issuer_id__in=[*host.ancestor_ids(), host.pk],
            deadlines__level=host.level,
        )
        .select_related("issuer")
        .order_by("-issuer__path")
        .first()
    )


def deadline_for(plan: Plan, level: str) -> datetime.date | None:
    return PlanDeadline.objects.filter(plan=plan, level=level).values_list("deadline", flat=True).first()


# The home page ---------------------------------------------------------------------------------------


@dataclass
class ToStart:
    """A plan that asks a host the user organizes for a campaign it has not yet opened."""

    plan: Plan
    host: Organization
    deadline: datetime.date
    campaign: tuple[int, str] | None = None  # (id, title) of a campaign opened without the plan, to link

    @property
    def days_left(self) -> int:
        return (self.deadline - timezone.localdate()).days


def plans_to_start(user, today: datetime.date | None = None) -> list[ToStart]:
    """For each organization the user is an organizer of: the published plan of this or last year that
    expects it and that it has not started a campaign for. A fixed number of queries."""
    today = today or timezone.localdate()
    paths = access.grant_paths(user, [Role.ORGANIZER]) if not user.is_superuser else []
    if not paths:
        return []
    hosts = list(
        Organization.objects.filter(path__in=paths, status=OrganizationStatus.ACTIVE).filter(
            _with_secretary_below(today)
        )
    )
    if not hosts:
        return []
    years = [today.year - 1, today.year]
    above = {pk for host in hosts for pk in [*host.ancestor_ids(), host.pk]}
    plans = list(
        Plan.objects.filter(issuer_id__in=above, year__in=years, state=PlanState.PUBLISHED)
        .select_related("issuer")
        .prefetch_related("deadlines")
        .order_by("-issuer__path")  # nearest issuer first
    )
    # A campaign following a plan, or past preparing (its scheme is in use), has nothing left to do here.
    started = {
        (host_id, year): None if adopted or state != CampaignState.PREPARING else (pk, title)
        for host_id, year, pk, title, adopted, state in Campaign.objects.filter(
            host__in=hosts, year__in=years
        ).values_list("host_id", "year", "pk", "title", "plan_adoption", "state")
    }
    found = []
    for host in hosts:
        for year in years:
            if (host.pk, year) in started and started[host.pk, year] is None:
                continue  # following a plan already, or too far along to link
            for plan in plans:
                if plan.year != year or not host.is_within(plan.issuer) or year_window(year)[1] < today:
                    continue
                deadline = next((d.deadline for d in plan.deadlines.all() if d.level == host.level), None)
                if deadline is not None:
                    found.append(ToStart(plan, host, deadline, started.get((host.pk, year))))
                    break
    return sorted(found, key=lambda row: (row.deadline, row.host.path))
