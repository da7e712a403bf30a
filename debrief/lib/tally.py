"""Exact tally of a democratic evaluation (民主测评): scores, rates, grades and ranks.

One function, `tally`, computes every figure; the results page, the XLSX export, the API and the
per-reporter calculation sheet all read its result. It works on aggregated counts per reporter,
evaluator category and rating, so electronic ballots and entered paper tallies go through the same code.

Exactness. Inputs (points, weights, routine scores) are Decimals or ints, never floats. Every
figure is computed and kept as an exact `Fraction` (a weight re-normalized over 70% is 3/7, which
no Decimal holds), and grades, caps and ranks are decided on these exact values. Figures are rounded
only for display, by `round_half_up` (scores: ROUND_HALF_UP to 2 decimals) and `percent` (rates and
weights: x 100, ROUND_HALF_UP to 2 decimals). A score of 89.996 therefore shows as 90.00 yet is
graded 较好; a page may show more places (`round_half_up(score, 6)`) where that would puzzle.

Rules decided here (the domain defaults are settings of `Scheme`):
- Evaluation score = sum over categories of weight x average points, re-normalized over the
  categories that cast ballots for that reporter. A reporter without ballots gets no score, grade or
  rank (grade_rule "no_ballots").
- Comprehensive score = evaluation weight x evaluation score + (100 - evaluation weight) x routine
  score. Routine scores are required for every reporter (missing ones raise `TallyError`, listing
  them) unless the evaluation weight is 100 or `routine_scores` is None; None is an explicit preview
  of the evaluation alone: no comprehensive score, grade or rank (grade_rule "no_routine_score").
- Grade: 差 when poor rate >= threshold ("poor_rate"); otherwise the first band the comprehensive
  score reaches ("band:90"), else 差 ("below_bands").
- Cap on 好 grades: floor(cap x number of reporters) reporters may keep 好, by comprehensive score.
  The cap is a ceiling: a group tied at the boundary that would exceed it loses 好 as a whole, since
  equal scores get equal grades. The others become 较好 ("excellent_cap").
- Rank by comprehensive score, descending; equal scores share a rank (1, 2, 2, 4).
- k-anonymity: a category with fewer than `min_category_ballots_shown` ballots (but some) is
  hidden. Since totals minus the shown categories would give it away, the smallest other categories
  are hidden with it until the hidden ones hold at least that many ballots together; the calculation
  sheet shows them only combined (`hidden_combined`). Totals always count every ballot.
- Sub-indicators are tallied by calling `tally` with that indicator's counts and routine_scores=None:
  categories and evaluation score, no grade. Grades follow the overall indicator only.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from math import floor
from types import MappingProxyType

RATINGS = ("excellent", "good", "fair", "poor")  # 好 较好 一般 差, in this order
DEFAULT_POINTS = MappingProxyType(dict(zip(RATINGS, map(Decimal, (100, 85, 70, 50)), strict=True)))
DEFAULT_BANDS = ((Decimal(90), "excellent"), (Decimal(80), "good"), (Decimal(60), "fair"))


class TallyError(ValueError):
    """The input cannot be tallied; the message says why."""


class SchemeError(TallyError):
    """A scheme's settings are inconsistent, or counts do not fit the scheme."""


def _decimal(value: object, what: str, error: type[TallyError] = TallyError) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or not Decimal(value).is_finite():
        raise error(f"{what} must be a finite Decimal or int, not {value!r}")
    return Decimal(value)


def _fraction(value: object, what: str) -> Fraction:
    exact = value if isinstance(value, int | Fraction) and not isinstance(value, bool) else None
    if isinstance(value, Decimal) and value.is_finite():
        exact = Fraction(value)
    if exact is None or not 0 <= exact <= 1:
        raise SchemeError(f"{what} must be a Fraction, Decimal or int from 0 to 1, not {value!r}")
    return Fraction(exact)


def _require(condition: object, message: str) -> None:
    if not condition:
        raise SchemeError(message)


