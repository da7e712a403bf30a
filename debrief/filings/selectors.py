"""Reads for filings: who may file and read, and where each kind stands for one campaign."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Min
from django.utils import timezone

from debrief.accounts.models import Role, RoleGrant
from debrief.campaigns.models import Campaign
from debrief.publication.models import Notice

from . import snapshots, terms
from .models import Filing, FilingKind


def can_file(user, campaign: Campaign) -> bool:
    """Only organizers of the host itself file: the material is the lower level's own, so organizers
    of a superior (who may manage the campaign) read it but do not file it for them."""
    if not user.is_authenticated:
        return False
    return RoleGrant.objects.filter(user=user, role=Role.ORGANIZER, organization_id=campaign.host_id).exists()


def first_published_on(campaign: Campaign) -> datetime.date | None:
    """The day the results notice was first published (a correction does not move the due date)."""
    first = Notice.objects.filter(campaign=campaign).aggregate(first=Min("published_at"))["first"]
    return timezone.localdate(first) if first else None


@dataclass(frozen=True)
class KindStatus:
    kind: str
    label: str
    filing: Filing | None
    due: datetime.date | None
    late: bool  # not filed, past its due date
    filed_late: bool
    obstacle: str | None  # why it cannot be filed yet

    @property
    def can_file_now(self) -> bool:
        return self.filing is None and self.obstacle is None


@dataclass(frozen=True)
class CampaignFilings:
    campaign: Campaign
    terms: terms.Terms
    statuses: list[KindStatus]


def campaign_filings(campaign: Campaign, today: datetime.date | None = None) -> CampaignFilings:
    """Each kind with its filing, due date, lateness and what stands in the way of filing it."""
    today = today or timezone.localdate()
    rules = terms.terms_for_campaign(campaign)
    due = terms.due_dates(
        meeting_date=campaign.meeting_date, published_on=first_published_on(campaign), terms=rules
    )
    filed = {
        f.kind: f for f in Filing.objects.filter(campaign=campaign).select_related("filed_to", "filed_by")
    }
    statuses = []
    for kind, label in FilingKind.choices:
        filing = filed.get(kind)
        filed_on = timezone.localdate(filing.filed_at) if filing else None
        statuses.append(
            KindStatus(
                kind=kind,
                label=str(label),
                filing=filing,
                due=due[kind],
                late=terms.is_late(due[kind], filed_on, today),
                filed_late=terms.filed_late(due[kind], filed_on),
                obstacle=None if filing else snapshots.obstacle(campaign, kind),
            )
        )
    return CampaignFilings(campaign=campaign, terms=rules, statuses=statuses)
