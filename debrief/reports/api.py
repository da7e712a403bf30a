"""JSON endpoints for campaigns and reports; scoped exactly like the pages."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from debrief.campaigns import selectors as campaign_selectors
from debrief.campaigns.models import Campaign, Reporter
from debrief.lib.text import join_names

from . import overview, selectors, services
from .models import TEXT_SECTIONS

router = Router(tags=["campaigns"])


class CampaignOut(Schema):
    id: int
    year: int
    title: str
    host_code: str
    state: str
    report_deadline: datetime.date
    meeting_date: datetime.date


class ReporterOut(Schema):
    id: int
    organization_code: str
    organization_name: str
    secretary: str
    mode: str
    speaking_order: int | None
    report_status: str
    overdue: bool


class CampaignDetailOut(CampaignOut):
    reporters: list[ReporterOut]


class ReportIn(Schema):
    duties: str = ""
    problems: list[str] = []
    causes: str = ""
    measures: str = ""
    rectification_account: str = ""
    indicators: dict[str, Decimal | None] = {}
    revision: int | None = Field(
        None, description="The working copy's revision you read (its ETag); an If-Match header does the same."
    )


class ReportOut(ReportIn):
    reporter_id: int
    status: str


class ErrorOut(Schema):
    detail: str
    code: str


def _campaign_out(campaign: Campaign) -> dict:
    return {
        "id": campaign.pk,
        "year": campaign.year,
        "title": campaign.title,
        "host_code": campaign.host.code,
        "state": campaign.state,
        "report_deadline": campaign.report_deadline,
        "meeting_date": campaign.meeting_date,
    }


@router.get("/campaigns", response=list[CampaignOut])
@paginate
def campaign_list(request):
    """Campaigns you oversee or report in."""
    return [_campaign_out(c) for c in campaign_selectors.campaigns_visible_to(request.user)]


@router.get("/campaigns/{campaign_id}", response=CampaignDetailOut)
def campaign_detail(request, campaign_id: int):
    """A campaign with its reporters: all of them for overseers, your own for a reporter."""
    campaign = get_object_or_404(Campaign.objects.select_related("host"), pk=campaign_id)
    overseer = campaign_selectors.can_oversee_campaign(request.user, campaign)
    own_ids = set(campaign_selectors.own_reporters(request.user, campaign).values_list("pk", flat=True))
    if not (overseer or own_ids):
        raise Http404
    rows = overview.campaign_overview(campaign)
    return {
        **_campaign_out(campaign),
        "reporters": [
            {
                "id": row.reporter.pk,
                "organization_code": row.reporter.organization.code,
                "organization_name": row.reporter.organization.name,
                "secretary": row.reporter.person.name,
                "mode": row.reporter.mode,
                "speaking_order": row.reporter.speaking_order,
                "report_status": row.status,
                "overdue": row.overdue,
            }
            for row in rows
            if overseer or row.reporter.pk in own_ids
        ],
    }


def _access(request, reporter_id: int) -> selectors.ReportAccess:
    reporter = get_object_or_404(Reporter.objects.select_related("campaign__host"), pk=reporter_id)
    access = selectors.report_access(request.user, reporter)
    if not access.can_read:
        raise Http404
    return access


def _etag(revision: int) -> str:
    return f'"{revision}"'


def _report_out(reporter: Reporter, *, working_copy: bool, response: HttpResponse | None = None) -> dict:
    """The report as JSON; for the working copy, its revision also goes in the response's ETag."""
    report = selectors.report_of(reporter)
    out = {"reporter_id": reporter.pk, "status": selectors.status_of(report)}
    if working_copy:
        out["revision"] = report.revision if report else 0  # a report not started is at revision 0
        if response is not None:
            response["ETag"] = _etag(out["revision"])
    if report is None:
        return out
    if working_copy:
        out.update(report.content())
        out["indicators"] = {
            v.indicator.name: v.value for v in report.indicator_values.select_related("indicator")
        }
    else:
        version = report.versions.order_by("-number").first()
        if version is not None:
            out.update(version.content)
            out["indicators"] = {name: Decimal(value) for name, value in version.indicator_values.items()}
    return out


