"""Reads for a secretary's home page: why a report came back, every rectification item they answer
for, and their published results."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q

from debrief.campaigns.models import CampaignState, Reporter
from debrief.publication.feedback import PUBLISHED_STATES
from debrief.rectification.models import WORK_OWED, Item, Status
from debrief.reports.models import ReportAction, ReportEvent, ReportState

ITEMS_SHOWN = 50  # more than a secretary has in a year; the ledger lists them all


def return_remarks(rows) -> dict[int, ReportEvent]:
    """For each returned report among the home page's rows, the return that sent it back (one query)."""
    returned = [row.reporter.report.pk for row in rows if row.status == ReportState.RETURNED]
    if not returned:
        return {}
    latest = {}
    events = ReportEvent.objects.filter(report_id__in=returned, action=ReportAction.RETURNED).select_related(
        "actor"
    )
    for event in events.order_by("at", "pk"):
        latest[event.report_id] = event  # in time order: the last one stays
    return latest


def own_items(user, today: datetime.date) -> list[Item]:
    """Every item the user answers for, as secretary or as the person responsible, that is not yet
    signed off or carried into another year, in campaigns not archived: work owed first, most urgent
    first. Each carries `days_late` or `days_left` (within the reminder days) for its tag."""
    if not (user.is_authenticated and user.person_id):
        return []
    items = list(
        Item.objects.filter(Q(responsible_id=user.person_id) | Q(reporter__person_id=user.person_id))
        .exclude(campaign__state=CampaignState.ARCHIVED)
        .exclude(status=Status.SIGNED_OFF)
        .filter(carried_to__isnull=True)
        .select_related("campaign__host", "reporter__organization", "carried_from__campaign")
        .order_by("deadline", "campaign_id", "number")[:ITEMS_SHOWN]
    )
    for item in items:
        owed = item.status in WORK_OWED
        item.days_late = (today - item.deadline).days if owed and item.deadline < today else None
        left = (item.deadline - today).days
        item.days_left = left if owed and 0 <= left <= settings.DEBRIEF_REMINDER_DAYS else None
    # Work owed comes before items waiting for the organizer; the deadline orders each group.
    items.sort(key=lambda item: item.status not in WORK_OWED)
    return items


def own_results(user) -> list[Reporter]:
    """The user's reporters in campaigns whose results are published, with their grade: newest first."""
    if not (user.is_authenticated and user.person_id):
        return []
    return list(
        Reporter.objects.filter(person_id=user.person_id, campaign__state__in=PUBLISHED_STATES)
        .select_related("campaign", "organization", "outcome")
        .order_by("-campaign__year", "campaign__pk")
    )
