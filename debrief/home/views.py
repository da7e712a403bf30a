"""The home page: what each person meets first, read from every part of the job."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from debrief.accounts.models import Role
from debrief.accounts.selectors import roles_summary
from debrief.plans.adoption import default_title
from debrief.plans.forms import StartForm, suggested_dates
from debrief.plans.selectors import plans_to_start
from debrief.publication.feedback import own_feedback
from debrief.rectification import selectors as ledger
from debrief.reports.selectors import own_report_rows


def _rectification(user, today) -> dict:
    """The user's own ledger items that need them, and, for organizers, the ledgers to watch."""
    reminder = ledger.reminders_for(user.person_id, today)
    items = [*reminder.overdue, *reminder.due_soon, *reminder.returned]
    for item in items:
        item.days_late = (today - item.deadline).days if item in reminder.overdue else None
        item.days_left = (item.deadline - today).days if item in reminder.due_soon else None
    return {
        "rectification": items,
        "reminder_days": ledger.reminder_days(),
        "ledgers_to_watch": ledger.ledgers_to_watch(user, today),
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


@login_required
def home(request):
    grants = roles_summary(request.user)
    return render(
        request,
        "home/home.html",
        {
            "grants": grants,
            "can_audit": request.user.is_superuser or any(g.role == Role.ORGANIZER for g in grants),
            "own_reports": own_report_rows(request.user),
            "own_feedback": own_feedback(request.user),
            "plans_to_start": _plans_to_start(request.user, timezone.localdate()),
            **_rectification(request.user, timezone.localdate()),
        },
    )
