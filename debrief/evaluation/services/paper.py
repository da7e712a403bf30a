"""Paper ballots: each category's counts, entered by two organizers independently."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from debrief.campaigns.selectors import reporters_in_order
from debrief.lib.text import join_clauses

from ..models import Evaluation, EvaluatorCategory, PaperTally, Rating
from .errors import EvaluationError


def _read_paper_counts(reporters, ballots: int, counts: Mapping[int, Mapping[str, object]]) -> dict:
    table, problems = {}, []
    for reporter in reporters:
        row = {}
        for rating in Rating.values:
            value = (counts.get(reporter.pk) or {}).get(rating, 0)
            try:
                number = int(str(value).strip() or 0)
            except ValueError:
                number = -1
            if number < 0:
                problems.append(
                    _("%(name)s: “%(value)s” is not a number of ballots")
                    % {"name": reporter.person.name, "value": value}
                )
                number = 0
            row[rating] = number
        if sum(row.values()) != ballots:
            problems.append(
                _("%(name)s: the counts add up to %(sum)d, not to the %(ballots)d paper ballots")
                % {"name": reporter.person.name, "sum": sum(row.values()), "ballots": ballots}
            )
        table[str(reporter.pk)] = row
    if problems:
        raise EvaluationError(
            _("The paper tally was not saved: %(problems)s.") % {"problems": join_clauses(problems)}
        )
    return table


@transaction.atomic
def paper_tally_enter(
    *,
    evaluation: Evaluation,
    category: EvaluatorCategory,
    user,
    ballots: int,
    counts: Mapping[int, Mapping[str, object]],
) -> PaperTally:
    """One organizer's entry of a category's paper ballots (counts per reporter and rating).

    The first organizer's entry is entry 1; another organizer's independent entry is entry 2; each
    may correct their own. The tally counts only when the two match exactly.
    """
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not evaluation.is_open:
        raise EvaluationError(_("Paper tallies are entered while voting is open, before it closes."))
    if category.evaluation_id != evaluation.pk:
        raise EvaluationError(_("That category belongs to another evaluation."))
    if ballots < 0:
        raise EvaluationError(_("The number of paper ballots cannot be negative."))
    table = _read_paper_counts(list(reporters_in_order(evaluation.campaign)), ballots, counts)
    entries = {t.entry: t for t in PaperTally.objects.filter(category=category)}
    mine = next((t for t in entries.values() if t.entered_by_id == user.pk), None)
    if mine is None and len(entries) >= 2:
        raise EvaluationError(_("Two organizers have already entered this category's paper ballots."))
    tally_row = mine or PaperTally(
        evaluation=evaluation, category=category, entry=1 if 1 not in entries else 2, entered_by=user
    )
    tally_row.ballots, tally_row.counts = ballots, table
    tally_row.save()
    return tally_row
