"""Reads about ballot codes: issuing beyond the expected evaluators, voided codes, codes by venue."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import BallotCode, Evaluation, EvaluatorCategory


@dataclass(frozen=True)
class CodesExcess:
    """Issuing `count` more codes of a category would give more live codes than it expects evaluators.
    Live codes are those issued and not voided: a voided code admits no one, so its replacement is
    no excess."""

    category: EvaluatorCategory
    count: int
    expected: int
    issued: int
    voided: int

    @property
    def live_after(self) -> int:
        return self.issued - self.voided + self.count

    @property
    def over(self) -> int:
        return self.live_after - self.expected


def codes_excess(category: EvaluatorCategory, count: int) -> CodesExcess | None:
    """The excess that issuing `count` more codes of `category` makes; None within the expected
    number, or when the category expects no set number (then codes issued count as expected)."""
    if category.expected is None:
        return None
    figures = BallotCode.objects.filter(category=category).aggregate(
        issued=Count("pk"), voided=Count("pk", filter=Q(voided_at__isnull=False))
    )
    excess = CodesExcess(category, count, category.expected, figures["issued"], figures["voided"])
    return excess if excess.over > 0 else None


def voided_codes(evaluation: Evaluation) -> list[BallotCode]:
    """The evaluation's voided codes with who voided them, latest first (one query)."""
    return list(
        BallotCode.objects.filter(evaluation=evaluation, voided_at__isnull=False)
        .select_related("category", "voided_by")
        .order_by("-voided_at", "-pk")
    )


# --- Turnout by venue -----------------------------------------------------------------------------


@dataclass(frozen=True)
class VenueTurnout:
    """Codes issued and used at one venue: counts only. Ballots carry no venue, so nothing of what
    was voted can be read by venue; a venue's figure says only how many of its codes were used."""

    venue: str  # a sub-venue's short code; blank: the main venue
    issued: int
    used: int


def turnout_by_venue(evaluation: Evaluation) -> dict[str, VenueTurnout]:
    """Codes issued and used per venue label, the main venue's under "" (one query)."""
    rows = (
        BallotCode.objects.filter(evaluation=evaluation)
        .values("venue")
        .annotate(issued=Count("pk"), used=Count("pk", filter=Q(used=True)))
        .order_by("venue")
    )
    return {row["venue"]: VenueTurnout(row["venue"], row["issued"], row["used"]) for row in rows}
