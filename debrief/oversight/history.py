"""Year over year: an organization's secretaries side by side, one column per campaign year, and a
host's subordinates over the years, one row each.

Figures are those stored at close and kept current (`evaluation.ReporterOutcome`), shown once the
results are published (the notice); the host's organizers see them from assessment on, as they
see the results page. A rank shows when the scheme publishes ranks, or to those organizers. The
number of queries does not depend on the number of years or rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from debrief.campaigns.models import Campaign, CampaignState, Reporter
from debrief.campaigns.selectors import can_manage_campaign
from debrief.evaluation.models import Rating
from debrief.orgs.models import Organization
from debrief.rectification.models import Item, Status

PUBLISHED = (CampaignState.PUBLISHED, CampaignState.RECTIFYING, CampaignState.ARCHIVED)
SUBORDINATES_PAGE_SIZE = 50


@dataclass(frozen=True)
class Figures:
    """A reporter's result as the user may read it; None where not (yet) shown."""

    grade: str = ""
    comprehensive: Decimal | None = None
    evaluation: Decimal | None = None
    routine: Decimal | None = None
    rank: int | None = None

    @property
    def grade_label(self) -> str:
        return str(Rating(self.grade).label) if self.grade in Rating.values else ""


@dataclass(frozen=True)
class YearColumn:
    campaign: Campaign
    reporter: Reporter
    figures: Figures | None  # None: not published yet (or no evaluation closed)
    items: int = 0
    items_signed_off: int = 0

    @property
    def completion(self) -> int | None:
        """Rectification items signed off, in percent of the reporter's items; None without items."""
        return round(100 * self.items_signed_off / self.items) if self.items else None


def _figures(user, reporter: Reporter) -> Figures | None:
    campaign = reporter.campaign
    organizer = can_manage_campaign(user, campaign)
    if not (campaign.state in PUBLISHED or (organizer and campaign.state == CampaignState.ASSESSED)):
        return None
    outcome = getattr(reporter, "outcome", None)
    if outcome is None:
        return None
    evaluation = getattr(campaign, "evaluation", None)
    ranks_shown = organizer or (evaluation is not None and evaluation.publish_ranks)
    return Figures(
        grade=outcome.grade,
        comprehensive=outcome.comprehensive_score,
        evaluation=outcome.evaluation_score,
        routine=outcome.routine_score,
        rank=outcome.rank if ranks_shown else None,
    )


def _reporters():
    return Reporter.objects.select_related("campaign__host", "campaign__evaluation", "person", "outcome")


def secretaries_over_the_years(user, organization: Organization) -> list[YearColumn]:
    """One column per campaign the organization reported in, oldest year first: two queries."""
    reporters = list(
        _reporters().filter(organization=organization).order_by("campaign__year", "campaign__pk")
    )
    counts = {
        row["reporter_id"]: row
        for row in Item.objects.filter(reporter__in=reporters)
        .order_by()
        .values("reporter_id")
        .annotate(total=Count("pk"), signed_off=Count("pk", filter=Q(status=Status.SIGNED_OFF)))
    }
    return [
        YearColumn(
            campaign=reporter.campaign,
            reporter=reporter,
            figures=_figures(user, reporter),
            items=counts.get(reporter.pk, {}).get("total", 0),
            items_signed_off=counts.get(reporter.pk, {}).get("signed_off", 0),
        )
        for reporter in reporters
    ]


@dataclass(frozen=True)
class SubordinateRow:
    organization: Organization
    cells: list[YearColumn | None]  # one per campaign of the host, in the campaigns' order


@dataclass(frozen=True)
class SubordinatesOverTheYears:
    campaigns: list[Campaign]  # the host's, oldest year first
    page: Page  # of SubordinateRow
    rows: list[SubordinateRow]


def subordinates_over_the_years(
    user, host: Organization, page_number=None
) -> SubordinatesOverTheYears | None:
    """The organizations that reported in the host's campaigns, one row each (by code, a page at a
    time), one cell per campaign year; None when the host ran no campaign. Four queries."""
    campaigns = list(Campaign.objects.filter(host=host).select_related("evaluation").order_by("year"))
    if not campaigns:
        return None
    for campaign in campaigns:
        campaign.host = host  # who manages it is asked of its host
    heard = Reporter.objects.filter(campaign__host=host).values("organization_id")
    organizations = Organization.objects.filter(pk__in=heard).order_by("code")
    page = Paginator(organizations, SUBORDINATES_PAGE_SIZE).get_page(page_number)
    shown = list(page.object_list)
    by_campaign = {campaign.pk: campaign for campaign in campaigns}
    cells: dict[tuple[int, int], YearColumn] = {}
    for reporter in (
        Reporter.objects.filter(campaign__in=campaigns, organization__in=shown)
        .select_related("person", "outcome")
        .order_by()
    ):
        reporter.campaign = by_campaign[reporter.campaign_id]
        cells[reporter.organization_id, reporter.campaign_id] = YearColumn(
            campaign=reporter.campaign, reporter=reporter, figures=_figures(user, reporter)
        )
    rows = [
        SubordinateRow(organization, [cells.get((organization.pk, campaign.pk)) for campaign in campaigns])
        for organization in shown
    ]
    return SubordinatesOverTheYears(campaigns=campaigns, page=page, rows=rows)
