"""The calculation sheet (计算说明): how a reporter's score, grade and rank came about, in words.

Every figure comes from `lib.tally` (whose docstring states the rules) and is rounded only for
display: scores by `tally.round_half_up`, rates and weights by `tally.percent`.

Anonymity. A category hidden for a reporter (`CategoryTally.hidden`: too few ballots) is never
shown on its own, and never named: its figures appear only inside `hidden_combined`, which the sheet
calls "small categories combined". Naming the combined categories would single one out whenever a
single category is hidden. Totals (ballots, rates, scores) always count every ballot.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext, gettext_noop, ngettext

from debrief.lib import tally
from debrief.lib.text import join_names

from .models import Rating
from .shares import share_label


def category_columns(results) -> list[str]:
    """The categories that may be shown as columns of their own, in the scheme's order.

    Whether a category is hidden is decided per reporter, but a column shows a category for every
    reporter; so a category gets a column only if it is hidden for no reporter on the overall rating.
    Where a category without a column is hidden, its figures appear only in that reporter's
    `hidden_combined`; where it is shown, they appear in that reporter's calculation sheet.
    """
    hidden = {t.category for row in results.rows for t in row.overall.categories if t.hidden}
    return [category for category in results.scheme.category_weights if category not in hidden]


def calculation_sheet(results, row) -> list[str]:
    """The lines of a reporter's calculation sheet (no heading); row is a `selectors.ResultRow`."""
    result, scheme = row.overall, results.scheme
    if not result.valid:
        return [grade_rule_text(results, result)]
    lines = [*_category_lines(scheme, result), *_score_lines(result), *_rate_lines(scheme, result)]
    if result.comprehensive_score is not None:
        lines.append(_comprehensive_line(scheme, result))
    lines.append(grade_rule_text(results, result))
    if result.rank is not None:
        lines.append(_rank_line(results, result))
    return lines


def unsubmitted_flag(row) -> str:
    """The mark of a reporter whose report was never submitted ("" otherwise), e.g.
    "Report not submitted (Draft)"; `unsubmitted_meaning` says what it means."""
    if not row.report_unsubmitted:
        return ""
    return gettext("Report not submitted (%(state)s)") % {"state": row.report_unsubmitted}


def unsubmitted_meaning() -> str:
    return gettext(
        '"Report not submitted" means that the debrief report was not started, is still a draft, or was '
        "returned and not submitted again: the evaluators rated the reporter without a submitted report."
    )


def _number(value: Decimal) -> str:
    """A setting as typed, without trailing zeros: 30.00 -> 30, 85.5 -> 85.5."""
    return f"{Decimal(value).normalize():f}"


def _counts(counts) -> str:
    return join_names(
        gettext("%(rating)s %(count)d") % {"rating": Rating(r).label, "count": counts[r]}
        for r in tally.RATINGS
    )


def _category_lines(scheme: tally.Scheme, result: tally.ReporterResult) -> list[str]:
    lines = []
    for t in result.categories:
        if not t.valid:
            message = gettext(
                "%(category)s: no ballots; its weight of %(weight)s%% goes to the categories that voted."
            )
            lines.append(message % {"category": t.category, "weight": _number(t.weight)})
        elif not t.hidden:
            formula = " + ".join(f"{t.counts[r]} × {_number(scheme.points[r])}" for r in tally.RATINGS)
            average = f"({formula}) / {t.valid} = {tally.round_half_up(t.average_points)}"
            lines.append(_category_line(t, t.category, average))
    if (combined := result.hidden_combined) is not None:
        number = sum(1 for t in result.categories if t.hidden)
        label = ngettext(
            "%(number)d small category, unnamed (fewer than %(k)d ballots; its name is withheld to keep the evaluators anonymous)",
            "%(number)d small categories combined (fewer than %(k)d ballots each or together; shown only combined to keep the evaluators anonymous)",
            number,
        ) % {"number": number, "k": scheme.min_category_ballots_shown}
        average = gettext("%(average)s, weighted by the categories' weights") % {
            "average": tally.round_half_up(combined.average_points)
        }
        lines.append(_category_line(combined, label, average))
    if any(not t.valid for t in result.categories):
        voting = sum(t.weight for t in result.categories if t.valid)
        message = gettext(
            "Effective weights are the weights as set, re-normalized over the categories that voted (%(voting)s%% together) so that they add up to 100%%."
        )
        lines.append(message % {"voting": _number(voting)})
    return lines


def _category_line(t: tally.CategoryTally, label: str, average: str) -> str:
    message = gettext(
        "%(category)s: %(counts)s; %(valid)d valid ballots, average points %(average_text)s; "
        "weight %(weight)s%%, effective weight %(effective)s%%; contribution %(effective)s%% × %(average)s = %(contribution)s."
    )
    return message % {
        "category": label,
        "average_text": average,
        "counts": _counts(t.counts),
        "valid": t.valid,
        "average": tally.round_half_up(t.average_points),
        "weight": _number(t.weight),
        "effective": tally.percent(t.effective_weight),
        "contribution": tally.round_half_up(t.contribution),
    }


def _score_lines(result: tally.ReporterResult) -> list[str]:
    parts = [t for t in result.categories if t.valid and not t.hidden]
    parts += [result.hidden_combined] if result.hidden_combined is not None else []
    terms = [tally.round_half_up(t.contribution) for t in parts]
    score = tally.round_half_up(result.evaluation_score)
    expression = " + ".join(map(str, terms)) + f" = {score}" if len(terms) > 1 else str(score)
    message = gettext("Evaluation score (the sum of the contributions): %(expression)s.")
    lines = [message % {"expression": expression}]
    if sum(terms) != score:
        message = gettext(
            "Figures are rounded for display; the score is computed exactly, so the rounded parts may not add up to the rounded total."
        )
        lines.append(message)
    return lines


