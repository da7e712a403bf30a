"""Writes to debrief reports: drafting, submitting, review, attachments."""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import normalize_newlines
from django.utils.translation import gettext as _

from debrief.audit.models import Action
from debrief.audit.services import entry_record
from debrief.campaigns.models import Reporter
from debrief.campaigns.services import ensure_writable
from debrief.lib import uploads
from debrief.lib.errors import DomainError
from debrief.lib.text import clean_text, join_names

from . import tasks
from .models import (
    SECTION_LABELS,
    TEXT_SECTIONS,
    Attachment,
    IndicatorValue,
    Report,
    ReportAction,
    ReportEvent,
    ReportState,
    ReportVersion,
)


class ReportError(DomainError):
    """A report change the workflow refuses; the message is for the user."""


class ReportChangedError(ReportError):
    """The working copy was saved by someone else after the caller read it; `report` is as it is now."""

    def __init__(self, report: Report):
        self.report = report
        when = timezone.localtime(report.updated_at).strftime("%Y-%m-%d %H:%M")
        if report.updated_by is None:
            message = _(
                "Someone else saved this report at %(when)s, after you opened it, so your changes were "
                "not saved."
            ) % {"when": when}
        else:
            message = _(
                "%(who)s saved this report at %(when)s, after you opened it, so your changes were not saved."
            ) % {"who": report.updated_by, "when": when}
        super().__init__(message)


def _lock(report: Report) -> None:
    """Lock the report's row and read it afresh, so saves and reviews at once go one after the other."""
    report.refresh_from_db(
        from_queryset=Report.objects.select_for_update(of=("self",)).select_related(
            "reporter__campaign", "updated_by"
        )
    )


def _ensure_revision(report: Report, revision: int | None) -> None:
    if revision is not None and revision != report.revision:
        raise ReportChangedError(report)


# Blank lines at the start of a text; the first paragraph's own indentation (often "\u3000\u3000") stays.
_LEADING_BLANK_LINES = re.compile(r"\A(?:[^\S\n]*\n)+")


def section_text(text: str | None) -> str:
    """A section as stored: what the user typed, with line breaks as "\n" whatever sent them.

    Browsers send a textarea's line breaks as "\r\n" while stored texts (the demo's, the API's) use
    "\n", so a save of untouched text used to change every line break, and the compare showed each as
    an added blank line. Only control characters, blank lines around the text and spaces after it go.
    """
    text = normalize_newlines(clean_text(text or ""))
    if not text.strip():
        return ""
    return _LEADING_BLANK_LINES.sub("", text).rstrip()


def section_items(items) -> list[str]:
    """Problems as stored: each one as `section_text` keeps it, but stripped (an item is a line of a
    list, never indented), empty ones dropped."""
    return [item for item in (section_text(item).strip() for item in items) if item]


def _ensure_campaign_open(report: Report) -> None:
    ensure_writable(report.reporter.campaign)


def report_start(*, reporter: Reporter) -> Report:
    ensure_writable(reporter.campaign)
    report, _created = Report.objects.get_or_create(reporter=reporter)
    return report


# Above what `IndicatorValue.value` holds: 14 digits, 2 of them decimals.
FIGURE_LIMIT = Decimal("1e12")


def figure_problem(value: Decimal, indicator_name: str) -> str | None:
    """What is wrong with a figure for a key indicator, or None: the one rule of the page and the API."""
    value = Decimal(value)  # callers in code may pass whole numbers
    # Rounded to cents as stored, 999999999999.999 would overflow.
    if value.is_finite() and 0 <= value < FIGURE_LIMIT and round(value, 2) < FIGURE_LIMIT:
        return None
    return _(
        "The figure for “%(name)s” must be a number from 0 to 999,999,999,999.99; “%(value)s” is not."
    ) % {
        "name": indicator_name,
        "value": value,
    }


@transaction.atomic
def report_save(
    *,
    report: Report,
    user,
    sections: dict[str, str],
    problems: list[str],
    indicator_values: dict[int, Decimal | None],
    revision: int | None = None,
) -> Report:
    """Save the working copy; only a draft or a returned report can be edited.

    `revision` is the one the text was read at: a save over a newer one is refused
    (`ReportChangedError`). Pages and the API always pass it; None is for callers that alone write
    the report (the demo's data)."""
    _lock(report)
    _ensure_campaign_open(report)
    if not report.is_editable:
        raise ReportError(_("A submitted or accepted report cannot be edited; the organizer can return it."))
    _ensure_revision(report, revision)
    for name in TEXT_SECTIONS:
        setattr(report, name, section_text(sections.get(name, "")))
    report.problems = section_items(problems)
    report.updated_by = user
    report.revision += 1
    report.save()
    known = dict(report.reporter.campaign.indicators.values_list("pk", "name"))
    for indicator_id, value in indicator_values.items():
        if indicator_id not in known:
            raise ReportError(_("The indicator is not part of this campaign."))
        if value is not None and (problem := figure_problem(value, known[indicator_id])):
            raise ReportError(problem)
        if value is None:
            IndicatorValue.objects.filter(report=report, indicator_id=indicator_id).delete()
        else:
            IndicatorValue.objects.update_or_create(
                report=report, indicator_id=indicator_id, defaults={"value": value}
            )
    return report


