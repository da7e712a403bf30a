"""The minutes' democratic evaluation section (民主测评), in the language `minutes` sets.

Turnout by evaluator category as soon as the evaluation exists (so far, while voting is open).
The results are the notice's to announce: only once the campaign is published do the minutes give
the grade distribution and each reporter's grade in rank order; before that they say the results
come with the notice.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from debrief.campaigns.models import Campaign, CampaignState
from debrief.evaluation.models import Evaluation, EvaluationState, Rating
from debrief.evaluation.selectors import Results, evaluation_of, published_results, turnout
from debrief.lib.docx_writer import Section
from debrief.lib.tally import percent, round_half_up
from debrief.lib.text import join_names

# From publication on, the results are public: the minutes may give them.
RESULTS_PUBLIC = (CampaignState.PUBLISHED, CampaignState.RECTIFYING, CampaignState.ARCHIVED)


def evaluation_section(campaign: Campaign) -> Section:
    section = Section(heading=_("Democratic evaluation"))
    lines = section.paragraphs
    evaluation = evaluation_of(campaign)
    if evaluation is None:
        lines.append(_("The democratic evaluation has not been set up."))
        return section
    lines.extend(_turnout(evaluation))
    if campaign.state in RESULTS_PUBLIC and evaluation.is_closed:
        lines.extend(_results(published_results(evaluation)))
    else:
        lines.append(_("The results of the evaluation are published with the notice."))
    return section


def _turnout(evaluation: Evaluation) -> list[str]:
    if evaluation.state == EvaluationState.SETUP:
        return [_("Voting has not opened yet.")]
    figures = turnout(evaluation)
    lines = [
        _("Voting is still open; the turnout so far by evaluator category:")
        if evaluation.is_open
        else _("Turnout by evaluator category:")
    ]
    lines += [
        _("%(category)s: %(voted)d of %(expected)d expected evaluators voted.")
        % {"category": row.category.name, "voted": row.voted, "expected": row.expected}
        for row in figures.rows
    ]
    if figures.share is not None:
        lines.append(
            _("In all, %(voted)d of %(expected)d expected evaluators voted (%(percent)s%%).")
            % {"voted": figures.voted, "expected": figures.expected, "percent": percent(figures.share)}
        )
    if evaluation.is_closed and figures.quorum_label:
        quorum = {"quorum": figures.quorum_label}
        lines.append(
            _("The quorum (more than %(quorum)s) was met.") % quorum
            if figures.quorum_met
            else _("The quorum (more than %(quorum)s) was not met.") % quorum
        )
    return lines


def _results(outcome: Results) -> list[str]:
    """The grade distribution, then every reporter by rank (those without a rank last)."""
    counts = join_names(
        _("%(grade)s: %(count)d") % {"grade": label, "count": count}
        for _value, label, count in outcome.grade_distribution
    )
    lines = [_("Grade distribution: %(counts)s.") % {"counts": counts}]
    if outcome.last_recount and not outcome.last_recount.matches:
        lines.append(_("The latest recount found differences from the outcome stored at close."))
    lines.append(_("Grades in rank order:"))
    grades = dict(Rating.choices)
    ranked = sorted(outcome.rows, key=lambda row: (row.overall.rank is None, row.overall.rank or 0))
    for row in ranked:
        result = row.overall
        score = result.comprehensive_score
        lines.append(
            _("%(rank)s. %(org)s, secretary %(name)s: %(grade)s (comprehensive score %(score)s)")
            % {
                "rank": result.rank if result.rank is not None else "—",
                "org": row.reporter.organization.name,
                "name": row.reporter.person.name,
                "grade": grades[result.grade] if result.grade else _("no grade"),
                "score": round_half_up(score) if score is not None else "—",
            }
        )
    return lines
