"""The codes page in a browser: a warning before codes beyond the expected, a lost slip's code voided."""

from decimal import Decimal

import pytest

from debrief.conftest import log_in
from debrief.evaluation import services
from debrief.evaluation.models import BallotCode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEADERS = "Host leadership team"
SECRETARIES = "Secretaries and department heads"
REPRESENTATIVES = "Party member and masses representatives"


@pytest.fixture
def evaluation(campaign, reporters, cast):
    evaluation = services.evaluation_set_up(campaign)
    services.categories_set(
        evaluation=evaluation,
        rows=[
            (LEADERS, Decimal(30), 3),
            (SECRETARIES, Decimal(40), None),
            (REPRESENTATIVES, Decimal(30), None),
        ],
    )
    return evaluation


def test_an_organizer_confirms_codes_beyond_the_expected_then_voids_a_lost_slip(
    page, campaign, evaluation, cast
):
    log_in(page, "organizer_a")
    page.goto(f"/campaigns/{campaign.pk}/evaluation/codes/")
    # The note on printing sits right under the button that issues (and prints) the codes.
    button = page.locator("#issue-form button.primary").bounding_box()
    note = page.locator("#print-note").bounding_box()
    assert 0 <= note["y"] - (button["y"] + button["height"]) < 40
    page.select_option("#id_category", label=LEADERS)
    page.fill("#id_count", "4")
    page.check("input[name=file_format][value=csv]")
    page.click("#issue-form button.primary")
    warning = page.locator("#codes-excess")
    warning.wait_for()
    assert "4" in warning.inner_text() and "3" in warning.inner_text()
    assert not BallotCode.objects.exists()
    with page.expect_download() as download:
        page.click("#confirm-beyond")
    assert download.value.suggested_filename.endswith(".csv")
    assert BallotCode.objects.count() == 4

    page.goto(f"/campaigns/{campaign.pk}/evaluation/codes/")
    page.select_option("#void-form select[name=category]", label=LEADERS)
    page.fill("#void-form input[name=serial]", "2")
    page.fill("#void-form input[name=reason]", "会前遗失")
    page.click("#void-form button")
    page.locator("#voided-codes").wait_for()
    assert "会前遗失" in page.locator("#voided-codes").inner_text()
    assert page.locator("#turnout-voided").inner_text() == "1"
    assert BallotCode.objects.get(serial=2, category__name=LEADERS).is_voided
