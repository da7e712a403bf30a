"""Breaking a superior's item down (分解): the secretary's organization passes the problem on to its
own subordinates as sub-items in its own ledger, and the superior's item shows how they progress.

The superior signs the parent off as it does any item; open sub-items are shown as a warning on the
verification form, not a block, because the parent is the secretary's own rectification and the
superior judges it on its evidence.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, Reporter
from debrief.lib.dates import ensure_in_range
from debrief.lib.text import join_names

from .models import Item, Source, Status
from .selectors import items_visible_to
from .services import RectificationError, item_create


def own_campaign(item: Item) -> Campaign | None:
    """The campaign the item's organization runs over its own subordinates in the item's year."""
    if item.reporter_id is None:
        return None
    return (
        Campaign.objects.filter(host_id=item.reporter.organization_id, year=item.campaign.year)
        .select_related("host")
        .first()
    )


@transaction.atomic
def item_break_down(
    *,
    parent: Item,
    reporters: Sequence[Reporter],
    description: str,
    deadline: datetime.date,
    user,
) -> list[Item]:
    """One sub-item per chosen subordinate, in the ledger of the parent's organization's own campaign."""
    if parent.reporter_id is None:
        raise RectificationError(_("Only an item on a reporter can be broken down for its subordinates."))
    if parent.is_signed_off or parent.is_carried_away:
        raise RectificationError(
            _("Item %(label)s is signed off or carried over; break down the item where it continues.")
            % {"label": parent.label}
        )
    campaign = own_campaign(parent)
    if campaign is None:
        raise RectificationError(
            _(
                "%(organization)s has no campaign of %(year)d over its subordinates, so there is no "
                "ledger for the sub-items. Open that campaign (or start it from the plan) first."
            )
            % {"organization": parent.reporter.organization.name, "year": parent.campaign.year}
        )
    if not reporters:
        raise RectificationError(_("Choose the subordinates the problem is broken down for."))
    if deadline is None:
        raise RectificationError(_("Set a deadline for the sub-items."))
    ensure_in_range(deadline)
    if deadline > parent.deadline:
        raise RectificationError(
            _(
                "The sub-items' deadline %(deadline)s is after the deadline of item %(label)s "
                "(%(parent)s); choose a day on or before it."
            )
            % {
                "deadline": deadline.isoformat(),
                "label": parent.label,
                "parent": parent.deadline.isoformat(),
            }
        )
    strangers = [r for r in reporters if r.campaign_id != campaign.pk]
    if strangers:
        raise RectificationError(_("Choose subordinates that report in your own campaign."))
    already = set(
        parent.children.filter(reporter__in=reporters).values_list("reporter__organization__name", flat=True)
    )
    if already:
        raise RectificationError(
            _("The item is already broken down for %(names)s; choose the others.")
            % {"names": join_names(sorted(already))}
        )
    note = f"{parent.campaign.host.display_name} {parent.label}"
    return [
        item_create(
            campaign=campaign,
            reporter=reporter,
            description=description,
            deadline=deadline,
            user=user,
            category=parent.category,
            source=Source.BREAKDOWN,
            source_note=note,
            parent=parent,
        )
        for reporter in reporters
    ]


@dataclass(frozen=True)
class ChildRow:
    item: Item
    overdue: bool
    visible: bool  # the user may open the sub-item's page


@dataclass(frozen=True)
class Children:
    rows: list[ChildRow]
    signed_off: int

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def open(self) -> int:
        return self.total - self.signed_off


def children_progress(item: Item, user, today: datetime.date | None = None) -> Children:
    """The item's sub-items with their unit, status and lateness, in one query."""
    today = today or timezone.localdate()
    rows = list(
        item.children.select_related("campaign__host", "reporter__organization", "responsible")
        .annotate(
            carried_away=Exists(Item.objects.filter(carried_from=OuterRef("pk"))),
            visible=Exists(items_visible_to(user).filter(pk=OuterRef("pk"))),
        )
        .order_by("reporter__organization__code", "pk")
    )
    return Children(
        rows=[
            ChildRow(
                child,
                child.is_overdue(today, carried_away=child.carried_away),
                child.visible or user.is_superuser,
            )
            for child in rows
        ],
        signed_off=sum(1 for child in rows if child.status == Status.SIGNED_OFF),
    )


def parent_visible(item: Item, user) -> bool:
    """Whether the user may open the item's parent (a child's page links to it only then)."""
    if item.parent_id is None:
        return False
    return user.is_superuser or items_visible_to(user).filter(pk=item.parent_id).exists()