@dataclass(frozen=True)
class Scheme:
    category_weights: Mapping[str, Decimal]  # category -> weight in percent; they sum to 100
    points: Mapping[str, Decimal] = field(default_factory=lambda: DEFAULT_POINTS)  # rating -> points
    evaluation_weight: Decimal = Decimal(60)  # percent; the routine assessment weighs the rest
    good_rate_counts_good: bool = True  # good rate = (好 + 较好) / valid; False: 好 / valid
    poor_rate_threshold: Fraction | None = Fraction(1, 3)  # 差 when poor rate >= this; None: no rule
    grade_bands: tuple[tuple[Decimal, str], ...] = DEFAULT_BANDS  # (lowest score, grade), falling
    excellent_grade_cap: Fraction | None = None  # share of reporters who may be graded 好
    min_category_ballots_shown: int = 5

    def __post_init__(self) -> None:
        weights = {
            k: _decimal(w, f"the weight of {k!r}", SchemeError) for k, w in self.category_weights.items()
        }
        _require(weights and all(isinstance(k, str) and k for k in weights), "categories need names")
        _require(all(w > 0 for w in weights.values()), f"category weights must be positive: {weights}")
        total = sum(weights.values())
        _require(total == 100, f"category weights must sum to 100 (percent), but they sum to {total}")
        _require(set(self.points) == set(RATINGS), f"points must be set for exactly the ratings {RATINGS}")
        points = {r: _decimal(self.points[r], f"points for {r!r}", SchemeError) for r in RATINGS}
        _require(all(points[a] > points[b] for a, b in pairwise(RATINGS)), "points must fall from 好 to 差")
        evaluation_weight = _decimal(self.evaluation_weight, "the evaluation weight", SchemeError)
        _require(0 <= evaluation_weight <= 100, "the evaluation weight is a percentage from 0 to 100")
        threshold, cap = self.poor_rate_threshold, self.excellent_grade_cap
        threshold = None if threshold is None else _fraction(threshold, "the poor-rate threshold")
        cap = None if cap is None else _fraction(cap, "the cap on 好 grades")
        bands = tuple((_decimal(low, "a band's lowest score", SchemeError), g) for low, g in self.grade_bands)
        _require(all(g in RATINGS for _, g in bands), f"grade bands must name grades among {RATINGS}")
        _require(
            all(a[0] > b[0] for a, b in pairwise(bands)), "grade bands must run from the highest score down"
        )
        k = self.min_category_ballots_shown
        _require(
            type(k) is int and k >= 1, "the least number of ballots shown per category must be 1 or more"
        )
        for name, value in (
            ("category_weights", MappingProxyType(weights)),
            ("points", MappingProxyType(points)),
            ("evaluation_weight", evaluation_weight),
            ("poor_rate_threshold", threshold),
            ("excellent_grade_cap", cap),
            ("grade_bands", bands),
        ):
            object.__setattr__(self, name, value)

    @property
    def routine_weight(self) -> Decimal:
        return 100 - self.evaluation_weight


@dataclass(frozen=True)
class CategoryTally:
    category: str | None  # None: the hidden categories combined
    counts: Mapping[str, int]  # rating -> ballots, every rating present
    valid: int
    average_points: Fraction | None  # None without ballots; combined: weighted like the score
    good_rate: Fraction | None
    poor_rate: Fraction | None
    weight: Decimal  # percent, as set in the scheme (summed when combined)
    effective_weight: Fraction  # share in the evaluation score after re-normalization; 0 without ballots
    hidden: bool  # too few ballots to show on its own: show only `hidden_combined`

    @property
    def contribution(self) -> Fraction | None:
        """Points this category adds to the evaluation score."""
        return None if self.average_points is None else self.effective_weight * self.average_points


@dataclass(frozen=True)
class ReporterResult:
    reporter: Hashable
    categories: tuple[CategoryTally, ...]  # in the scheme's order, hidden ones included
    hidden_combined: CategoryTally | None  # what may be shown of the hidden categories
    counts: Mapping[str, int]  # all categories
    valid: int
    good_rate: Fraction | None
    poor_rate: Fraction | None
    evaluation_score: Fraction | None
    routine_score: Decimal | None
    comprehensive_score: Fraction | None
    grade: str | None
    # "no_ballots", "no_routine_score", "poor_rate", "band:<lowest score>", "below_bands", "excellent_cap"
    grade_rule: str
    rank: int | None
    excellent_cap_count: int | None  # how many reporters may be graded 好; None without a cap


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """The display rule for scores: ROUND_HALF_UP (halves away from zero) to `places` decimals."""
    exact = Fraction(value)
    digits = floor(abs(exact) * 10**places + Fraction(1, 2))
    return Decimal(-digits if exact < 0 else digits).scaleb(-places)


