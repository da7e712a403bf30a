"""The comment form as a leader and an organizer meet it, on a desktop and a phone."""

from pathlib import Path

import pytest

from debrief.conftest import log_in
from debrief.meetings.leaders import leader_add
from debrief.meetings.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/shots/meeting")

# Vertical gap in pixels between two elements' boxes (negative when they overlap).
GAP = """([upper, lower]) => {
  const a = document.querySelector(upper).getBoundingClientRect();
  const b = document.querySelector(lower).getBoundingClientRect();
  return b.top - a.bottom;
}"""


@pytest.fixture
def leaders(tree, cast):
    cast.leader_a.display_name = "副市长 王建国"
    cast.leader_a.save(update_fields=["display_name"])
    leader_add(organization=tree.city_a, post="市委书记", name="李华", role="principal")
    return leader_add(
        organization=tree.city_a, post="副市长", name="王建国", role="in_charge", user=cast.leader_a
    )


@pytest.mark.parametrize(
    "device,viewport", [("desktop", {"width": 1366, "height": 768}), ("phone", {"width": 390, "height": 844})]
)
def test_a_leader_finds_themselves_chosen_and_the_forms_stand_apart(
    new_context, campaign, meeting, reporters, leaders, device, viewport
):
    page = new_context(viewport=viewport).new_page()
    page.set_default_timeout(10_000)
    log_in(page, "leader_a")
    page.goto(f"/campaigns/{campaign.pk}/meeting/comments/{reporters.a1.pk}/")
    assert page.locator("#id_leader option:checked").inner_text() == "副市长 王建国 · 分管领导（一岗双责）"
    assert page.locator("#id_commenter").is_hidden()  # no other name to type
    # The comment form's button and the question form's heading do not touch.
    assert page.evaluate(GAP, ["#comment-form button[type=submit]", "#question-form"]) >= 24
    page.screenshot(path=SHOTS / f"comment-form-leader-{device}.png", full_page=True)

    page.fill("#id_problems", "党建与业务融合不够紧密。")
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector("ol.problems li")
    comment = Comment.objects.get()
    assert (comment.commenter, comment.role) == ("副市长 王建国", "in_charge")


def test_an_organizer_types_another_commenter_and_keeps_the_list(
    new_context, campaign, meeting, reporters, leaders
):
    page = new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.set_default_timeout(10_000)
    log_in(page, "organizer_a")
    page.goto(f"/campaigns/{campaign.pk}/meeting/comments/{reporters.a1.pk}/")
    assert page.locator("#id_leader option:checked").inner_text() != "副市长 王建国 · 分管领导（一岗双责）"
    assert page.locator("#id_commenter").is_hidden()
    page.select_option("#id_leader", "other")
    assert page.locator("#id_commenter").is_visible()
    page.click("#comment-form button[type=submit]")
    # The error stands beside the box to fill in (its words are asserted in test_leaders).
    assert page.locator("#comment-form div:has(#id_commenter) .errorlist").count() == 1
    assert page.locator("#id_commenter").is_visible()
    page.screenshot(path=SHOTS / "comment-form-error-desktop.png", full_page=True)
    page.fill("#id_commenter", "省委组织部 刘洋")
    page.select_option("#id_role", "org_dept")
    page.fill("#id_requirements", "抓好问题整改。")
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector(".comment")
    assert Comment.objects.values_list("commenter", "role").get() == ("省委组织部 刘洋", "org_dept")

    page.goto(f"/campaigns/{campaign.pk}/meeting/comments/")
    page.click("#leaders-link")
    page.fill("#id_post", "驻市纪检监察组组长")
    page.fill("#id_name", "陈静")
    page.select_option("#id_role", "discipline")
    page.click("#leader-form button[type=submit]")
    page.wait_for_selector("#leader-list td:has-text('陈静')")
    page.screenshot(path=SHOTS / "leaders-desktop.png", full_page=True)
