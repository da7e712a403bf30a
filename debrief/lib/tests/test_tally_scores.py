"""The tally's scores, rates, grades, the cap on excellent grades and ranks."""

from fractions import Fraction

import pytest

from debrief.lib.tally import RATINGS, Scheme, TallyError, percent, round_half_up, tally
from debrief.lib.tests.tally_helpers import THREE, D, one, single_category, votes

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
