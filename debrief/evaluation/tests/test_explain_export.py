"""The calculation sheet (计算说明) and the XLSX export of the results.

The closed evaluation used here: 5 leaders, 2 secretaries and 3 representatives voted, with the
default scheme (weights 30/40/30, points 100/85/70/50, evaluation 60%, poor rate 1/3, k = 5). The
secretaries (2 ballots) are too few to show, and with them the representatives (3), the smallest
other category, so that the hidden ones hold 5 ballots together; the leaders are shown.
"""

import io
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from debrief.evaluation import explain, exports, selectors, services
from debrief.lib import tally
from debrief.testing.factories import evaluation_opened

LEADERS = "Host leadership team"
SECRETARIES = "Secretaries and department heads"
REPRESENTATIVES = "Party member and masses representatives"
E, G, F, P = "excellent", "good", "fair", "poor"
# Per category, the ballots as (rating of a1, of a2, of a3).
BALLOTS = {
    LEADERS: [(E, G, P), (E, G, P), (E, G, F), (G, F, F), (G, F, G)],
    SECRETARIES: [(E, G, P), (E, F, P)],
    REPRESENTATIVES: [(E, G, P), (E, G, F), (G, F, G)],
}


@pytest.fixture
def closed(campaign, reporters, cast):
    """The evaluation above, closed; routine scores are up to each test.

    Its one sub-indicator, 政治建设, is rated 较好 for 赵强 and 李明 and 一般 for 王芳 on every ballot.
    """
    services.sub_indicators_set(evaluation=services.evaluation_set_up(campaign), names=["政治建设"])
    evaluation, codes = evaluation_opened(
        campaign, cast.organizer_a, codes={name: len(ballots) for name, ballots in BALLOTS.items()}
    )
    trio = (reporters.a1, reporters.a2, reporters.a3)
    sub = dict(zip(trio, (G, G, F), strict=True))
    for name, ballots in BALLOTS.items():
        for code, ratings in zip(codes[name], ballots, strict=True):
            services.ballot_cast(
                code_text=code, ratings={r.pk: [v, sub[r]] for r, v in zip(trio, ratings, strict=True)}
            )
    return services.voting_close(evaluation=evaluation, user=cast.organizer_a)


@pytest.fixture
def graded(closed, reporters):
    services.routine_scores_set(
        evaluation=closed,
        scores={reporters.a1.pk: Decimal(95), reporters.a2.pk: Decimal("88.5"), reporters.a3.pk: Decimal(90)},
    )
    return selectors.results(closed)


def row_of(results, reporter):
    return next(row for row in results.rows if row.reporter.pk == reporter.pk)


def cells(content: bytes) -> dict[str, list[list]]:
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}


def table(rows: list[list], first_header: str) -> list[dict]:
    """The rows under the header row that starts with first_header, keyed by header."""
    start = next(i for i, row in enumerate(rows) if row[0] == first_header)
    return [dict(zip(rows[start], row, strict=True)) for row in rows[start + 1 :] if any(row)]


# --- The calculation sheet ------------------------------------------------------------------------


def test_the_sheet_walks_from_the_ballots_to_the_grade_with_every_figure(graded, reporters):
    # 李明: leaders G G G F F -> (3·85 + 2·70) / 5 = 79, times 30% = 23.70.
    # Secretaries G F and representatives G G F combined: 0.4·77.5 + 0.3·80 = 55 over a share of
    # 70%: weighted average 78.57. Evaluation score 23.70 + 55.00 = 78.70;
    # comprehensive 0.6·78.70 + 0.4·88.5 = 82.62: band 80, 较好.
    assert explain.calculation_sheet(graded, row_of(graded, reporters.a2)) == [
        "Host leadership team: Excellent 0, Good 3, Fair 2, Poor 0; 5 valid ballots, average points "
        "(0 × 100 + 3 × 85 + 2 × 70 + 0 × 50) / 5 = 79.00; weight 30%, effective weight 30.00%; "
        "contribution 30.00% × 79.00 = 23.70.",
        "2 small categories combined (fewer than 5 ballots each or together; shown only combined to keep "
        "the evaluators anonymous): Excellent 0, Good 3, Fair 2, Poor 0; 5 valid ballots, average points "
        "78.57, weighted by the categories' weights; weight 70%, effective weight 70.00%; "
        "contribution 70.00% × 78.57 = 55.00.",
        "Evaluation score (the sum of the contributions): 23.70 + 55.00 = 78.70.",
        "Good rate = (Excellent + Good) / valid ballots = (0 + 6) / 10 = 60.00%.",
        "Poor rate = Poor / valid ballots = 0 / 10 = 0.00%.",
        "Comprehensive score = evaluation weight 60% × evaluation score 78.70 + routine weight 40% × "
        "routine assessment score 88.5 = 82.62.",
        "Poor rate 0.00% is below the threshold 1/3, and the comprehensive score 82.62 reaches 80, the "
        "lowest score for “Good”: graded “Good”.",
        "Rank 2 of 3 by comprehensive score.",
    ]


