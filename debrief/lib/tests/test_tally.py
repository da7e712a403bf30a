import hashlib
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debrief.lib.tally import (
    RATINGS,
    Scheme,
    SchemeError,
    TallyError,
    canonical_digest,
    percent,
    round_half_up,
    tally,
)

D = Decimal
THREE = {"leaders": D(30), "secretaries": D(40), "representatives": D(30)}


def votes(excellent=0, good=0, fair=0, poor=0):
    return {"excellent": excellent, "good": good, "fair": fair, "poor": poor}


def one(scheme, counts, routine=None, reporter="wang"):
    """The result of a single reporter whose counts are given per category."""
    [result] = tally(
        scheme=scheme,
        reporters=[reporter],
        counts={(reporter, category): ratings for category, ratings in counts.items()},
        routine_scores=None if routine is None else {reporter: routine},
    )
    return result


def single_category(**options):
    return Scheme(category_weights={"all": D(100)}, **options)


# Averages, weights, re-normalization


def test_category_averages_and_weights_give_the_hand_computed_scores():
    result = one(
        Scheme(category_weights=THREE),
        {
            "leaders": votes(3, 2),  # (3x100 + 2x85) / 5 = 470 / 5 = 94
            "secretaries": votes(4, 4, 2),  # (400 + 340 + 140) / 10 = 88
            "representatives": votes(2, 2, 1),  # (200 + 170 + 70) / 5 = 88
        },
        routine=D(95),
    )

    leaders, secretaries, representatives = result.categories
    assert [t.average_points for t in result.categories] == [94, 88, 88]
    assert [t.valid for t in result.categories] == [5, 10, 5]
    assert [t.effective_weight for t in result.categories] == [
        Fraction(3, 10),
        Fraction(2, 5),
        Fraction(3, 10),
    ]
    # 0.3 x 94 + 0.4 x 88 + 0.3 x 88 = 28.2 + 35.2 + 26.4 = 89.8
    assert result.evaluation_score == Fraction("89.8")
    assert sum(t.contribution for t in result.categories) == result.evaluation_score
    # 0.6 x 89.8 + 0.4 x 95 = 53.88 + 38 = 91.88
    assert result.comprehensive_score == Fraction("91.88")
    assert round_half_up(result.comprehensive_score) == D("91.88")
    assert (result.grade, result.grade_rule, result.rank) == ("excellent", "band:90", 1)
    assert result.counts == votes(9, 8, 3) and result.valid == 20


def test_a_category_that_cast_no_ballots_is_left_out_and_the_others_re_normalized():
    result = one(
        Scheme(category_weights=THREE),
        {"leaders": votes(3, 2), "secretaries": votes(4, 4, 2)},  # averages 94 and 88, as above
        routine=D(80),
    )

    representatives = result.categories[2]
    assert (representatives.valid, representatives.average_points) == (0, None)
    assert representatives.effective_weight == 0 and representatives.contribution is None
    # Weights 30 and 40 re-normalized over 70: 3/7 and 4/7.
    assert [t.effective_weight for t in result.categories[:2]] == [Fraction(3, 7), Fraction(4, 7)]
    # (30 x 94 + 40 x 88) / 70 = (2820 + 3520) / 70 = 6340 / 70 = 634/7 = 90.571428...
    assert result.evaluation_score == Fraction(634, 7)
    assert round_half_up(result.evaluation_score) == D("90.57")
    # 3/5 x 634/7 + 2/5 x 80 = 1902/35 + 1120/35 = 3022/35 = 86.342857...
    assert result.comprehensive_score == Fraction(3022, 35)
    assert (result.grade, result.grade_rule) == ("good", "band:80")


def test_other_point_scales_are_a_setting():
    scheme = Scheme(
        category_weights={"all": D(100)}, points=dict(zip(RATINGS, map(D, (4, 3, 2, 1)), strict=True))
    )
    # (2x4 + 1x3 + 1x1) / 4 = 12 / 4 = 3
    assert one(scheme, {"all": votes(2, 1, 0, 1)}, routine=D(3)).evaluation_score == 3


# Rates


def test_the_good_rate_counts_excellent_and_good_by_default():
    result = one(single_category(), {"all": votes(3, 2, 4, 1)}, routine=D(80))
    assert result.good_rate == Fraction(5, 10)  # (3 + 2) / 10
    assert result.poor_rate == Fraction(1, 10)
    assert result.categories[0].good_rate == Fraction(1, 2)
    assert percent(result.good_rate) == D("50.00")


