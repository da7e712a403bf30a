"""Reads over debrief reports: where each reporter stands, review hints, last year, versions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, CharField, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.campaigns import selectors as campaign_selectors
from debrief.campaigns.models import Campaign, KeyIndicator, Reporter
from debrief.campaigns.selectors import previous_campaign, reporters_in_order
from debrief.lib.text import join_names

from .models import (
    NOT_STARTED,
    NOT_STARTED_LABEL,
    Report,
    ReportState,
    ReportVersion,
)

DONE_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED)


@dataclass
class ReportAccess:
    """What one user may do with one reporter's report; pages and the API both ask here."""

    reporter: Reporter
    own: bool  # the reporter themself
    manage: bool  # an organizer of the host
    oversee: bool  # organizers, leaders and observers of the host

    @property
    def can_read(self) -> bool:
        return self.own or self.oversee

    @property
    def can_edit(self) -> bool:
        return (self.own or self.manage) and not self.reporter.campaign.is_archived

    @property
    def sees_working_copy(self) -> bool:
        return self.own or self.manage


def report_access(user, reporter: Reporter) -> ReportAccess:
    return ReportAccess(
        reporter=reporter,
        own=campaign_selectors.is_own_reporter(user, reporter),
        manage=campaign_selectors.can_manage_campaign(user, reporter.campaign),
        oversee=campaign_selectors.can_oversee_campaign(user, reporter.campaign),
    )


def report_of(reporter: Reporter) -> Report | None:
    try:
        return reporter.report
    except Report.DoesNotExist:
        return None


def status_of(report: Report | None) -> str:
    return report.state if report is not None else NOT_STARTED


def status_label(status: str) -> str:
    return str(NOT_STARTED_LABEL) if status == NOT_STARTED else ReportState(status).label


