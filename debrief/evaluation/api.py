"""JSON endpoints of the evaluation: turnout while voting, results once closed (as the pages show them)."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from debrief.campaigns import selectors as campaign_selectors
from debrief.campaigns.models import Campaign
from debrief.lib import tally

from . import selectors

router = Router(tags=["evaluation"])


class CategoryTurnoutOut(Schema):
    category: str
    issued: int
    used: int
    voided: int  # codes of lost slips: they admit no ballot
    paper: int
    expected: int


class TurnoutOut(Schema):
    state: str
    categories: list[CategoryTurnoutOut]
    voted: int
    expected: int
    quorum_met: bool


class CategoryResultOut(Schema):
    category: str | None  # None: the small categories, combined
    counts: dict[str, int]
    valid: int
    average_points: str | None
    effective_weight_percent: str


class ResultOut(Schema):
    reporter_id: int
    organization_code: str
    organization_name: str
    secretary: str
    counts: dict[str, int]
    valid: int
    good_rate_percent: str | None
    poor_rate_percent: str | None
    evaluation_score: str | None
    routine_score: str | None
    comprehensive_score: str | None
    grade: str | None
    grade_rule: str
    rank: int | None
    categories: list[CategoryResultOut]


class RecountOut(Schema):
    at: datetime.datetime
    ballots: int
    matches: bool
    differences: list[str]


class ResultsOut(Schema):
    ballots_digest: str
    last_recount: RecountOut | None
    preview: bool
    results: list[ResultOut]


def _evaluation(request, campaign_id: int):
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    if not campaign_selectors.can_oversee_campaign(request.user, campaign):
        raise Http404
    evaluation = selectors.evaluation_of(campaign)
    if evaluation is None:
        raise Http404
    return evaluation


def _text(value, rule=tally.round_half_up) -> str | None:
    return None if value is None else str(rule(value))


def _category(c: tally.CategoryTally) -> CategoryResultOut:
    return CategoryResultOut(
        category=c.category,
        counts=dict(c.counts),
        valid=c.valid,
        average_points=_text(c.average_points),
        effective_weight_percent=str(tally.percent(c.effective_weight)),
    )


@router.get("/campaigns/{campaign_id}/evaluation/turnout", response=TurnoutOut)
def turnout(request, campaign_id: int):
    evaluation = _evaluation(request, campaign_id)
    figures = selectors.turnout(evaluation)
    return TurnoutOut(
        state=evaluation.state,
        categories=[
            CategoryTurnoutOut(
                category=r.category.name,
                issued=r.issued,
                used=r.used,
                voided=r.voided,
                paper=r.paper,
                expected=r.expected,
            )
            for r in figures.rows
        ],
        voted=figures.voted,
        expected=figures.expected,
        quorum_met=figures.quorum_met,
    )


@router.get("/campaigns/{campaign_id}/evaluation/results", response=ResultsOut)
def results(request, campaign_id: int):
    """Results of a closed evaluation (404 while voting is open). Small categories come only combined."""
    evaluation = _evaluation(request, campaign_id)
    if not evaluation.is_closed:
        raise Http404
    outcome = selectors.results(evaluation)
    return ResultsOut(
        ballots_digest=evaluation.ballots_digest,
        last_recount=outcome.last_recount
        and RecountOut(
            at=outcome.last_recount.at,
            ballots=outcome.last_recount.ballots,
            matches=outcome.last_recount.matches,
            differences=outcome.last_recount.differences,
        ),
        preview=outcome.is_preview,
        results=[
            ResultOut(
                reporter_id=row.reporter.pk,
                organization_code=row.reporter.organization.code,
                organization_name=row.reporter.organization.name,
                secretary=row.reporter.person.name,
                counts=dict(r.counts),
                valid=r.valid,
                good_rate_percent=_text(r.good_rate, tally.percent),
                poor_rate_percent=_text(r.poor_rate, tally.percent),
                evaluation_score=_text(r.evaluation_score),
                routine_score=_text(r.routine_score),
                comprehensive_score=_text(r.comprehensive_score),
                grade=r.grade,
                grade_rule=r.grade_rule,
                rank=r.rank,
                categories=[_category(c) for c in r.categories if not c.hidden]
                + ([_category(r.hidden_combined)] if r.hidden_combined else []),
            )
            for row in outcome.rows
            for r in [row.overall]
        ],
    )
