"""The ledger's answer to a report's fifth section: last year's items, where each ended up, and a first
draft of the account."""

from __future__ import annotations

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from debrief.campaigns.models import Reporter
from debrief.campaigns.selectors import previous_campaign
from debrief.lib.text import parenthesized
from debrief.reports.last_year import LastYearItem, LedgerAccount

from .models import Item, Status


def ledger_account_for(reporter: Reporter) -> LedgerAccount:
    items = previous_items(reporter)
    return LedgerAccount(
        items=[
            LastYearItem(
                label=item.label,
                description=item.description,
                final_status=final_status_label(item),
                url=reverse("rectification:item", args=[item.carried_pk or item.pk]),
            )
            for item in items
        ],
        draft=account_draft(items),
    )


def previous_items(reporter: Reporter) -> list[Item]:
    """Last year's ledger items of the reporter's organization, with where each ended up."""
    previous = previous_campaign(reporter.campaign)
    if previous is None:
        return []
    return list(
        previous.rectification_items.filter(reporter__organization_id=reporter.organization_id)
        .select_related("campaign")
        .annotate(
            carried_status=Subquery(Item.objects.filter(carried_from=OuterRef("pk")).values("status")[:1]),
            carried_pk=Subquery(Item.objects.filter(carried_from=OuterRef("pk")).values("pk")[:1]),
        )
        .order_by("number")
    )


def final_status_label(item: Item) -> str:
    """Where last year's item ended up: signed off, carried over (with its status now), or as it stands."""
    if item.status == Status.SIGNED_OFF:
        return _("Signed off on %(day)s") % {"day": timezone.localtime(item.signed_off_at).date().isoformat()}
    if getattr(item, "carried_status", None):
        return _("Carried over; now %(status)s") % {"status": Status(item.carried_status).label}
    return str(Status(item.status).label)


def account_draft(items: list[Item]) -> str:
    """A first draft of the report's account of last year's problems, in the site's language."""
    if not items:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        done = sum(1 for item in items if item.status == Status.SIGNED_OFF)
        lines = [
            _(
                "Last year's ledger held %(total)d items for us: %(done)d signed off, %(open)d still being rectified."
            )
            % {"total": len(items), "done": done, "open": len(items) - done}
        ]
        for number, item in enumerate(items, start=1):
            lines.append(f"{number}. {item.description}{parenthesized(final_status_label(item))}")
        return "\n".join(lines)
