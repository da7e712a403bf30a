import re

import pytest

from debrief.conftest import log_in
from debrief.evaluation.models import StagedBallot
from debrief.lib import ballot_codes
from debrief.testing.factories import evaluation_opened

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEADERS = "Host leadership team"


def test_an_evaluator_votes_on_a_phone_while_the_organizer_watches_turnout_then_closes(
    browser, live_server, page, cast, campaign, reporters
):
    evaluation, codes = evaluation_opened(
        campaign, cast.organizer_a, codes={LEADERS: 2}, ballot_excellent_cap="1/3"
    )
    # The organizer keeps the evaluation page open.
    log_in(page, "organizer_a")
    page.goto(f"/campaigns/{campaign.pk}/evaluation/")
    assert page.locator("#turnout-used").inner_text() == "0"

    phone_context = browser.new_context(
        locale="zh-CN", viewport={"width": 360, "height": 740}, base_url=live_server.url, is_mobile=True
    )
    phone = phone_context.new_page()
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
    page.wait_for_function("document.getElementById('turnout-used').textContent.trim() === '1'")

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
    assert page.locator("#digest-ok").is_visible()
    rows = page.locator("#results tbody tr")
    assert rows.count() == 3
    page.wait_for_selector("#rank-chart canvas")

    # The published receipts include the evaluator's.
    phone.goto(f"/vote/receipts/{evaluation.public_key}/?receipt={receipt}")
    assert receipt in phone.locator(".receipt-list").inner_text()
    assert phone.locator(".vote-ok").is_visible()
    phone_context.close()