def missing_for_submission(report: Report) -> list[str]:
    """What a report still lacks before it can be submitted, as the user reads it."""
    missing = [str(SECTION_LABELS[name]) for name in ("duties",) if not getattr(report, name).strip()]
    if not report.problems:
        missing.append(str(SECTION_LABELS["problems"]))
    missing += [
        str(SECTION_LABELS[name]) for name in ("causes", "measures") if not getattr(report, name).strip()
    ]
    filled = set(report.indicator_values.values_list("indicator_id", flat=True))
    missing += [
        _("figure for “%(name)s”") % {"name": indicator.name}
        for indicator in report.reporter.campaign.indicators.all()
        if indicator.pk not in filled
    ]
    return missing


def _workflow_event(report: Report, action: str, user, version, state: str, remarks: str = "") -> None:
    """The report's own timeline and the audit trail, for one step of its review."""
    ReportEvent.objects.create(report=report, action=action, version=version, remarks=remarks, actor=user)
    reporter = report.reporter
    entry_record(
        action=Action.REPORT_REVIEWED,
        actor=user,
        obj=report,
        organization=reporter.campaign.host,
        label=f"{reporter.organization.name} · {reporter.campaign.title}",
        before={"state": report.state},
        after={"state": state, "version": version.number if version else None, "remarks": remarks},
    )


@transaction.atomic
def report_submit(*, report: Report, user, revision: int | None = None) -> ReportVersion:
    """Freeze the working copy as the next version; `revision`, if given, must still be the newest."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _ensure_campaign_open(report)
    if not report.is_editable:
        raise ReportError(_("The report has already been submitted."))
    _ensure_revision(report, revision)
    missing = missing_for_submission(report)
    if missing:
        raise ReportError(_("Fill in before submitting: %(missing)s.") % {"missing": join_names(missing)})
    number = report.versions.count() + 1
    figures = {
        value.indicator.name: format(value.value.normalize(), "f")
        for value in report.indicator_values.select_related("indicator")
    }
    version = ReportVersion.objects.create(
        report=report, number=number, content=report.content(), indicator_values=figures, submitted_by=user
    )
    _workflow_event(report, ReportAction.SUBMITTED, user, version, ReportState.SUBMITTED)
    report.state = ReportState.SUBMITTED
    report.save(update_fields=["state", "updated_at"])
    tasks.report_submitted(report)
    return version


@transaction.atomic
def report_return(*, report: Report, user, remarks: str) -> Report:
    """Send a submitted (or accepted) report back for revision, saying what to change."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _ensure_campaign_open(report)
    if report.state not in (ReportState.SUBMITTED, ReportState.ACCEPTED):
        raise ReportError(_("Only a submitted or accepted report can be returned."))
    remarks = remarks.strip()
    if not remarks:
        raise ReportError(_("Say what the reporter should revise."))
    _workflow_event(
        report, ReportAction.RETURNED, user, report.versions.last(), ReportState.RETURNED, remarks
    )
    report.state = ReportState.RETURNED
    report.save(update_fields=["state", "updated_at"])
    return report


@transaction.atomic
def report_accept(*, report: Report, user, remarks: str = "") -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    _ensure_campaign_open(report)
    if report.state != ReportState.SUBMITTED:
        raise ReportError(_("Only a submitted report can be accepted."))
    _workflow_event(
        report, ReportAction.ACCEPTED, user, report.versions.last(), ReportState.ACCEPTED, remarks.strip()
    )
    report.state = ReportState.ACCEPTED
    report.save(update_fields=["state", "updated_at"])
    return report


def _locked_editable(report: Report) -> Report:
    """The report row locked as report_submit locks it: a file never lands after the text was frozen."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _ensure_campaign_open(report)
    if not report.is_editable:
        raise ReportError(
            _(
                "Attachments of a submitted or accepted report cannot be added or removed; the organizer can return it."
            )
        )
    return report


@transaction.atomic
def attachment_add(*, report: Report, user, uploaded_file) -> Attachment:
    report = _locked_editable(report)
    kind = uploads.check_attachment(
        uploaded_file.name, uploaded_file.size, uploaded_file, settings.DEBRIEF_ATTACHMENT_MAX_BYTES
    )
    attachment = Attachment(
        report=report,
        original_name=uploaded_file.name[:200],
        kind=kind,
        size=uploaded_file.size,
        uploaded_by=user,
    )
    attachment.file.save(uploaded_file.name, uploaded_file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment) -> None:
    _locked_editable(attachment.report)
    attachment.file.delete(save=False)
    attachment.delete()
