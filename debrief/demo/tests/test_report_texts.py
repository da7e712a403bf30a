import random
import re

import pytest

from debrief.demo.report_texts import (
    KEY_INDICATORS,
    KINDS,
    ReportText,
    generate_report,
    indicator_figures,
    near_copy,
    sentences,
)

# Two organizations of each kind, named as in the demo tree.
ORGANIZATIONS = {
    "unit": ("市城市照明中心党支部", "市热力有限公司党委"),
    "community": ("长征街道幸福社区党委", "长征街道柳荫社区党支部"),
    "county": ("湖滨区委", "青石县委"),
    "city": ("川北市委", "渭川市委"),
    "working_committee": ("北江省直机关工委", "北江省国资委党委"),
    "town": ("淮北镇党委", "长征街道党工委"),
}
SEEDS = range(8)


def report(kind, seed, which=0, *, year=2022, secretary="王建华"):
    organization = ORGANIZATIONS[kind][which]
    return generate_report(
        organization=organization, secretary=secretary, kind=kind, year=year, rng=random.Random(seed)
    )


def full_text(text: ReportText) -> str:
    return "\n".join(text.sections())


def cjk_count(text: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", text))


def shared_share(copy: str, original: str) -> float:
    """The share of `copy`'s sentences found word for word in `original`."""
    theirs = set(sentences(original))
    mine = sentences(copy)
    return sum(sentence in theirs for sentence in mine) / len(mine)


def shingle_similarity(a: str, b: str, size: int = 5) -> float:
    """Jaccard similarity of character shingles, as a plagiarism check computes it."""

    def shingles(text):
        text = re.sub(r"\s", "", text)
        return {text[i : i + size] for i in range(len(text) - size + 1)}

    first, second = shingles(a), shingles(b)
    return len(first & second) / len(first | second)


def test_every_kind_has_organizations_to_test():
    assert set(ORGANIZATIONS) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_seed_gives_the_same_report(kind):
    assert report(kind, 7) == report(kind, 7)
    assert report(kind, 7) != report(kind, 8)


@pytest.mark.parametrize("kind", KINDS)
def test_different_organizations_get_mostly_different_duties(kind):
    for seed in SEEDS:
        first = report(kind, seed, 0).duties
        second = report(kind, seed + 100, 1).duties
        assert shared_share(second, first) < 0.5
        # Even one seed shared by two organizations gives two reports.
        assert shared_share(report(kind, seed, 1).duties, first) < 0.5


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_secretary_or_a_new_year_writes_a_new_report(kind):
    original = report(kind, 3).duties
    assert shared_share(report(kind, 3, secretary="李晓明").duties, original) < 0.5
    assert shared_share(report(kind, 3, year=2023).duties, original) < 0.5


@pytest.mark.parametrize("kind", KINDS)
def test_reports_run_2000_to_4000_characters(kind):
    for seed in SEEDS:
        for which in (0, 1):
            text = report(kind, seed, which)
            assert 2000 <= text.length() <= 4000
            assert cjk_count(full_text(text)) >= 2000


@pytest.mark.parametrize("kind", KINDS)
def test_every_section_is_filled_in_without_template_syntax(kind):
    for seed in SEEDS:
        text = report(kind, seed)
        assert text.duties.count("\n") >= 5  # opening, five or six numbered paragraphs, closing
        assert text.causes and text.measures and text.rectification_account
        for section in text.sections():
            assert not re.search(r"[{}\[\]|]", section), section
            assert not re.search(r"[，。；、]{2}", section), section


@pytest.mark.parametrize("kind", KINDS)
def test_problems_are_three_to_five_distinct_items_each_with_a_measure(kind):
    for seed in SEEDS:
        text = report(kind, seed)
        assert 3 <= len(text.problems) <= 5
        assert all(problem.strip() for problem in text.problems)
        assert len(set(text.problems)) == len(text.problems)
        # One measure per problem, and a last one on rectification.
        assert len(text.measures.split("\n")) == len(text.problems) + 1


@pytest.mark.parametrize("kind", KINDS)
def test_the_organization_and_the_year_appear_in_the_duties(kind):
    for which in (0, 1):
        text = report(kind, 5, which, year=2023)
        assert ORGANIZATIONS[kind][which] in text.duties
        assert "2023年" in text.duties
        assert "2022年度" in text.rectification_account


def test_each_kind_speaks_its_own_vocabulary():
    assert "供暖" in report("unit", 1, 1).duties  # 市热力有限公司党委
    assert "网格" in full_text(report("community", 1))
    county = full_text(report("county", 1))
    assert "乡镇" in county and "村" in county
    # A working committee speaks of its field, not of a mangled name of itself.
    organs = report("working_committee", 1).duties
    assert "省直机关" in organs and "北江省直机关工委各级" not in organs
    # A street working committee is urban, a town rural.
    street = full_text(report("town", 1, 1))
    assert "社区" in street and "行政村" not in street
    assert "行政村" in report("town", 1, 0).duties


@pytest.mark.parametrize("kind", KINDS)
def test_a_near_copy_keeps_most_sentences_under_the_new_name(kind):
    original_org, new_org = ORGANIZATIONS[kind]
    for seed in SEEDS:
        original = report(kind, seed)
        copy = near_copy(original, organization=new_org, rng=random.Random(seed))
        copied, source = full_text(copy), full_text(original)
        assert copy != original
        assert 0.65 <= shared_share(copied, source) < 1
        assert 0.6 <= shingle_similarity(copied, source) <= 0.93
        assert new_org in copy.duties
        assert original_org not in copied


@pytest.mark.parametrize("kind", KINDS)
def test_a_near_copy_still_reads_as_one_report(kind):
    for seed in SEEDS:
        copy = near_copy(report(kind, seed), organization=ORGANIZATIONS[kind][1], rng=random.Random(seed))
        text = full_text(copy)
        assert len(sentences(text)) == len(set(sentences(text)))
        assert not re.search(r"[{}\[\]|]", text)
        assert 3 <= len(copy.problems) <= 5 and len(set(copy.problems)) == len(copy.problems)
        assert len(copy.measures.split("\n")) == len(copy.problems) + 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_shingle_check_tells_copies_from_independent_reports(kind):
    for seed in SEEDS:
        original = report(kind, seed)
        independent = report(kind, seed + 100, 1)
        copy = near_copy(original, organization=ORGANIZATIONS[kind][1], rng=random.Random(seed))
        independent_score = shingle_similarity(full_text(independent), full_text(original))
        assert independent_score < 0.4
        assert shingle_similarity(full_text(copy), full_text(original)) > independent_score + 0.3


def test_a_near_copy_of_ones_own_last_report_keeps_the_name():
    original = report("unit", 2)
    copy = near_copy(original, organization=ORGANIZATIONS["unit"][0], rng=random.Random(2))
    assert ORGANIZATIONS["unit"][0] in copy.duties
    assert copy != original


def test_key_indicators_name_their_units():
    assert KEY_INDICATORS == [
        ("党支部标准化规范化达标数", "个"),
        ("发展党员数", "名"),
        ("党员志愿服务活动次数", "次"),
        ("“三会一课”召开次数", "次"),
        ("整改问题数", "个"),
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_indicator_figures_cover_every_key_indicator(kind):
    for seed in SEEDS:
        figures = indicator_figures(kind=kind, rng=random.Random(seed))
        assert list(figures) == [name for name, _unit in KEY_INDICATORS]
        assert all(isinstance(value, int) and value >= 0 for value in figures.values())
        assert figures == indicator_figures(kind=kind, rng=random.Random(seed))


def test_indicator_figures_grow_with_the_level():
    def members_developed(kind):
        return indicator_figures(kind=kind, rng=random.Random(1))["发展党员数"]

    assert members_developed("unit") < members_developed("town") < members_developed("county")
    assert members_developed("county") < members_developed("city")


def test_a_single_branch_reports_itself_as_its_one_branch_up_to_standard():
    for seed in SEEDS:
        figures = indicator_figures(kind="unit", organization="市城市照明中心党支部", rng=random.Random(seed))
        assert figures["党支部标准化规范化达标数"] == 1


@pytest.mark.parametrize("kind", KINDS)
def test_the_report_quotes_the_figures_an_equally_seeded_generator_gives(kind):
    organization = ORGANIZATIONS[kind][0]
    for seed in SEEDS:
        text = report(kind, seed)
        figures = indicator_figures(kind=kind, organization=organization, rng=random.Random(seed))
        assert f"发展党员{figures['发展党员数']}名" in text.duties
        assert f"{figures['党员志愿服务活动次数']}次" in text.duties
        assert f"“三会一课”{figures['“三会一课”召开次数']}次" in text.duties
        assert f"整改事项{figures['整改问题数']}项" in text.rectification_account


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown kind"):
        generate_report(
            organization="某党委", secretary="王建华", kind="village", year=2022, rng=random.Random(1)
        )
    with pytest.raises(ValueError, match="unknown kind"):
        indicator_figures(kind="village", rng=random.Random(1))
