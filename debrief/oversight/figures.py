"""Each campaign's figures for the dashboard, kept where they change.

A write that changes a campaign's reporters, reports, outcomes, ledger items or interviews marks its
`CampaignFigures` row stale, in the writer's transaction: saves and deletes through the signals
connected in `OversightConfig.ready`, the evaluation's bulk writes through its `outcome_changed`
hook. A read recounts only the stale (or missing) rows of the campaigns it shows, a few aggregate
queries over those campaigns' ids, and clears the mark unless a write marked it again meanwhile.
The rows are integers (and the owed items one row per deadline), so the dashboard sums them per
subordinate in the database.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from debrief.campaigns.models import Reporter
from debrief.evaluation.models import Rating, ReporterOutcome
from debrief.rectification.models import WORK_OWED, Item, Status
from debrief.reports.models import ReportState

from .models import CampaignFigures, CampaignOwedItems
from .recurring import recurring_counts_of_campaigns

REPORTED = (ReportState.SUBMITTED, ReportState.ACCEPTED)
NEEDS_INTERVIEW = (Rating.FAIR, Rating.POOR)


def figures_mark_stale(campaign_ids: Iterable[int]) -> None:
    ids = {pk for pk in campaign_ids if pk is not None}
    if ids:
        CampaignFigures.objects.filter(campaign_id__in=ids).update(stale=True, marked_at=timezone.now())


STATUS_FIELDS = {status: f"items_{status}" for status in Status.values}
COUNTED = ("reporters", "reported", *Rating.values, "interviewed", *STATUS_FIELDS.values(), "recurring")


def _counted(campaign_ids: list[int]) -> tuple[dict[int, dict], list[CampaignOwedItems]]:
    """Every figure of the given campaigns counted afresh, eight queries (and one comparison of their
    problems with earlier years') whatever their number; and their owed items by deadline."""
    figures: dict[int, dict] = {pk: dict.fromkeys(COUNTED, 0) for pk in campaign_ids}
    reporters = (
        Reporter.objects.filter(campaign_id__in=campaign_ids)
        .values_list("campaign_id")
        .annotate(n=Count("pk"), reported=Count("pk", filter=Q(report__state__in=REPORTED)))
        .order_by()
    )
    for campaign_id, n, reported in reporters:
        figures[campaign_id].update(reporters=n, reported=reported)
    outcomes = (
        ReporterOutcome.objects.filter(evaluation__campaign_id__in=campaign_ids, grade__in=Rating.values)
        .values_list("evaluation__campaign_id", "grade")
        .annotate(
            n=Count("pk", distinct=True), interviewed=Count("reporter__interviews__reporter", distinct=True)
        )
        .order_by()
    )
    for campaign_id, grade, n, interviewed in outcomes:
        figures[campaign_id][grade] = n
        if grade in NEEDS_INTERVIEW:
            figures[campaign_id]["interviewed"] += interviewed
    items = (
        Item.objects.filter(campaign_id__in=campaign_ids)
        .values_list("campaign_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for campaign_id, status, n in items:
        figures[campaign_id][STATUS_FIELDS[status]] = n
    owed = (
        Item.objects.filter(campaign_id__in=campaign_ids, status__in=WORK_OWED, carried_to__isnull=True)
        .values_list("campaign_id", "deadline")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for campaign_id, n in recurring_counts_of_campaigns(campaign_ids).items():
        figures[campaign_id]["recurring"] = n
    return figures, [CampaignOwedItems(campaign_id=pk, deadline=day, items=n) for pk, day, n in owed]


CHUNK = 2000  # campaigns counted together: bounded statements however many are stale


@transaction.atomic
def figures_refresh(campaign_ids: Iterable[int]) -> None:
    """Count the campaigns' figures afresh and store them."""
    ids = sorted(set(campaign_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        begun = timezone.now()
        counted, owed = _counted(chunk)
        existing = set(
            CampaignFigures.objects.filter(campaign_id__in=chunk).values_list("campaign_id", flat=True)
        )
        CampaignFigures.objects.bulk_create(
            [CampaignFigures(campaign_id=pk, **counted[pk]) for pk in chunk if pk not in existing],
            ignore_conflicts=True,  # created meanwhile by another read: its figures are as fresh
        )
        for pk in existing:
            # Cleared only when no write marked the row after this count began.
            CampaignFigures.objects.filter(campaign_id=pk).filter(
                Q(marked_at__isnull=True) | Q(marked_at__lte=begun)
            ).update(stale=False, **counted[pk])
        CampaignOwedItems.objects.filter(campaign_id__in=chunk).delete()
        CampaignOwedItems.objects.bulk_create(owed)


def figures_current(scope: dict, campaign_ids: Iterable[int]) -> None:
    """Recount the stale and missing figures of the campaigns in scope (given by their lookups from
    the campaign, and their ids)."""
    kept = dict(CampaignFigures.objects.filter(**scope).values_list("campaign_id", "stale"))
    due = [pk for pk in campaign_ids if kept.get(pk, True)]
    if due:
        figures_refresh(due)


# --- What marks a campaign's figures stale ----------------------------------------------------------


def on_campaign_fact_changed(sender, instance, **kwargs) -> None:
    """A reporter or a ledger item: it names its campaign."""
    figures_mark_stale([instance.campaign_id])


def on_reporters_fact_changed(sender, instance, **kwargs) -> None:
    """A report, interview or outcome: its reporter names the campaign."""
    figures_mark_stale(Reporter.objects.filter(pk=instance.reporter_id).values_list("campaign_id", flat=True))


def on_comment_problem_changed(sender, instance, **kwargs) -> None:
    figures_mark_stale(
        Reporter.objects.filter(comments__pk=instance.comment_id).values_list("campaign_id", flat=True)
    )


def on_report_version_changed(sender, instance, **kwargs) -> None:
    figures_mark_stale(
        Reporter.objects.filter(report__pk=instance.report_id).values_list("campaign_id", flat=True)
    )


def on_outcome_changed(campaign_id: int) -> None:
    figures_mark_stale([campaign_id])
