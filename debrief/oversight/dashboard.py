"""The oversight dashboard: how far each part of a subtree got with a year's debriefing, who reported,
how they were graded and whether the problems are being fixed.

Everything is read by materialized path, a fixed number of queries whatever the subtree's size: the
year's campaigns and the secretaries in post over the subtree's path range, and each campaign's
figures kept where they change (`figures.py`: reporters and reports, grades, interviews, ledger items,
recurring problems) summed per direct subordinate in the database, grouped by the first segment of
the host's path below the organization shown. No query runs per organization.

Who is expected to host a campaign follows from the tree: an organization whose direct subordinates
include one with a secretary in post; each such subordinate's secretary should report. An organizer
narrows the rule for a year by exempting a host (`HostExemption`).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Exists, OuterRef, Sum
from django.db.models.functions import Length, Substr
from django.utils import timezone

from debrief.campaigns.models import Campaign
from debrief.evaluation.models import Rating, ReporterOutcome
from debrief.lib import tree_paths
from debrief.orgs.models import Organization, OrganizationStatus, Post, PostRole
from debrief.rectification.models import Status

from . import figures as campaign_figures
from .models import CampaignFigures, CampaignOwedItems, HostExemption

NOT_STARTED = "not_started"
NEEDS_INTERVIEW = (Rating.FAIR, Rating.POOR)
WEAKEST_SHOWN = 10


@dataclass
class Figures:
    """What a subtree (or one campaign) adds up to for the year."""

    expected_hosts: int = 0
    exempted_hosts: int = 0
    stages: Counter = field(default_factory=Counter)  # campaign state (or NOT_STARTED) -> hosts
    should_report: int = 0  # secretaries of the expected hosts' subordinates
    reporters: int = 0
    reported: int = 0  # reports submitted or accepted
    grades: Counter = field(default_factory=Counter)
    items: Counter = field(default_factory=Counter)  # status -> items
    overdue: int = 0
    needing_interview: int = 0  # graded fair or poor
    interviewed: int = 0  # of those, with an interview recorded
    recurring: int = 0  # problems repeating one raised for the same organization in an earlier year

    def add(self, other: Figures) -> None:
        for name in ("expected_hosts", "exempted_hosts", "should_report", "reporters", "reported"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("overdue", "needing_interview", "interviewed", "recurring"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.stages.update(other.stages)
        self.grades.update(other.grades)
        self.items.update(other.items)

    @property
    def campaigns(self) -> int:
        return sum(n for stage, n in self.stages.items() if stage != NOT_STARTED)

    @property
    def items_total(self) -> int:
        return sum(self.items.values())

    @property
    def coverage(self) -> Fraction | None:
        """Secretaries who reported, of all who should (those of expected hosts' subordinates)."""
        return Fraction(self.reported, self.should_report) if self.should_report else None

    @property
    def overdue_rate(self) -> Fraction | None:
        return Fraction(self.overdue, self.items_total) if self.items_total else None

    @property
    def signed_off_rate(self) -> Fraction | None:
        return Fraction(self.items[Status.SIGNED_OFF], self.items_total) if self.items_total else None

    @property
    def is_empty(self) -> bool:
        return not (self.expected_hosts or self.exempted_hosts or self.campaigns or self.reporters)


@dataclass
class Row:
    organization: Organization
    figures: Figures
    has_children: bool


@dataclass(frozen=True)
class Weak:
    """A reporter graded fair or poor."""

    reporter_id: int
    organization: str
    secretary: str
    campaign_id: int
    host: str
    grade: str


@dataclass(frozen=True)
class LateLedger:
    """A campaign whose ledger has overdue items."""

    campaign_id: int
    host: str
    overdue: int


@dataclass
class Dashboard:
    organization: Organization
    year: int
    day: datetime.date  # posts are read as held on this day; overdue is counted as of today
    total: Figures
    own: Figures  # the organization's own campaign over its direct subordinates
    own_campaign: Campaign | None
    rows: list[Row]
    weakest_graded: list[Weak]
    most_overdue: list[LateLedger]


def reference_day(year: int, today: datetime.date | None = None) -> datetime.date:
    """Who is secretary is read on the last day of the year, or today for the year under way."""
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def dashboard(organization: Organization, year: int, today: datetime.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    day = reference_day(year, today)
    path, upper = organization.path, tree_paths.subtree_upper_bound(organization.path)
    cut = len(path) + tree_paths.SEGMENT_WIDTH
    children = {
        child.path: child
        for child in Organization.objects.filter(parent=organization).annotate(
            has_children=Exists(Organization.objects.filter(parent=OuterRef("pk")))
        )
    }
    by_child: dict[str, Figures] = {}
    own = Figures()

    def figures_of(host_path: str) -> Figures:
        """The subordinate's figures a host's path falls under, or the organization's own."""
        if host_path == path:
            return own
        found = by_child.get(host_path[:cut])
        if found is None:
            found = by_child[host_path[:cut]] = Figures()
        return found

    in_subtree = {"year": year, "host__path__gte": path, "host__path__lt": upper}
    campaigns = {
        pk: (host_path, state, host_id, host_name)
        for pk, host_path, state, host_id, host_name in Campaign.objects.filter(**in_subtree).values_list(
            "pk", "host__path", "state", "host_id", "host__name"
        )
    }
    hosting = {host_id for _p, _s, host_id, _n in campaigns.values()}
    exempted = set(
        HostExemption.objects.filter(
            year=year, organization__path__gte=path, organization__path__lt=upper
        ).values_list("organization_id", flat=True)
    )
    for host_id, host_path, should in _expected_hosts(path, upper, day):
        target = figures_of(host_path)
        if host_id in exempted and host_id not in hosting:
            target.exempted_hosts += 1
            continue
        target.expected_hosts += 1
        target.should_report += should
        if host_id not in hosting:
            target.stages[NOT_STARTED] += 1
    for host_path, state, _host_id, _name in campaigns.values():
        figures_of(host_path).stages[state] += 1
    late = _add_campaign_facts(in_subtree, campaigns, cut, today, figures_of)
    total = Figures()
    total.add(own)
    rows = []
    for child_path, child in sorted(children.items(), key=lambda item: item[1].code):
        figures = by_child.get(child_path)
        if figures is not None and not figures.is_empty:
            total.add(figures)
            rows.append(Row(child, figures, bool(child.has_children)))
    return Dashboard(
        organization=organization,
        year=year,
        day=day,
        total=total,
        own=own,
        own_campaign=Campaign.objects.filter(year=year, host=organization).first(),
        rows=rows,
        weakest_graded=_weakest_graded(year, path, upper),
        most_overdue=[LateLedger(pk, campaigns[pk][3], n) for n, pk in late[:WEAKEST_SHOWN]],
    )


def _expected_hosts(path: str, upper: str, day: datetime.date) -> Iterable[tuple[int, str, int]]:
    """(host id, host path, secretaries of its subordinates in post on `day`) for every organization
    of the subtree, itself included, with a subordinate whose secretary is in post."""
    # The parent's path is the post's organization's path less its last segment (and the parent's id
    # its last segment): no join to the parent. One current secretary per organization: no DISTINCT.
    parent_path = Substr("organization__path", 1, Length("organization__path") - tree_paths.SEGMENT_WIDTH)
    rows = (
        Post.objects.held_on(day)
        .filter(
            role=PostRole.SECRETARY,
            organization__status=OrganizationStatus.ACTIVE,
            organization__path__gt=path,
            organization__path__lt=upper,
        )
        .annotate(parent_path=parent_path)
        .values("parent_path")
        .annotate(n=Count("pk"))
        .values_list("parent_path", "n")
        .order_by()
    )
    return [(int(host_path[-tree_paths.SEGMENT_WIDTH :]), host_path, n) for host_path, n in rows]


def _add_campaign_facts(
    in_subtree: dict, campaigns: dict, cut: int, today, figures_of
) -> list[tuple[int, int]]:
    """The campaigns' kept figures, summed per subordinate in the database; returns (overdue items,
    campaign id) of the campaigns with the most overdue items."""
    scope = {f"campaign__{key}": value for key, value in in_subtree.items()}
    campaign_figures.figures_current(scope, campaigns)
    key = Substr("campaign__host__path", 1, cut)
    sums = (
        CampaignFigures.objects.filter(**scope)
        .annotate(key=key)
        .values("key")
        .annotate(**{name: Sum(name) for name in campaign_figures.COUNTED})
        .order_by()
    )
    for row in sums:
        figures = figures_of(row["key"])
        figures.reporters += row["reporters"]
        figures.reported += row["reported"]
        figures.grades.update({grade: row[grade] for grade in Rating.values if row[grade]})
        figures.needing_interview += row[Rating.FAIR] + row[Rating.POOR]
        figures.interviewed += row["interviewed"]
        figures.recurring += row["recurring"]
        figures.items.update(
            {status: row[field] for status, field in campaign_figures.STATUS_FIELDS.items() if row[field]}
        )
    overdue = CampaignOwedItems.objects.filter(**scope, deadline__lt=today)
    for row in overdue.annotate(key=key).values("key").annotate(n=Sum("items")).order_by():
        figures_of(row["key"]).overdue += row["n"]
    late = overdue.values_list("campaign_id").annotate(n=Sum("items")).order_by("-n", "campaign_id")
    return [(n, pk) for pk, n in late[:WEAKEST_SHOWN]]


def _reporter_scope(year: int, path: str, upper: str, prefix: str = "") -> dict:
    return {
        f"{prefix}campaign__year": year,
        f"{prefix}campaign__host__path__gte": path,
        f"{prefix}campaign__host__path__lt": upper,
    }


def _weakest_graded(year: int, path: str, upper: str) -> list[Weak]:
    """Reporters graded poor, then fair, the lowest comprehensive scores first."""
    rows = (
        ReporterOutcome.objects.filter(
            grade__in=NEEDS_INTERVIEW, **_reporter_scope(year, path, upper, "reporter__")
        )
        .order_by("-grade", "comprehensive_score")  # "poor" sorts after "fair": poor first
        .values_list(
            "reporter_id",
            "reporter__organization__name",
            "reporter__person__name",
            "reporter__campaign_id",
            "reporter__campaign__host__name",
            "grade",
        )[:WEAKEST_SHOWN]
    )
    return [
        Weak(pk, org, person, campaign, host, grade=grade) for pk, org, person, campaign, host, grade in rows
    ]
