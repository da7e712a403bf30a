"""Campaign years for the year-over-year tests: city A hears its counties each year, results stored
as closing stores them (`ReporterOutcome`), the campaign left in the state asked for."""

from __future__ import annotations

import datetime
from decimal import Decimal

from debrief.campaigns.models import Campaign, CampaignState
from debrief.campaigns.services import reporters_add
from debrief.evaluation.models import Evaluation, EvaluationState, ReporterOutcome
from debrief.evaluation.services import evaluation_set_up
from debrief.meetings.commenting import comment_save
from debrief.rectification.models import Item, Status
from debrief.rectification.services import item_create
from debrief.reports.services import report_submit
from debrief.testing.factories import campaign_open, report_write

GRADES = ("excellent", "good", "fair", "poor")


def campaign_year(host, year, organizer, organizations, *, state=CampaignState.ARCHIVED, publish_ranks=True):
    """The host's campaign of `year`; each organization reports, graded in order (好, 较好, …)."""
    campaign = campaign_open(host, year=year, user=organizer)
    reporters = reporters_add(campaign=campaign, organizations=organizations)
    evaluation = evaluation_set_up(campaign)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        state=EvaluationState.CLOSED, publish_ranks=publish_ranks
    )
    for rank, reporter in enumerate(reporters, 1):
        ReporterOutcome.objects.create(
            evaluation=evaluation,
            reporter=reporter,
            grade=GRADES[(rank - 1) % 4],
            evaluation_score=Decimal(95 - rank),
            routine_score=Decimal(90 - rank),
            comprehensive_score=Decimal("92.5") - rank,
            rank=rank,
        )
    set_state(campaign, state)
    return campaign, reporters


def set_state(campaign: Campaign, state: str) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(state=state)
    campaign.refresh_from_db()


def problems_raised(reporter, organizer, *, comment=(), report=(), items=(), signed_off=0):
    """Problems raised for a reporter: in a leader's comment, its report, and ledger items (the
    first `signed_off` of them signed off). The campaign's state is kept."""
    campaign = reporter.campaign
    state = campaign.state
    if comment:
        set_state(campaign, CampaignState.MEETING)
        comment_save(
            reporter=reporter, role="in_charge", commenter="副局长 王建国", problems=comment, user=organizer
        )
    if report:
        set_state(campaign, CampaignState.PREPARING)
        report_submit(report=report_write(reporter, problems=list(report)), user=None)
    if items:
        set_state(campaign, CampaignState.RECTIFYING)
        made = [
            item_create(
                campaign=campaign,
                reporter=reporter,
                description=text,
                deadline=datetime.date(campaign.year + 1, 6, 30),
                user=organizer,
            )
            for text in items
        ]
        Item.objects.filter(pk__in=[item.pk for item in made[:signed_off]]).update(status=Status.SIGNED_OFF)
    set_state(campaign, state)