def test_the_good_rate_counts_excellent_only_when_so_set():
    result = one(single_category(good_rate_counts_good=False), {"all": votes(3, 2, 4, 1)}, routine=D(80))
    assert result.good_rate == Fraction(3, 10)
    assert result.poor_rate == Fraction(1, 10)


def test_a_poor_rate_at_the_threshold_gives_poor_whatever_the_score():
    # Average (6x100 + 3x50) / 9 = 750 / 9 = 250/3; 3/5 x 250/3 + 2/5 x 100 = 50 + 40 = 90 exactly.
    result = one(single_category(), {"all": votes(6, 0, 0, 3)}, routine=D(100))
    assert result.comprehensive_score == 90
    assert result.poor_rate == Fraction(1, 3)
    assert (result.grade, result.grade_rule) == ("poor", "poor_rate")


def test_a_poor_rate_just_under_the_threshold_leaves_the_grade_to_the_score():
    # Poor rate 3/10 < 1/3. Average (700 + 150) / 10 = 85; 0.6 x 85 + 0.4 x 100 = 51 + 40 = 91.
    result = one(single_category(), {"all": votes(7, 0, 0, 3)}, routine=D(100))
    assert result.comprehensive_score == 91
    assert (result.grade, result.grade_rule) == ("excellent", "band:90")


# Grade bands


@pytest.mark.parametrize(
    ("routine", "comprehensive", "grade", "rule"),
    [
        # Evaluation score (100 + 2x85) / 3 = 90, so comprehensive = 0.6 x 90 + 0.4 x routine = 54 + 0.4 x routine.
        ("90", "90", "excellent", "band:90"),
        ("89.975", "89.99", "good", "band:80"),
        ("65", "80", "good", "band:80"),
        ("64.975", "79.99", "fair", "band:60"),
        ("15", "60", "fair", "band:60"),
        ("14.975", "59.99", "poor", "below_bands"),
    ],
)
def test_each_band_starts_exactly_at_its_lowest_score(routine, comprehensive, grade, rule):
    result = one(single_category(), {"all": votes(1, 2)}, routine=D(routine))
    assert result.evaluation_score == 90
    assert result.comprehensive_score == Fraction(comprehensive)
    assert (result.grade, result.grade_rule) == (grade, rule)


def test_a_score_just_under_a_band_is_graded_below_it_even_when_it_displays_as_the_band():
    # 54 + 0.4 x 89.99 = 54 + 35.996 = 89.996, shown as 90.00 but not 90.
    result = one(single_category(), {"all": votes(1, 2)}, routine=D("89.99"))
    assert result.comprehensive_score == Fraction("89.996")
    assert round_half_up(result.comprehensive_score) == D("90.00")
    assert result.grade == "good"


# Cap on excellent grades, ranks


def ranked(scheme, counts_by_reporter, routine=None):
    results = tally(
        scheme=scheme,
        reporters=list(counts_by_reporter),
        counts={(reporter, "all"): ratings for reporter, ratings in counts_by_reporter.items()},
        routine_scores=routine,
    )
    return {r.reporter: r for r in results}


EVALUATION_ONLY = {"evaluation_weight": D(100)}  # comprehensive score = evaluation score = average points


def test_the_cap_on_excellent_grades_keeps_the_top_reporters_by_score():
    scheme = single_category(excellent_grade_cap=Fraction(3, 10), **EVALUATION_ONLY)
    results = ranked(
        scheme,
        {
            "a": votes(1),  # 100
            "b": votes(4, 1),  # (400 + 85) / 5 = 97
            "c": votes(2, 1),  # (200 + 85) / 3 = 95
            "d": votes(1, 1),  # (100 + 85) / 2 = 92.5
            "e": votes(0, 1),  # 85
            **{name: votes(0, 0, 1) for name in "fghij"},  # 70
        },
    )
    # floor(3/10 x 10 reporters) = 3 may be graded excellent.
    assert results["a"].excellent_cap_count == 3
    assert [results[n].grade for n in "abcde"] == ["excellent", "excellent", "excellent", "good", "good"]
    assert results["d"].grade_rule == "excellent_cap"
    assert results["e"].grade_rule == "band:80"
    assert [results[n].rank for n in "abcdef"] == [1, 2, 3, 4, 5, 6]


