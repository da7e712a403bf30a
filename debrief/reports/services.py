"""Writes to debrief reports: drafting, submitting, review, attachments."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from debrief.campaigns.models import Reporter
from debrief.campaigns.services import ensure_writable
from debrief.lib import uploads
from debrief.lib.errors import DomainError
from debrief.lib.text import join_names, tidy, tidy_lines

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
) -> Report:
    """Save the working copy; only a draft or a returned report can be edited."""
    _ensure_campaign_open(report)
    if not report.is_editable:
        raise ReportError(_("A submitted or accepted report cannot be edited; the organizer can return it."))
    for name in TEXT_SECTIONS:
        setattr(report, name, tidy(sections.get(name, "")))
    report.problems = tidy_lines(problems)
    report.updated_by = user
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


@transaction.atomic
def report_submit(*, report: Report, user) -> ReportVersion:
    report = Report.objects.select_for_update().get(pk=report.pk)
    _ensure_campaign_open(report)
    if not report.is_editable:
        raise ReportError(_("The report has already been submitted."))
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
    ReportEvent.objects.create(report=report, action=ReportAction.SUBMITTED, version=version, actor=user)
    report.state = ReportState.SUBMITTED
    report.save(update_fields=["state", "updated_at"])
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
    ReportEvent.objects.create(
        report=report,
        action=ReportAction.RETURNED,
        version=report.versions.last(),
        remarks=remarks,
        actor=user,
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
    ReportEvent.objects.create(
        report=report,
        action=ReportAction.ACCEPTED,
        version=report.versions.last(),
        remarks=remarks.strip(),
        actor=user,
    )
    report.state = ReportState.ACCEPTED
    report.save(update_fields=["state", "updated_at"])
    return report


def attachment_add(*, report: Report, user, uploaded_file) -> Attachment:
    _ensure_campaign_open(report)
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


def attachment_remove(*, attachment: Attachment) -> None:
    _ensure_campaign_open(attachment.report)
    attachment.file.delete(save=False)
    attachment.delete()
