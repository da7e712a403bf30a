"""When each filing is due: the plan that applies to a host, and the dates that follow from it.

The plan that applies to a campaign is the one it was started from (its `PlanAdoption`), else the
nearest ancestor's published plan of the year with a deadline for the host's level. Without a plan
the defaults hold: seven days to file after the event, and no deadline for the meeting.

Due dates (the last day on which filing is on time):
- the plan (述职评议工作安排): the day before the meeting, so the superior has it before it is held;
- the meeting: the meeting date + the days to file;
- the results: the day the notice was first published + the days to file; until it is, the level's
  deadline + the days to file (no due date without a plan's deadline);
- the three lists: 30 days after the results are due: the ledger needs the problems, measures and
  people responsible worked out after the results, and a month is the usual rhythm of a
  rectification plan; a plan does not set it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from debrief.campaigns.models import Campaign
from debrief.lib import tree_paths
from debrief.plans.models import Plan, PlanAdoption, PlanDeadline, PlanState

from .models import FilingKind

DEFAULT_FILING_DAYS = 7
LISTS_AFTER_RESULTS_DAYS = 30
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Terms:
    """What governs a host's filings for the year."""

    plan: Plan | None
    filing_days: int
    meeting_deadline: datetime.date | None  # the plan's deadline for the host's level


DEFAULT_TERMS = Terms(plan=None, filing_days=DEFAULT_FILING_DAYS, meeting_deadline=None)


def _with_deadlines(plans) -> list[Plan]:
    plans = list(plans.prefetch_related(Prefetch("deadlines", queryset=PlanDeadline.objects.order_by())))
    for plan in plans:
        plan.deadline_by_level = {row.level: row.deadline for row in plan.deadlines.all()}
    return plans


def plans_for(year: int, *, issuer_ids: Iterable[int] = (), subtree_path: str = "", plan_ids=()) -> dict:
    """The published plans of the year issued by `issuer_ids` or inside `subtree_path`, and the plans
    `plan_ids` (adopted ones, whatever their state), each with `deadline_by_level`: two queries."""
    published = Q(year=year, state=PlanState.PUBLISHED)
    issuers = Q(issuer_id__in=list(issuer_ids))
    if subtree_path:
        upper = tree_paths.subtree_upper_bound(subtree_path)
        issuers |= Q(issuer__path__gte=subtree_path, issuer__path__lt=upper)
    wanted = (published & issuers) | Q(pk__in=list(plan_ids))
    return {plan.pk: plan for plan in _with_deadlines(Plan.objects.filter(wanted).order_by())}


def terms_of(*, host_path: str, level: str, adopted: Plan | None, plans: dict[int, Plan]) -> Terms:
    """The terms a host works under, from plans already read (`plans_for`)."""
    plan = adopted
    if plan is None:
        published = {p.issuer_id: p for p in plans.values() if p.state == PlanState.PUBLISHED}
        for issuer_id in reversed(tree_paths.ancestor_ids(host_path)):  # nearest first
            found = published.get(issuer_id)
            if found is not None and level in found.deadline_by_level:
                plan = found
                break
    if plan is None:
        return DEFAULT_TERMS
    return Terms(plan=plan, filing_days=plan.filing_days, meeting_deadline=plan.deadline_by_level.get(level))


def terms_for_campaign(campaign: Campaign) -> Terms:
    """The terms of one campaign: three queries."""
    adoption = PlanAdoption.objects.filter(campaign=campaign).values_list("plan_id", flat=True).first()
    host = campaign.host
    plans = plans_for(
        campaign.year, issuer_ids=tree_paths.ancestor_ids(host.path), plan_ids=[adoption] if adoption else []
    )
    return terms_of(host_path=host.path, level=host.level, adopted=plans.get(adoption), plans=plans)


def due_dates(
    *, meeting_date: datetime.date | None, published_on: datetime.date | None, terms: Terms
) -> dict[str, datetime.date | None]:
    """The due date of each kind; `meeting_date` None for a host expected to hold a campaign it has not
    opened (the plan's deadline stands for its meeting)."""
    days = datetime.timedelta(days=terms.filing_days)
    meeting = meeting_date or terms.meeting_deadline
    if published_on is not None:
        results = published_on + days
    elif terms.meeting_deadline is not None:
        results = terms.meeting_deadline + days
    else:
        results = None
    return {
        FilingKind.PLAN: meeting - DAY if meeting else None,
        FilingKind.MEETING: meeting + days if meeting else None,
        FilingKind.RESULTS: results,
        FilingKind.LISTS: results + datetime.timedelta(days=LISTS_AFTER_RESULTS_DAYS) if results else None,
    }


def is_late(due: datetime.date | None, filed_on: datetime.date | None, today: datetime.date) -> bool:
    """Not filed and past its due date."""
    return filed_on is None and due is not None and due < today


def filed_late(due: datetime.date | None, filed_on: datetime.date | None) -> bool:
    return filed_on is not None and due is not None and filed_on > due
