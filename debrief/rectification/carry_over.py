"""Carrying an item over (结转): last year's unfinished item continues in this year's ledger as a new
item, the old one left as it stood."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, Reporter

from .models import EventKind, Item, Measure
from .services import RectificationError, _lock, _move, _record, item_create


@transaction.atomic
def item_carry_over(*, old: Item, reporter: Reporter | None, user, campaign: Campaign | None = None) -> Item:
    """Continue last year's item in the reporter's ledger, marked as carried over.

    The old item stays as it was, so last year's ledger is unchanged (and may be archived); the new
    one keeps the problem, measures (and which are done), deadline and status, and goes to this
    year's secretary when last year's secretary was the person responsible. The host's own task
    (no reporter) continues as the host's task in `campaign`.
    """
    _lock(old)  # two carry-overs at once: the second finds the item carried and stops
    if old.is_carried_away:
        raise RectificationError(
            _("Item %(label)s has already been carried over into the %(year)d ledger.")
            % {"label": old.label, "year": old.carried_to.campaign.year}
        )
    if old.is_signed_off:
        raise RectificationError(
            _("Item %(label)s has been signed off; there is nothing to carry over.") % {"label": old.label}
        )
    old_measures = list(old.measures.all())
    same_person = reporter is not None and old.responsible_id == old.reporter.person_id
    item = item_create(
        campaign=reporter.campaign if reporter is not None else campaign,
        reporter=reporter,
        description=old.description,
        deadline=old.deadline,
        user=user,
        category=old.category,
        source=old.source,
        source_note=old.source_note,
        responsible=reporter.person if same_person else old.responsible,
        measures=[m.text for m in old_measures],
        carried_from=old,
        parent=old.parent,
    )
    done = {m.text: m.done_at for m in old_measures if m.done_at}
    finished = [m for m in item.measures.all() if m.text in done]
    for measure in finished:
        measure.done_at = done[measure.text]
    Measure.objects.bulk_update(finished, ["done_at"])
    if item.status != old.status:
        _move(item, old.status)
    _record(item, EventKind.CARRIED_OVER, user)  # the page says from where: `item.carried_from`
    return item
