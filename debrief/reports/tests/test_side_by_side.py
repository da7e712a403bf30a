"""Two reports side by side with their matching passages, and the hints on the campaign page that
lead there."""

import html
import re

import pytest
from django.urls import reverse

from debrief.campaigns.services import reporters_add
from debrief.reports import services
from debrief.reports.side_by_side import Piece, pieces
from debrief.testing.factories import campaign_open, report_write

from .test_similarity import OTHER_TEXT, OWN_TEXT

THIRD_TEXT = {
    "duties": "聚焦国企改革抓党建，推动党组织研究讨论作为董事会决策前置程序，修订“三重一大”决策制度。",
    "problems": ["对下属企业党建工作督导不够有力。", "党务干部队伍专业化水平不高。"],
    "causes": "重生产经营、轻党建工作的思想还在一定程度上存在。",
    "measures": "开展党建工作责任制考核，把考核结果与企业负责人薪酬挂钩。",
    "rectification_account": "上年度的四个问题整改完成三个，一个持续整改中。",
}


def submit(reporter, **text):
    services.report_submit(report=report_write(reporter, **text), user=None)


def url(campaign, reporter, other):
    return reverse("campaigns:side_by_side", args=[campaign.pk, reporter.pk, other.pk])


def marked(page: str, side: str) -> dict[int, str]:
    """The passages marked on one side of the page, by number, as the reader sees their text."""
    column = re.search(rf'<div class="report-text" id="{side}">(.*?)</div>', page, re.S).group(1)
    return {
        int(n): html.unescape(text)
        for n, text in re.findall(
            r'<mark class="passage[^"]*" data-passage="(\d+)"><sup>\d+</sup>(.*?)</mark>', column, re.S
        )
    }


@pytest.fixture
def copied(reporters, campaign):
    """A2 copied A1's duties, problems and causes, and wrote measures of its own; A3 wrote its own."""
    submit(reporters.a1, **OWN_TEXT)
    submit(
        reporters.a2,
        **{**OWN_TEXT, **{name: OTHER_TEXT[name] for name in ("measures", "rectification_account")}},
    )
    submit(reporters.a3, **THIRD_TEXT)
    return reporters


def test_the_passages_one_report_repeats_are_marked_alike_in_both(client, cast, campaign, copied):
    client.force_login(cast.organizer_a)

    response = client.get(url(campaign, copied.a2, copied.a1))

    assert response.status_code == 200
    page = response.content.decode()
    left, right = marked(page, "left"), marked(page, "right")
    assert list(left) == list(right) == [1]
    assert left[1] == right[1]  # the same words, found in both
    assert OWN_TEXT["duties"].removesuffix("。") in left[1]
    assert OWN_TEXT["problems"][0].removesuffix("。") in left[1]
    # Each side is the whole report, the passages in place.
    assert OTHER_TEXT["measures"] in html.unescape(page)
    assert OWN_TEXT["measures"] in html.unescape(page)


def test_two_reports_with_nothing_in_common_show_no_mark(client, cast, campaign, copied):
    client.force_login(cast.organizer_a)

    page = client.get(url(campaign, copied.a3, copied.a1)).content.decode()

    assert marked(page, "left") == marked(page, "right") == {}
    assert (
        "0% of this report"
        in client.get(url(campaign, copied.a3, copied.a1), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_a_report_beside_its_own_of_last_year(client, cast, tree, counties, reporters, campaign):
    previous = campaign_open(tree.city_a, year=2021)
    old_a1, old_a2 = reporters_add(campaign=previous, organizations=[counties.a1, counties.a2])
    submit(old_a1, **OWN_TEXT)
    submit(old_a2, **OWN_TEXT)
    submit(reporters.a1, **OWN_TEXT)
    submit(reporters.a2, **OTHER_TEXT)
    client.force_login(cast.organizer_a)

    page = client.get(url(campaign, reporters.a1, old_a1), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "100% of this report's own text is also in its own report of 2021" in page
    assert marked(page, "left") == marked(page, "right") != {}
    # Another organization's report of last year is not what this one is compared with.
    assert client.get(url(campaign, reporters.a1, old_a2)).status_code == 404


def test_only_submitted_reports_of_the_campaign_can_be_put_side_by_side(client, cast, campaign, reporters):
    submit(reporters.a1, **OWN_TEXT)
    report_write(reporters.a2, **OWN_TEXT)  # a draft
    client.force_login(cast.organizer_a)

    assert client.get(url(campaign, reporters.a1, reporters.a2)).status_code == 404
    assert client.get(url(campaign, reporters.a1, reporters.a1)).status_code == 404


@pytest.mark.parametrize("user", ["organizer_b", "leader_a", "reporter_a1"])
def test_the_side_by_side_page_is_the_host_organizers_alone(client, cast, campaign, copied, user):
    client.force_login(getattr(cast, user))

    assert client.get(url(campaign, copied.a2, copied.a1)).status_code == 404


def test_the_campaign_page_links_each_report_to_its_most_similar_one_and_marks_only_the_copy(
    client, cast, campaign, copied
):
    client.force_login(cast.organizer_a)

    page = client.get(
        reverse("campaigns:detail", args=[campaign.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    links = dict(re.findall(r'<a href="/campaigns/\d+/similarity/(\d+)/with/(\d+)/"[^>]*>', page))
    assert links[str(copied.a2.pk)] == str(copied.a1.pk)
    warned = re.findall(r'/similarity/(\d+)/with/\d+/"[^>]* class="warn"', page)
    assert set(warned) == {str(copied.a1.pk), str(copied.a2.pk)}
    # Each report here has 2 problems: the count is marked; the ratio of these reports is not.
    assert page.count('<span class="warn">2</span>') == 3
    assert "under 0.15 of the achievements" in page


def test_the_similarity_page_links_every_source_to_the_side_by_side_page(client, cast, campaign, copied):
    client.force_login(cast.organizer_a)

    page = client.get(reverse("campaigns:similarity", args=[campaign.pk])).content.decode()

    assert url(campaign, copied.a2, copied.a1) in page


def test_overlapping_spans_of_the_source_are_cut_so_each_character_is_shown_once():
    assert pieces("abcdefgh", [(5, 8, 2), (1, 6, 1)]) == [
        Piece("a"),
        Piece("bcdef", 1),
        Piece("gh", 2),
    ]
    assert pieces("abc", [(0, 3, 1), (1, 2, 2)]) == [Piece("abc", 1)]
