"""What results show: small categories hidden together, figures rounded for display."""

from fractions import Fraction

from debrief.lib.tally import Scheme, percent, round_half_up
from debrief.lib.tests.tally_helpers import THREE, D, one, votes

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


# Display rounding


def test_display_rounds_half_up_to_two_decimals():
    assert round_half_up(Fraction("89.995")) == D("90.00")
    assert round_half_up(Fraction("2.345")) == D("2.35")
    assert round_half_up(Fraction("-2.345")) == D("-2.35")
    assert round_half_up(Fraction(2, 3)) == D("0.67")
    assert round_half_up(90) == D("90.00")
    assert percent(Fraction(1, 3)) == D("33.33")
    assert percent(Fraction(2, 3)) == D("66.67")
