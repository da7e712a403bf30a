"""The box's running counts: each batch of ballots adds its ratings as it enters, so closing reads a
few rows per category instead of counting every rating of every ballot."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from debrief.lib import tally

from ..models import BoxCount

RATING_INDEX = {rating: index for index, rating in enumerate(tally.RATINGS)}


def ballot_digest(category_name: str, ratings: Mapping[str, Sequence[str | None]]) -> str:
    """A ballot's own digest, as lib.tally defines it: its category's name and its ratings."""
    return tally.ballot_digest(
        {
            "category": category_name,
            "ratings": {
                (int(reporter), position): rating
                for reporter, values in ratings.items()
                for position, rating in enumerate(values)
                if rating is not None
            },
        }
    )


def counts_add(counts: dict[str, list[list[int]]], ratings: Mapping[str, Sequence[str | None]]) -> None:
    """Add one ballot's ratings to counts shaped {"<reporter id>": [[excellent, good, fair, poor], ...]}
    (the overall indicator first, then each sub-indicator)."""
    for reporter, values in ratings.items():
        slots = counts.setdefault(reporter, [])
        while len(slots) < len(values):
            slots.append([0, 0, 0, 0])
        for position, rating in enumerate(values):
            if rating is not None:
                slots[position][RATING_INDEX[rating]] += 1


def box_count_locked(*, evaluation_id: int, category_id: int) -> BoxCount:
    """The category's running count, locked until the batch that adds to it commits, with the
    category's name (which the ballots' digests need). Opening voting creates it."""
    return (
        BoxCount.objects.select_for_update(of=("self",))
        .select_related("category")
        .get(evaluation_id=evaluation_id, category_id=category_id)
    )


def box_count_add(box: BoxCount, ballots: Iterable[Mapping]) -> None:
    """Add ballots of the box's category to its count, in the transaction that puts them in the box."""
    for ratings in ballots:
        counts_add(box.counts, ratings)
        box.ballots += 1
    box.save(update_fields=["ballots", "counts"])
