"""The feedback sheet (结果反馈单): what each secretary is told of their own results once they are
published: grade, scores, the evaluation by category and indicator, rank, the assessment opinion,
the comments made on them at the meeting, their rectification items and their interviews.

Who reads it. Once the campaign is published (its state is published, rectifying or archived), the
reporter reads their own sheet and nobody else's; organizers, leaders and observers of the host or
above (`can_oversee`) read every sheet of the campaign. Before that only organizers of the host or
above read it, as a preview. Anyone else finds nothing (404), so a sheet's existence does not leak.

Anonymity. The evaluation by category follows the calculation sheet: a category with fewer ballots
than the scheme shows on its own is never shown or named alone, only inside "small categories,
combined" (`ReporterResult.hidden_combined`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import get_object_or_404

from debrief.campaigns import selectors as campaign_selectors
from debrief.campaigns.models import Campaign, CampaignState, Reporter
from debrief.evaluation import selectors as evaluation_selectors
from debrief.evaluation.models import Evaluation, Rating
from debrief.lib import tally
from debrief.meetings.models import Comment
from debrief.rectification.models import Item

from .models import AssessmentOpinion, Interview

# States in which the results have been published to the reporters.
PUBLISHED_STATES = (CampaignState.PUBLISHED, CampaignState.RECTIFYING, CampaignState.ARCHIVED)
# States in which the results are final: assessed, and every state after it.
ASSESSED_STATES = (CampaignState.ASSESSED, *PUBLISHED_STATES)
# Grades that call for an interview (约谈).
GRADES_FOR_INTERVIEW = (Rating.FAIR, Rating.POOR)


def is_published(campaign: Campaign) -> bool:
    return campaign.state in PUBLISHED_STATES


@dataclass(frozen=True)
class FeedbackAccess:
    campaign: Campaign
    reporter: Reporter
    preview: bool  # read before publication: only organizers, and marked as a preview
    can_manage: bool  # organizers of the host or above: record interviews
    can_list: bool  # reads every reporter's sheet, not only their own


def _campaign(pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("host"), pk=pk)


def feedback_access(user, pk: int, reporter_id: int) -> FeedbackAccess:
    """One reporter's sheet, if the user may read it (see the module's docstring); else 404."""
    campaign = _campaign(pk)
    reporter = get_object_or_404(
        Reporter.objects.select_related("organization", "person"), pk=reporter_id, campaign=campaign
    )
    reporter.campaign = campaign
    can_manage = campaign_selectors.can_manage_campaign(user, campaign)
    published = is_published(campaign)
    can_list = can_manage or (published and campaign_selectors.can_oversee_campaign(user, campaign))
    if not (can_list or (published and campaign_selectors.is_own_reporter(user, reporter))):
        raise Http404
    return FeedbackAccess(campaign, reporter, not published, can_manage, can_list)


def feedback_list_access(user, pk: int) -> tuple[Campaign, bool]:
    """The campaign whose sheets the user may list (organizers always, overseers once published);
    with whether the user manages it. A reporter has no list: their own sheet is their page."""
    campaign = _campaign(pk)
    can_manage = campaign_selectors.can_manage_campaign(user, campaign)
    if not (
        can_manage or (is_published(campaign) and campaign_selectors.can_oversee_campaign(user, campaign))
    ):
        raise Http404
    return campaign, can_manage


def own_reporter_in(user, pk: int) -> Reporter:
    """The user's own reporter in a published campaign, for the link "my feedback"; else 404."""
    campaign = _campaign(pk)
    reporter = campaign_selectors.own_reporters(user, campaign).first() if is_published(campaign) else None
    if reporter is None:
        raise Http404
    return reporter


# --- The sheet ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedResults:
    """The evaluation's results as a sheet reads them: None until voting has closed."""

    evaluation: Evaluation | None
    results: evaluation_selectors.Results | None

    def row_of(self, reporter: Reporter) -> evaluation_selectors.ResultRow | None:
        if self.results is None:
            return None
        return next((row for row in self.results.rows if row.reporter.pk == reporter.pk), None)

    @property
    def ranked(self) -> int:
        """How many reporters have a rank (the "of N" of "rank n of N")."""
        if self.results is None:
            return 0
        return sum(1 for row in self.results.rows if row.overall.rank is not None)


