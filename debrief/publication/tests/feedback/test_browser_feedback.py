"""A secretary reads their feedback sheet in the browser and downloads it as a PDF."""

import pytest

from debrief.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reporter_reads_their_feedback_sheet_and_downloads_the_pdf(page, published):
    campaign, reporter = published.campaign, published.reporters.a1
    log_in(page, "reporter_a1")
    # The home page says the results are out and leads to the sheet.
    page.click("#own-feedback a")
    page.wait_for_url(f"**/campaigns/{campaign.pk}/publication/feedback/{reporter.pk}/")
    assert page.locator("#feedback-figures .tag.grade-excellent").is_visible()
    assert "98.00" in page.locator("#feedback-figures").inner_text()
    assert page.locator("#feedback-categories tbody tr").count() == 2  # one category alone, the rest combined
    assert "党员教育管理方式创新不够。" in page.locator("#feedback-comments").inner_text()
    assert page.locator("#feedback-items tbody tr").count() == 2
    assert page.locator("#preview").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    with page.expect_download() as download:
        page.click("#feedback-pdf")
    assert download.value.suggested_filename.endswith(".pdf")
    assert "赵强" in download.value.suggested_filename
    with open(download.value.path(), "rb") as downloaded:
        pdf = downloaded.read()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_on_a_phone_only_the_sheets_tables_scroll_sideways(new_context, published):
    phone = new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    phone.set_default_timeout(10_000)
    log_in(phone, "reporter_a1")
    phone.goto(f"/campaigns/{published.campaign.pk}/publication/feedback/{published.reporters.a1.pk}/")
    phone.wait_for_selector("#feedback-figures")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
