"""Schemes and counts the tally refuses, with a message."""

from fractions import Fraction

import pytest

from debrief.lib.tally import RATINGS, Scheme, SchemeError, TallyError, tally
from debrief.lib.tests.tally_helpers import THREE, D, one, single_category, votes


def test_weights_that_do_not_sum_to_100_are_refused():
    with pytest.raises(SchemeError, match="must sum to 100 \\(percent\\), but they sum to 90"):
        Scheme(category_weights={"leaders": D(30), "secretaries": D(60)})


def test_counts_for_a_category_the_scheme_does_not_define_are_refused():
    with pytest.raises(SchemeError, match="category 'auditors', which the scheme does not define"):
        one(Scheme(category_weights=THREE), {"auditors": votes(1)}, routine=D(90))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"category_weights": {"all": 100.0}}, "must be a finite Decimal or int"),
        ({"category_weights": {"a": D(-10), "b": D(110)}}, "must be positive"),
        ({"category_weights": {"all": D(100)}, "points": {"excellent": D(100)}}, "exactly the ratings"),
        (
            {
                "category_weights": {"all": D(100)},
                "points": dict(zip(RATINGS, map(D, (100, 85, 85, 50)), strict=True)),
            },
            "must fall",
        ),
        ({"category_weights": {"all": D(100)}, "evaluation_weight": D(120)}, "from 0 to 100"),
        ({"category_weights": {"all": D(100)}, "poor_rate_threshold": 0.33}, "poor-rate threshold"),
        ({"category_weights": {"all": D(100)}, "excellent_grade_cap": Fraction(3, 2)}, "cap on 好"),
        ({"category_weights": {"all": D(100)}, "grade_bands": ((D(60), "fair"), (D(80), "good"))}, "highest"),
        ({"category_weights": {"all": D(100)}, "grade_bands": ((D(60), "average"),)}, "name grades"),
        ({"category_weights": {"all": D(100)}, "min_category_ballots_shown": 0}, "1 or more"),
    ],
)
def test_inconsistent_schemes_are_refused_with_a_message(options, message):
    with pytest.raises(SchemeError, match=message):
        Scheme(**options)


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({("stranger", "all"): votes(1)}, "reporter 'stranger'"),
        ({("wang", "all"): {"great": 1}}, "rating 'great'"),
        ({("wang", "all"): {"excellent": -1}}, "whole numbers"),
        ({("wang", "all"): {"excellent": 1.0}}, "whole numbers"),
    ],
)
def test_counts_that_cannot_be_tallied_are_refused(counts, message):
    with pytest.raises(TallyError, match=message):
        tally(scheme=single_category(), reporters=["wang"], counts=counts, routine_scores={"wang": D(90)})


def test_float_routine_scores_are_refused():
    with pytest.raises(TallyError, match="routine score of 'wang'"):
        one(single_category(), {"all": votes(1)}, routine=90.0)
