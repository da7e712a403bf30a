import io

import docx
import pytest

from debrief.conftest import log_in
from debrief.meetings.models import Attendee, Comment, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organizer_prepares_and_runs_the_meeting_while_the_big_screen_follows(
    new_context, live_server, page, cast, campaign, reporters
):
    log_in(page, "organizer_a")
    # Set the meeting up; the usual agenda comes with it.
    page.goto(f"/campaigns/{campaign.pk}/meeting/")
    page.fill("#id_starts_at", "2023-01-15T09:00")
    page.fill("#id_venue", "市委第一会议室")
    page.fill("#id_presided_by", "市委副书记 李华")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/meeting/agenda/")
    rows = page.locator("table.agenda tbody tr")
    assert rows.nth(1).inner_text().startswith("⠿\t2\t江州市东区区委 — 赵强")

    # Drag the second speaker above the first: the speaking order follows.
    with page.expect_response("**/agenda/order/"):
        rows.nth(2).locator(".handle").drag_to(rows.nth(1).locator(".handle"))
    assert "李明" in rows.nth(1).inner_text()
    reporters.a2.refresh_from_db()
    assert reporters.a2.speaking_order == 1

    # One attendee, checked in at the desk by name.
    page.goto(f"/campaigns/{campaign.pk}/meeting/attendees/")
    page.fill("#id_name", "张伟")
    page.select_option("#id_category", "") if page.locator("select#id_category").count() else None
    page.click("form.stacked button.primary")
    page.goto(f"/campaigns/{campaign.pk}/meeting/checkin/")
    page.fill("#q", "张")
    page.click("#found button:has-text('签到')")
    page.wait_for_selector(".outcome.good")
    assert page.locator("#present-total").inner_text() == "1"
    assert Attendee.objects.get().is_present
    # The scanner types the card's link: the desk answers and the box is empty for the next card.
    page.fill("#scan", f"{live_server.url}/meetings/checkin/{Attendee.objects.get().checkin_token}/")
    page.press("#scan", "Enter")
    page.wait_for_selector(".outcome.same")
    assert page.input_value("#scan") == ""

    # The projector opens the screen by its link, without logging in.
    meeting = Meeting.objects.get()
    projector = new_context(viewport={"width": 1280, "height": 720})
    screen = projector.new_page()
    screen.set_default_timeout(10_000)
    screen.goto(f"/meetings/screen/{meeting.screen_key}/")
    assert campaign.title in screen.locator(".screen-title").inner_text()

    page.goto(f"/campaigns/{campaign.pk}/meeting/control/")
    page.click("button[value=next]")
    page.wait_for_function("() => document.getElementById('control-title').textContent.includes('会议开始')")
    page.click("button[value=next]")
    page.wait_for_function("() => document.getElementById('control-title').textContent.includes('李明')")
    screen.wait_for_selector(".kind-report .screen-title:has-text('江州市西区区委')", timeout=8000)
    assert "第1位 / 共2位" in screen.locator(".screen-kicker").inner_text()
    assert screen.locator(".timer").inner_text() == "8:00"

    page.click("button[value=start]")
    screen.wait_for_function(
        "() => document.querySelector('.timer').textContent.trim().startsWith('7:5')", timeout=8000
    )

    # The network drops: the screen keeps counting, says it is reconnecting, and catches up.
    projector.set_offline(True)
    screen.wait_for_selector("body.offline .screen-offline", timeout=8000)
    page.click("button[value=next]")
    page.wait_for_function("() => document.getElementById('control-title').textContent.includes('赵强')")
    projector.set_offline(False)
    screen.wait_for_selector(".kind-report .screen-title:has-text('江州市东区区委')", timeout=8000)
    screen.wait_for_selector("body:not(.offline)")
    projector.close()

    # Comments on the first speaker, problems one per line.
    page.goto(f"/campaigns/{campaign.pk}/meeting/comments/")
    page.click("text=江州市东区区委")
    page.select_option("#id_role", "in_charge")
    page.fill("#id_commenter", "副市长 王建国")
    page.fill("#id_achievements", "基层党建责任落实有力。")
    page.fill("#id_problems", "党建与业务融合不够紧密。\n软弱涣散党组织整顿不彻底。")
    page.fill("#id_requirements", "压实“一岗双责”，抓好整改。")
    page.click("#comment-form button[type=submit]")
    assert page.locator("ol.problems li .problem-text").all_inner_texts() == [
        "党建与业务融合不够紧密。",
        "软弱涣散党组织整顿不彻底。",
    ]
    assert Comment.objects.get().problems.count() == 2

    # The closing speech's points, saved on the meeting page, which stays where it is.
    page.goto(f"/campaigns/{campaign.pk}/meeting/")
    page.fill("#id_required", "对点评指出的问题列出清单，逐项整改。\n年底前报送整改情况。")
    page.click("#closing-speech-form button[type=submit]")
    page.wait_for_selector("#closing-speech .messages .success")
    assert page.url.endswith(f"/campaigns/{campaign.pk}/meeting/")
    assert Meeting.objects.get().closing_points.count() == 2

    # The minutes, in Chinese.
    with page.expect_download() as download:
        page.click("text=会议纪要（DOCX）")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.value.path().read_bytes())).paragraphs)
    assert "会议纪要" in text and "副市长 王建国" in text and "党建与业务融合不够紧密。" in text
    assert "2. 年底前报送整改情况。" in text
