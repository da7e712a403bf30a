"""Property: the engine agrees with a straightforward re-implementation."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from debrief.lib.tally import RATINGS, Scheme, tally
from debrief.lib.tests.tally_helpers import D


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
