"""Reads over the ledger: who sees which items, the filtered ledger with its counts, reminders, and
last year's items for this year's report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.accounts import selectors as access
from debrief.campaigns.models import Campaign, CampaignState, Reporter
from debrief.campaigns.selectors import OVERSEEING_ROLES, can_manage_campaign, previous_campaign
from debrief.lib.dates import ensure_in_range
from debrief.orgs.models import Organization, Person

from . import sources
from .models import WORK_OWED, Event, EventKind, Item, Status


def _overseen(user) -> Q:
    paths = access.grant_paths(user, OVERSEEING_ROLES)
    if not paths:
        return Q(pk__in=[])
    return Q(campaign__host__in=Organization.objects.within_any(paths))


def _own(user) -> Q:
    if not (user.is_authenticated and user.person_id):
        return Q(pk__in=[])
    return Q(reporter__person_id=user.person_id) | Q(responsible_id=user.person_id)


def _unit_organized(user) -> Q:
    """Items on an organization the user organizes, in a superior's ledger: the town's organizers
    follow (and break down) the district's items on the town's secretary."""
    paths = access.grant_paths(user, ["organizer"])
    if not paths:
        return Q(pk__in=[])
    return Q(reporter__organization__in=Organization.objects.within_any(paths))


def items_visible_to(user) -> QuerySet[Item]:
    """Overseers of a host see its whole ledger; a secretary sees the items they answer for; the
    organizers of an organization see the items on it in its superiors' ledgers."""
    if not user.is_authenticated:
        return Item.objects.none()
    if user.is_superuser:
        return Item.objects.all()
    return Item.objects.filter(_overseen(user) | _own(user) | _unit_organized(user))


def is_own_item(user, item: Item) -> bool:
    person = user.person_id if user.is_authenticated else None
    secretary = item.reporter.person_id if item.reporter_id else None
    return bool(person) and person in (secretary, item.responsible_id)


@dataclass(frozen=True)
class ItemAccess:
    item: Item
    can_verify: bool  # organizers of the host: edit everything, return, sign off
    can_work: bool  # the item's own secretary or person responsible, and organizers
    can_break_down: bool = False  # organizers of the reporter's organization: sub-items below it


def item_access(user, pk: int) -> ItemAccess:
    item = get_object_or_404(
        Item.objects.select_related(
            "campaign__host",
            "reporter__organization",
            "reporter__person",
            "responsible",
            "comment_problem__comment",
            "parent__campaign__host",
        ),
        pk=pk,
    )
    organizer = can_manage_campaign(user, item.campaign)
    own = is_own_item(user, item)
    unit_organizer = item.reporter_id is not None and access.can_manage(user, item.reporter.organization)
    if not (organizer or own or unit_organizer or items_visible_to(user).filter(pk=item.pk).exists()):
        raise Http404
    return ItemAccess(
        item=item, can_verify=organizer, can_work=organizer or own, can_break_down=unit_organizer
    )


def latest_progress():
    """The text of an item's latest progress or submission, for list rows and the XLSX."""
    return Subquery(
        Event.objects.filter(item=OuterRef("pk"), kind__in=(EventKind.PROGRESS, EventKind.SUBMITTED))
        .order_by("-at", "-pk")
        .values("text")[:1]
    )


@dataclass(frozen=True)
class LedgerFilter:
    campaign: Campaign | None = None
    organization: Organization | None = None  # its whole subtree
    status: str = ""
    overdue: bool = False
    due_soon: bool = False  # owed work due within the reminder days
    deadline_from: datetime.date | None = None
    deadline_to: datetime.date | None = None
    source: str = ""
    carried_over: bool = False

    def __post_init__(self) -> None:
        ensure_in_range(
            self.deadline_from, self.deadline_to
        )  # the API's filter; the page's form checks first

    def without_counters(self) -> LedgerFilter:
        """The filter the counts on top read: the counters (a status, overdue, due soon, carried
        over) each narrow the list, so they count within everything else that is chosen."""
        return replace(self, status="", overdue=False, due_soon=False, carried_over=False)