def test_a_poor_rate_at_the_threshold_grades_poor_whatever_the_score(graded, reporters):
    # 王芳: 5 of 10 ballots rate her 差; her comprehensive score 72.00 alone would be 一般.
    sheet = explain.calculation_sheet(graded, row_of(graded, reporters.a3))
    assert (
        "Comprehensive score = evaluation weight 60% × evaluation score 60.00 + routine weight 40% × "
        "routine assessment score 90 = 72.00." in sheet
    )
    assert sheet[-2:] == [
        "Poor rate 50.00% reaches the threshold 1/3: graded “Poor” regardless of the score.",
        "Rank 3 of 3 by comprehensive score.",
    ]


def test_hidden_categories_are_neither_named_nor_shown_alone_in_the_sheet(graded):
    for row in graded.rows:
        text = "\n".join(explain.calculation_sheet(graded, row))
        assert SECRETARIES not in text and REPRESENTATIVES not in text
        assert LEADERS in text
    assert explain.category_columns(graded) == [LEADERS]


def scheme_results(scheme, counts, routine, names=("甲", "乙", "丙")):
    """Results as `explain` reads them (scheme and rows), straight from the tally: no database."""
    results = tally.tally(scheme=scheme, reporters=list(names), counts=counts, routine_scores=routine)
    return SimpleNamespace(scheme=scheme, rows=[SimpleNamespace(overall=result) for result in results])


def test_weights_of_categories_without_ballots_are_shared_among_those_that_voted():
    scheme = tally.Scheme(category_weights={"甲类": Decimal(30), "乙类": Decimal(40), "丙类": Decimal(30)})
    counts = {(name, "甲类"): {"good": 5} for name in ("甲", "乙", "丙")}
    counts |= {(name, "丙类"): {"excellent": 5} for name in ("甲", "乙", "丙")}
    results = scheme_results(scheme, counts, dict.fromkeys(("甲", "乙", "丙"), Decimal(80)))
    sheet = explain.calculation_sheet(results, results.rows[0])
    assert "乙类: no ballots; its weight of 40% goes to the categories that voted." in sheet
    assert (
        "Effective weights are the weights as set, re-normalized over the categories that voted "
        "(60% together) so that they add up to 100%." in sheet
    )
    assert "weight 30%, effective weight 50.00%; contribution 50.00% × 85.00 = 42.50." in sheet[0]
    assert "Evaluation score (the sum of the contributions): 42.50 + 50.00 = 92.50." in sheet
    # All three score 0.6·92.5 + 0.4·80 = 87.50: equal scores share rank 1.
    assert sheet[-1] == "Rank 1 of 3 by comprehensive score, shared with 2 other reporters of equal score."


def test_each_grade_rule_has_its_own_sentence():
    scheme = tally.Scheme(
        category_weights={"甲类": Decimal(100)}, excellent_grade_cap=Fraction(1, 3), poor_rate_threshold=None
    )
    counts = {("甲", "甲类"): {"excellent": 5}, ("乙", "甲类"): {"excellent": 5}, ("丙", "甲类"): {"poor": 5}}
    results = scheme_results(scheme, counts, {"甲": Decimal(100), "乙": Decimal(95), "丙": Decimal(60)})
    first, second, third = (explain.grade_rule_text(results, row.overall) for row in results.rows)
    assert (
        first
        == "Comprehensive score 100.00 reaches 90, the lowest score for “Excellent”: graded “Excellent”."
    )
    assert second == (
        "Comprehensive score 98.00 reaches 90, the lowest score for “Excellent”, but at most 1 of the 3 "
        "reporters (1/3) may be graded “Excellent”, and this score, with any tied to it, is not among them: "
        "graded “Good”."
    )
    assert third == "Comprehensive score 54.00 is below 60, the lowest score for “Fair”: graded “Poor”."


