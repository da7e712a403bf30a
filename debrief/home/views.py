"""The home page: what each person meets first, read from every part of the job."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from debrief.accounts.models import Role
from debrief.accounts.selectors import roles_summary
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
            **_rectification(request.user, timezone.localdate()),
        },
    )
