"""A campaign's reports at a glance: where each reporter stands, and every reporter's figures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max

from debrief.campaigns.models import Campaign, Reporter
from debrief.campaigns.selectors import previous_campaign, reporters_in_order
from debrief.lib.similarity import Repeats

from .models import Report
from .selectors import (
    DONE_STATES,
    ReviewHints,
    is_overdue,
    latest_versions,
    report_of,
    review_hints,
    status_label,
    status_of,
)
from .similarity import closest_share, closest_source, similarity_of_versions


@dataclass
class ReporterRow:
    reporter: Reporter
    report: Report | None
    status: str
    status_label: str
    overdue: bool
    versions: int
    submitted_at: datetime.datetime | None
    hints: ReviewHints | None
    repeats: Repeats | None = None
    similarity_pending: bool = False  # the worker is still computing the campaign's figures

    @property
    def missing(self) -> bool:
        """The report is not (or no longer) submitted: the rule of `selectors.reporters_without_report`."""
        return self.status not in DONE_STATES

    @property
    def closest_share(self) -> float | None:
        return closest_share(self.repeats) if self.repeats else None

    @property
    def closest_source(self) -> int | None:
        """The reporter of the report this one shares most with: the side-by-side page's other."""
        return closest_source(self.repeats) if self.repeats else None


def campaign_overview(
    campaign: Campaign, *, with_similarity: bool = False, compute: bool = True, when_missing=None
) -> list[ReporterRow]:
    """Where every reporter stands, in agenda order, with review hints for submitted reports.

    `with_similarity`: with each report's similarity figures; `compute` and `when_missing` as in
    `similarity.similarity_of_versions` (rows carry no figures while the worker computes them)."""
    reporters = list(
        reporters_in_order(campaign)
        .select_related("report")
        .annotate(
            version_count=Count("report__versions"), last_submitted=Max("report__versions__submitted_at")
        )
    )
    versions = latest_versions([r.report for r in reporters if report_of(r)])
    similarity = (
        similarity_of_versions(campaign, reporters, versions, compute=compute, when_missing=when_missing)
        if with_similarity
        else {}
    )
    rows = []
    for reporter in reporters:
        report = report_of(reporter)
        status = status_of(report)
        version = versions.get(report.pk) if report else None
        rows.append(
            ReporterRow(
                reporter=reporter,
                report=report,
                status=status,
                status_label=status_label(status),
                overdue=is_overdue(campaign, status),
                versions=reporter.version_count,
                submitted_at=reporter.last_submitted,
                hints=review_hints(version.content) if version else None,
                repeats=similarity.get(reporter.pk) if similarity else None,
                similarity_pending=similarity is None,
            )
        )
    return rows


@dataclass
class FigureCell:
    value: str | None
    last_year: str | None


@dataclass
class IndicatorTableRow:
    reporter: Reporter
    cells: list[FigureCell]


def indicator_table(campaign: Campaign) -> list[IndicatorTableRow]:
    """Every reporter's submitted figures beside last year's, one column per key indicator."""
    indicators = list(campaign.indicators.all())
    reporters = list(reporters_in_order(campaign).select_related("report"))
    current = latest_versions([r.report for r in reporters if report_of(r)])
    last_year: dict[int, dict[str, str]] = {}
    previous = previous_campaign(campaign)
    if previous is not None:
        old = {
            r.report.pk: r.organization_id
            for r in previous.reporters.select_related("report")
            if report_of(r)
        }
        for report_id, version in latest_versions(list(old)).items():
            last_year[old[report_id]] = version.indicator_values
    rows = []
    for reporter in reporters:
        report = report_of(reporter)
        figures = current[report.pk].indicator_values if report and report.pk in current else {}
        before = last_year.get(reporter.organization_id, {})
        cells = [FigureCell(figures.get(ind.name), before.get(ind.name)) for ind in indicators]
        rows.append(IndicatorTableRow(reporter, cells))
    return rows