def test_a_score_that_rounds_up_to_a_band_it_misses_shows_more_places():
    scheme = tally.Scheme(category_weights={"甲类": Decimal(100)}, evaluation_weight=Decimal(100))
    # 1603 好 and 401 差: 100 − 50·401/2004 = 89.995009…, 较好, though two places would show 90.00.
    counts = {("甲", "甲类"): {"excellent": 1603, "poor": 401}}
    results = scheme_results(scheme, counts, None, names=("甲",))
    assert results.rows[0].overall.grade == "good"
    assert "score 89.995010 reaches 80" in explain.grade_rule_text(results, results.rows[0].overall)


def test_without_ballots_or_routine_score_the_sheet_says_why_there_is_no_grade(closed, reporters):
    preview = selectors.results(closed)
    sheet = explain.calculation_sheet(preview, row_of(preview, reporters.a1))
    assert sheet[-1] == (
        "The routine assessment score is missing: the comprehensive score, grade and rank wait for it."
    )
    assert not any(line.startswith(("Comprehensive score", "Rank")) for line in sheet)
    scheme = tally.Scheme(category_weights={"甲类": Decimal(100)})
    empty = scheme_results(scheme, {}, {"甲": Decimal(80)}, names=("甲",))
    assert explain.calculation_sheet(empty, empty.rows[0]) == [
        "No ballots were cast for this reporter: no score, grade or rank."
    ]


# --- The XLSX export ------------------------------------------------------------------------------


def test_the_results_sheet_lists_every_reporter_by_rank_with_score_and_grade(graded):
    workbook = cells(exports.results_xlsx(graded))
    assert list(workbook) == ["Results", "By category", "Calculation sheets", "Summary"]
    rows = table(workbook["Results"], "Rank")
    assert [
        (r["Rank"], r["Secretary"], r["Comprehensive score"], r["Grade"], r["Poor rate"]) for r in rows
    ] == [
        (1, "赵强", 96.02, "Excellent", 0),
        (2, "李明", 82.62, "Good", 0),
        (3, "王芳", 72, "Poor", 0.5),
    ]
    assert rows[2]["Deciding rule"] == (
        "Poor rate 50.00% reaches the threshold 1/3: graded “Poor” regardless of the score."
    )
    assert [
        (
            r["Excellent (ballots)"],
            r["Valid ballots"],
            r["Evaluation score"],
            r["政治建设 (evaluation score)"],
        )
        for r in rows
    ] == [(7, 10, 96.7, 85), (0, 10, 78.7, 85), (0, 10, 60, 70)]


def test_the_sheets_are_formatted_for_reading(graded):
    workbook = load_workbook(io.BytesIO(exports.results_xlsx(graded)))
    results = workbook["Results"]
    header = next(row for row in results.iter_rows() if row[0].value == "Rank")
    assert all(cell.font.bold for cell in header)
    assert results.freeze_panes == f"D{header[0].row + 1}"
    by_header = {cell.value: cell.column_letter for cell in header}
    first = header[0].row + 1
    assert results[f"{by_header['Comprehensive score']}{first}"].number_format == "0.00"
    assert results[f"{by_header['Good rate']}{first}"].number_format == "0.00%"
    assert (
        results.column_dimensions[by_header["Organization"]].width >= 16
    )  # 江州市东区区委: 7 wide characters


def test_a_hidden_category_is_named_nowhere_and_its_figures_appear_only_combined(graded):
    workbook = cells(exports.results_xlsx(graded))
    everything = [value for rows in workbook.values() for row in rows for value in row if value is not None]
    assert not [v for v in everything if isinstance(v, str) and (SECRETARIES in v or REPRESENTATIVES in v)]
    # Figures only a hidden category has: 李明's secretaries average 77.50, 王芳's representatives 68.33.
    for alone in (Decimal("77.50"), Decimal("68.33")):
        assert not [v for v in everything if isinstance(v, int | float) and Decimal(str(v)) == alone]
        assert not [v for v in everything if isinstance(v, str) and str(alone) in v]

    by_category = workbook["By category"]
    groups = next(row for row in by_category if LEADERS in row)
    assert [v for v in groups if v] == [LEADERS, "Small categories, combined"]
    rows = by_category[next(i for i, row in enumerate(by_category) if row[0] == "Organization") + 1 :]
    combined = groups.index("Small categories, combined")
    # 王芳: secretaries P P and representatives P F G; average (0.4·50 + 0.3·68.33…) / 0.7 = 57.86.
    assert rows[2][:2] == ["江州市北县县委", "王芳"]
    assert rows[2][combined : combined + 7] == [0, 1, 1, 3, 5, 57.86, 0.7]
    assert rows[2][groups.index(LEADERS) : groups.index(LEADERS) + 7] == [0, 1, 2, 2, 5, 65, 0.3]


