"""The results of a closed evaluation: the table and chart, each reporter's calculation sheet, the XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.campaigns import selectors as campaign_selectors
from debrief.lib import downloads, tally

from . import explain, exports, selectors, services
from .models import Rating
from .views import context


def _closed_evaluation(request, pk: int):
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=False).campaign
    evaluation = selectors.evaluation_of(campaign)
    if evaluation is None or not evaluation.is_closed:
        # No results page exists before close: nothing to leak, not even an empty table.
        raise Http404
    return campaign, evaluation


SORT_KEYS = {
    "rank": lambda row: (row.overall.rank is None, row.overall.rank or 0),
    "score": lambda row: -(row.overall.comprehensive_score or -1),
    "evaluation": lambda row: -(row.overall.evaluation_score or -1),
    "good_rate": lambda row: -(row.overall.good_rate or -1),
    "poor_rate": lambda row: -(row.overall.poor_rate or -1),
    "routine": lambda row: -(row.overall.routine_score or -1),
    "order": None,
}


@login_required
def results(request, pk: int):
    campaign, evaluation = _closed_evaluation(request, pk)
    outcome = selectors.results(evaluation)
    sort = request.GET.get("sort", "rank")
    rows = list(outcome.rows)
    if SORT_KEYS.get(sort):
        rows.sort(key=SORT_KEYS[sort])
    # Highest first, as ranked; the chart draws the first on top.
    chart = sorted(
        (
            row
            for row in outcome.rows
            if row.overall.comprehensive_score is not None or row.overall.evaluation_score is not None
        ),
        key=lambda row: -(row.overall.comprehensive_score or row.overall.evaluation_score),
    )
    shown = [
        tally.round_half_up(row.overall.comprehensive_score or row.overall.evaluation_score) for row in chart
    ]
    return render(
        request,
        "evaluation/results.html",
        context(
            request,
            campaign,
            evaluation,
            results=outcome,
            rows=rows,
            sort=sort,
            unsubmitted_meaning=explain.unsubmitted_meaning(),
            routine_may_change=services.routine_editable(campaign),
            chart_data={
                "names": [row.reporter.organization.name for row in chart],
                "scores": [float(score) for score in shown],
                "labels": [str(score) for score in shown],  # two decimals, as in the table
                "grades": [row.overall.grade or "" for row in chart],
                "score_label": _("Comprehensive score") if not outcome.is_preview else _("Evaluation score"),
                "grade_labels": dict(Rating.choices),
            },
            distribution=[
                {"name": label, "value": n, "grade": value} for value, label, n in outcome.grade_distribution
            ],
        ),
    )


@login_required
def results_sheet(request, pk: int, reporter_id: int):
    campaign, evaluation = _closed_evaluation(request, pk)
    outcome = selectors.results(evaluation)
    row = next((row for row in outcome.rows if row.reporter.pk == reporter_id), None)
    if row is None:
        raise Http404
    return render(
        request,
        "evaluation/sheet.html",
        context(
            request,
            campaign,
            evaluation,
            results=outcome,
            row=row,
            lines=explain.calculation_sheet(outcome, row),
            unsubmitted_meaning=explain.unsubmitted_meaning(),
        ),
    )


@login_required
def results_xlsx(request, pk: int):
    campaign, evaluation = _closed_evaluation(request, pk)
    return downloads.attachment(
        exports.results_xlsx(selectors.results(evaluation)),
        downloads.XLSX,
        _("Evaluation results - %(title)s.xlsx") % {"title": campaign.title},
    )


@login_required
@require_POST
def recount(request, pk: int):
    """The 复核: count the stored ballots afresh and compare; what differs shows on the results page."""
    campaign = campaign_selectors.get_campaign_for_user(request.user, pk, manage=True).campaign
    evaluation = selectors.evaluation_of(campaign)
    if evaluation is None or not evaluation.is_closed:
        raise Http404
    found = services.evaluation_recount(evaluation=evaluation, user=request.user)
    if found.matches:
        messages.success(
            request,
            _("%(n)d ballots recounted: the stored outcome and the digests match.") % {"n": found.ballots},
        )
    else:
        messages.error(request, _("The recount found differences; they are listed under “Recount”."))
    return redirect(reverse("evaluation:results", args=[campaign.pk]) + "#recount")