def percent(rate: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """The display rule for rates and weights: as a percentage, ROUND_HALF_UP to `places` decimals."""
    return round_half_up(Fraction(rate) * 100, places)


def _category(
    scheme: Scheme,
    category: str | None,
    counts: dict[str, int],
    weight: Decimal,
    share: Fraction,
    *,
    hidden: bool = False,
    average: Fraction | None = None,
) -> CategoryTally:
    valid = sum(counts.values())
    good = counts["excellent"] + (counts["good"] if scheme.good_rate_counts_good else 0)
    if valid and average is None:
        # Decimal points times whole counts add up exactly; one Fraction instead of one per rating.
        average = Fraction(sum(scheme.points[r] * n for r, n in counts.items())) / valid
    return CategoryTally(
        category=category,
        counts=MappingProxyType(counts),
        valid=valid,
        average_points=average if valid else None,
        good_rate=Fraction(good, valid) if valid else None,
        poor_rate=Fraction(counts["poor"], valid) if valid else None,
        weight=weight,
        effective_weight=share if valid else Fraction(0),
        hidden=hidden,
    )


def _combined(scheme: Scheme, parts: Sequence[CategoryTally]) -> CategoryTally:
    """Several categories as one; its average is weighted as in the score, so share x average adds up."""
    share = sum(t.effective_weight for t in parts)
    average = sum(t.contribution for t in parts if t.valid) / share if share else None
    counts = {r: sum(t.counts[r] for t in parts) for r in RATINGS}
    return _category(scheme, None, counts, sum(t.weight for t in parts), share, average=average)


def _hidden(valid: Mapping[str, int], least: int) -> set[str]:
    hidden = {category for category, n in valid.items() if 0 < n < least}
    while hidden and sum(valid[c] for c in hidden) < least:
        partners = [c for c, n in valid.items() if n and c not in hidden]
        if not partners:
            break
        hidden.add(min(partners, key=valid.__getitem__))  # the smallest; the scheme's order breaks ties
    return hidden


def _read_counts(scheme: Scheme, reporters: set[Hashable], counts: Mapping) -> dict[tuple, dict[str, int]]:
    table = {}
    for key, ratings in counts.items():
        if not isinstance(key, tuple) or len(key) != 2:
            raise TallyError(f"counts are keyed by (reporter, category), not {key!r}")
        if key[0] not in reporters:
            raise TallyError(f"counts name reporter {key[0]!r}, who is not among the reporters")
        if key[1] not in scheme.category_weights:
            known = list(scheme.category_weights)
            raise SchemeError(f"counts name category {key[1]!r}, which the scheme does not define: {known}")
        for rating, n in ratings.items():
            if rating not in RATINGS:
                raise TallyError(f"counts for {key!r} name rating {rating!r}, which is not one of {RATINGS}")
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise TallyError(f"counts for {key!r} must be whole numbers of ballots, not {n!r}")
        table[key] = {rating: ratings.get(rating, 0) for rating in RATINGS}
    return table


def _read_routine(scheme: Scheme, reporters: list[Hashable], given: Mapping | None) -> dict:
    if given is None:
        return {}
    if strangers := [r for r in given if r not in reporters]:
        raise TallyError(f"routine scores name some who are not among the reporters: {strangers!r}")
    missing = [r for r in reporters if r not in given]
    if missing and scheme.evaluation_weight < 100:
        raise TallyError(f"routine assessment scores are missing for {len(missing)} reporter(s): {missing!r}")
    return {r: _decimal(score, f"the routine score of {r!r}") for r, score in given.items()}


def tally(
    *,
    scheme: Scheme,
    reporters: Sequence[Hashable],
    counts: Mapping[tuple[Hashable, str], Mapping[str, int]],
    routine_scores: Mapping[Hashable, Decimal] | None,
) -> list[ReporterResult]:
    """Every figure of a campaign's evaluation, one result per reporter in the order given.

    `counts[(reporter, category)][rating]` is the number of valid ballots of that category giving
    that rating on the overall indicator; missing keys count 0. `routine_scores` is required for
    every reporter unless the evaluation weight is 100; None previews the evaluation alone.
    """
    reporters = list(reporters)
    if len(set(reporters)) != len(reporters):
        raise TallyError(f"reporters must be listed once each: {reporters!r}")
    table = _read_counts(scheme, set(reporters), counts)
    routine = _read_routine(scheme, reporters, routine_scores)
    preview = routine_scores is None and scheme.evaluation_weight < 100
    empty = dict.fromkeys(RATINGS, 0)
    cap = None if scheme.excellent_grade_cap is None else floor(scheme.excellent_grade_cap * len(reporters))
    results = []
    for reporter in reporters:
        per_category = {c: table.get((reporter, c), empty) for c in scheme.category_weights}
        valid = {c: sum(ratings.values()) for c, ratings in per_category.items()}
        hidden = _hidden(valid, scheme.min_category_ballots_shown)
        voting = sum(w for c, w in scheme.category_weights.items() if valid[c]) or 1
        categories = tuple(
            _category(scheme, c, dict(ratings), w, Fraction(w) / Fraction(voting), hidden=c in hidden)
            for (c, ratings), w in zip(per_category.items(), scheme.category_weights.values(), strict=True)
        )
        total = _combined(scheme, categories)  # its average is the weighted evaluation score
        comprehensive = None
        if total.valid and not preview:
            comprehensive = total.average_points * Fraction(scheme.evaluation_weight) / 100
            if scheme.routine_weight:
                comprehensive += Fraction(routine[reporter]) * Fraction(scheme.routine_weight) / 100
        grade, rule = _grade(scheme, total, comprehensive)
        results.append(
            ReporterResult(
                reporter=reporter,
                categories=categories,
                hidden_combined=_combined(scheme, [t for t in categories if t.hidden]) if hidden else None,
                counts=total.counts,
                valid=total.valid,
                good_rate=total.good_rate,
                poor_rate=total.poor_rate,
                evaluation_score=total.average_points,
                routine_score=routine.get(reporter),
                comprehensive_score=comprehensive,
                grade=grade,
                grade_rule=rule,
                rank=None,
                excellent_cap_count=cap,
            )
        )
    if cap is not None:
        # 好 is kept down to the lowest score whose whole tied group still fits under the cap.
        excellent = sorted((r.comprehensive_score for r in results if r.grade == "excellent"), reverse=True)
        kept = {s for s in excellent if sum(1 for t in excellent if t >= s) <= cap}
        results = [
            replace(r, grade="good", grade_rule="excellent_cap")
            if r.grade == "excellent" and r.comprehensive_score not in kept
            else r
            for r in results
        ]
    scores = sorted(r.comprehensive_score for r in results if r.comprehensive_score is not None)
    return [
        r
        if r.comprehensive_score is None
        else replace(r, rank=1 + len(scores) - bisect_right(scores, r.comprehensive_score))
        for r in results
    ]


def _grade(scheme: Scheme, total: CategoryTally, comprehensive: Fraction | None) -> tuple[str | None, str]:
    if not total.valid:
        return None, "no_ballots"
    if comprehensive is None:
        return None, "no_routine_score"
    if scheme.poor_rate_threshold is not None and total.poor_rate >= scheme.poor_rate_threshold:
        return "poor", "poor_rate"
    for low, grade in scheme.grade_bands:
        if comprehensive >= low:
            return grade, f"band:{low.normalize():f}"
    return "poor", "below_bands"


def _canonical_ballot(ballot: Mapping) -> str:
    if set(ballot) != {"category", "ratings"}:
        raise TallyError(f"a ballot holds exactly 'category' and 'ratings', not {sorted(map(str, ballot))}")
    atoms = [ballot["category"]]
    triples = []
    for key, rating in ballot["ratings"].items():
        if not isinstance(key, tuple) or len(key) != 2:
            raise TallyError(f"a ballot's ratings are keyed by (reporter, indicator), not {key!r}")
        if rating not in RATINGS:
            raise TallyError(f"a ballot rates {key!r} {rating!r}, which is not one of {RATINGS}")
        atoms.extend(key)
        triples.append([*key, rating])
    if any(isinstance(a, bool) or not isinstance(a, str | int) for a in atoms):
        raise TallyError(
            f"categories, reporters and indicators in a ballot must be strings or ints: {atoms!r}"
        )
    # Each triple's JSON text, written directly when it holds only ints and a rating (which JSON
    # writes as themselves): the same text json.dumps gives, at a fraction of the cost per rating.
    texts = sorted(
        f'[{a},{b},"{rating}"]' if type(a) is int and type(b) is int else _json([a, b, rating])
        for a, b, rating in triples
    )
    return f'{{"category":{_json(ballot["category"])},"ratings":[{",".join(texts)}]}}'


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_digest(ballots: Iterable[Mapping]) -> str:
    """SHA-256 (hex) of all ballots, whatever order they are stored in.

    A ballot is {"category": c, "ratings": {(reporter, indicator): rating}}; c, reporter and
    indicator are strings or ints. To recompute: write each ballot as compact JSON (no whitespace,
    keys sorted, non-ASCII characters as themselves), {"category":c,"ratings":[[reporter,indicator,rating],...]}
    with the triples sorted by their own JSON text; sort these texts by Unicode code point; join them
    with "," inside "[" and "]"; hash the UTF-8 bytes. Example, one ballot:
    [{"category":"leaders","ratings":[["wang","overall","excellent"]]}]
    """
    text = "[" + ",".join(sorted(map(_canonical_ballot, ballots))) + "]"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ballot_digest(ballot: Mapping) -> str:
    """SHA-256 (hex) of one ballot's canonical text (as in `canonical_digest`); kept with the ballot."""
    return hashlib.sha256(_canonical_ballot(ballot).encode("utf-8")).hexdigest()


def box_digest(ballot_digests: Iterable[str]) -> str:
    """SHA-256 (hex) of a ballot box from its ballots' digests, whatever order they are stored in.

    To recompute: take each ballot's `ballot_digest` (lowercase hex), sort them, write each followed
    by a line feed, hash the ASCII bytes. Each ballot's digest is computed once, when it enters the
    box, so closing hashes 64 characters per ballot instead of its every rating."""
    return hashlib.sha256("".join(f"{d}\n" for d in sorted(ballot_digests)).encode("ascii")).hexdigest()
