"""The threshold of "a similar problem was raised in an earlier year", on pairs in the register of
the seed meetings (a housing bureau's units, a street's communities): the same problem reworded a
year later must match; two different problems of the same category must not."""

import pytest

from debrief.oversight.recurring import THRESHOLD, similarity

REWORDED = [
    (
        "“三会一课”质量不高，主题党日形式单一，一线维修班组党员参加组织生活不经常。",
        "“三会一课”开展质量不高，主题党日活动形式比较单一，一线班组党员参加组织生活不够经常。",
    ),
    (
        "发展党员工作后继乏力，一线技术骨干中近三年没有发展党员。",
        "发展党员后继乏力，近三年在一线技术骨干中未发展党员。",
    ),
    ("理论学习不够深入，以学促干的成效还不明显。", "理论学习还不够深入，以学促干成效不明显。"),
    (
        "党建与业务融合不够紧密，存在“两张皮”现象。",
        "党建工作与业务工作融合不紧密，“两张皮”现象仍然存在。",
    ),
    (
        "廉政风险防控存在薄弱环节，路灯配件采购和维修外包项目的比价、验收程序不够规范。",
        "廉政风险防控仍有薄弱环节，配件采购和外包项目比价、验收程序不规范。",
    ),
    (
        "对党员干部的日常监督偏软，谈心谈话、提醒谈话开展得不经常。",
        "对党员干部日常监督偏软，谈心谈话和提醒谈话开展不经常。",
    ),
    (
        "网格党支部作用发挥不充分，网格员队伍中党员比例偏低。",
        "网格党支部作用发挥还不够充分，网格员中党员占比偏低。",
    ),
    ("对年轻党员的教育管理不够到位。", "对年轻党员教育管理还不到位。"),
    (
        "支部书记履行第一责任人职责还不够到位，述职报告讲业务工作多、讲抓党建少。",
        "支部书记第一责任人职责履行不够到位，述职时讲业务多、讲党建少。",
    ),
    (
        "社区“两新”组织党建覆盖不全，部分商务楼宇尚未建立党组织。",
        "“两新”组织党建覆盖还不全面，部分商务楼宇未建立党组织。",
    ),
]

# Same category (members, organization, responsibility, conduct …), different problems.
DIFFERENT = [
    (
        "“三会一课”质量不高，主题党日形式单一，一线维修班组党员参加组织生活不经常。",
        "发展党员工作后继乏力，一线技术骨干中近三年没有发展党员。",
    ),
    ("理论学习不够深入，以学促干的成效还不明显。", "意识形态工作责任制落实不够到位，对网络舆情研判不及时。"),
    (
        "党建与业务融合不够紧密，存在“两张皮”现象。",
        "支部书记履行第一责任人职责还不够到位，述职报告讲业务工作多、讲抓党建少。",
    ),
    (
        "廉政风险防控存在薄弱环节，路灯配件采购和维修外包项目的比价、验收程序不够规范。",
        "对党员干部的日常监督偏软，谈心谈话、提醒谈话开展得不经常。",
    ),
    ("对年轻党员的教育管理不够到位。", "对流动党员的管理不够到位，有的长期不参加组织生活。"),
    (
        "网格党支部作用发挥不充分，网格员队伍中党员比例偏低。",
        "党员志愿服务作用发挥不充分，在职党员到社区报到后参与活动偏少。",
    ),
    (
        "社区“两新”组织党建覆盖不全，部分商务楼宇尚未建立党组织。",
        "基层党组织标准化规范化建设不平衡，部分党支部阵地建设不达标。",
    ),
    ("党费收缴不够规范，个别党员未按时足额交纳党费。", "党员发展程序执行不够规范，个别入党材料填写不完整。"),
    (
        "安全生产领域党员先锋作用发挥不明显，施工现场党员示范岗流于形式。",
        "作风建设有待加强，服务企业和群众的主动性不够。",
    ),
    ("“三会一课”记录不规范，个别支部会议记录缺失。", "主题党日内容与业务结合不紧，形式单一，吸引力不强。"),
]


@pytest.mark.parametrize(("last_year", "this_year"), REWORDED)
def test_the_same_problem_reworded_is_similar(last_year, this_year):
    assert similarity(this_year, last_year) >= THRESHOLD


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_problems_of_one_category_are_not(one, other):
    assert similarity(one, other) < THRESHOLD


def test_the_threshold_leaves_a_margin_on_both_sides():
    lowest_match = min(similarity(b, a) for a, b in REWORDED)
    highest_miss = max(similarity(a, b) for a, b in DIFFERENT)
    assert lowest_match - THRESHOLD >= 0.05
    assert THRESHOLD - highest_miss >= 0.1


def test_similarity_is_symmetric_and_ignores_punctuation():
    a, b = REWORDED[3]
    assert similarity(a, b) == pytest.approx(similarity(b, a))
    assert similarity(a, a.replace("，", " ").replace("“", "").replace("”", "")) == 1.0
