import pytest

from debrief.conftest import log_in
from debrief.testing.factories import OrganizationFactory, campaign_open, subordinate_with_secretary

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


def test_the_observer_narrows_the_campaign_list_to_a_citys_subtree_by_typing_its_name(page, tree, cast):
    for host in (tree.province, tree.city_a, tree.county_a1, tree.city_b):
        campaign_open(host, year=2022)
    log_in(page, "observer")
    page.goto("/campaigns/")
    assert page.locator("#campaigns tbody tr").count() == 4
    with page.expect_response("**/campaigns/hosts/?host=*"):
        page.fill("#id_host", "江州")
    option = page.locator("#id_host-options option")
    option.first.wait_for(state="attached")
    assert option.first.get_attribute("value") == "CA"
    page.fill("#id_host", "CA")
    page.select_option("#id_level", "county")
    page.click("#campaign-filter button.primary")
    page.wait_for_url("**host=CA**")
    rows = page.locator("#campaigns tbody tr")
    assert rows.count() == 1 and "江州市东区区委" in rows.first.inner_text()
