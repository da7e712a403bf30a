"""Paper tallies: each category's two entries by different organizers, and whether they match."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from debrief.campaigns.models import Reporter
from debrief.campaigns.selectors import reporters_in_order

from .models import Evaluation, EvaluatorCategory, PaperTally, Rating


@dataclass(frozen=True)
class PaperStatus:
    category: EvaluatorCategory
    entries: list[PaperTally]
    matched: bool  # two entries by different organizers, identical
    mismatches: list[
        tuple[Reporter | None, str, int, int]
    ]  # (reporter or None for the total, rating, 1st, 2nd)

    @property
    def counted(self) -> PaperTally | None:
        return self.entries[0] if self.matched else None


def paper_status(
    evaluation: Evaluation,
    *,
    categories: Sequence[EvaluatorCategory] | None = None,
    reporters: Sequence[Reporter] | None = None,
) -> list[PaperStatus]:
    """Each category's paper entries; `categories` and `reporters`, when the caller has read them,
    are not read again (reporters are read only to compare two entries)."""
    entries: dict[int, list[PaperTally]] = {}
    for row in PaperTally.objects.filter(evaluation=evaluation).select_related("entered_by", "category"):
        entries.setdefault(row.category_id, []).append(row)
    if categories is None:
        categories = evaluation.categories.all()
    statuses = []
    for category in categories:
        rows = sorted(entries.get(category.pk, []), key=lambda t: t.entry)
        mismatches = []
        if len(rows) == 2:
            first, second = rows
            if first.ballots != second.ballots:
                mismatches.append((None, "ballots", first.ballots, second.ballots))
            if reporters is None:
                reporters = list(reporters_in_order(evaluation.campaign))
            for reporter in reporters:
                a, b = first.counts.get(str(reporter.pk), {}), second.counts.get(str(reporter.pk), {})
                mismatches += [
                    (reporter, rating, a.get(rating, 0), b.get(rating, 0))
                    for rating in Rating.values
                    if a.get(rating, 0) != b.get(rating, 0)
                ]
        statuses.append(
            PaperStatus(category, rows, matched=len(rows) == 2 and not mismatches, mismatches=mismatches)
        )
    return statuses