def ranked_results(campaign: Campaign) -> RankedResults:
    evaluation = evaluation_selectors.evaluation_of(campaign)
    if evaluation is None or not evaluation.is_closed:
        return RankedResults(evaluation, None)
    return RankedResults(evaluation, evaluation_selectors.published_results(evaluation))


@dataclass(frozen=True)
class CategoryLine:
    """One row of the evaluation by category: a category shown on its own, or the small ones combined."""

    label: str  # the category's name; "" for the small categories combined
    tally: tally.CategoryTally

    @property
    def combined(self) -> bool:
        return not self.label


def category_lines(result: tally.ReporterResult) -> list[CategoryLine]:
    """The categories that may be shown alone (with ballots, not hidden), then the hidden ones combined."""
    lines = [CategoryLine(t.category, t) for t in result.categories if t.valid and not t.hidden]
    if result.hidden_combined is not None:
        lines.append(CategoryLine("", result.hidden_combined))
    return lines


@dataclass(frozen=True)
class FeedbackSheet:
    campaign: Campaign
    reporter: Reporter
    preview: bool
    evaluation: Evaluation | None
    row: evaluation_selectors.ResultRow | None  # None before the evaluation has closed
    ranked: int
    is_final: bool  # the campaign is assessed: grades and ranks no longer change
    opinion: AssessmentOpinion | None
    comments: list[Comment]
    items: list[Item]
    interviews: list[Interview]
    categories: list[CategoryLine] = field(default_factory=list)

    @property
    def result(self) -> tally.ReporterResult | None:
        return self.row.overall if self.row is not None else None

    @property
    def grade(self) -> str | None:
        return self.result.grade if self.result is not None else None

    @property
    def grade_label(self) -> str:
        return str(Rating(self.grade).label) if self.grade else "—"

    @property
    def calls_for_interview(self) -> bool:
        return self.grade in GRADES_FOR_INTERVIEW


def feedback_sheet(access: FeedbackAccess) -> FeedbackSheet:
    """Everything the sheet shows, each kind read once (the results read every reporter's ballots,
    which the rank needs)."""
    campaign, reporter = access.campaign, access.reporter
    outcome = ranked_results(campaign)
    row = outcome.row_of(reporter)
    items = list(Item.objects.filter(reporter=reporter).order_by("number"))
    for item in items:
        item.campaign = campaign  # its label reads the campaign's year
    return FeedbackSheet(
        campaign=campaign,
        reporter=reporter,
        preview=access.preview,
        evaluation=outcome.evaluation,
        row=row,
        ranked=outcome.ranked,
        is_final=campaign.state in ASSESSED_STATES,
        opinion=AssessmentOpinion.objects.filter(reporter=reporter).first(),
        comments=list(Comment.objects.filter(reporter=reporter).prefetch_related("problems")),
        items=items,
        interviews=list(Interview.objects.filter(reporter=reporter)),
        categories=category_lines(row.overall) if row is not None and row.overall.valid else [],
    )


# --- Lists ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackRow:
    reporter: Reporter
    result: tally.ReporterResult | None
    interviews: int

    @property
    def calls_for_interview(self) -> bool:
        return self.result is not None and self.result.grade in GRADES_FOR_INTERVIEW


def feedback_rows(campaign: Campaign) -> list[FeedbackRow]:
    """Every reporter of the campaign with their result and number of interviews, by rank."""
    outcome = ranked_results(campaign)
    counts: dict[int, int] = {}
    for reporter_id in Interview.objects.filter(reporter__campaign=campaign).values_list(
        "reporter_id", flat=True
    ):
        counts[reporter_id] = counts.get(reporter_id, 0) + 1
    if outcome.results is None:
        reporters = campaign_selectors.reporters_in_order(campaign)
        return [FeedbackRow(r, None, counts.get(r.pk, 0)) for r in reporters]
    rows = [
        FeedbackRow(row.reporter, row.overall, counts.get(row.reporter.pk, 0)) for row in outcome.results.rows
    ]
    rows.sort(key=lambda row: (row.result.rank is None, row.result.rank or 0))
    return rows


def own_feedback(user) -> list[Reporter]:
    """The user's reporters in published campaigns, newest first: the home page's "your results"."""
    if not (user.is_authenticated and user.person_id):
        return []
    return list(
        Reporter.objects.filter(person_id=user.person_id, campaign__state__in=PUBLISHED_STATES)
        .select_related("campaign", "organization")
        .order_by("-campaign__year", "campaign__pk")
    )
