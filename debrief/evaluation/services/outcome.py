"""The stored outcome: each reporter's counts and figures, written at close from the box's running
counts and the counted paper tallies, and brought up to date whenever a routine score changes."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _lazy

from debrief.campaigns.selectors import reporters_in_order
from debrief.lib import tally
from debrief.lib.hooks import Hook

from .. import paper_selectors, selectors
from ..models import BoxCount, Evaluation, ReporterOutcome
from .counts import RATING_INDEX

# Told the campaign's id whenever its stored outcome is written in bulk (saves send Django's signals).
outcome_changed = Hook("a campaign's stored outcome changed")


def outcome_figures(result: tally.ReporterResult) -> dict:
    """The figures stored for one reporter (scores and rates rounded half up to six places)."""

    def six(value):
        return None if value is None else tally.round_half_up(value, 6)

    return {
        "valid": result.valid,
        "evaluation_score": six(result.evaluation_score),
        "routine_score": result.routine_score,
        "comprehensive_score": six(result.comprehensive_score),
        "good_rate": six(result.good_rate),
        "poor_rate": six(result.poor_rate),
        "grade": result.grade or "",
        "grade_rule": result.grade_rule,
        "rank": result.rank,
    }


# The figures stored beside the counts, with the words a recount uses for them.
FIGURES = {
    "valid": _lazy("valid ballots"),
    "evaluation_score": _lazy("evaluation score"),
    "routine_score": _lazy("routine score"),
    "comprehensive_score": _lazy("comprehensive score"),
    "good_rate": _lazy("good rate"),
    "poor_rate": _lazy("poor rate"),
    "grade": _lazy("grade"),
    "grade_rule": _lazy("grading rule"),
    "rank": _lazy("rank"),
}


def outcome_rows(evaluation: Evaluation, counts: dict[int, dict]) -> list[selectors.ResultRow]:
    """Every reporter's figures tallied from counts, with the routine scores stored now."""
    reporters, sub_indicators = selectors.ballot_layout(evaluation)
    categories = list(evaluation.categories.all())
    scheme = selectors.tally_scheme(evaluation, categories=categories)
    routine = dict(evaluation.routine_scores.values_list("reporter_id", "score"))
    missing = scheme.routine_weight and any(r.pk not in routine for r in reporters)
    return selectors.tally_rows(
        scheme=scheme,
        reporters=reporters,
        sub_indicators=sub_indicators,
        categories=categories,
        counts=counts,
        routine=None if missing else routine,
    )


def stored_counts(evaluation: Evaluation, paper: Sequence[paper_selectors.PaperStatus]) -> dict[int, dict]:
    """Each reporter's counts by category and indicator: the box's running counts, and on the overall
    indicator the counted paper tallies."""
    width = 1 + evaluation.sub_indicators.count()
    reporters = list(reporters_in_order(evaluation.campaign).values_list("pk", flat=True))
    counts = {pk: {} for pk in reporters}

    def slots(reporter: int, category: int) -> list[list[int]]:
        return counts[reporter].setdefault(str(category), [[0, 0, 0, 0] for _ in range(width)])

    for box in BoxCount.objects.filter(evaluation=evaluation):
        for reporter, per_position in box.counts.items():
            for position, four in enumerate(per_position[:width]):
                target = slots(int(reporter), box.category_id)[position]
                for index, number in enumerate(four):
                    target[index] += number
    for status in paper:
        if status.counted:
            for reporter, row in status.counted.counts.items():
                target = slots(int(reporter), status.category.pk)[selectors.OVERALL]
                for rating, number in row.items():
                    target[RATING_INDEX[rating]] += number
    return counts


def outcome_store(*, evaluation: Evaluation, paper: Sequence[paper_selectors.PaperStatus]) -> None:
    """At close: store every reporter's counts and figures."""
    counts = stored_counts(evaluation, paper)
    ReporterOutcome.objects.filter(evaluation=evaluation).delete()
    ReporterOutcome.objects.bulk_create(
        ReporterOutcome(
            evaluation=evaluation,
            reporter=row.reporter,
            counts=counts[row.reporter.pk],
            **outcome_figures(row.overall),
        )
        for row in outcome_rows(evaluation, counts)
    )
    outcome_changed.results(evaluation.campaign_id)


def outcome_refresh(*, evaluation: Evaluation) -> None:
    """After a routine score changed: scores, grades and ranks follow from the stored counts."""
    stored = {o.reporter_id: o for o in ReporterOutcome.objects.filter(evaluation=evaluation)}
    changed = []
    for row in outcome_rows(evaluation, {pk: o.counts for pk, o in stored.items()}):
        outcome = stored[row.reporter.pk]
        figures = outcome_figures(row.overall)
        if any(getattr(outcome, name) != value for name, value in figures.items()):
            for name, value in figures.items():
                setattr(outcome, name, value)
            changed.append(outcome)
    ReporterOutcome.objects.bulk_update(changed, list(FIGURES))
    if changed:
        outcome_changed.results(evaluation.campaign_id)
