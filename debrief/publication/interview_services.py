"""Interviews (约谈) with reporters graded fair or poor: recorded, changed and removed by organizers of
the host, each change in the audit trail. The pages let only organizers of the host reach here."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import campaign_entry_record, changes
from debrief.campaigns.models import Reporter
from debrief.campaigns.services import ensure_writable
from debrief.evaluation.models import Rating
from debrief.lib.dates import ensure_in_range
from debrief.lib.errors import DomainError
from debrief.lib.text import tidy

from .feedback import ASSESSED_STATES, GRADES_FOR_INTERVIEW, ranked_results
from .models import Interview

HELD_BY_MAX = 200


class InterviewError(DomainError):
    """An interview the rules refuse; the message is for the user."""


def ensure_interview_due(reporter: Reporter) -> None:
    """Refuse unless the campaign's results are assessed and the reporter is graded fair or poor."""
    campaign = reporter.campaign
    ensure_writable(campaign)
    if campaign.state not in ASSESSED_STATES:
        raise InterviewError(
            _(
                "Interviews are recorded once the results are assessed; "
                "mark the campaign assessed first (after the evaluation is closed)."
            )
        )
    row = ranked_results(campaign).row_of(reporter)
    grade = row.overall.grade if row is not None else None
    if grade not in GRADES_FOR_INTERVIEW:
        raise InterviewError(
            _("Interviews are for reporters graded “%(fair)s” or “%(poor)s”; %(name)s is graded “%(grade)s”.")
            % {
                "fair": Rating.FAIR.label,
                "poor": Rating.POOR.label,
                "name": reporter.organization.name,
                "grade": Rating(grade).label if grade else _("not graded"),
            }
        )


def _content(interview: Interview) -> dict:
    return {
        "held_on": interview.held_on.isoformat(),
        "held_by": interview.held_by,
        "points": interview.points,
        "commitments": interview.commitments,
    }


def _check(
    reporter: Reporter, held_on: datetime.date | None, held_by: str, points: str, today: datetime.date
) -> None:
    if held_on is None:
        raise InterviewError(_("Enter the date of the interview."))
    ensure_in_range(held_on)
    if held_on > today:
        raise InterviewError(_("An interview is recorded once held: its date cannot be later than today."))
    if held_on < reporter.campaign.meeting_date:
        raise InterviewError(
            _("The interview follows the results: its date cannot be earlier than the meeting on %(date)s.")
            % {"date": reporter.campaign.meeting_date.isoformat()}
        )
    if not held_by:
        raise InterviewError(_("Say who held the interview."))
    if len(held_by) > HELD_BY_MAX:
        raise InterviewError(
            _("Who held the interview may have at most %(max)d characters.") % {"max": HELD_BY_MAX}
        )
    if not points:
        raise InterviewError(_("Record the main points of the interview."))


@transaction.atomic
def interview_save(
    *,
    reporter: Reporter,
    held_on: datetime.date | None,
    held_by: str,
    points: str,
    commitments: str = "",
    user=None,
    interview: Interview | None = None,
    today: datetime.date | None = None,
) -> Interview:
    """Record an interview with a reporter graded fair or poor, or change one (`interview`)."""
    before = None
    if interview is not None:
        if interview.reporter_id != reporter.pk:
            raise InterviewError(_("This interview belongs to another reporter."))
        try:
            interview.refresh_from_db(from_queryset=Interview.objects.select_for_update())
        except Interview.DoesNotExist:
            raise InterviewError(
                _("This interview has been removed in the meantime; reload the page.")
            ) from None
        before = _content(interview)
    ensure_interview_due(reporter)
    held_by, points, commitments = tidy(held_by), tidy(points), tidy(commitments)
    _check(reporter, held_on, held_by, points, today or timezone.localdate())
    if interview is None:
        interview = Interview(reporter=reporter, recorded_by=user)
    interview.held_on, interview.held_by = held_on, held_by
    interview.points, interview.commitments = points, commitments
    after = _content(interview)
    if after == before:
        return interview  # nothing changed: nothing to record
    interview.save()
    if before is not None:
        before, after = changes(before, after)
    campaign_entry_record(
        campaign=reporter.campaign,
        action=Action.INTERVIEW_CHANGED,
        actor=user,
        obj=interview,
        before=before,
        after=after,
        label=str(reporter),
    )
    return interview


@transaction.atomic
def interview_remove(*, interview: Interview, user=None) -> None:
    """Remove an interview recorded by mistake; the audit trail keeps what it said."""
    reporter = interview.reporter
    ensure_writable(reporter.campaign)
    if not Interview.objects.select_for_update().filter(pk=interview.pk).exists():
        raise InterviewError(_("This interview has been removed in the meantime; reload the page."))
    campaign_entry_record(
        campaign=reporter.campaign,
        action=Action.INTERVIEW_CHANGED,
        actor=user,
        obj=interview,
        before=_content(interview),
        label=str(reporter),
    )
    interview.delete()
