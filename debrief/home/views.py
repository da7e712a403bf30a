"""The home page: what each person meets first, read from every part of the job."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from debrief.accounts.models import Role
from debrief.accounts.selectors import roles_summary
from debrief.conveyance import selectors as conveyance
from debrief.meetings.venue_selectors import sub_venues_run_by
from debrief.plans.adoption import default_title
from debrief.plans.forms import StartForm, suggested_dates
from debrief.plans.selectors import plans_to_start
from debrief.rectification import selectors as ledger
from debrief.reports.models import ReportState
from debrief.reports.selectors import own_report_rows

from . import selectors
from .own_selectors import own_items, own_results, return_remarks


def _rectification(user, today, campaigns_shown) -> dict:
    """Every ledger item the user answers for, and, for organizers, the ledgers to watch that the
    campaigns card above does not already show (those of the hosts below them)."""
    shown = {row.campaign.pk for row in campaigns_shown}
    return {
        "rectification": own_items(user, today),
        "ledgers_to_watch": [
            row for row in ledger.ledgers_to_watch(user, today) if row.campaign.pk not in shown
        ],
    }


def _plans_to_start(user, today) -> list:
    """Plans that ask a host the user organizes for its campaign, each with its start form prefilled."""
    rows = plans_to_start(user, today)
    for row in rows:
        report_deadline, meeting_date = suggested_dates(row.deadline, today)
        row.late = row.deadline < today
        row.form = StartForm(
            auto_id=f"start-{row.plan.pk}-{row.host.pk}-%s",
            initial={
                "title": default_title(row.plan, row.host),
                "report_deadline": report_deadline,
                "meeting_date": meeting_date,
            },
        )
    return rows


CONVEY_LOOKBACK_DAYS = 120  # older meetings are last winter's: conveyed or no longer asked for


def _to_convey(user, today) -> list[dict]:
    """The superiors' meetings held lately that each organization the user organizes has not conveyed."""
    rows, since = [], today - datetime.timedelta(days=CONVEY_LOOKBACK_DAYS)
    for organization in conveyance.managed_roots(user)[:5]:
        conveyed = set(conveyance.conveyances_of(organization).values_list("meeting_id", flat=True))
        recent = conveyance.meetings_to_convey(organization).filter(campaign__meeting_date__gte=since)
        pending = [m for m in recent[:5] if m.pk not in conveyed]
        rows += [{"organization": organization, "meeting": meeting} for meeting in pending]
    return rows


def _sub_venues(user, today) -> list:
    """The sub-venues the user runs for meetings still ahead (or today)."""
    return list(sub_venues_run_by(user).filter(meeting__campaign__meeting_date__gte=today)[:5])


def _own_reports(user) -> list:
    """The user's reports; a returned one carries the return (`returned`) that says what to change."""
    rows = own_report_rows(user)
    remarks = return_remarks(rows)
    for row in rows:
        row.returned = remarks.get(row.reporter.report.pk) if row.status == ReportState.RETURNED else None
    return rows


@login_required
def home(request):
    grants = roles_summary(request.user)
    today = timezone.localdate()
    campaigns = selectors.campaigns_in_progress(grants, today)
    return render(
        request,
        "home/home.html",
        {
            "grants": grants,
            "can_audit": request.user.is_superuser or any(g.role == Role.ORGANIZER for g in grants),
            "campaigns_in_progress": campaigns,
            "meetings_to_comment": selectors.meetings_to_comment(request.user, grants),
            "observed": selectors.observed(grants),
            "own_reports": _own_reports(request.user),
            "own_results": own_results(request.user),
            "plans_to_start": _plans_to_start(request.user, today),
            "to_convey": _to_convey(request.user, today),
            "sub_venues": _sub_venues(request.user, today),
            **_rectification(request.user, today, campaigns),
        },
    )