def test_a_tie_at_the_cap_boundary_loses_excellent_as_a_whole():
    scheme = single_category(excellent_grade_cap=Fraction(3, 10), **EVALUATION_ONLY)
    results = ranked(
        scheme,
        {
            "a": votes(1),  # 100
            "b": votes(4, 1),  # 97
            "c": votes(2, 1),  # 95
            "d": votes(4, 2),  # (400 + 170) / 6 = 95
            **{name: votes(0, 0, 1) for name in "efghij"},  # 70
        },
    )
    # Three may be excellent; c and d tie for third and would make four, so neither is.
    assert [results[n].grade for n in "abcd"] == ["excellent", "excellent", "good", "good"]
    assert [results[n].grade_rule for n in "cd"] == ["excellent_cap", "excellent_cap"]
    assert [results[n].rank for n in "abcde"] == [1, 2, 3, 3, 5]


def test_the_cap_is_rounded_down_and_reporters_graded_poor_do_not_use_it_up():
    scheme = single_category(excellent_grade_cap=Fraction(3, 10), **EVALUATION_ONLY)
    results = ranked(
        scheme,
        {
            "a": votes(2, 0, 0, 1),  # (200 + 50) / 3 = 83.33..., poor rate 1/3
            "b": votes(1),  # 100
            "c": votes(4, 1),  # 97
            **{name: votes(0, 0, 1) for name in "defg"},  # 70
        },
    )
    # floor(3/10 x 7) = floor(2.1) = 2.
    assert results["b"].excellent_cap_count == 2
    assert [results[n].grade for n in "abc"] == ["poor", "excellent", "excellent"]
    assert [results[n].rank for n in "bca"] == [1, 2, 3]


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    results = ranked(
        single_category(),
        {"a": votes(1), "b": votes(0, 1), "c": votes(0, 1), "d": votes(0, 0, 1)},
        routine=dict.fromkeys("abcd", D(80)),
    )
    assert [results[n].rank for n in "abcd"] == [1, 2, 2, 4]


def test_results_keep_the_order_the_reporters_were_given_in():
    results = tally(
        scheme=single_category(),
        reporters=["z", "a"],
        counts={("z", "all"): votes(0, 1), ("a", "all"): votes(1)},
        routine_scores={"a": D(90), "z": D(90)},
    )
    assert [(r.reporter, r.rank) for r in results] == [("z", 2), ("a", 1)]


def test_a_reporter_without_ballots_gets_no_score_grade_or_rank():
    results = ranked(single_category(), {"a": votes(1), "b": {}}, routine={"a": D(90), "b": D(90)})
    b = results["b"]
    assert (b.valid, b.evaluation_score, b.comprehensive_score) == (0, None, None)
    assert (b.grade, b.grade_rule, b.rank) == (None, "no_ballots", None)
    assert results["a"].rank == 1


def test_without_routine_scores_the_evaluation_is_previewed_without_grades():
    result = one(single_category(), {"all": votes(1, 2)})
    assert result.evaluation_score == 90
    assert (result.comprehensive_score, result.grade, result.grade_rule, result.rank) == (
        None,
        None,
        "no_routine_score",
        None,
    )


def test_routine_scores_are_not_needed_when_the_evaluation_weighs_everything():
    result = one(single_category(**EVALUATION_ONLY), {"all": votes(1, 2)})
    assert result.comprehensive_score == 90 and result.grade == "excellent"


def test_missing_routine_scores_are_refused_naming_the_reporters():
    with pytest.raises(TallyError, match=r"missing for 2 reporter\(s\): \['b', 'c'\]"):
        ranked(single_category(), {"a": votes(1), "b": votes(1), "c": votes(1)}, routine={"a": D(90)})


# k-anonymity


def test_a_small_category_is_hidden_with_the_next_smallest_so_totals_do_not_give_it_away():
    scheme = Scheme(category_weights=THREE, min_category_ballots_shown=5)
    result = one(
        scheme,
        {"leaders": votes(2, 1), "secretaries": votes(10, 6, 4), "representatives": votes(3, 2, 1)},
        routine=D(90),
    )
    # Leaders cast 3 < 5 ballots. Alone, totals minus the other two would reveal them, so the smaller
    # shown category (representatives, 6) is hidden with them: 9 ballots together.
    assert [t.hidden for t in result.categories] == [True, False, True]
    combined = result.hidden_combined
    assert combined.counts == votes(5, 3, 1) and combined.valid == 9
    assert combined.weight == 60 and combined.effective_weight == Fraction(3, 5)
    # Leaders (200 + 85) / 3 = 95, representatives (300 + 170 + 70) / 6 = 90:
    # combined average (30 x 95 + 30 x 90) / 60 = 92.5, weighted as in the score.
    assert combined.average_points == Fraction("92.5")
    assert result.categories[1].contribution + combined.contribution == result.evaluation_score
    # Totals still count every ballot.
    assert result.valid == 29 and result.counts == votes(15, 9, 5)


