import datetime
import io
import random

import openpyxl
import pytest

from debrief.conftest import log_in
from debrief.demo.evidence_files import photo_png
from debrief.meetings import commenting
from debrief.rectification import ledger_views, services
from debrief.rectification.models import Item, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = photo_png(random.Random(1), (8, 6))  # a real image: the upload check reads it to its end
MAY_FIRST = datetime.date(2023, 5, 1)


def test_a_comments_problem_goes_from_the_ledger_to_sign_off(new_context, page, cast, campaign, reporters):
    commenting.comment_save(
        reporter=reporters.a1,
        role="principal",
        commenter="市委书记 李华",
        problems=["基层党建调研不够深入。"],
    )
    log_in(page, "organizer_a")
    # The organizer sends the comment's problem to the ledger and sets a deadline already passed.
    page.goto(f"/campaigns/{campaign.pk}/meeting/comments/{reporters.a1.pk}/")
    page.click("form[action*='from-comment'] button")
    page.wait_for_selector("ol.problems a.tag")
    item = Item.objects.get()
    page.goto(f"/rectification/{item.pk}/edit/")
    page.fill("#id_deadline", "2023-03-31")
    page.fill("#id_measures", "制定调研计划\n形成调研报告")
    page.click("form.stacked button.primary")
    page.wait_for_url(f"**/rectification/{item.pk}/")
    assert page.locator("h1 .tag.overdue").count() == 1

    # The overdue count on the ledger leads to the overdue list, which holds the item.
    page.goto(f"/rectification/?campaign={campaign.pk}")
    page.click("#ledger-counts li.overdue a")
    page.wait_for_url("**overdue=1**")
    assert "基层党建调研不够深入" in page.locator("#ledger tbody").inner_text()

    # The secretary reports progress with a photo, ticks a task and submits.
    mine = new_context().new_page()
    mine.set_default_timeout(10_000)
    log_in(mine, "reporter_a1")
    mine.goto(f"/rectification/{item.pk}/")
    mine.fill("#progress textarea", "已制定调研计划，走访基层党支部5个。")
    mine.set_input_files(
        "#progress input[type=file]", files=[{"name": "走访照片.png", "mimeType": "image/png", "buffer": PNG}]
    )
    mine.click("#progress button")
    mine.wait_for_selector("#timeline a:has-text('走访照片.png')")
    with mine.expect_response("**/measures/**"):
        mine.click("#measures li:first-child button")
    mine.wait_for_selector("#measures li.done")
    mine.fill("#submit textarea", "调研报告已形成并印发。")
    mine.click("#submit button")
    mine.wait_for_selector(".tag.item-submitted")

    # The organizer returns it with remarks; the secretary resubmits; the organizer signs it off.
    page.goto(f"/rectification/{item.pk}/")
    page.fill("#verify textarea", "请补充调研报告原件。")
    page.click("#verify button[value=return]")
    page.wait_for_selector(".tag.item-returned")
    mine.goto(f"/rectification/{item.pk}/")
    assert "请补充调研报告原件。" in mine.locator("#timeline").inner_text()
    mine.fill("#submit textarea", "已补充调研报告原件。")
    mine.click("#submit button")
    mine.wait_for_selector(".tag.item-submitted")
    page.goto(f"/rectification/{item.pk}/")
    page.fill("#verify textarea", "经核实，整改到位。")
    page.click("#verify button[value=sign_off]")
    page.wait_for_selector(".tag.item-signed_off")
    item.refresh_from_db()
    assert item.status == Status.SIGNED_OFF

    # The ledger's XLSX says so.
    page.goto(f"/rectification/?campaign={campaign.pk}")
    with page.expect_download() as download:
        page.click("a[href*='ledger.xlsx']")
    with open(download.value.path(), "rb") as downloaded:
        sheet = openpyxl.load_workbook(io.BytesIO(downloaded.read())).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row[0] == "序号")
    assert rows[header][:7] == ["序号", "问题描述", "整改措施", "责任人", "完成时限", "整改进展", "是否销号"]
    row = rows[header + 1]
    assert row[1].startswith("基层党建调研不够深入") and row[3] == "赵强" and row[6] == "是"


def test_the_organizer_finds_an_organization_for_the_filter_by_typing_part_of_its_name(
    page, cast, campaign, reporters
):
    for reporter, text in ((reporters.a1, "组织生活不规范。"), (reporters.a2, "党员发展质量不高。")):
        services.item_create(campaign=campaign, reporter=reporter, description=text, deadline=MAY_FIRST)
    log_in(page, "organizer_a")
    page.goto("/rectification/")
    # Typing part of a name asks the server; the suggestions arrive in the box's list.
    with page.expect_response("**/rectification/organizations/?organization=*"):
        page.fill("#id_organization", "西区")
    option = page.locator("#id_organization-options option")
    option.first.wait_for(state="attached")
    assert option.count() == 1 and "江州市西区区委" in option.first.inner_text()
    # Choosing the suggestion puts its code in the box; filtering shows that county's items only.
    page.fill("#id_organization", option.first.get_attribute("value"))
    page.click("#ledger-filter button.primary")
    page.wait_for_url("**organization=CA2**")
    assert "党员发展质量不高" in page.locator("#ledger tbody").inner_text()
    assert "组织生活不规范" not in page.locator("#ledger tbody").inner_text()
    assert page.locator(".chosen-organization").inner_text() == "江州市西区区委"
    # The numbers carry the host: the merged ledger spans campaigns.
    assert "江州市委 2022-002" in page.locator("#ledger tbody").inner_text()


def test_the_pager_turns_the_list_over_in_place_and_the_address_follows(
    page, cast, campaign, reporters, monkeypatch
):
    monkeypatch.setattr(ledger_views, "PAGE_SIZE", 2)
    for n in range(1, 4):
        services.item_create(
            campaign=campaign, reporter=reporters.a1, description=f"问题{n}", deadline=MAY_FIRST
        )
    log_in(page, "organizer_a")
    page.goto(f"/rectification/?campaign={campaign.pk}&status=open")
    page.evaluate("window.stayedOnThePage = true")  # gone if the browser loaded a new page
    with page.expect_response("**page=2**"):
        page.click(".ledger-pager a[rel=next]")
    page.wait_for_selector(".ledger-pager .current:has-text('2')")
    assert page.locator("#ledger tbody tr").count() == 1
    assert "问题3" in page.locator("#ledger tbody").inner_text()
    assert page.evaluate("window.stayedOnThePage") is True
    assert page.url.endswith(f"?campaign={campaign.pk}&status=open&page=2")
    assert page.locator("#ledger-counts").count() == 1 and page.locator("#ledger-list").count() == 1
    # Back goes to the first page again.
    page.go_back()
    page.wait_for_selector(".ledger-pager .current:has-text('1')")
    assert "问题1" in page.locator("#ledger tbody").inner_text()


def test_on_a_phone_each_item_of_the_ledger_reads_as_a_card(new_context, cast, campaign, reporters):
    services.item_create(
        campaign=campaign, reporter=reporters.a1, description="组织生活不规范。", deadline=MAY_FIRST
    )
    phone = new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    log_in(phone, "organizer_a")
    phone.goto(f"/rectification/?campaign={campaign.pk}")
    row = phone.locator("#ledger tbody tr").first
    assert phone.locator("#ledger thead").is_hidden()
    # The problem takes the card's whole width, and nothing makes the page scroll sideways.
    problem, card = row.locator("td").nth(2).bounding_box(), row.bounding_box()
    assert problem["width"] > card["width"] * 0.9
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
