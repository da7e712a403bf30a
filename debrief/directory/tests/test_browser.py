import pytest

from debrief.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organizer_logs_in_and_browses_the_organization_tree(page, cast):
    log_in(page, "organizer_a")
    page.click("nav.mainnav >> text=组织架构")
    page.wait_for_url("**/orgs/")
    node = page.locator("#node-CA")
    assert "江州市委" in node.inner_text()
    assert "川北市委" not in page.content()

    node.locator("summary").click()  # expands through htmx
    page.wait_for_selector("#node-CA1")
    page.locator("#node-CA1 summary").click()
    page.wait_for_selector("#node-CA1a")
    assert "东区长征街道党工委" in page.locator("#node-CA1a").inner_text()

    page.fill("input[name=q]", "长征")
    page.wait_for_selector("#search-results li")
    assert "东区长征街道党工委" in page.locator("#search-results").inner_text()

    page.click("#node-CA1a a")
    page.wait_for_selector("h1:has-text('东区长征街道党工委')")
    assert "江州市东区区委" in page.locator(".crumbs").inner_text()
