"""The superior's view of what its subtree filed for a year: one row per subordinate host.

The rows are the hosts of the year's campaigns below the organization, plus the hosts a plan
expects that have no campaign yet: organizations at a level the applicable plan sets a deadline
for, with an active subordinate whose secretary is in post (the rule of the oversight dashboard,
narrowed to the levels the plan names). Read in a fixed number of queries, none per row.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, Min, OuterRef
from django.utils import timezone

from debrief.campaigns.models import Campaign, CampaignState
from debrief.lib import tree_paths
from debrief.orgs.models import Level, Organization, OrganizationStatus, Post, PostRole
from debrief.plans.models import PlanAdoption
from debrief.publication.models import Notice

from . import terms
from .models import Filing, FilingKind

KINDS = FilingKind.values


@dataclass(frozen=True)
class Cell:
    kind: str
    filing_id: int | None
    filed_on: datetime.date | None
    due: datetime.date | None
    late: bool
    filed_late: bool


@dataclass
class Row:
    host_id: int
    code: str
    name: str
    level: str
    path: str
    superior: str  # the host's parent, which it files with
    campaign_id: int | None  # None: expected by a plan, not opened yet
    state: str
    cells: list[Cell]

    @property
    def late(self) -> int:
        return sum(cell.late for cell in self.cells)

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level in Level.values else self.level

    @property
    def state_label(self) -> str:
        return str(CampaignState(self.state).label) if self.state in CampaignState.values else ""


@dataclass
class Board:
    organization: Organization
    year: int
    today: datetime.date
    rows: list[Row]
    filed: Counter = field(default_factory=Counter)  # kind -> hosts that filed it
    late: Counter = field(default_factory=Counter)  # kind -> hosts late with it

    @property
    def hosts(self) -> int:
        return len(self.rows)

    @property
    def late_hosts(self) -> int:
        return sum(1 for row in self.rows if row.late)


def _day(value: datetime.datetime | None, zone) -> datetime.date | None:
    # The zone is looked up once per board: looking it up per cell costs more than the rest of the row.
    return value.astimezone(zone).date() if value else None


def _cells(due: dict, filed: dict, today: datetime.date, zone) -> list[Cell]:
    cells = []
    for kind in KINDS:
        filing_id, filed_at = filed.get(kind, (None, None))
        filed_on = _day(filed_at, zone)
        cells.append(
            Cell(
                kind,
                filing_id,
                filed_on,
                due[kind],
                terms.is_late(due[kind], filed_on, today),
                terms.filed_late(due[kind], filed_on),
            )
        )
    return cells


def board(organization: Organization, year: int, today: datetime.date | None = None) -> Board:
    today = today or timezone.localdate()
    zone = timezone.get_current_timezone()
    path, upper = organization.path, tree_paths.subtree_upper_bound(organization.path)
    below = {"host__path__gt": path, "host__path__lt": upper}
    campaigns = list(
        Campaign.objects.filter(year=year, **below).values_list(
            "pk",
            "host_id",
            "host__code",
            "host__name",
            "host__level",
            "host__path",
            "host__parent__name",
            "meeting_date",
            "state",
        )
    )
    scope = {"campaign__year": year, **{f"campaign__{key}": value for key, value in below.items()}}
    filed: dict[int, dict] = {}
    for campaign_id, kind, pk, filed_at in Filing.objects.filter(**scope).values_list(
        "campaign_id", "kind", "pk", "filed_at"
    ):
        filed.setdefault(campaign_id, {})[kind] = (pk, filed_at)
    published = dict(
        Notice.objects.filter(**scope, published_at__isnull=False)
        .values("campaign_id")
        .annotate(first=Min("published_at"))
        .values_list("campaign_id", "first")
        .order_by()
    )
    adopted = dict(PlanAdoption.objects.filter(**scope).values_list("campaign_id", "plan_id"))
    plans = terms.plans_for(
        year,
        issuer_ids=[*tree_paths.ancestor_ids(path), organization.pk],
        subtree_path=path,
        plan_ids=set(adopted.values()),
    )
    rows = []
    for pk, host_id, code, name, level, host_path, superior, meeting_date, state in campaigns:
        rules = terms.terms_of(
            host_path=host_path, level=level, adopted=plans.get(adopted.get(pk)), plans=plans
        )
        due = terms.due_dates(
            meeting_date=meeting_date, published_on=_day(published.get(pk), zone), terms=rules
        )
        rows.append(
            Row(
                host_id,
                code,
                name,
                level,
                host_path,
                superior or "",
                pk,
                state,
                _cells(due, filed.get(pk, {}), today, zone),
            )
        )
    rows += _expected_without_campaign(path, upper, year, today, plans, zone)
    rows.sort(key=lambda row: row.path)
    result = Board(organization=organization, year=year, today=today, rows=rows)
    for row in rows:
        for cell in row.cells:
            result.filed[cell.kind] += cell.filing_id is not None
            result.late[cell.kind] += cell.late
    return result


def _expected_without_campaign(
    path: str, upper: str, year: int, today: datetime.date, plans: dict, zone
) -> list[Row]:
    """Hosts a plan expects (a level it sets a deadline for, a subordinate with a secretary in post)
    that have not opened the year's campaign: one query, none when no plan names a level."""
    levels = {level for plan in plans.values() for level in plan.deadline_by_level}
    if not levels:
        return []
    day = min(today, datetime.date(year, 12, 31))  # who is in post, as the oversight dashboard reads it
    secretary_below = Post.objects.held_on(day).filter(
        role=PostRole.SECRETARY,
        organization__parent=OuterRef("pk"),
        organization__status=OrganizationStatus.ACTIVE,
    )
    candidates = (
        Organization.objects.filter(
            path__gt=path, path__lt=upper, level__in=levels, status=OrganizationStatus.ACTIVE
        )
        .filter(Exists(secretary_below))
        .exclude(Exists(Campaign.objects.filter(host=OuterRef("pk"), year=year)))
        .values_list("pk", "code", "name", "level", "path", "parent__name")
    )
    rows = []
    for host_id, code, name, level, host_path, superior in candidates:
        rules = terms.terms_of(host_path=host_path, level=level, adopted=None, plans=plans)
        if rules.meeting_deadline is None:  # no plan over it names its level
            continue
        due = terms.due_dates(meeting_date=None, published_on=None, terms=rules)
        rows.append(
            Row(host_id, code, name, level, host_path, superior or "", None, "", _cells(due, {}, today, zone))
        )
    return rows
