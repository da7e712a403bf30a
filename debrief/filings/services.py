"""Filing material with the superior (上报): one action per kind, once per campaign.

A filing is never changed or withdrawn: filing a kind again is refused with when and by whom it was
filed, so nothing filed is lost or overwritten. Filing records nothing in the campaign itself, so an
archived campaign may still file what it owes (its records are frozen, which is what is filed)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import campaign_entry_record
from debrief.campaigns.models import Campaign
from debrief.lib.errors import DomainError

from . import snapshots
from .models import Filing, FilingKind


class FilingError(DomainError):
    """A filing the rules refuse; the message is for the user."""


def already_filed_message(filing: Filing) -> str:
    return _(
        "%(kind)s was already filed with %(superior)s on %(when)s by %(who)s. A filing is kept as "
        "filed and cannot be filed again; its copy is on the filing's page."
    ) % {
        "kind": filing.get_kind_display(),
        "superior": filing.filed_to.name,
        "when": timezone.localtime(filing.filed_at).strftime("%Y-%m-%d %H:%M"),
        "who": filing.filed_by_name or _("someone whose account is gone"),
    }


def _existing(campaign: Campaign, kind: str) -> Filing | None:
    return Filing.objects.filter(campaign=campaign, kind=kind).select_related("filed_to").first()


@transaction.atomic
def filing_file(*, campaign: Campaign, kind: str, user, at: datetime.datetime | None = None) -> Filing:
    """File the campaign's material of `kind` with the host's direct superior, frozen as it stands."""
    if kind not in FilingKind.values:
        raise FilingError(_("Choose what to file: the plan, the meeting, the results or the three lists."))
    # The campaign's row serializes filings of one campaign, so two clicks file once.
    campaign = (
        Campaign.objects.select_for_update(of=("self",)).select_related("host__parent").get(pk=campaign.pk)
    )
    existing = _existing(campaign, kind)
    if existing is not None:
        raise FilingError(already_filed_message(existing))
    superior = campaign.host.parent
    if superior is None:
        raise FilingError(
            _("%(host)s has no superior organization to file with.") % {"host": campaign.host.name}
        )
    reason = snapshots.obstacle(campaign, kind)
    if reason is not None:
        raise FilingError(reason)
    filing = Filing(
        campaign=campaign,
        kind=kind,
        filed_to=superior,
        filed_at=at or timezone.now(),
        filed_by=user if user is not None and user.is_authenticated else None,
        filed_by_name=str(user)[:150] if user is not None and user.is_authenticated else "",
        snapshot=snapshots.build(campaign, kind),
    )
    try:
        with transaction.atomic():
            filing.save()
    except IntegrityError:  # filed by another request in the meantime (databases without row locks)
        raise FilingError(already_filed_message(_existing(campaign, kind))) from None
    campaign_entry_record(
        campaign=campaign,
        action=Action.MATERIAL_FILED,
        actor=user,
        obj=filing,
        after={"kind": kind, "filed_to": superior.name},
        label=f"{campaign.title} · {filing.get_kind_display()}",
    )
    return filing
