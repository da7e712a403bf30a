"""Last year's ledger items of a reporter's organization, which the report's fifth section accounts for.

The ledger belongs to the rectification app, which builds on reports; it answers
through `ledger_account` (registered in its AppConfig.ready()), so reports never import it.
"""

from __future__ import annotations

from dataclasses import dataclass

from debrief.campaigns.models import Reporter
from debrief.lib.hooks import Hook


@dataclass(frozen=True)
class LastYearItem:
    label: str  # the item's number in last year's ledger, e.g. 2025-007
    description: str
    final_status: str  # where it ended up: signed off, carried over, or as it stands
    url: str  # where the item (or what it was carried into) can be read


@dataclass(frozen=True)
class LedgerAccount:
    items: list[LastYearItem]
    draft: str  # a first draft of the section, in the site's language


# Called with a Reporter; answers a LedgerAccount.
ledger_account = Hook("last year's ledger items of a reporter's organization")


def last_year_account(reporter: Reporter) -> LedgerAccount:
    accounts = ledger_account.results(reporter)
    return accounts[0] if accounts else LedgerAccount(items=[], draft="")
