"""The results page on a desktop: the ranking chart stays readable from 5 to 60 reporters, and the
results table keeps the organization in view while its sub-indicator columns scroll."""

import os
import re
from decimal import Decimal

import pytest

from debrief.campaigns.models import CampaignState
from debrief.campaigns.services import reporters_add
from debrief.conftest import log_in
from debrief.evaluation import services
from debrief.reports import services as report_services
from debrief.testing.factories import (
    advance_to,
    evaluation_closed_without_votes,
    evaluation_opened,
    report_write,
    subordinate_with_secretary,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEADERS = "Host leadership team"
SUB_INDICATORS = ["政治建设", "思想建设", "组织建设", "作风建设", "纪律建设"]
RATINGS = ["excellent", "good", "fair", "poor"]
PLACES = ["东区", "西区", "南区", "北县", "高新技术产业开发区", "经济技术开发区", "滨江新区", "临港县"]
SHOTS = "/work/shots/results"
DESKTOP = {"width": 1366, "height": 768}


def closed_campaign_with(campaign, tree, organizer, number: int):
    """`number` reporters with names of realistic lengths, rated by six leaders with a spread of
    ratings, each with a routine score; all but two submitted their report."""
    organizations = [
        subordinate_with_secretary(
            tree.city_a, f"R{i:02d}", f"江州市{PLACES[i % len(PLACES)]}第{i + 1}党工委", f"书记{i + 1}"
        )
        for i in range(number)
    ]
    reporters = reporters_add(campaign=campaign, organizations=organizations)
    for i, reporter in enumerate(reporters):
        report = report_write(reporter)
        if i % 10 != 3:  # every tenth starting with the fourth stays a draft
            report_services.report_submit(report=report, user=None)
    services.sub_indicators_set(evaluation=services.evaluation_set_up(campaign), names=SUB_INDICATORS)
    evaluation, codes = evaluation_opened(campaign, organizer, codes={LEADERS: 6})
    for b, code in enumerate(codes[LEADERS]):
        services.ballot_cast(
            code_text=code,
            ratings={
                r.pk: [RATINGS[(i * 7 + b) % 5 % 4], *(RATINGS[(i * (k + 2) + b) % 3] for k in range(5))]
                for i, r in enumerate(reporters)
            },
        )
    evaluation = services.voting_close(evaluation=evaluation, user=organizer, override_reason="测试")
    services.routine_scores_set(
        evaluation=evaluation, scores={r.pk: Decimal(70 + i % 29) for i, r in enumerate(reporters)}
    )
    return reporters


# Every text the chart drew on its canvas, with its box in the page's pixels.
DRAWN_TEXTS = """() => {
  const chart = echarts.getInstanceByDom(document.getElementById("rank-chart"));
  return chart.getZr().storage.getDisplayList(true)
    .filter(el => el.type === "tspan" && !el.ignore && !el.invisible && el.style.text)
    .map(el => {
      const box = el.getBoundingRect().clone();
      box.applyTransform(el.getComputedTransform());
      return { text: String(el.style.text), x: box.x, y: box.y, width: box.width, height: box.height };
    });
}"""


def overlapping(boxes):
    boxes = sorted(boxes, key=lambda b: b["y"])
    return [
        (a["text"], b["text"])
        for a, b in zip(boxes, boxes[1:], strict=False)
        if b["y"] < a["y"] + a["height"] and a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
    ]


@pytest.mark.parametrize("number", [5, 29, 60])
def test_the_ranking_chart_names_every_reporter_with_its_score_to_two_decimals(
    new_context, campaign, tree, cast, number
):
    closed_campaign_with(campaign, tree, cast.organizer_a, number)
    page = new_context(viewport=DESKTOP).new_page()
    page.set_default_timeout(15_000)
    log_in(page, "organizer_a")
    page.goto(f"/campaigns/{campaign.pk}/evaluation/results/?sort=score")
    page.wait_for_function(
        "() => echarts.getInstanceByDom(document.getElementById('rank-chart'))?.getZr().animation.isFinished()"
    )
    # The table, by score: organization name and comprehensive score as it prints them.
    table = [
        (row[1].split(" ")[0].strip(), row[-1 - len(SUB_INDICATORS) - 1].strip())
        for row in (r.split("\t") for r in page.locator("#results tbody tr").all_inner_texts())
    ]
    assert len(table) == number and all(re.fullmatch(r"\d+\.\d\d", score) for _name, score in table)

    drawn = page.evaluate(DRAWN_TEXTS)
    names = [t for t in drawn if t["text"] in {name for name, _score in table}]
    values = [t for t in drawn if re.fullmatch(r"\d+\.\d\d", t["text"])]
    # Every name is drawn, none skipped, top to bottom in the table's order; each bar carries the
    # table's score, and no two labels overlap.
    assert [t["text"] for t in sorted(names, key=lambda t: t["y"])] == [name for name, _score in table]
    assert [t["text"] for t in sorted(values, key=lambda t: t["y"])] == [score for _name, score in table]
    assert overlapping(names) == [] and overlapping(values) == []
    assert (
        page.evaluate(
            "() => echarts.getInstanceByDom(document.getElementById('rank-chart')).getOption().yAxis[0].axisLabel.interval"
        )
        == 0
    )
    if number in (29, 60):
        os.makedirs(SHOTS, exist_ok=True)
        page.locator("#rank-chart").scroll_into_view_if_needed()
        page.screenshot(path=f"{SHOTS}/ranking-{number}-reporters-1366.png", full_page=True)
    if number == 29:
        # On a phone the chart takes the full width; a long name is cut short, never left out.
        phone = new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
        phone.set_default_timeout(15_000)
        log_in(phone, "organizer_a")
        phone.goto(f"/campaigns/{campaign.pk}/evaluation/results/")
        phone.wait_for_function(
            "() => echarts.getInstanceByDom(document.getElementById('rank-chart'))?.getZr().animation.isFinished()"
        )
        labels = [t for t in phone.evaluate(DRAWN_TEXTS) if t["text"].startswith("江州市")]
        assert len(labels) == number and overlapping(labels) == []
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        phone.screenshot(path=f"{SHOTS}/ranking-{number}-reporters-390.png", full_page=True)


def test_the_organization_stays_in_view_while_the_sub_indicator_columns_scroll(
    new_context, campaign, tree, cast
):
    closed_campaign_with(campaign, tree, cast.organizer_a, 12)
    page = new_context(viewport=DESKTOP).new_page()
    page.set_default_timeout(15_000)
    log_in(page, "organizer_a")
    page.goto(f"/campaigns/{campaign.pk}/evaluation/results/")
    page.evaluate("() => document.querySelector('#results').scrollIntoView()")
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/results-table-1366.png")
    name = page.locator("#results tbody tr").first.locator(".name-column a")
    before = name.bounding_box()
    scrolled = page.evaluate(
        "() => { const box = document.querySelector('#results').parentElement;"
        " box.scrollLeft = box.scrollWidth; return box.scrollLeft; }"
    )
    # The table is wider than the page: its last columns need the sideways scroll ...
    assert scrolled > 0
    # ... under which the organization stays where it was, readable, and the last sub-indicator shows.
    assert name.bounding_box() == before
    assert (
        page.evaluate(
            """() => { const a = document.querySelector('#results tbody tr .name-column a').getBoundingClientRect();
          return document.elementFromPoint(a.left + 4, a.top + a.height / 2)?.closest('a')?.textContent; }"""
        )
        == name.inner_text()
    )
    last = page.locator(f"#results thead th:has-text('{SUB_INDICATORS[-1]}')").bounding_box()
    right = page.evaluate(
        "() => document.querySelector('#results').parentElement.getBoundingClientRect().right"
    )
    assert last["x"] + last["width"] <= right + 1
    page.screenshot(path=f"{SHOTS}/results-table-scrolled-1366.png")

    # The draft's row leads to its calculation sheet, which says what the mark means.
    page.locator("#results tbody tr", has=page.locator(".report-unsubmitted")).locator(
        ".name-column a"
    ).click()
    page.wait_for_selector("#unsubmitted")
    assert page.locator("#unsubmitted .report-unsubmitted").is_visible()
    page.screenshot(path=f"{SHOTS}/sheet-unsubmitted-1366.png", full_page=True)


def test_the_routine_scores_page_says_they_are_fixed_once_the_notice_is_published(
    new_context, campaign, reporters, cast
):
    evaluation_closed_without_votes(campaign, cast.organizer_a)
    pages = {}
    for name, viewport in (("1366", DESKTOP), ("390", {"width": 390, "height": 844})):
        pages[name] = new_context(viewport=viewport).new_page()
        log_in(pages[name], "organizer_a")
    os.makedirs(SHOTS, exist_ok=True)
    pages["1366"].goto(f"/campaigns/{campaign.pk}/evaluation/routine/")
    assert pages["1366"].locator("#routine-after-close").is_visible()
    pages["1366"].screenshot(path=f"{SHOTS}/routine-open-1366.png", full_page=True)
    advance_to(campaign, CampaignState.PUBLISHED, cast.organizer_a)
    for name, page in pages.items():
        page.goto(f"/campaigns/{campaign.pk}/evaluation/routine/")
        assert page.locator("#routine-fixed").is_visible()
        assert page.locator("input.score-input").count() == 0
        page.screenshot(path=f"{SHOTS}/routine-fixed-{name}.png", full_page=True)
