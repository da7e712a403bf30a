import pytest

from debrief.conftest import log_in
from debrief.testing.factories import OrganizationFactory, subordinate_with_secretary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organizer_selects_every_candidate_at_once_and_confirms_a_removal(
    page, tree, cast, campaign, reporters
):
    subordinate_with_secretary(tree.city_a, "CA4", "江州市南区区委", "陈静")
    subordinate_with_secretary(tree.city_a, "CA5", "江州市开发区党工委", "周涛")
    OrganizationFactory(code="CA6", name="江州市新区党工委", parent=tree.city_a)  # vacant: cannot be added
    log_in(page, "organizer_a")
    page.goto(f"/campaigns/{campaign.pk}/reporters/")
    page.check("input[data-check-all]")
    assert page.locator("input[name=organizations]:checked").count() == 2
    assert not page.locator("input[name=organizations]:disabled").is_checked()

    remove = f"form[action$='/reporters/{reporters.a2.pk}/'] button[value=remove]"
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click(remove)
    assert page.locator(remove).is_visible()
    assert campaign.reporters.filter(pk=reporters.a2.pk).exists()
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_response(f"**/reporters/{reporters.a2.pk}/"):
        page.click(remove)
    page.wait_for_selector(f"{remove} >> nth=0", state="detached")
    assert not campaign.reporters.filter(pk=reporters.a2.pk).exists()
