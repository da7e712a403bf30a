"""An audit entry's before and after, as a reader sees them: field names and coded values
in words (entries store codes, so they read in any language)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from debrief.accounts.models import Role
from debrief.campaigns.models import CampaignState, ReportMode
from debrief.lib.text import join_names
from debrief.meetings.models import CommentRole
from debrief.rectification.models import EventKind, Status
from debrief.reports.models import ReportState

FIELDS = {
    "state": _("State"),
    "status": _("Status"),
    "event": _("Event"),
    "text": _("Text"),
    "reason": _("Reason"),
    "remarks": _("Remarks"),
    "version": _("Version"),
    "title": _("Title"),
    "report_deadline": _("Report deadline"),
    "meeting_date": _("Meeting date"),
    "role": _("Role"),
    "user": _("User name"),
    "username": _("User name"),
    "address": _("Address"),
    "mode": _("Mode"),
    "added": _("Added"),
    "removed": _("Removed"),
    "commenter": _("Commenter"),
    "achievements": _("Achievements"),
    "problems": _("Problems"),
    "requirements": _("Requirements"),
    "token": _("API token"),
    "document_number": _("Document number"),
    "meeting_section": _("The meeting"),
    "evaluation_section": _("The evaluation"),
    "grades_section": _("The grades"),
    "problems_section": _("Common problems"),
    "requirements_section": _("Requirements"),
    "rectification_deadline": _("Rectification deadline"),
    "held_on": _("Interview date"),
    "held_by": _("Held by"),
    "points": _("Main points"),
    "commitments": _("Commitments"),
}

# Coded values of the fields that hold them.
CODES = {
    "state": {**dict(CampaignState.choices), **dict(ReportState.choices)},
    "status": dict(Status.choices),
    "event": dict(EventKind.choices),
    "role": {**dict(Role.choices), **dict(CommentRole.choices)},
    "mode": dict(ReportMode.choices),
}


def _value(key: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return join_names(_value(key, item) for item in value)
    return str(CODES.get(key, {}).get(value, value))


def described(values: dict | None) -> list[tuple[str, str]]:
    """(label, value) pairs; the meaning of a key this module does not know is its own name."""
    return [(str(FIELDS.get(key, key)), _value(key, value)) for key, value in (values or {}).items()]
