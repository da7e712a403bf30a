"""Reads over debrief reports: where each reporter stands, review hints, last year, versions."""

from __future__ import annotations

import datetime
import difflib
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from debrief.campaigns import selectors as campaign_selectors
from debrief.campaigns.models import Campaign, KeyIndicator, Reporter
from debrief.campaigns.selectors import previous_campaign, reporters_in_order
from debrief.lib.similarity import Repeats, find_repeats

from .models import (
    NOT_STARTED,
    NOT_STARTED_LABEL,
    SECTION_LABELS,
    TEXT_SECTIONS,
    Report,
    ReportState,
    ReportVersion,
)

DONE_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED)

# A report sharing this much of its text with one other report is marked for the organizer.
COPY_SHARE_WARNING = 0.5


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


def reporters_without_report(campaign: Campaign) -> list[Reporter]:
    """Reporters whose report is not (or no longer) submitted."""
    return [
        reporter
        for reporter in reporters_in_order(campaign).select_related("report")
        if status_of(report_of(reporter)) not in DONE_STATES
    ]


@dataclass(frozen=True)
class ReviewHints:
    """Figures that make thin or self-congratulatory reports easy to spot."""

    problem_count: int
    duties_chars: int
    problems_chars: int
    measures_chars: int

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

    @property
    def closest_share(self) -> float | None:
        return closest_share(self.repeats) if self.repeats else None


def campaign_overview(campaign: Campaign, *, with_similarity: bool = False) -> list[ReporterRow]:
    """Where every reporter stands, in agenda order, with review hints for submitted reports."""
    reporters = list(
        reporters_in_order(campaign)
        .select_related("report")
        .annotate(
            version_count=Count("report__versions"), last_submitted=Max("report__versions__submitted_at")
        )
    )
    versions = latest_versions([r.report for r in reporters if report_of(r)])
    similarity = campaign_similarity(campaign) if with_similarity else {}
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
                repeats=similarity.get(reporter.pk),
            )
        )
    return rows


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


def closest_share(repeats: Repeats) -> float:
    """The share of a report's text repeated from the one report it shares most with.

    The union over all sources (`Repeats.share`) also counts the stock phrases
    every report uses; the closest single source is what shows a copy.
    """
    return max(repeats.by_source.values(), default=0.0)


def campaign_similarity(campaign: Campaign) -> dict[int, Repeats]:
    """For each submitted report: how much repeats another report of the campaign or its own of last year.

    Keys: reporter ids. Compared: the newest submitted version of each report.
    """
    reporters = list(campaign.reporters.select_related("report"))
    by_report = {r.report.pk: r for r in reporters if report_of(r)}
    current = latest_versions(list(by_report))
    documents: dict[tuple[str, int], str] = {}
    own_last_year: dict[int, tuple[str, int]] = {}
    for report_id, version in current.items():
        documents[("now", by_report[report_id].pk)] = full_text(version.content)
    previous = previous_campaign(campaign)
    if previous is not None:
        old_reporters = {
            r.organization_id: r for r in previous.reporters.select_related("report") if report_of(r)
        }
        old_versions = latest_versions([r.report for r in old_reporters.values()])
        for reporter in reporters:
            old = old_reporters.get(reporter.organization_id)
            if old is not None and old.report.pk in old_versions:
                key = ("last_year", old.pk)
                documents[key] = full_text(old_versions[old.report.pk].content)
                own_last_year[reporter.pk] = key
    targets = [key for key in documents if key[0] == "now"]
    # The result depends on the compared texts alone; equal texts give the cached result.
    digest = hashlib.sha256()
    for key in sorted(documents):
        digest.update(f"{key}\0{documents[key]}\0".encode())
    fingerprint = digest.hexdigest()
    cache_key = f"similarity:{campaign.pk}:{fingerprint}"
    cached = cache.get(cache_key)
    if cached is not None:
        return cached

    def may_compare(target, source) -> bool:
        if source[0] == "now":
            return source != target
        return own_last_year.get(target[1]) == source

    found = find_repeats(documents, targets, may_compare=may_compare)
    result = {key[1]: repeats for key, repeats in found.items()}
    cache.set(cache_key, result, timeout=24 * 3600)
    return result


@dataclass
class SectionDiff:
    label: str
    left: SafeString
    right: SafeString
    changed: bool = field(default=False)


def _mark(text: str, tag: str) -> str:
    return f"<{tag}>{escape(text)}</{tag}>" if text else ""


def _diff_text(a: str, b: str) -> tuple[SafeString, SafeString]:
    # Character-level: Chinese has no spaces to split words on.
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append(escape(a[i1:i2]))
            right.append(escape(b[j1:j2]))
        else:
            left.append(_mark(a[i1:i2], "del"))
            right.append(_mark(b[j1:j2], "ins"))
    return mark_safe("".join(left)), mark_safe("".join(right))


def _section_texts(version: ReportVersion) -> dict[str, str]:
    content = version.content
    texts = {name: content.get(name, "") for name in TEXT_SECTIONS}
    texts["problems"] = "\n".join(
        f"{i}. {item}" for i, item in enumerate(content.get("problems", []), start=1)
    )
    figures = version.indicator_values
    texts["indicators"] = "\n".join(f"{name}: {value}" for name, value in figures.items())
    return texts


def compare_versions(older: ReportVersion, newer: ReportVersion) -> list[SectionDiff]:
    from django.utils.translation import gettext as _

    a, b = _section_texts(older), _section_texts(newer)
    labels = {**SECTION_LABELS, "indicators": _("Key indicators")}
    order = ["duties", "problems", "causes", "measures", "rectification_account", "indicators"]
    diffs = []
    for name in order:
        left, right = _diff_text(a[name], b[name])
        diffs.append(SectionDiff(label=str(labels[name]), left=left, right=right, changed=a[name] != b[name]))
    return diffs


@dataclass
class SourceShare:
    label: str
    share: float


@dataclass
class LabelledPassage:
    text: str
    label: str


@dataclass
class SimilarityRow:
    reporter: Reporter
    repeats: Repeats
    sources: list[SourceShare]
    passages: list[LabelledPassage]

    @property
    def closest(self) -> SourceShare | None:
        return self.sources[0] if self.sources else None

    @property
    def closest_share(self) -> float:
        return self.sources[0].share if self.sources else 0.0


def similarity_rows(campaign: Campaign) -> list[SimilarityRow]:
    """Submitted reports, most repeated first, with each source named for the organizer."""
    from django.utils.translation import gettext as _

    found = campaign_similarity(campaign)
    reporters = {r.pk: r for r in campaign.reporters.select_related("organization", "person")}
    previous = previous_campaign(campaign)

    def label(key) -> str:
        kind, reporter_id = key
        if kind == "last_year":
            return _("its own report of %(year)d") % {"year": previous.year}
        other = reporters[reporter_id]
        return f"{other.organization.name} {other.person.name}"

    rows = []
    for reporter_id, repeats in found.items():
        sources = sorted(repeats.by_source.items(), key=lambda item: (-item[1], str(item[0])))
        rows.append(
            SimilarityRow(
                reporter=reporters[reporter_id],
                repeats=repeats,
                sources=[SourceShare(label(key), share) for key, share in sources],
                passages=[LabelledPassage(p.text, label(p.source)) for p in repeats.passages],
            )
        )
    rows.sort(key=lambda row: (-row.closest_share, -row.repeats.share, row.reporter.organization.code))
    return rows


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
