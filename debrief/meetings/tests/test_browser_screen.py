"""The big screen read from the back of the hall: titles said once, overtime in strong contrast."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from debrief.meetings import screen
from debrief.meetings.models import AgendaKind
from debrief.meetings.venues import sub_venue_add

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/shots/meeting")

# Reads the colors the browser actually paints: the element's text color, and the first
# non-transparent background color from the element outwards.
PAINTED_COLORS = """(selector) => {
  const element = document.querySelector(selector);
  let node = element, background = "rgba(0, 0, 0, 0)";
  while (node && node.nodeType === 1) {
    const color = getComputedStyle(node).backgroundColor;
    if (!/rgba\\(.*, 0\\)$/.test(color) && color !== "transparent") { background = color; break; }
    node = node.parentElement;
  }
  return {color: getComputedStyle(element).color, background: background,
          weight: getComputedStyle(element).fontWeight, size: getComputedStyle(element).fontSize};
}"""


def relative_luminance(css_color: str) -> float:
    """WCAG 2 relative luminance of an `rgb(r, g, b)` color."""
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_color)[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_ratio_follows_the_wcag_formula():
    assert contrast_ratio("rgb(255, 255, 255)", "rgb(0, 0, 0)") == pytest.approx(21)
    assert contrast_ratio("rgb(119, 119, 119)", "rgb(255, 255, 255)") == pytest.approx(4.48, abs=0.01)


def closing_item(meeting):
    return meeting.agenda.get(kind=AgendaKind.CLOSING_SPEECH)


def open_screen(new_context, meeting, width: int, height: int, path: str = ""):
    screen_page = new_context(viewport={"width": width, "height": height}).new_page()
    screen_page.set_default_timeout(10_000)
    screen_page.goto(path or f"/meetings/screen/{meeting.screen_key}/")
    return screen_page


def test_the_closing_speech_shows_its_title_once_on_the_main_and_the_venue_screens(
    new_context, meeting, tree, cast
):
    screen.screen_show(meeting=meeting, item=closing_item(meeting))
    venue = sub_venue_add(
        meeting=meeting, organization=tree.county_a1, name="东区分会场", code="dq", user=cast.organizer_a
    )
    for path in (f"/meetings/screen/{meeting.screen_key}/", f"/meetings/venue-screen/{venue.screen_key}/"):
        screen_page = open_screen(new_context, meeting, 1920, 1080, path)
        body = screen_page.locator(".screen-main").inner_text()
        assert screen_page.locator(".screen-title").inner_text() == "主要领导讲话"
        assert body.count("主要领导讲话") == 1
        assert screen_page.locator(".screen-kicker").count() == 0


def test_a_named_item_keeps_its_kind_above_its_title(new_context, meeting):
    item = closing_item(meeting)
    item.title = "市委书记总结讲话"
    item.save(update_fields=["title"])
    screen.screen_show(meeting=meeting, item=item)
    screen_page = open_screen(new_context, meeting, 1920, 1080)
    assert screen_page.locator(".screen-kicker").inner_text() == "主要领导讲话"
    assert screen_page.locator(".screen-title").inner_text() == "市委书记总结讲话"


@pytest.mark.parametrize("width,height", [(1920, 1080), (1366, 768)])
def test_overtime_reads_in_white_bold_digits_on_dark_red_from_the_back_of_the_hall(
    new_context, meeting, width, height
):
    report = meeting.agenda.filter(kind=AgendaKind.REPORT).first()
    screen.screen_show(meeting=meeting, item=report)
    screen_page = open_screen(new_context, meeting, width, height)
    screen_page.wait_for_selector(".screen-main .timer")
    screen_page.screenshot(path=SHOTS / f"screen-report-{width}x{height}.png")

    # Eight minutes allowed, eight and a half spoken: the timer runs over.
    screen.timer_start(meeting=meeting, at=timezone.now() - datetime.timedelta(minutes=8, seconds=30))
    screen_page.wait_for_selector(".screen-main .timer.over", timeout=8000)
    assert screen_page.locator(".timer.over").inner_text().startswith("+0:3")
    painted = screen_page.evaluate(PAINTED_COLORS, ".screen-main .timer.over")
    assert contrast_ratio(painted["color"], painted["background"]) >= 7
    assert int(painted["weight"]) >= 700
    assert float(painted["size"].removesuffix("px")) >= height * 0.15
    screen_page.screenshot(path=SHOTS / f"screen-overtime-{width}x{height}.png")

    screen.screen_show(meeting=meeting, item=closing_item(meeting))
    screen_page.wait_for_selector(".kind-closing .screen-title", timeout=8000)
    screen_page.screenshot(path=SHOTS / f"screen-closing-{width}x{height}.png")