def test_the_calculation_sheets_and_summary_carry_the_whole_count(graded, closed):
    workbook = cells(exports.results_xlsx(graded))
    lines = [row[0] for row in workbook["Calculation sheets"] if row[0]]
    for row in graded.rows:
        heading = f"Calculation sheet of {row.reporter.person.name} ({row.reporter.organization.name})"
        # No reporter here has written a report: each sheet says so under its heading.
        flag = ["Report not submitted (Not started)", explain.unsubmitted_meaning()]
        sheet = [heading, *flag, *explain.calculation_sheet(graded, row)]
        start = lines.index(heading)
        assert lines[start : start + len(sheet)] == sheet
    summary = {row[0]: row[1] for row in workbook["Summary"] if row[0]}
    closed.refresh_from_db()
    assert summary["Campaign"] == closed.campaign.title
    assert summary["Electronic ballots"] == 10 and summary["Paper ballots"] == 0
    assert (summary["Codes issued"], summary["Receipts issued"], summary["Evaluators expected"]) == (
        10,
        10,
        10,
    )
    assert summary["Ballots digest (SHA-256)"] == closed.ballots_digest
    assert summary["Paper tallies digest (SHA-256)"] == "no paper ballots"
    assert summary["Recount"] == "Not yet recounted. The figures come from the outcome stored at close."
    assert (summary["Excellent"], summary["Good"], summary["Fair"], summary["Poor"]) == (1, 1, 0, 1)
    assert "Closed below the quorum, because" not in summary


def test_the_summary_gives_the_reason_for_closing_below_the_quorum(graded):
    graded.evaluation.quorum_override_reason = "部分代表因公缺席"
    summary = {row[0]: row[1] for row in cells(exports.results_xlsx(graded))["Summary"] if row[0]}
    assert summary["Closed below the quorum, because"] == "部分代表因公缺席"


def test_a_formula_and_control_characters_in_names_and_reasons_export_as_plain_text(graded, reporters):
    row_of(graded, reporters.a1).reporter.organization.name = '=HYPERLINK("http://x","东区")\x0b'
    graded.evaluation.quorum_override_reason = "@SUM(1+1)\x0c部分代表缺席"
    workbook = load_workbook(io.BytesIO(exports.results_xlsx(graded)))
    texts = {
        cell.value: cell.data_type for sheet in workbook for cells in sheet.iter_rows() for cell in cells
    }
    assert texts['=HYPERLINK("http://x","东区")'] == "s"
    assert texts["@SUM(1+1)部分代表缺席"] == "s"
    assert "f" not in texts.values()


def test_a_preview_exports_but_says_on_top_that_grades_wait_for_the_missing_routine_scores(closed, reporters):
    services.routine_scores_set(evaluation=closed, scores={reporters.a1.pk: Decimal(95)})
    preview = selectors.results(closed)
    workbook = cells(exports.results_xlsx(preview))
    note = workbook["Results"][1][0]
    assert note == (
        "Preview: grades are pending. Routine assessment scores are missing for 2 reporters: "
        "李明 (江州市西区区委), 王芳 (江州市北县县委). Comprehensive scores, grades and ranks follow once they "
        "are entered."
    )
    assert workbook["Calculation sheets"][0][0] == note
    rows = table(workbook["Results"], "Rank")
    assert [(r["Secretary"], r["Rank"], r["Comprehensive score"], r["Grade"]) for r in rows] == [
        ("赵强", None, None, "pending"),
        ("李明", None, None, "pending"),
        ("王芳", None, None, "pending"),
    ]
    assert [r["Evaluation score"] for r in rows] == [96.7, 78.7, 60]
    summary = workbook["Summary"]
    assert ["Excellent", None] in summary
    assert ["Grades are pending until every routine assessment score is entered.", None] in summary
