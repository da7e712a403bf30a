import re

import pytest

from debrief.conftest import log_in
from debrief.evaluation import services
from debrief.evaluation.models import StagedBallot
from debrief.lib import ballot_codes
from debrief.testing.factories import evaluation_opened

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEADERS = "Host leadership team"


def test_an_evaluator_votes_on_a_phone_while_the_organizer_watches_turnout_then_closes(
    new_context, page, cast, campaign, reporters
):
    evaluation, codes = evaluation_opened(
        campaign, cast.organizer_a, codes={LEADERS: 2}, ballot_excellent_cap="1/3"
    )
    # The organizer keeps the evaluation page open.
    log_in(page, "organizer_a")
    page.goto(f"/campaigns/{campaign.pk}/evaluation/")
    assert page.locator("#turnout-used").inner_text() == "0"

    phone = new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    phone.set_default_timeout(10_000)
    # The QR link carries the code after '#': the page fills it in and opens the ballot.
    phone.goto(f"/vote/#{codes[LEADERS][0]}")
    phone.wait_for_selector("#ballot")
    assert "#" not in phone.url
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    names = phone.locator("li.reporter .person").all_inner_texts()
    assert [n.split(" ")[0] for n in names] == ["赵强", "李明", "王芳"]

    # Two 好 are over the cap of one in three; the page says so before sending.
    phone.click(f"#reporter-{reporters.a1.pk} .choice-excellent")
    phone.click(f"#reporter-{reporters.a2.pk} .choice-excellent")
    assert phone.locator("#progress.over").is_visible()
    phone.click(f"#reporter-{reporters.a2.pk} .choice-good")
    # One reporter is still unrated: submitting marks them instead of sending.
    phone.click("#submit-ballot")
    assert phone.locator(f"#reporter-{reporters.a3.pk}.missing").is_visible()
    assert not StagedBallot.objects.exists()
    phone.click(f"#reporter-{reporters.a3.pk} .choice-fair")
    phone.click("#submit-ballot")
    receipt = phone.locator("#receipt").inner_text()
    assert re.fullmatch(r"R-[0-9A-Z]{4}-[0-9A-Z]{4}", receipt)
    assert StagedBallot.objects.count() == 1

    # The organizer's page catches up by itself.
    page.wait_for_function("() => document.getElementById('turnout-used').textContent.trim() === '1'")

    # A code typed by hand, in lower case with spaces, works as well.
    phone.goto("/vote/")
    phone.fill("#code", ballot_codes.format_code(codes[LEADERS][1]).lower().replace("-", " "))
    phone.click("button[type=submit]")
    for reporter, rating in ((reporters.a1, "good"), (reporters.a2, "good"), (reporters.a3, "poor")):
        phone.click(f"#reporter-{reporter.pk} .choice-{rating}")
    phone.click("#submit-ballot")
    phone.wait_for_selector("#receipt")

    # Closing: 2 of 8 expected is below the quorum, so a reason is recorded.
    page.fill("#close-form textarea", "部分代表请假")
    page.click("#close-form button")
    page.wait_for_selector("#results")
    page.click("#recount-button")
    page.wait_for_selector("#recount-ok")
    rows = page.locator("#results tbody tr")
    assert rows.count() == 3
    page.wait_for_selector("#rank-chart canvas")

    # The published receipts include the evaluator's.
    phone.goto(f"/vote/receipts/{evaluation.public_key}/?receipt={receipt}")
    assert receipt in phone.locator(".receipt-list").inner_text()
    assert phone.locator(".vote-ok").is_visible()


def test_an_organization_name_with_markup_shows_as_text_in_the_results_chart_tooltip(
    page, cast, campaign, reporters, counties
):
    evil = '<img src=x onerror="window.__pwned=1">'
    counties.a2.name = evil
    counties.a2.save(update_fields=["name"])
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a, codes={LEADERS: 1})
    services.ballot_cast(
        code_text=codes[LEADERS][0], ratings={r.pk: ["good"] for r in reporters.__dict__.values()}
    )
    services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")

    log_in(page, "organizer_a")
    page.goto(f"/campaigns/{campaign.pk}/evaluation/results/")
    page.wait_for_function(
        "() => echarts.getInstanceByDom(document.getElementById('rank-chart'))?.getZr().animation.isFinished()"
    )
    # Hover just inside the end of the organization's bar.
    x, y = page.evaluate(
        """name => {
          const el = document.getElementById("rank-chart"), chart = echarts.getInstanceByDom(el);
          const option = chart.getOption(), i = option.yAxis[0].data.indexOf(name);
          el.scrollIntoView();
          const [px, py] = chart.convertToPixel({ seriesIndex: 0 }, [option.series[0].data[i].value, i]);
          const box = el.getBoundingClientRect();
          return [box.left + px - 5, box.top + py];
        }""",
        evil,
    )
    page.mouse.move(x, y)
    tooltip = page.locator("#rank-chart div", has_text=evil).last
    tooltip.wait_for()
    assert evil in tooltip.inner_text()
    assert page.locator("#rank-chart img").count() == 0
    assert page.evaluate("() => window.__pwned") is None