def test_small_categories_that_reach_the_threshold_together_hide_nothing_more():
    scheme = Scheme(category_weights=THREE, min_category_ballots_shown=5)
    result = one(
        scheme,
        {"leaders": votes(2), "secretaries": votes(10, 6, 4), "representatives": votes(3)},
        routine=D(90),
    )
    assert [t.hidden for t in result.categories] == [True, False, True]
    assert result.hidden_combined.valid == 5


def test_a_category_with_enough_ballots_or_none_is_shown():
    scheme = Scheme(category_weights=THREE, min_category_ballots_shown=5)
    result = one(scheme, {"leaders": votes(5), "secretaries": votes(10, 6, 4)}, routine=D(90))
    assert [t.hidden for t in result.categories] == [False, False, False]
    assert result.hidden_combined is None


# Validation


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


# Display rounding


def test_display_rounds_half_up_to_two_decimals():
    assert round_half_up(Fraction("89.995")) == D("90.00")
    assert round_half_up(Fraction("2.345")) == D("2.35")
    assert round_half_up(Fraction("-2.345")) == D("-2.35")
    assert round_half_up(Fraction(2, 3)) == D("0.67")
    assert round_half_up(90) == D("90.00")
    assert percent(Fraction(1, 3)) == D("33.33")
    assert percent(Fraction(2, 3)) == D("66.67")


# Digest


BALLOTS = [
    {"category": "leaders", "ratings": {("wang", "overall"): "excellent", ("li", "overall"): "good"}},
    {"category": "secretaries", "ratings": {("wang", "overall"): "fair", ("li", "overall"): "excellent"}},
    {"category": "secretaries", "ratings": {("wang", "overall"): "fair", ("li", "overall"): "excellent"}},
    {"category": "representatives", "ratings": {("wang", "overall"): "poor", ("wang", "measures"): "good"}},
]


def test_the_digest_can_be_recomputed_from_its_documented_form():
    ballots = [{"category": "书记", "ratings": {("wang", "overall"): "excellent", ("li", "overall"): "good"}}]
    text = '[{"category":"书记","ratings":[["li","overall","good"],["wang","overall","excellent"]]}]'
    assert canonical_digest(ballots) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert canonical_digest([]) == hashlib.sha256(b"[]").hexdigest()


def test_the_digest_does_not_depend_on_the_order_ballots_or_ratings_are_stored_in():
    shuffled = []
    for ballot in random.Random(7).sample(BALLOTS, len(BALLOTS)):
        ratings = list(ballot["ratings"].items())[::-1]
        shuffled.append({"ratings": dict(ratings), "category": ballot["category"]})
    assert canonical_digest(shuffled) == canonical_digest(BALLOTS)


def changed(index, **change):
    ballots = [dict(b, ratings=dict(b["ratings"])) for b in BALLOTS]
    ballots[index].update(change)
    return ballots


@pytest.mark.parametrize(
    "ballots",
    [
        changed(0, ratings={("wang", "overall"): "good", ("li", "overall"): "good"}),
        changed(0, ratings={("wang", "overall"): "excellent", ("li", "measures"): "good"}),
        changed(0, ratings={("zhao", "overall"): "excellent", ("li", "overall"): "good"}),
        changed(0, ratings={("wang", "overall"): "excellent"}),
        changed(1, category="leaders"),
        BALLOTS[:-1],
        BALLOTS[1:],
        [*BALLOTS, BALLOTS[0]],
    ],
)
def test_the_digest_changes_with_any_change_to_the_ballots(ballots):
    assert canonical_digest(ballots) != canonical_digest(BALLOTS)


def test_a_reporter_id_as_number_and_as_text_are_different_ballots():
    as_number = [{"category": "leaders", "ratings": {(1, "overall"): "good"}}]
    as_text = [{"category": "leaders", "ratings": {("1", "overall"): "good"}}]
    assert canonical_digest(as_number) != canonical_digest(as_text)


