"""The demo's results notices (通报) and assessment opinions (综合评价意见).

Last year's housing-bureau and street campaigns publish their notices on the way to the archive
(campaigns.py calls `publish_past_notice` when they reach "assessed"): each reporter's opinion is
saved as the page suggests it, then the notice is drafted from the records and published. This
year's housing bureau, whose meeting was yesterday and whose evaluation is closed with every routine
score in, is marked assessed and its notice drafted, waiting for the organizer to edit and publish.
Everything goes through the publication services; a campaign that already has a notice is left alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from debrief.accounts.models import User
from debrief.campaigns import services as campaign_services
from debrief.campaigns.models import Campaign, CampaignState
from debrief.publication import selectors, services
from debrief.publication.opinions import opinion_draft

from . import tree
from .years import cycle_year

HOUSING_ORGANIZER = "organizer"
DISTRICT_ORGANIZER = "district_organizer"
DOCUMENT_NUMBERS = {tree.HOUSING_BUREAU: "市住建党组〔{year}〕{number}号"}


@dataclass(frozen=True)
class NoticeRow:
    host: str
    year: int
    campaign_id: int
    version: int
    state: str


def _opinions(campaign: Campaign, organizer) -> None:
    rows = selectors.opinion_rows(campaign, selectors.results_of(campaign))
    texts = {row.reporter.pk: opinion_draft(row) for row in rows if row.opinion is None}
    services.opinions_save(campaign=campaign, texts={k: v for k, v in texts.items() if v}, user=organizer)


def _draft(campaign: Campaign, organizer, number: int):
    notice = services.notice_draft_start(campaign=campaign, user=organizer)
    pattern = DOCUMENT_NUMBERS.get(campaign.host.code)
    if pattern:
        fields = {name: getattr(notice, name) for name in services.EDITABLE_FIELDS}
        fields["document_number"] = pattern.format(year=campaign.year + 1, number=number)
        notice = services.notice_update(notice=notice, user=organizer, **fields)
    return notice


def publish_past_notice(campaign: Campaign, organizer) -> None:
    """Last year's notice, published (which moves the campaign on to "published")."""
    _opinions(campaign, organizer)
    services.notice_publish(notice=_draft(campaign, organizer, 2), user=organizer)


def _publish_district(year: int) -> None:
    """The district, whose session was ten days ago, has published its notice (seed 5)."""
    campaign = Campaign.objects.filter(host__code=tree.HUBIN, year=year).select_related("host").first()
    if campaign is None or campaign.notices.exists():
        return
    organizer = User.objects.filter(username=DISTRICT_ORGANIZER).first()
    if campaign.state == CampaignState.EVALUATING:
        campaign = campaign_services.campaign_advance(
            campaign=campaign, user=organizer, reason="测评结果和日常考核得分已汇总。"
        )
    if campaign.state == CampaignState.ASSESSED:
        publish_past_notice(campaign, organizer)


def load_publication(today: datetime.date | None = None) -> list[NoticeRow]:
    year = cycle_year(today or timezone.localdate())
    campaign = (
        Campaign.objects.filter(host__code=tree.HOUSING_BUREAU, year=year).select_related("host").first()
    )
    if campaign is not None and not campaign.notices.exists():
        organizer = User.objects.filter(username=HOUSING_ORGANIZER).first()
        if campaign.state == CampaignState.EVALUATING:
            campaign = campaign_services.campaign_advance(
                campaign=campaign,
                user=organizer,
                reason="测评结果和日常考核得分已汇总，综合得分和考核等次已确定。",
            )
        if campaign.state == CampaignState.ASSESSED:
            _draft(campaign, organizer, 3)
    _publish_district(year)
    notices = Campaign.objects.filter(
        host__code__in=[tree.HOUSING_BUREAU, tree.CHANGZHENG, tree.HUBIN], notices__isnull=False
    )
    return [
        NoticeRow(c.host.name, c.year, c.pk, n.version, n.state)
        for c in notices.distinct().select_related("host").order_by("-year", "host__code")
        for n in selectors.notices_of(c)
    ]
