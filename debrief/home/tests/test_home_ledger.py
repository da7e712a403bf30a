"""The home page: a secretary's own rectification items, and the ledgers an organizer must watch."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.accounts.models import Role
from debrief.meetings.commenting import comment_save
from debrief.rectification import services
from debrief.rectification.sources import items_from_comments
from debrief.testing.factories import user_with_role

pytestmark = pytest.mark.django_db


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def card(client, user, card_id: str) -> str | None:
    """The card's HTML on the user's home page (in English), or None when it is not shown."""
    client.force_login(user)
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    start = html.find(f'id="{card_id}"')
    return None if start < 0 else html[start : html.index("</section>", start)]


def enter(reporter, description: str, deadline: datetime.date):
    return services.item_create(
        campaign=reporter.campaign, reporter=reporter, description=description, deadline=deadline
    )


@pytest.fixture
def late(reporters):
    return enter(reporters.a1, "“三会一课”落实不够规范。", in_days(-3))


@pytest.fixture
def soon(reporters):
    return enter(reporters.a1, "党员教育管理不够到位。", in_days(2))


def test_a_secretary_sees_an_overdue_item_with_how_many_days_it_is_late(client, cast, late):
    html = card(client, cast.reporter_a1, "own-rectification")
    assert f'href="/rectification/{late.pk}/">2022-001</a>' in html
    assert '<tr class="overdue">' in html
    assert '<span class="tag overdue">3 days overdue</span>' in html


def test_an_item_due_soon_says_how_many_days_are_left(client, cast, soon):
    html = card(client, cast.reporter_a1, "own-rectification")
    assert f'href="/rectification/{soon.pk}/">2022-001</a>' in html
    assert "due in 2 days" in html
    assert "overdue</span>" not in html


def test_an_item_due_later_is_listed_too_after_the_urgent_ones(client, cast, soon, reporters):
    later = enter(reporters.a1, "理论学习不够深入。", in_days(30))
    html = card(client, cast.reporter_a1, "own-rectification")
    assert html.index("党员教育管理不够到位") < html.index("理论学习不够深入")
    assert f'href="/rectification/{later.pk}/">理论学习不够深入。</a>' in html
    assert in_days(30).isoformat() in html


def test_a_returned_item_is_listed_with_a_returned_tag(client, cast, reporters):
    item = enter(reporters.a1, "理论学习不够深入。", in_days(30))
    services.item_submit(item=item, user=cast.reporter_a1, text="已完成。")
    services.item_return(item=item, user=cast.organizer_a, remarks="缺少学习记录。")
    html = card(client, cast.reporter_a1, "own-rectification")
    assert f'href="/rectification/{item.pk}/"' in html
    assert '<span class="tag item-returned">Returned</span>' in html


def test_another_persons_items_are_not_listed(client, cast, late, reporters):
    enter(reporters.a2, "党员发展质量有待提高。", in_days(-3))
    html = card(client, cast.reporter_a1, "own-rectification")
    assert "“三会一课”落实不够规范" in html
    assert "党员发展质量有待提高" not in html


def test_a_submitted_item_is_listed_as_awaiting_verification_after_work_owed(client, cast, late, soon):
    services.item_submit(item=late, user=cast.reporter_a1, text="已完成。")
    html = card(client, cast.reporter_a1, "own-rectification")
    assert html.index("党员教育管理不够到位") < html.index("“三会一课”落实不够规范")
    assert '<span class="tag item-submitted">Submitted for verification</span>' in html
    assert "overdue</span>" not in html  # the organizer owes the next step, not the secretary


def test_signed_off_items_are_not_listed(client, cast, soon):
    services.item_submit(item=soon, user=cast.reporter_a1, text="已完成。")
    services.item_sign_off(item=soon, user=cast.organizer_a)
    assert card(client, cast.reporter_a1, "own-rectification") is None


def test_items_from_the_leaders_comments_are_listed_with_the_secretarys_own(client, cast, reporters):
    """This year's items made from comments answer to the secretary like any other."""
    comment_save(
        reporter=reporters.a1,
        role="principal",
        commenter="市委书记 刘洋",
        problems=["基层党组织标准化建设推进较慢。"],
        user=cast.organizer_a,
    )
    items_from_comments(campaign=reporters.a1.campaign, user=cast.organizer_a)
    html = card(client, cast.reporter_a1, "own-rectification")
    assert "基层党组织标准化建设推进较慢" in html


def test_a_secretary_does_not_watch_the_ledgers(client, cast, late):
    assert card(client, cast.reporter_a1, "ledgers-to-watch") is None


@pytest.fixture
def province_organizer(tree):
    return user_with_role(Role.ORGANIZER, tree.province, username="province_organizer")


def test_an_organizer_sees_how_many_items_await_verification_and_are_overdue_below_them(
    client, cast, late, soon, province_organizer
):
    services.item_submit(item=soon, user=cast.reporter_a1, text="已完成。")
    html = card(client, province_organizer, "ledgers-to-watch")
    campaign = late.campaign.pk
    assert f'href="/rectification/?campaign={campaign}&amp;status=submitted">1</a>' in html
    assert (
        f'href="/rectification/?campaign={campaign}&amp;overdue=1"><span class="tag overdue">1</span>' in html
    )


def test_the_ledger_of_the_organizers_own_campaign_is_watched_on_its_campaign_card_only(client, cast, late):
    assert card(client, cast.organizer_a, "ledgers-to-watch") is None
    assert "1 item overdue" in card(client, cast.organizer_a, "campaigns-in-progress")


def test_an_organizer_has_nothing_to_watch_when_nothing_awaits_or_is_late(client, soon, province_organizer):
    assert card(client, province_organizer, "ledgers-to-watch") is None


def test_an_organizer_of_another_city_does_not_watch_this_ledger(client, cast, late):
    assert card(client, cast.organizer_b, "ledgers-to-watch") is None
    assert card(client, cast.organizer_b, "own-rectification") is None
