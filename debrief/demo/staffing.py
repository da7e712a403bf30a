"""Who holds which post in the demo tree: a plan computed from a fixed seed.

The plan depends only on the tree definition, never on the database, so every
run (and every test) sees the same secretaries with the same term dates. The
loader then writes whatever part of it is missing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from debrief.orgs.models import OrganizationType

from . import tree
from .names import NameGenerator

SEED = "debrief-demo-2024"

# Current secretaries took office in these years; an earlier secretary served
# between a little over a year and eight years before the current one.
CURRENT_TERMS = (datetime.date(2019, 1, 1), datetime.date(2023, 12, 31))
SHORTEST_EARLIER_TERM = datetime.timedelta(days=400)
LONGEST_EARLIER_TERM = datetime.timedelta(days=8 * 365)

# About a third of the organizations show a secretary history.
HISTORY_SHARE = 1 / 3

# A deputy secretary is usual in a committee, rare in a branch.
DEPUTY_SHARE = {
    OrganizationType.COMMITTEE: 0.5,
    OrganizationType.WORKING_COMMITTEE: 0.6,
    OrganizationType.PARTY_GROUP: 1.0,
    OrganizationType.GENERAL_BRANCH: 0.3,
    OrganizationType.BRANCH: 0.1,
}

# Staff who log in without holding a post in the tree: their names, by username.
STAFF = (
    "admin",
    "organizer",
    "observer",
    "street_organizer",
    "city_organizer",
    "province_organizer",
    "district_organizer",
    "town_organizer",
)


@dataclass(frozen=True)
class Term:
    name: str
    start: datetime.date


@dataclass(frozen=True)
class Staffing:
    secretaries: tuple[Term, ...]  # in order of appointment; the last one is current
    deputy: Term | None = None

    @property
    def current(self) -> Term:
        return self.secretaries[-1]


@dataclass(frozen=True)
class Plan:
    posts: dict[str, Staffing]  # by organization code
    staff: dict[str, str]  # person name by username


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _staffing(spec: tree.OrgSpec, rng: random.Random, names: NameGenerator) -> Staffing:
    current = Term(names(), _day_between(rng, *CURRENT_TERMS))
    secretaries = (current,)
    if rng.random() < HISTORY_SHARE:
        earlier_start = _day_between(
            rng, current.start - LONGEST_EARLIER_TERM, current.start - SHORTEST_EARLIER_TERM
        )
        secretaries = (Term(names(), earlier_start), current)
    deputy = None
    if rng.random() < DEPUTY_SHARE[spec.org_type]:
        deputy = Term(names(), _day_between(rng, *CURRENT_TERMS))
    return Staffing(secretaries, deputy)


def build_plan(root: tree.OrgSpec | None = None) -> Plan:
    root = root or tree.build_tree()
    rng = random.Random(SEED)
    names = NameGenerator(SEED)
    posts = {spec.code: _staffing(spec, rng, names) for spec, _parent in tree.walk(root)}
    staff = {username: names() for username in STAFF}
    return Plan(posts=posts, staff=staff)
