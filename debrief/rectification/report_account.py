"""The ledger's answer to a report's fifth section: last year's items and a first draft."""

from __future__ import annotations

from django.urls import reverse

from debrief.campaigns.models import Reporter
from debrief.reports.last_year import LastYearItem, LedgerAccount

from .selectors import account_draft, final_status_label, previous_items


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
