from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.campaigns.models import Reporter
from debrief.lib import downloads, uploads
from debrief.lib.errors import DomainError
from debrief.lib.text import join_names

from . import diffs, exports, selectors, services
from .last_year import last_year_account
from .models import SECTION_LABELS, TEXT_SECTIONS, Attachment, Report

# Empty problem inputs offered under the filled ones, so the form works without JavaScript.
SPARE_PROBLEM_INPUTS = 2


def _get_access(request, reporter_id: int) -> selectors.ReportAccess:
    reporter = get_object_or_404(
        Reporter.objects.select_related("campaign__host", "organization", "person"), pk=reporter_id
    )
    access = selectors.report_access(request.user, reporter)
    if not access.can_read:
        raise Http404
    return access


def _get_report(access: selectors.ReportAccess) -> Report:
    report = selectors.report_of(access.reporter)
    if report is None:
        raise Http404
    return report


@login_required
def report_detail(request, reporter_id: int):
    access = _get_access(request, reporter_id)
    reporter = access.reporter
    report = selectors.report_of(reporter)
    versions = list(report.versions.select_related("submitted_by")) if report else []
    latest = versions[-1] if versions else None
    if access.sees_working_copy:
        content = report.content() if report else None
        figures = selectors.indicator_rows(reporter, report)
    else:
        # Leaders and observers read what was submitted, never a draft.
        content = latest.content if latest else None
        figures = selectors.indicator_rows(reporter, None, submitted=latest)
    status = selectors.status_of(report)
    return render(
        request,
        "reports/detail.html",
        {
            "access": access,
            "reporter": reporter,
            "campaign": reporter.campaign,
            "report": report,
            "status": status,
            "status_label": selectors.status_label(status),
            "overdue": selectors.is_overdue(reporter.campaign, status),
            "sections": _sections(content) if content else [],
            "problems": content.get("problems", []) if content else [],
            "indicator_rows": figures,
            "last_year_problems": selectors.last_year_problems(reporter),
            "last_year_items": last_year_account(reporter).items,
            "versions": versions,
            "events": report.events.select_related("actor", "version") if report else [],
            "attachments": report.attachments.all() if report else [],
            "hints": selectors.review_hints(content) if content and access.manage else None,
            "missing": join_names(services.missing_for_submission(report))
            if report and report.is_editable
            else "",
        },
    )


def _sections(content: dict) -> list[tuple[str, str, str]]:
    return [(name, SECTION_LABELS[name], content.get(name, "")) for name in TEXT_SECTIONS]


def _parse_figures(request, report_indicators) -> tuple[dict[int, Decimal | None], list[str]]:
    values, errors = {}, []
    for indicator in report_indicators:
        raw = request.POST.get(f"indicator-{indicator.pk}", "").strip().replace(",", "")
        if not raw:
            values[indicator.pk] = None
            continue
        try:
            value = Decimal(raw)
        except InvalidOperation:
            errors.append(
                _("“%(value)s” is not a figure for “%(name)s”; enter a number such as 12 or 3.5.")
                % {"value": raw, "name": indicator.name}
            )
        else:
            if problem := services.figure_problem(value, indicator.name):
                errors.append(problem)
            values[indicator.pk] = value
    return values, errors


def _posted_revision(request) -> int | None:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return None


@login_required
def report_edit(request, reporter_id: int):
    access = _get_access(request, reporter_id)
    if not access.can_edit:
        raise Http404
    reporter = access.reporter
    report = selectors.report_of(reporter)
    if report is not None and not report.is_editable:
        messages.info(
            request, _("The report is with the organizer; it can be edited again if it is returned.")
        )
        return redirect("reports:detail", reporter_id=reporter.pk)
    indicators = list(reporter.campaign.indicators.all())
    errors: list[str] = []
    posted = request.method == "POST"
    # The revision the form was opened at; it stays so while the user's text is shown again.
    revision = _posted_revision(request) if posted else (report.revision if report else 0)
    saved_in_between = False  # by someone else, after the form was opened
    if posted:
        figures, errors = _parse_figures(request, indicators)
        if revision is None:
            errors.append(
                _("The form does not say which version it was opened at; copy your text and reload.")
            )
        if not errors:
            try:
                report = report or services.report_start(reporter=reporter)
                services.report_save(
                    report=report,
                    user=request.user,
                    sections={name: request.POST.get(name, "") for name in TEXT_SECTIONS},
                    problems=request.POST.getlist("problems"),
                    indicator_values=figures,
                    revision=revision,
                )
                revision = report.revision  # saved: should the submission fail, the form stands on this one
                if "submit" in request.POST:
                    services.report_submit(report=report, user=request.user)
                    messages.success(request, _("The report is submitted to the organizer."))
                else:
                    messages.success(request, _("Draft saved."))
                return redirect("reports:detail", reporter_id=reporter.pk)
            except services.ReportChangedError as error:
                errors.append(str(error))
                saved_in_between = True
            except DomainError as error:
                errors.append(str(error))
                if report is not None and report.pk:
                    report.refresh_from_db()
    content = (
        {name: request.POST.get(name, "") for name in TEXT_SECTIONS}
        if posted
        else (report.content() if report else {})
    )
    ledger = last_year_account(reporter)
    last_year_items = ledger.items
    drafted = not posted and bool(last_year_items) and not content.get("rectification_account")
    if drafted:
        content["rectification_account"] = ledger.draft
    problems = request.POST.getlist("problems") if posted else (report.problems if report else [])
    problems = [p for p in problems if p.strip()] + [""] * SPARE_PROBLEM_INPUTS
    rows = selectors.indicator_rows(reporter, report)
    for row in rows:
        row.posted = request.POST.get(f"indicator-{row.indicator.pk}", "") if posted else None
    return render(
        request,
        "reports/edit.html",
        {
            "access": access,
            "reporter": reporter,
            "campaign": reporter.campaign,
            "report": report,
            "sections": [(name, SECTION_LABELS[name], content.get(name, "")) for name in TEXT_SECTIONS],
            "problems": problems,
            "indicator_rows": rows,
            "last_year_problems": selectors.last_year_problems(reporter),
            "last_year_items": last_year_items,
            "account_drafted": drafted,
            "errors": errors,
            "revision": revision,
            "saved_in_between": saved_in_between,
            "remarks": report.events.filter(action="returned").last() if report else None,
        },
        status=422 if errors else 200,
    )