def in_subtree_of(organization: Organization) -> Q:
    """Items whose unit (`Item.unit`) is in the organization's subtree: a reporter's item by the
    reporter's organization, a host's own task by its host."""
    subtree = Organization.objects.subtree_of(organization.path)
    return Q(reporter__organization__in=subtree) | Q(reporter__isnull=True, campaign__host__in=subtree)


def ledger_items(
    user, query: LedgerFilter, today: datetime.date | None = None, *, with_measures: bool = False
) -> QuerySet[Item]:
    """The filtered ledger; `with_measures` prefetches each item's measures (the XLSX and the API
    list them, the page does not)."""
    today = today or timezone.localdate()
    items = items_visible_to(user)
    if query.campaign is not None:
        items = items.filter(campaign=query.campaign)
    if query.organization is not None:
        items = items.filter(in_subtree_of(query.organization))
    if query.status:
        items = items.filter(status=query.status)
    if query.overdue:
        items = items.overdue(today)
    if query.due_soon:
        items = items.due_within(settings.DEBRIEF_REMINDER_DAYS, today)
    if query.deadline_from:
        items = items.filter(deadline__gte=query.deadline_from)
    if query.deadline_to:
        items = items.filter(deadline__lte=query.deadline_to)
    if query.source:
        items = items.filter(source=query.source)
    if query.carried_over:
        items = items.carried_over()
    if with_measures:
        items = items.prefetch_related("measures")
    return (
        items.select_related(
            "campaign__host",
            "reporter__organization",
            "reporter__person",
            "responsible",
            "carried_from__campaign",
        )
        .annotate(
            latest_progress=latest_progress(),
            carried_away=Exists(Item.objects.filter(carried_from=OuterRef("pk"))),
            is_late=ExpressionWrapper(
                Q(status__in=WORK_OWED, deadline__lt=today, carried_to__isnull=True),
                output_field=BooleanField(),
            ),
        )
        .order_by("-campaign__year", "campaign__host__path", "number")
    )


@dataclass(frozen=True)
class LedgerCounts:
    total: int
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    overdue: int
    due_soon: int
    carried_over: int

    @property
    def signed_off(self) -> int:
        return next(count for status, _label, count in self.by_status if status == Status.SIGNED_OFF)