@router.get("/reports/{reporter_id}", response=ReportOut)
def report_detail(request, reporter_id: int, response: HttpResponse):
    """A reporter's report: the working copy for the reporter and organizers (with its revision, also
    as the ETag), else the newest submitted version."""
    access = _access(request, reporter_id)
    return _report_out(access.reporter, working_copy=access.sees_working_copy, response=response)


ANY_REVISION = -1  # If-Match: * (save over whatever is there, knowingly)
UNKNOWN_REVISION = -2  # an If-Match that names no revision of ours: it matches none
ETAG = re.compile(r'(?:W/)?"(\d+)"', re.ASCII)


def _expected_revision(request, payload_revision: int | None) -> int | None:
    """The revision the client saves over: If-Match (one ETag from a GET) or else the `revision` field."""
    header = request.headers.get("If-Match")
    if header is None:
        return payload_revision
    if header.strip() == "*":
        return ANY_REVISION
    match = ETAG.fullmatch(header.strip())
    return int(match[1]) if match else UNKNOWN_REVISION


def _stale(error: services.ReportChangedError, response: HttpResponse) -> Status:
    response["ETag"] = _etag(error.report.revision)
    hint = _("Read the report again (its ETag is now %(etag)s), merge your changes into it and save again.")
    return Status(
        412, {"detail": f"{error} {hint % {'etag': _etag(error.report.revision)}}", "code": error.code}
    )


@router.put("/reports/{reporter_id}", response={200: ReportOut, 409: ErrorOut, 412: ErrorOut, 428: ErrorOut})
def report_save(request, reporter_id: int, payload: ReportIn, response: HttpResponse):
    """Save the draft (the reporter or an organizer). Indicators are keyed by name.

    Say which revision you save over: send the ETag of your GET as `If-Match` (or its `revision`
    field); `If-Match: *` saves over whatever is there. A save over a revision someone else has
    since replaced answers 412 (nothing is saved); one that names no revision answers 428, because
    a save that names none could overwrite another person's text unawares.
    """
    access = _access(request, reporter_id)
    if not access.sees_working_copy:  # the reporter or an organizer; the campaign's state is checked on save
        raise Http404
    reporter = access.reporter
    expected = _expected_revision(request, payload.revision)
    if expected is None:
        return Status(
            428,
            {
                "detail": _(
                    "Say which revision of the report you are saving over: send the ETag you read in an "
                    "If-Match header, or the “revision” field, so that a save cannot overwrite someone "
                    "else's text unawares."
                ),
                "code": "revision_required",
            },
        )
    indicators = {ind.name: ind.pk for ind in reporter.campaign.indicators.all()}
    unknown = sorted(set(payload.indicators) - set(indicators))
    if unknown:
        return Status(
            409,
            {
                "detail": _("Unknown indicators: %(names)s") % {"names": join_names(unknown)},
                "code": "unknown_indicators",
            },
        )
    report = selectors.report_of(reporter) or services.report_start(reporter=reporter)
    try:
        services.report_save(
            report=report,
            user=request.user,
            sections={name: getattr(payload, name) for name in TEXT_SECTIONS},
            problems=payload.problems,
            indicator_values={indicators[name]: value for name, value in payload.indicators.items()},
            revision=None if expected == ANY_REVISION else expected,
        )
    except services.ReportChangedError as error:
        return _stale(error, response)
    reporter.refresh_from_db()
    return Status(200, _report_out(reporter, working_copy=True, response=response))


@router.post("/reports/{reporter_id}/submit", response={200: ReportOut, 409: ErrorOut, 412: ErrorOut})
def report_submit(request, reporter_id: int, response: HttpResponse):
    """Submit the working copy; with `If-Match`, only if it is still the revision you read (else 412)."""
    access = _access(request, reporter_id)
    if not access.sees_working_copy:  # the reporter or an organizer; the campaign's state is checked on save
        raise Http404
    reporter = access.reporter
    report = selectors.report_of(reporter)
    if report is None:
        return Status(409, {"detail": _("The report has not been started."), "code": "report_not_started"})
    expected = _expected_revision(request, None)
    try:
        services.report_submit(
            report=report, user=request.user, revision=None if expected == ANY_REVISION else expected
        )
    except services.ReportChangedError as error:
        return _stale(error, response)
    reporter.refresh_from_db()
    return Status(200, _report_out(reporter, working_copy=True, response=response))
