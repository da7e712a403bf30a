"""With a background worker, the similarity page says the figures are being computed, asks again
every few seconds and shows them by itself once the worker is done (htmx, under the site's CSP)."""

import pytest

from debrief.conftest import log_in
from debrief.reports.tests.test_similarity import OTHER_TEXT, OWN_TEXT, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_similarity_page_waits_for_the_worker_then_shows_the_figures(
    page, cast, campaign, reporters, database_tasks
):
    submit(reporters.a1, **OWN_TEXT)
    submit(reporters.a2, **{**OTHER_TEXT, "duties": OWN_TEXT["duties"]})
    database_tasks.queued().delete()  # as if the worker had not got to them yet
    log_in(page, "organizer_a")
    page.goto(f"/campaigns/{campaign.pk}/similarity/")
    assert page.locator("#similarity-pending").is_visible()
    assert page.locator("#similarity").count() == 0

    (done,) = database_tasks.run_worker()  # the task the page queued
    assert done.return_value == 2
    page.wait_for_selector("#similarity", timeout=15_000)  # the page refreshes itself
    assert page.locator("#similarity-pending").count() == 0
    assert "整顿软弱涣散村党组织5个" in page.locator("#similarity").text_content()  # a repeated passage