def ledger_counts(items: QuerySet[Item], today: datetime.date | None = None) -> LedgerCounts:
    """The counts on top of the ledger, in one query."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=settings.DEBRIEF_REMINDER_DAYS)
    live = Q(status__in=WORK_OWED, carried_to__isnull=True)
    figures = items.order_by().aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=live & Q(deadline__lt=today)),
        due_soon=Count("pk", filter=live & Q(deadline__gte=today, deadline__lte=soon)),
        carried_over=Count("pk", filter=Q(carried_from__isnull=False)),
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values},
    )
    return LedgerCounts(
        total=figures["total"],
        by_status=[(value, label, figures[value]) for value, label in Status.choices],
        overdue=figures["overdue"],
        due_soon=figures["due_soon"],
        carried_over=figures["carried_over"],
    )


def filter_organizations(user) -> QuerySet[Organization]:
    """What the organization filter may name: every organization in the subtrees the user oversees,
    and the organizations of the items they answer for. Thousands, so the page searches them as one
    types and never lists them; anything else is unknown to the filter."""
    if user.is_authenticated and user.is_superuser:
        return Organization.objects.all()
    visible = Organization.objects.within_any(access.grant_paths(user, OVERSEEING_ROLES))
    if user.is_authenticated and user.person_id:
        own = Item.objects.filter(_own(user))
        visible = visible | Organization.objects.filter(
            Q(pk__in=own.values("reporter__organization_id"))
            | Q(pk__in=own.filter(reporter__isnull=True).values("campaign__host_id"))
        )
    return visible


# --- For a person and for organizers ---------------------------------------------------------


@dataclass(frozen=True)
class PersonReminder:
    overdue: list[Item]
    due_soon: list[Item]
    returned: list[Item]


def reminders_for(
    person_id: int | None, today: datetime.date | None = None, days: int | None = None
) -> PersonReminder:
    """What a person responsible must see: overdue items, items due within `days`, items returned."""
    if person_id is None:
        return PersonReminder([], [], [])
    today = today or timezone.localdate()
    days = settings.DEBRIEF_REMINDER_DAYS if days is None else days
    mine = (
        Item.objects.filter(responsible_id=person_id)
        .exclude(campaign__state=CampaignState.ARCHIVED)
        .select_related("campaign__host", "reporter__organization")
        .order_by("deadline", "number")
    )
    overdue = list(mine.overdue(today))
    due_soon = list(mine.due_within(days, today).exclude(status=Status.RETURNED))
    returned = [
        item for item in mine.filter(status=Status.RETURNED, carried_to__isnull=True) if item not in overdue
    ]
    return PersonReminder(overdue=overdue, due_soon=due_soon, returned=returned)


@dataclass(frozen=True)
class LedgerWatch:
    campaign: Campaign
    submitted: int
    overdue: int


def ledgers_to_watch(user, today: datetime.date | None = None) -> list[LedgerWatch]:
    """For organizers: per campaign they run, items awaiting verification and items overdue."""
    today = today or timezone.localdate()
    if not user.is_authenticated:
        return []
    campaigns = Campaign.objects.exclude(state=CampaignState.ARCHIVED).select_related("host")
    if not user.is_superuser:
        paths = access.grant_paths(user, ["organizer"])
        if not paths:
            return []
        campaigns = campaigns.filter(host__in=Organization.objects.within_any(paths))
    live = Q(rectification_items__status__in=WORK_OWED, rectification_items__carried_to__isnull=True)
    rows = campaigns.annotate(
        submitted=Count("rectification_items", filter=Q(rectification_items__status=Status.SUBMITTED)),
        overdue=Count("rectification_items", filter=live & Q(rectification_items__deadline__lt=today)),
    ).filter(Q(submitted__gt=0) | Q(overdue__gt=0))
    return [LedgerWatch(c, c.submitted, c.overdue) for c in rows.order_by("-year", "host__path")]


def responsible_choices(reporter: Reporter | None, current_id: int | None = None, *, host=None):
    """Who may answer for an item: the reporter's secretary, the organization's current post holders,
    and whoever answers for it now; for a host's own task (no reporter), the host's post holders."""
    organization_id = reporter.organization_id if reporter is not None else host.pk
    secretary = reporter.person_id if reporter is not None else None
    return (
        Person.objects.filter(
            Q(pk=secretary)
            | Q(pk=current_id)
            | Q(posts__organization_id=organization_id, posts__end_date__isnull=True)
        )
        .distinct()
        .order_by("name")
    )


def reminder_days() -> int:
    return settings.DEBRIEF_REMINDER_DAYS


def is_changeable(item: Item) -> bool:
    return not (item.campaign.is_archived or item.is_signed_off or item.is_carried_away)


@dataclass(frozen=True)
class TimelineEntry:
    event: Event
    earlier_item: Item | None  # set for entries of last year's item this one was carried over from


def timeline(item: Item) -> list[TimelineEntry]:
    """The item's history, starting with the history of the items it was carried over from."""
    chain = []
    current: Item | None = item
    while current is not None:
        chain.append(current)
        current = current.carried_from if current.carried_from_id else None
    events = (
        Event.objects.filter(item__in=chain)
        .select_related("actor", "item__campaign")
        .prefetch_related("evidence")
        .order_by("at", "pk")
    )
    return [TimelineEntry(event, None if event.item_id == item.pk else event.item) for event in events]


@dataclass(frozen=True)
class PendingSources:
    comments: int
    evaluation: int
    reports: int
    carry_over: int
    previous_year: int | None

    @property
    def buttons(self) -> list[tuple[str, str, int]]:
        return [
            ("comments", _("From the leaders' comments"), self.comments),
            ("evaluation", _("From the evaluation (graded fair or poor)"), self.evaluation),
            ("reports", _("From the reports' own problems"), self.reports),
        ]


def pending_sources(campaign: Campaign) -> PendingSources:
    """How many problems each way into the ledger still holds, for the organizer's buttons."""
    previous = previous_campaign(campaign)
    return PendingSources(
        comments=sources.comment_problems_pending(campaign).count(),
        evaluation=len(sources.graded_for_rectification(campaign)),
        reports=len(sources.report_problems_pending(campaign)),
        carry_over=sources.carry_over_candidates(previous).count(),
        previous_year=previous.year if previous else None,
    )
