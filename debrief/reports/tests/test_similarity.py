"""Repeated text across a campaign's reports and against last year's own report."""

from django.urls import reverse

from debrief.campaigns.services import reporters_add
from debrief.reports import services, similarity
from debrief.testing.factories import campaign_open, report_write

OWN_TEXT = {
    "duties": "全年围绕乡村振兴抓党建，整顿软弱涣散村党组织5个，选派驻村第一书记12名，村级集体经济收入全部超过10万元。",
    "problems": ["对村党组织书记队伍的日常管理还不够严格。", "党员教育培训的针对性和实效性还不够强。"],
    "causes": "对基层党建新情况新问题研究不深，抓落实的韧劲还不够。",
    "measures": "建立村党组织书记县级备案管理制度，每季度开展一次集中轮训。",
    "rectification_account": "去年查摆的问题均已整改到位。",
}
OTHER_TEXT = {
    "duties": "坚持以党建引领城市基层治理，推行网格化管理，组建楼栋党小组86个，在职党员到社区报到1200余人次。",
    "problems": ["社区党组织服务群众的能力有待提升。", "物业企业党建覆盖面还不够广。"],
    "causes": "统筹协调各方力量不够，共驻共建机制落实不到位。",
    "measures": "推动物业企业党组织应建尽建，完善社区党组织领导下的居委会、业委会、物业企业协调运行机制。",
    "rectification_account": "已完成上年度问题的整改。",
}


def submit(reporter, **text):
    services.report_submit(report=report_write(reporter, **text), user=None)


def test_a_copied_report_shows_a_high_share_and_names_the_report_it_copies(reporters, campaign):
    submit(reporters.a1, **OWN_TEXT)
    submit(reporters.a2, **OWN_TEXT)
    submit(reporters.a3, **OTHER_TEXT)
    found = similarity.campaign_similarity(campaign)
    assert found[reporters.a2.pk].share == 1.0
    assert set(found[reporters.a2.pk].by_source) == {("now", reporters.a1.pk)}
    assert found[reporters.a3.pk].share == 0.0
    rows = similarity.similarity_rows(campaign)
    assert rows[0].sources[0].label in ("江州市东区区委 赵强", "江州市西区区委 李明")
    assert rows[-1].reporter == reporters.a3


def test_a_report_is_compared_with_its_own_report_of_last_year_but_not_with_others_of_last_year(
    tree, counties, reporters, campaign
):
    previous = campaign_open(tree.city_a, year=2021)
    old_a1, old_a3 = reporters_add(campaign=previous, organizations=[counties.a1, counties.a3])
    submit(old_a1, **OWN_TEXT)
    submit(old_a3, **OWN_TEXT)
    submit(reporters.a1, **OWN_TEXT)  # copies its own report of last year
    submit(reporters.a2, **OWN_TEXT)  # repeats A1's this year, and A3's of last year (not counted)
    found = similarity.campaign_similarity(campaign)
    assert set(found[reporters.a1.pk].by_source) == {("last_year", old_a1.pk), ("now", reporters.a2.pk)}
    assert ("last_year", old_a3.pk) not in found[reporters.a2.pk].by_source
    labels = {s.label for row in similarity.similarity_rows(campaign) for s in row.sources}
    assert "its own report of 2021" in labels


def test_drafts_are_not_compared(reporters, campaign):
    submit(reporters.a1, **OWN_TEXT)
    report_write(reporters.a2, **OWN_TEXT)
    found = similarity.campaign_similarity(campaign)
    assert set(found) == {reporters.a1.pk}
    assert found[reporters.a1.pk].share == 0.0


def test_the_similarity_page_shows_the_percentage_and_the_passages(client, cast, reporters, campaign):
    submit(reporters.a1, **OWN_TEXT)
    submit(reporters.a2, **{**OTHER_TEXT, "duties": OWN_TEXT["duties"]})
    client.force_login(cast.organizer_a)
    text = client.get(reverse("campaigns:similarity", args=[campaign.pk])).content.decode()
    assert "整顿软弱涣散村党组织5个" in text
    share = similarity.campaign_similarity(campaign)[reporters.a2.pk].share
    assert f"{round(share * 100)}%" in text
