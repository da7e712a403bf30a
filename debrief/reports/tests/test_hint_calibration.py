"""The review hints' thresholds, checked on realistic reports: the demo's report generator, which
writes reports the way real ones are written (2,000-3,600 characters, 3-5 problems, stock phrases
every report shares, each kind of organization with its own), and one near copy of another.

Figures at the time of calibration, 28 bureau units' reports and one copy (in %):
  problems and measures : achievements    20-48, median 32
  "repeated anywhere", no cut             80-88 for all but the copied pair (96-97)
  "repeated anywhere", common text cut    61-78, the pair 94-97
  "most similar report", no cut           37-44, the pair 90-91
  "most similar report", common text cut  10-15, the pair 86-88
"""

import random
import statistics

import pytest

from debrief.demo import report_texts
from debrief.lib.similarity import find_repeats
from debrief.reports.selectors import full_text, review_hints
from debrief.reports.similarity import COMMON_SHARE, COPY_SHARE_WARNING, closest_share

UNITS = 28


def content(text: report_texts.ReportText) -> dict:
    return {
        "duties": text.duties,
        "problems": list(text.problems),
        "causes": text.causes,
        "measures": text.measures,
        "rectification_account": text.rectification_account,
    }


@pytest.fixture(scope="module")
def reports() -> dict:
    """A bureau's units' reports, and "copy": the first one passed off by another unit."""
    texts = {
        unit: content(
            report_texts.generate_report(
                organization=f"市第{unit + 1}单位党支部",
                secretary=f"书记{unit}",
                kind="unit",
                year=2026,
                rng=random.Random(f"calibration:{unit}"),
            )
        )
        for unit in range(UNITS)
    }
    original = report_texts.generate_report(
        organization="市第1单位党支部",
        secretary="书记0",
        kind="unit",
        year=2026,
        rng=random.Random("calibration:0"),
    )
    texts["copy"] = content(
        report_texts.near_copy(original, organization="市抄写单位党支部", rng=random.Random(1))
    )
    return texts


@pytest.fixture(scope="module")
def repeats(reports):
    documents = {key: full_text(text) for key, text in reports.items()}
    return {
        "no cut": find_repeats(documents, list(documents)),
        "cut": find_repeats(documents, list(documents), common_share=COMMON_SHARE),
    }


def test_no_realistic_report_is_marked_for_few_problems_or_all_praise(reports):
    hints = [review_hints(text) for text in reports.values()]

    assert [h for h in hints if h.few_problems or h.all_praise] == []
    assert 0.25 < statistics.median(float(h.self_critical_ratio) for h in hints) < 0.4


def test_a_report_of_praise_with_a_line_of_problems_is_marked(reports):
    thin = {
        **reports[1],
        "problems": ["理论学习还不够深入。", "工作创新不够。", "作风建设有待加强。"],
        "measures": "下一步将继续加强党的建设。",
    }

    assert review_hints(thin).all_praise


def test_with_common_text_left_out_only_the_copy_and_its_original_reach_the_copy_mark(repeats):
    closest = {key: closest_share(r) for key, r in repeats["cut"].items()}
    pair = {0, "copy"}

    assert {key for key, share in closest.items() if share >= COPY_SHARE_WARNING} == pair
    assert max(share for key, share in closest.items() if key not in pair) < COPY_SHARE_WARNING / 2
    assert min(closest[key] for key in pair) > 0.8


def test_leaving_common_text_out_spreads_the_repeated_anywhere_figure(repeats):
    def typical(kind):
        return [r.share for key, r in repeats[kind].items() if key not in (0, "copy")]

    # Without the cut every report repeats four fifths of its text; with it, its own text shows.
    assert min(typical("no cut")) > 0.75
    assert statistics.median(typical("cut")) < statistics.median(typical("no cut")) - 0.1
    assert repeats["cut"]["copy"].share > 0.9
    assert all(0 < r.common_characters < r.characters / 2 for r in repeats["cut"].values())