def test_ballots_with_unknown_ratings_are_refused():
    with pytest.raises(TallyError, match="'great'"):
        canonical_digest([{"category": "leaders", "ratings": {("wang", "overall"): "great"}}])


# Property: the engine agrees with a straightforward re-implementation


@st.composite
def cases(draw):
    size = draw(st.integers(1, 4))
    names = ["leaders", "secretaries", "heads", "representatives"][:size]
    cuts = sorted(draw(st.sets(st.integers(1, 999), min_size=size - 1, max_size=size - 1)))
    tenths = [b - a for a, b in zip([0, *cuts], [*cuts, 1000], strict=True)]
    points = sorted(draw(st.sets(st.integers(0, 1000), min_size=4, max_size=4)), reverse=True)
    lows = sorted(draw(st.sets(st.integers(0, 100), max_size=3)), reverse=True)
    fraction = st.builds(Fraction, st.integers(0, 6), st.just(6))
    scheme = Scheme(
        category_weights={name: D(t) / 10 for name, t in zip(names, tenths, strict=True)},
        points={rating: D(p) / 10 for rating, p in zip(RATINGS, points, strict=True)},
        evaluation_weight=D(draw(st.integers(0, 100))),
        good_rate_counts_good=draw(st.booleans()),
        poor_rate_threshold=draw(st.none() | fraction),
        grade_bands=tuple((D(low), draw(st.sampled_from(RATINGS))) for low in lows)
        or ((D(draw(st.integers(0, 100))), "excellent"),),
        excellent_grade_cap=draw(st.none() | fraction),
        min_category_ballots_shown=draw(st.integers(1, 6)),
    )
    reporters = [f"r{i}" for i in range(draw(st.integers(1, 7)))]
    counts = {}
    for reporter in reporters:
        for name in names:
            if draw(st.integers(0, 4)):  # mostly present; absent keys and ratings count 0
                ratings = draw(st.lists(st.sampled_from(RATINGS), max_size=4, unique=True))
                counts[reporter, name] = {rating: draw(st.integers(0, 4)) for rating in ratings}
    routine = None
    if draw(st.integers(0, 5)):
        # Few distinct routine scores, so that equal comprehensive scores (ranks, the cap) come up often.
        score = st.sampled_from([D(70), D(90), D(100)]) | st.integers(0, 10000).map(lambda n: D(n) / 100)
        routine = {reporter: draw(score) for reporter in reporters}
    return scheme, reporters, counts, routine