@login_required
@require_POST
def report_submit(request, reporter_id: int):
    access = _get_access(request, reporter_id)
    if not access.can_edit:
        raise Http404
    try:
        services.report_submit(report=_get_report(access), user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report is submitted to the organizer."))
    return redirect("reports:detail", reporter_id=reporter_id)


@login_required
@require_POST
def report_review(request, reporter_id: int):
    """The organizer's decision on a submitted report: accept, or return with remarks."""
    access = _get_access(request, reporter_id)
    if not access.manage:
        raise Http404
    report = _get_report(access)
    remarks = request.POST.get("remarks", "")
    try:
        if request.POST.get("decision") == "accept":
            services.report_accept(report=report, user=request.user, remarks=remarks)
            messages.success(request, _("The report is accepted."))
        else:
            services.report_return(report=report, user=request.user, remarks=remarks)
            messages.success(request, _("The report is returned for revision."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("reports:detail", reporter_id=reporter_id)


@login_required
def compare(request, reporter_id: int):
    access = _get_access(request, reporter_id)
    report = _get_report(access)
    versions = list(report.versions.all())
    if len(versions) < 2:
        raise Http404
    by_number = {v.number: v for v in versions}
    try:
        older = by_number[int(request.GET.get("a", versions[-2].number))]
        newer = by_number[int(request.GET.get("b", versions[-1].number))]
    except (KeyError, ValueError) as error:
        raise Http404 from error
    return render(
        request,
        "reports/compare.html",
        {
            "access": access,
            "reporter": access.reporter,
            "campaign": access.reporter.campaign,
            "versions": versions,
            "older": older,
            "newer": newer,
            "diffs": diffs.compare_versions(older, newer),
        },
    )


@login_required
@require_POST
def attachment_upload(request, reporter_id: int):
    access = _get_access(request, reporter_id)
    if not access.can_edit:
        raise Http404
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect("reports:detail", reporter_id=reporter_id)
    try:
        report = selectors.report_of(access.reporter) or services.report_start(reporter=access.reporter)
        services.attachment_add(report=report, user=request.user, uploaded_file=uploaded)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(name)s” is attached.") % {"name": uploaded.name})
    return redirect("reports:detail", reporter_id=reporter_id)


def _get_attachment(request, attachment_id: int) -> tuple[selectors.ReportAccess, Attachment]:
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=attachment_id)
    access = _get_access(request, attachment.report.reporter_id)
    if not access.sees_working_copy and attachment.report.state not in selectors.DONE_STATES:
        raise Http404
    return access, attachment


@login_required
def attachment_download(request, attachment_id: int):
    _access, attachment = _get_attachment(request, attachment_id)
    return uploads.served(attachment.file, attachment.original_name)


@login_required
@require_POST
def attachment_remove(request, attachment_id: int):
    access, attachment = _get_attachment(request, attachment_id)
    if not access.can_edit:
        raise Http404
    try:
        services.attachment_remove(attachment=attachment)
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("reports:detail", reporter_id=access.reporter.pk)


@login_required
def report_docx(request, reporter_id: int):
    access = _get_access(request, reporter_id)
    reporter = access.reporter
    content = exports.report_docx(reporter, working_copy=access.sees_working_copy)
    if content is None:
        raise Http404
    return downloads.attachment(
        content,
        downloads.DOCX,
        _("%(org)s-%(name)s-debrief report.docx")
        % {"org": reporter.organization.name, "name": reporter.person.name},
    )
