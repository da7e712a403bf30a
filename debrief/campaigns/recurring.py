"""Problems that repeat one raised for the same organization in an earlier year.

A problem is raised in a leader's comment (meetings), in a report's problem section (reports) or
as a rectification ledger item (rectification); the flag "a similar problem was raised in an
earlier year" shows where each appears. Finding one compares the problems of every year of an
organization, across those apps, so the comparison lives above them all (in `oversight`, which
registers with `earlier_problems` in its AppConfig.ready()); the pages of the lower apps ask here
and never import it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from debrief.lib.hooks import Hook

from .models import Reporter


@dataclass(frozen=True)
class EarlierProblem:
    """The earlier problem a text repeats, to link to."""

    year: int
    text: str
    url: str
    similarity: float  # 0 to 1; at least the threshold of the answering app


# Called with a Reporter and a mapping of keys to problem texts raised for it; answers a dict of
# the keys whose text repeats a problem of the reporter's organization from an earlier year.
earlier_problems = Hook("problems repeating one raised for the same organization in an earlier year")


def earlier_problems_of(reporter: Reporter, texts: Mapping[Hashable, str]) -> dict[Hashable, EarlierProblem]:
    """For each text that repeats an earlier year's problem of the reporter's organization: that
    problem. Empty when nothing answers the hook or no text is given."""
    found: dict[Hashable, EarlierProblem] = {}
    if not texts:
        return found
    for answer in earlier_problems.results(reporter, texts):
        found.update(answer)
    return found