def reference(scheme, reporters, counts, routine):
    """Every figure computed again with plain loops over Fractions."""
    weight = {c: Fraction(w) for c, w in scheme.category_weights.items()}
    point = {r: Fraction(p) for r, p in scheme.points.items()}
    rows = {}
    for reporter in reporters:
        categories = {}
        for c in weight:
            n = {r: counts.get((reporter, c), {}).get(r, 0) for r in RATINGS}
            valid = n["excellent"] + n["good"] + n["fair"] + n["poor"]
            total_points = 0
            for r in RATINGS:
                total_points += n[r] * point[r]
            categories[c] = {"counts": n, "valid": valid, "average": total_points / valid if valid else None}
        voting_weight = 0
        for c in weight:
            if categories[c]["valid"]:
                voting_weight += weight[c]
        evaluation = None
        for c in weight:
            share = weight[c] / voting_weight if categories[c]["valid"] else 0
            categories[c]["share"] = share
            if categories[c]["valid"]:
                evaluation = (evaluation or 0) + share * categories[c]["average"]
        hidden = [c for c in weight if 0 < categories[c]["valid"] < scheme.min_category_ballots_shown]
        while hidden and sum(categories[c]["valid"] for c in hidden) < scheme.min_category_ballots_shown:
            best = None
            for c in weight:
                smaller = best is None or categories[c]["valid"] < categories[best]["valid"]
                if c not in hidden and categories[c]["valid"] and smaller:
                    best = c
            if best is None:
                break
            hidden.append(best)
        totals = {r: 0 for r in RATINGS}
        for c in weight:
            for r in RATINGS:
                totals[r] += categories[c]["counts"][r]
        valid = sum(totals.values())
        good = totals["excellent"] + (totals["good"] if scheme.good_rate_counts_good else 0)
        evaluation_weight = Fraction(scheme.evaluation_weight) / 100
        comprehensive = None
        if evaluation is not None:
            if evaluation_weight == 1:
                comprehensive = evaluation
            elif routine is not None:
                comprehensive = evaluation_weight * evaluation + (1 - evaluation_weight) * Fraction(
                    routine[reporter]
                )
        if not valid:
            grade, rule = None, "no_ballots"
        elif comprehensive is None:
            grade, rule = None, "no_routine_score"
        elif (
            scheme.poor_rate_threshold is not None
            and Fraction(totals["poor"], valid) >= scheme.poor_rate_threshold
        ):
            grade, rule = "poor", "poor_rate"
        else:
            grade, rule = "poor", "below_bands"
            for low, band_grade in scheme.grade_bands:
                if comprehensive >= Fraction(low):
                    grade, rule = band_grade, f"band:{int(low)}"
                    break
        rows[reporter] = {
            "categories": categories,
            "hidden": hidden,
            "totals": totals,
            "valid": valid,
            "good_rate": Fraction(good, valid) if valid else None,
            "poor_rate": Fraction(totals["poor"], valid) if valid else None,
            "evaluation": evaluation,
            "comprehensive": comprehensive,
            "grade": grade,
            "rule": rule,
        }
    cap = None
    if scheme.excellent_grade_cap is not None:
        cap = int(scheme.excellent_grade_cap * len(reporters))
        excellent = [row for row in rows.values() if row["grade"] == "excellent"]
        excellent.sort(key=lambda row: row["comprehensive"], reverse=True)
        taken = 0
        i = 0
        while i < len(excellent):
            group = [row for row in excellent if row["comprehensive"] == excellent[i]["comprehensive"]]
            if taken + len(group) > cap:
                for row in excellent[i:]:
                    row["grade"], row["rule"] = "good", "excellent_cap"
                break
            taken += len(group)
            i += len(group)
    for row in rows.values():
        row["cap"] = cap
        row["rank"] = None
        if row["comprehensive"] is not None:
            row["rank"] = 1
            for other in rows.values():
                if other["comprehensive"] is not None and other["comprehensive"] > row["comprehensive"]:
                    row["rank"] += 1
    return rows


@settings(max_examples=400, deadline=None, database=None)
@given(cases())
def test_every_figure_agrees_with_a_plain_re_implementation(case):
    scheme, reporters, counts, routine = case
    expected = reference(scheme, reporters, counts, routine)
    results = tally(scheme=scheme, reporters=reporters, counts=counts, routine_scores=routine)

    assert [r.reporter for r in results] == reporters
    for result in results:
        row = expected[result.reporter]
        assert dict(result.counts) == row["totals"] and result.valid == row["valid"]
        assert (result.good_rate, result.poor_rate) == (row["good_rate"], row["poor_rate"])
        assert result.evaluation_score == row["evaluation"]
        assert result.comprehensive_score == row["comprehensive"]
        assert (result.grade, result.grade_rule, result.rank) == (row["grade"], row["rule"], row["rank"])
        assert result.excellent_cap_count == row["cap"]
        for tallied in result.categories:
            category = row["categories"][tallied.category]
            assert dict(tallied.counts) == category["counts"] and tallied.valid == category["valid"]
            assert tallied.average_points == category["average"]
            assert tallied.effective_weight == category["share"]
            assert tallied.weight == scheme.category_weights[tallied.category]
            assert tallied.hidden == (tallied.category in row["hidden"])
            if category["valid"]:
                good = category["counts"]["excellent"]
                if scheme.good_rate_counts_good:
                    good += category["counts"]["good"]
                assert tallied.good_rate == Fraction(good, category["valid"])
                assert tallied.poor_rate == Fraction(category["counts"]["poor"], category["valid"])
            else:
                assert tallied.good_rate is None and tallied.poor_rate is None
        combined = result.hidden_combined
        if not row["hidden"]:
            assert combined is None
            continue
        assert combined.valid == sum(row["categories"][c]["valid"] for c in row["hidden"])
        assert combined.weight == sum(scheme.category_weights[c] for c in row["hidden"])
        assert combined.effective_weight == sum(row["categories"][c]["share"] for c in row["hidden"])
        shown = sum(t.contribution for t in result.categories if t.valid and not t.hidden)
        assert shown + combined.contribution == result.evaluation_score