def _rate_lines(scheme: tally.Scheme, result: tally.ReporterResult) -> list[str]:
    good = ["excellent", "good"] if scheme.good_rate_counts_good else ["excellent"]
    lines = []
    for name, ratings, rate in (
        (gettext("Good rate"), good, result.good_rate),
        (gettext("Poor rate"), ["poor"], result.poor_rate),
    ):
        labels = " + ".join(str(Rating(r).label) for r in ratings)
        numbers = " + ".join(str(result.counts[r]) for r in ratings)
        if len(ratings) > 1:
            labels, numbers = f"({labels})", f"({numbers})"
        message = gettext("%(name)s = %(labels)s / valid ballots = %(numbers)s / %(valid)d = %(rate)s%%.")
        values = {"name": name, "labels": labels, "numbers": numbers, "valid": result.valid}
        lines.append(message % {**values, "rate": tally.percent(rate)})
    return lines


def _comprehensive_line(scheme: tally.Scheme, result: tally.ReporterResult) -> str:
    score = _score(scheme, result.comprehensive_score)
    if not scheme.routine_weight:
        return gettext(
            "The evaluation weighs 100%%, so the comprehensive score is the evaluation score: %(score)s."
        ) % {"score": score}
    return gettext(
        "Comprehensive score = evaluation weight %(evaluation_weight)s%% × evaluation score %(evaluation)s "
        "+ routine weight %(routine_weight)s%% × routine assessment score %(routine)s = %(score)s."
    ) % {
        "evaluation_weight": _number(scheme.evaluation_weight),
        "evaluation": tally.round_half_up(result.evaluation_score),
        "routine_weight": _number(scheme.routine_weight),
        "routine": _number(result.routine_score),
        "score": score,
    }


def _score(scheme: tally.Scheme, score: Fraction) -> Decimal:
    """2 decimals, or 6 where 2 would seem to reach a band the exact score misses (89.996 is no 90)."""
    shown = tally.round_half_up(score)
    return (
        tally.round_half_up(score, 6) if any(score < low <= shown for low, _ in scheme.grade_bands) else shown
    )


def _share(value: Fraction) -> str:
    return share_label(f"{value.numerator}/{value.denominator}")


_RULES = {
    "no_ballots": gettext_noop("No ballots were cast for this reporter: no score, grade or rank."),
    "no_routine_score": gettext_noop(
        "The routine assessment score is missing: the comprehensive score, grade and rank wait for it."
    ),
    "poor_rate": gettext_noop(
        "Poor rate %(rate)s%% reaches the threshold %(threshold)s: graded “%(grade)s” regardless of the score."
    ),
    "band": gettext_noop(
        "Poor rate %(rate)s%% is below the threshold %(threshold)s, and the comprehensive score %(score)s reaches "
        "%(low)s, the lowest score for “%(grade)s”: graded “%(grade)s”."
    ),
    "band_without_threshold": gettext_noop(
        "Comprehensive score %(score)s reaches %(low)s, the lowest score for “%(grade)s”: graded “%(grade)s”."
    ),
    "below_bands": gettext_noop(
        "Comprehensive score %(score)s is below %(low)s, the lowest score for “%(lowest)s”: graded “%(grade)s”."
    ),
    "excellent_cap": gettext_noop(
        "Comprehensive score %(score)s reaches %(low)s, the lowest score for “%(excellent)s”, but at most %(cap)d "
        "of the %(total)d reporters (%(share)s) may be graded “%(excellent)s”, and this score, with any tied to "
        "it, is not among them: graded “%(grade)s”."
    ),
}


def grade_rule_text(results, result: tally.ReporterResult) -> str:
    """The sentence naming the rule that decided a reporter's grade (or why there is none)."""
    scheme, rule = results.scheme, result.grade_rule
    if result.grade is None:
        return gettext(_RULES[rule])
    threshold, (low, lowest) = scheme.poor_rate_threshold, scheme.grade_bands[-1]
    if rule.startswith("band:"):
        low = Decimal(rule.removeprefix("band:"))
        rule = "band" if threshold is not None else "band_without_threshold"
    elif rule == "excellent_cap":
        low = next(low for low, grade in scheme.grade_bands if grade == "excellent")
    return gettext(_RULES[rule]) % {
        "score": _score(scheme, result.comprehensive_score),
        "grade": Rating(result.grade).label,
        "rate": tally.percent(result.poor_rate),
        "threshold": _share(threshold) if threshold is not None else "",
        "low": _number(low),
        "lowest": Rating(lowest).label,
        "excellent": Rating.EXCELLENT.label,
        "cap": result.excellent_cap_count or 0,
        "total": len(results.rows),
        "share": _share(scheme.excellent_grade_cap) if scheme.excellent_grade_cap is not None else "",
    }


def _rank_line(results, result: tally.ReporterResult) -> str:
    ranked = [row.overall.comprehensive_score for row in results.rows if row.overall.rank is not None]
    tied = ranked.count(result.comprehensive_score) - 1
    values = {"rank": result.rank, "total": len(ranked), "tied": tied}
    if not tied:
        return gettext("Rank %(rank)d of %(total)d by comprehensive score.") % values
    return (
        ngettext(
            "Rank %(rank)d of %(total)d by comprehensive score, shared with %(tied)d other reporter of equal score.",
            "Rank %(rank)d of %(total)d by comprehensive score, shared with %(tied)d other reporters of equal score.",
            tied,
        )
        % values
    )
