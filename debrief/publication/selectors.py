"""Reads for publication: the notice's versions, the grades in rank order, the candidate common
problems, the results table as attached to the notice, opinions and the follow-up interviews."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from debrief.campaigns.models import Campaign, CampaignState, Reporter
from debrief.campaigns.selectors import reporters_in_order
from debrief.evaluation import selectors as evaluation_selectors
from debrief.evaluation.models import Rating
from debrief.lib import tally
from debrief.meetings.models import Comment, CommentProblem
from debrief.rectification.models import Category
from debrief.rectification.sources import guess_category
from debrief.reports.models import Report
from debrief.reports.selectors import latest_versions

from .models import AssessmentOpinion, Interview, Notice, NoticeState

GRADE_ORDER = {value: index for index, value in enumerate(Rating.values)}
# Grades that lead to an interview (约谈).
FOLLOW_UP_GRADES = (Rating.FAIR.value, Rating.POOR.value)
# States in which the grades are final: the notice and the opinions may be written.
ASSESSED_OR_LATER = (
    CampaignState.ASSESSED,
    CampaignState.PUBLISHED,
    CampaignState.RECTIFYING,
    CampaignState.ARCHIVED,
)


# --- The notice's versions ---------------------------------------------------------------------------


def notices_of(campaign: Campaign) -> list[Notice]:
    """Every version, newest first, with who drafted and published it."""
    return list(campaign.notices.select_related("created_by", "published_by").order_by("-version"))


def draft_notice(campaign: Campaign) -> Notice | None:
    return campaign.notices.filter(state=NoticeState.DRAFT).first()


def published_notice(campaign: Campaign) -> Notice | None:
    return campaign.notices.filter(state=NoticeState.PUBLISHED).select_related("published_by").first()


def has_published_notice(campaign: Campaign) -> bool:
    return campaign.notices.filter(state=NoticeState.PUBLISHED).exists()


# --- Grades and the results table --------------------------------------------------------------------


def _grade_key(row) -> tuple:
    overall = row.overall
    return (GRADE_ORDER.get(overall.grade, len(GRADE_ORDER)), overall.rank is None, overall.rank or 0)


def ranked_rows(outcome: evaluation_selectors.Results) -> list[evaluation_selectors.ResultRow]:
    """The results' rows by grade (好 first), in rank order within a grade."""
    return sorted(outcome.rows, key=_grade_key)


def _score(value) -> str:
    return "" if value is None else str(tally.round_half_up(value))


def table_rows(outcome: evaluation_selectors.Results) -> list[dict]:
    """The results table as the notice attaches it (and freezes it at publication): plain values."""
    return [
        {
            "reporter_id": row.reporter.pk,
            "rank": row.overall.rank,
            "organization": row.reporter.organization.name,
            "secretary": row.reporter.person.name,
            "mode": row.reporter.mode,
            "evaluation_score": _score(row.overall.evaluation_score),
            "routine_score": _score(row.overall.routine_score),
            "comprehensive_score": _score(row.overall.comprehensive_score),
            "grade": row.overall.grade or "",
        }
        for row in ranked_rows(outcome)
    ]


def results_of(campaign: Campaign) -> evaluation_selectors.Results | None:
    """The evaluation's results, or None while there is no closed evaluation."""
    evaluation = evaluation_selectors.evaluation_of(campaign)
    if evaluation is None or not evaluation.is_closed:
        return None
    return evaluation_selectors.published_results(evaluation)


def grade_label(value: str) -> str:
    return str(Rating(value).label) if value in Rating.values else "—"


# --- Candidate common problems -----------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    key: str  # "c<problem id>" for a comment's problem, "r<reporter id>.<n>" for a report's
    text: str
    organization: str
    from_comment: bool


@dataclass(frozen=True)
class CandidateGroup:
    category: str
    label: str
    candidates: list[Candidate]


def problem_candidates(campaign: Campaign) -> list[CandidateGroup]:
    """The problems leaders pointed out in their comments and those reporters listed in their
    newest submitted reports, grouped by the ledger's categories (comments first in each group)."""
    found: list[Candidate] = []
    problems = CommentProblem.objects.filter(comment__reporter__campaign=campaign).select_related(
        "comment__reporter__organization"
    )
    for problem in problems.order_by("comment__reporter__speaking_order", "comment_id", "position"):
        organization = problem.comment.reporter.organization.name
        found.append(Candidate(f"c{problem.pk}", problem.text.strip(), organization, True))
    reports = Report.objects.filter(reporter__campaign=campaign).select_related("reporter__organization")
    by_report = {report.pk: report for report in reports}
    versions = latest_versions(list(by_report.values()))
    for report_id, version in sorted(versions.items(), key=lambda item: by_report[item[0]].reporter.pk):
        reporter = by_report[report_id].reporter
        for number, text in enumerate(version.content.get("problems", []), start=1):
            if text.strip():
                found.append(
                    Candidate(f"r{reporter.pk}.{number}", text.strip(), reporter.organization.name, False)
                )
    groups: dict[str, list[Candidate]] = {}
    for candidate in found:
        groups.setdefault(guess_category(candidate.text), []).append(candidate)
    return [
        CandidateGroup(value, str(label), groups[value])
        for value, label in Category.choices
        if value in groups
    ]


def candidate_texts(campaign: Campaign, keys: list[str]) -> list[str]:
    """The texts of the picked candidates, in the order the page lists them."""
    wanted = set(keys)
    return [c.text for group in problem_candidates(campaign) for c in group.candidates if c.key in wanted]


# --- Opinions ----------------------------------------------------------------------------------------


def opinions_editable(campaign: Campaign) -> bool:
    """Opinions are written once the grades are final; a published notice freezes them until a
    corrected version is drafted."""
    if campaign.state not in ASSESSED_OR_LATER or campaign.is_archived:
        return False
    notices = {state for state in campaign.notices.values_list("state", flat=True)}
    return NoticeState.DRAFT in notices or NoticeState.PUBLISHED not in notices


@dataclass(frozen=True)
class OpinionRow:
    reporter: Reporter
    result: evaluation_selectors.ResultRow | None
    opinion: AssessmentOpinion | None
    comments: list[Comment]


def opinion_rows(campaign: Campaign, outcome: evaluation_selectors.Results | None) -> list[OpinionRow]:
    """Every reporter in reporting order with their result, saved opinion and the comments on them."""
    by_reporter = {row.reporter.pk: row for row in outcome.rows} if outcome else {}
    reporters = reporters_in_order(campaign).prefetch_related(
        Prefetch("comments", queryset=Comment.objects.prefetch_related("problems"))
    )
    opinions = {o.reporter_id: o for o in AssessmentOpinion.objects.filter(reporter__campaign=campaign)}
    return [
        OpinionRow(
            reporter, by_reporter.get(reporter.pk), opinions.get(reporter.pk), list(reporter.comments.all())
        )
        for reporter in reporters
    ]


# --- Follow-up ---------------------------------------------------------------------------------------


def follow_up_interviews(campaign: Campaign, table: list[dict]) -> QuerySet[Interview]:
    """Interviews held with the reporters the notice grades fair or poor."""
    ids = [row["reporter_id"] for row in table if row.get("grade") in FOLLOW_UP_GRADES]
    return Interview.objects.filter(reporter__campaign=campaign, reporter_id__in=ids).select_related(
        "reporter__organization", "reporter__person"
    )
