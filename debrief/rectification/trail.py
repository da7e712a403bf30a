"""Which ledger events enter the audit trail: those that move an item's status."""

from __future__ import annotations

from debrief.audit.models import Action
from debrief.audit.services import entry_record

from .models import EventKind, Item

STATUS_EVENTS = (
    EventKind.CREATED,
    EventKind.SUBMITTED,
    EventKind.RETURNED,
    EventKind.SIGNED_OFF,
    EventKind.CARRIED_OVER,
)


def item_event_audited(*, item: Item, kind: str, user, text: str, at) -> None:
    """Called before the item moves, so `item.status` is the status it leaves."""
    if kind not in STATUS_EVENTS:
        return
    entry_record(
        action=Action.LEDGER_ITEM_CHANGED,
        actor=user,
        obj=item,
        organization=item.campaign.host,
        label=f"{item.label} {item.description[:80]}",
        before={"status": item.status} if kind != EventKind.CREATED else None,
        after={"event": kind, "text": text},
        at=at,
    )
