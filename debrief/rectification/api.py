"""JSON endpoint of the ledger: the same items, filters and scoping as the ledger page."""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from debrief.accounts import selectors as access
from debrief.campaigns import selectors as campaign_selectors
from debrief.orgs.models import Organization

from . import selectors

router = Router(tags=["rectification"])
MAX_OFFSET = 10**9  # beyond any ledger, far within what a database takes


class ItemOut(Schema):
    id: int
    label: str
    label_with_host: str  # unique across the ledgers one oversees, e.g. "渭川市住建局 2026-015"
    campaign_id: int
    year: int
    organization_code: str
    organization_name: str
    description: str
    category: str
    source: str
    source_note: str
    responsible: str
    measures: list[str]
    deadline: datetime.date
    status: str
    overdue: bool
    carried_over_from: str | None
    latest_progress: str | None
    signed_off_at: datetime.datetime | None


class LedgerOut(Schema):
    total: int
    overdue: int
    by_status: dict[str, int]
    items: list[ItemOut]


def _visible_organization(request, code: str) -> Organization:
    """One answer for a code that does not exist and one outside the caller's subtrees, so the
    filter cannot tell which codes exist elsewhere."""
    organization = access.organizations_visible_to(request.user).filter(code=code).first()
    if organization is None:
        raise HttpError(
            404, _("No organization you may see has the code “%(code)s”; check the code.") % {"code": code}
        )
    return organization


@router.get("/rectification/items", response=LedgerOut)
def ledger(
    request,
    campaign: int | None = None,
    organization: str | None = None,
    status: str = "",
    overdue: bool = False,
    deadline_from: datetime.date | None = None,
    deadline_to: datetime.date | None = None,
    limit: int = 500,
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Items visible to you, filtered like the ledger page; `organization` (a code) takes its subtree,
    and a code outside your subtrees answers 404 as an unknown one does."""
    today = timezone.localdate()
    query = selectors.LedgerFilter(
        campaign=get_object_or_404(campaign_selectors.campaigns_visible_to(request.user), pk=campaign)
        if campaign
        else None,
        organization=_visible_organization(request, organization) if organization else None,
        status=status,
        overdue=overdue,
        deadline_from=deadline_from,
        deadline_to=deadline_to,
    )
    items = selectors.ledger_items(request.user, query, today, with_measures=True)
    counts = selectors.ledger_counts(items, today)
    page = items[offset : offset + min(max(limit, 1), 1000)]
    return LedgerOut(
        total=counts.total,
        overdue=counts.overdue,
        by_status={status: n for status, _label, n in counts.by_status},
        items=[
            ItemOut(
                id=item.pk,
                label=item.label,
                label_with_host=item.label_with_host,
                campaign_id=item.campaign_id,
                year=item.campaign.year,
                organization_code=item.unit.code,
                organization_name=item.unit.name,
                description=item.description,
                category=item.category,
                source=item.source,
                source_note=item.source_note,
                responsible=item.responsible.name,
                measures=[m.text for m in item.measures.all()],
                deadline=item.deadline,
                status=item.status,
                overdue=item.is_late,
                carried_over_from=item.carried_from.label if item.carried_from_id else None,
                latest_progress=item.latest_progress,
                signed_off_at=item.signed_off_at,
            )
            for item in page
        ],
    )
