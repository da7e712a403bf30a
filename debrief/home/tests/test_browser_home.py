"""Each role logs in and its home page leads somewhere: the main link of each card opens its page."""

import pytest

from debrief.conftest import log_in
from debrief.meetings.commenting import comment_save
from debrief.reports import services as report_services
from debrief.testing.factories import report_write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def returned(reporters, cast):
    report = report_write(reporters.a1)
    report_services.report_submit(report=report, user=None)
    return report_services.report_return(report=report, user=cast.organizer_a, remarks="问题查摆不够具体。")


def test_the_organizer_follows_the_next_step_to_the_campaign_page(page, cast, reporters, returned):
    report_services.report_submit(report=report_write(reporters.a2), user=None)
    log_in(page, "organizer_a")
    card = page.locator("#campaigns-in-progress")
    assert card.locator(".figure-overdue").is_visible()  # A1 returned, A3 not started: past the deadline
    card.locator(".next-step a").click()
    page.wait_for_url(f"**/campaigns/{reporters.a1.campaign.pk}/#reporters")
    assert page.locator("#reporters").is_visible()


def test_the_leader_goes_from_home_to_the_next_reporter_to_comment_on(page, cast, reporters):
    comment_save(
        reporter=reporters.a1, role="in_charge", commenter="副书记", problems=["问题。"], user=cast.leader_a
    )
    log_in(page, "leader_a")
    card = page.locator("#meetings-to-comment")
    assert "1" in card.locator(".without-comment").inner_text()
    card.locator("a.next-comment").click()
    page.wait_for_url(f"**/meeting/comments/{reporters.a2.pk}/")
    assert "江州市西区区委" in page.locator("main").inner_text()


def test_the_secretary_reads_why_the_report_came_back_and_opens_it_to_edit(page, cast, reporters, returned):
    log_in(page, "reporter_a1")
    assert page.locator(".returned-report .remark").inner_text() == "问题查摆不够具体。"
    page.locator(".returned-report a.button").click()
    page.wait_for_url(f"**/reports/{reporters.a1.pk}/edit/")
    assert page.locator("form textarea").first.is_visible()


def test_the_observer_opens_the_dashboard_of_the_province(page, cast, tree):
    log_in(page, "observer")
    page.locator("#observed a.dashboard-link").click()
    page.wait_for_url("**/oversight/BJ/*/")
    assert "北江省委" in page.locator("main").inner_text()
