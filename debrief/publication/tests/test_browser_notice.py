import io

import docx
import pytest

from debrief.campaigns.models import CampaignState
from debrief.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_organizer_drafts_publishes_and_downloads_the_notice(page, assessed, cast):
    log_in(page, "organizer_a")
    page.goto(f"/campaigns/{assessed.pk}/")
    page.click("#notice-link")
    page.click("#draft-start button")
    page.wait_for_url("**/publication/edit/")
    assert "江州市东区区委赵强" in page.input_value("#id_grades_section")
    page.fill("#id_document_number", "江组通〔2023〕3号")
    page.locator("#candidates input[name=picks]").first.check()
    page.click("#notice-form button.primary")
    page.wait_for_url("**/publication/edit/")
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm asks before publishing
    page.click("#publish button")
    page.wait_for_url(f"**/campaigns/{assessed.pk}/publication/")
    assert page.locator("#notice-state").inner_text().endswith("已通报")  # Published
    assert "江组通〔2023〕3号" in page.locator("#notice").inner_text()
    assessed.refresh_from_db()
    assert assessed.state == CampaignState.PUBLISHED

    with page.expect_download() as download:
        page.click("#notice-docx")
    document = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "江组通〔2023〕3号" in texts
    assert [cell.text for cell in document.tables[0].rows[1].cells][1:3] == ["江州市东区区委", "赵强"]