def is_overdue(campaign: Campaign, status: str, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return status not in DONE_STATES and today > campaign.report_deadline


def reports_missing_before_meeting(campaign: Campaign, reason: str) -> list[str]:
    """The campaign step check: a meeting with reports missing goes ahead only with a recorded reason."""
    missing = reporters_without_report(campaign)
    if not missing or reason:
        return []
    return [
        _("%(n)d reporters have not submitted a report: %(names)s. Record why the meeting goes ahead anyway.")
        % {"n": len(missing), "names": join_names(r.organization.name for r in missing)}
    ]


def unsubmitted_label_expression() -> Case:
    """For `campaigns.report_state`: over Reporter, the translated state of a report never submitted
    (not started, draft, returned), "" once submitted or accepted."""
    not_done = [state for state in ReportState if state not in DONE_STATES]
    return Case(
        When(report__isnull=True, then=Value(str(NOT_STARTED_LABEL))),
        *(When(report__state=state, then=Value(str(state.label))) for state in not_done),
        default=Value(""),
        output_field=CharField(),
    )


def reporters_without_report(campaign: Campaign) -> list[Reporter]:
    """Reporters whose report is not (or no longer) submitted."""
    return [
        reporter
        for reporter in reporters_in_order(campaign).select_related("report")
        if status_of(report_of(reporter)) not in DONE_STATES
    ]


# A report listing fewer problems than this is marked for the organizer.
MIN_PROBLEMS = 3
# Problems and measures shorter than this share of the achievements are marked as all praise.
# Calibrated on the demo's 106 submitted reports (2,000-3,600 characters each, as real ones run per
# the domain reference): 0.19 to 0.50, median 0.31; a realistic report with 3-5 concrete problems of
# 50-100 characters and a measure for each stays above 0.2. Only one whose problems are a line or
# two and whose plans are a sentence against pages of achievements falls below 0.15. The mark was at
# 0.5, which every demo report missed.
SELF_CRITICAL_WARNING = Decimal("0.15")


@dataclass(frozen=True)
class ReviewHints:
    """Figures that make thin or self-congratulatory reports easy to spot."""

    problem_count: int
    duties_chars: int
    problems_chars: int
    measures_chars: int

    @property
    def few_problems(self) -> bool:
        return self.problem_count < MIN_PROBLEMS

    @property
    def all_praise(self) -> bool:
        ratio = self.self_critical_ratio
        return ratio is not None and ratio < SELF_CRITICAL_WARNING

    @property
    def self_critical_ratio(self) -> Decimal | None:
        """Problems and measures against achievements; low means all praise."""
        if not self.duties_chars:
            return None
        return (Decimal(self.problems_chars + self.measures_chars) / self.duties_chars).quantize(
            Decimal("0.01")
        )


def _chars(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def review_hints(content: dict) -> ReviewHints:
    return ReviewHints(
        problem_count=len(content.get("problems", [])),
        duties_chars=_chars(content.get("duties", "")),
        problems_chars=sum(_chars(item) for item in content.get("problems", [])),
        measures_chars=_chars(content.get("measures", "")),
    )


def full_text(content: dict) -> str:
    """A report's text in section order, as compared for repeats."""
    parts = [content.get("duties", ""), *content.get("problems", [])]
    parts += [content.get(name, "") for name in ("causes", "measures", "rectification_account")]
    return "\n".join(part for part in parts if part)


def latest_versions(reports) -> dict[int, ReportVersion]:
    """The newest submitted version of each report, in two queries."""
    newest = (
        ReportVersion.objects.filter(report__in=reports)
        .values("report_id")
        .annotate(top=Max("number"))
        .values_list("report_id", "top")
    )
    wanted = dict(newest)
    versions = ReportVersion.objects.filter(report_id__in=wanted.keys())
    return {v.report_id: v for v in versions if wanted[v.report_id] == v.number}


def previous_reporter(reporter: Reporter) -> Reporter | None:
    """The same organization's reporter in the host's campaign of the year before."""
    campaign = previous_campaign(reporter.campaign)
    if campaign is None:
        return None
    return (
        campaign.reporters.filter(organization_id=reporter.organization_id).select_related("person").first()
    )


def _previous_version(reporter: Reporter) -> ReportVersion | None:
    previous = previous_reporter(reporter)
    if previous is None:
        return None
    return ReportVersion.objects.filter(report__reporter=previous).order_by("-number").first()


def last_year_problems(reporter: Reporter) -> list[str]:
    """The problems the organization's report listed last year, to account for this year."""
    version = _previous_version(reporter)
    return list(version.content.get("problems", [])) if version else []


@dataclass
class IndicatorRow:
    indicator: KeyIndicator
    value: Decimal | None
    last_year: str | None


def indicator_rows(
    reporter: Reporter, report: Report | None, *, submitted: ReportVersion | None = None
) -> list[IndicatorRow]:
    """This year's figures beside last year's, matched by indicator name.

    The figures are the working copy's, or a submitted version's when one is given
    (what leaders and observers read).
    """
    indicators = list(reporter.campaign.indicators.all())
    if submitted is not None:
        by_name = submitted.indicator_values
        values = {ind.pk: Decimal(by_name[ind.name]) for ind in indicators if ind.name in by_name}
    elif report is not None:
        values = {v.indicator_id: v.value for v in report.indicator_values.all()}
    else:
        values = {}
    previous = _previous_version(reporter)
    last_year = previous.indicator_values if previous else {}
    return [
        IndicatorRow(indicator=ind, value=values.get(ind.pk), last_year=last_year.get(ind.name))
        for ind in indicators
    ]


@dataclass
class OwnReportRow:
    reporter: Reporter
    status: str
    status_label: str
    overdue: bool


def own_report_rows(user) -> list[OwnReportRow]:
    """A secretary's reports across campaigns, newest campaign first, for their home page."""
    if not (user.is_authenticated and user.person_id):
        return []
    reporters = (
        Reporter.objects.filter(person_id=user.person_id)
        .select_related("campaign", "organization", "report")
        .order_by("-campaign__year", "campaign__pk")
    )
    rows = []
    for reporter in reporters:
        status = status_of(report_of(reporter))
        rows.append(
            OwnReportRow(reporter, status, status_label(status), is_overdue(reporter.campaign, status))
        )
    return rows
