"""Changes to one ledger item at once are decided one after the other, on real concurrent connections."""

import pytest

from debrief.rectification import services, sources
from debrief.rectification.models import EventKind, Item, Status
from debrief.testing.concurrency import in_parallel, on_postgresql

pytestmark = [pytest.mark.django_db(transaction=True), on_postgresql]


def from_a_page(service, item: Item, **arguments):
    """A change made from a page that read the item just before the others: `service(item=that copy)`."""

    def work(start):
        read = Item.objects.select_related("campaign").get(pk=item.pk)
        start()
        return service(item=read, **arguments)

    return work


def test_a_sign_off_and_a_return_at_once_leave_the_item_either_signed_off_or_returned(item, cast):
    services.item_submit(item=item, user=cast.reporter_a1, text="已完成。")

    outcomes = in_parallel(
        from_a_page(services.item_sign_off, item, user=cast.organizer_a, remarks="整改到位。"),
        from_a_page(services.item_return, item, user=cast.organizer_a, remarks="缺少检查记录。"),
    )

    assert sorted(kind for kind, _detail in outcomes) == ["RectificationError", "ok"], outcomes
    item.refresh_from_db()
    kinds = set(item.events.values_list("kind", flat=True))
    if outcomes[0][0] == "ok":
        assert item.status == Status.SIGNED_OFF and item.signed_off_at is not None
        assert EventKind.RETURNED not in kinds
        assert "signed off and can no longer be changed" in outcomes[1][1]
    else:
        assert item.status == Status.RETURNED and item.signed_off_at is None
        assert EventKind.SIGNED_OFF not in kinds
        assert "only an item submitted for verification" in outcomes[0][1]


def test_two_submissions_at_once_submit_the_item_once(item, cast):
    submit = from_a_page(services.item_submit, item, user=cast.reporter_a1, text="已完成。")

    outcomes = in_parallel(submit, submit)

    assert sorted(kind for kind, _detail in outcomes) == ["RectificationError", "ok"], outcomes
    assert "already been submitted" in next(detail for kind, detail in outcomes if kind != "ok")
    assert item.events.filter(kind=EventKind.SUBMITTED).count() == 1


def test_an_edit_saved_while_the_item_is_signed_off_never_reopens_it(item, cast):
    services.item_submit(item=item, user=cast.reporter_a1, text="已完成。")
    services.item_return(item=item, user=cast.organizer_a, remarks="请补充。")
    services.item_submit(item=item, user=cast.reporter_a1, text="已补充。")

    outcomes = in_parallel(
        from_a_page(services.item_sign_off, item, user=cast.organizer_a),
        from_a_page(services.item_update, item, user=cast.organizer_a, description="修改后的问题描述。"),
    )

    assert outcomes[0][0] == "ok", outcomes
    item.refresh_from_db()
    assert item.status == Status.SIGNED_OFF  # an edit never writes back the status it read
    assert outcomes[1][0] == "ok" or "signed off" in outcomes[1][1]


def test_carrying_last_years_ledger_over_twice_at_once_carries_each_item_once(next_year, cast):
    def carry(start):
        start()
        return sources.carry_over(campaign=next_year, user=cast.organizer_a)

    outcomes = in_parallel(carry, carry)

    assert sorted(kind for kind, _detail in outcomes) == ["RectificationError", "ok"], outcomes
    assert "has already been carried over into the 2023 ledger" in next(
        detail for kind, detail in outcomes if kind != "ok"
    )
    assert Item.objects.filter(campaign=next_year).count() == 1
