"""The audit trail: entries appended in a chain, and any later change to them found."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from debrief.audit import selectors, services
from debrief.audit.models import Action, Entry
from debrief.testing.concurrency import together

pytestmark = pytest.mark.django_db


def _record(n: int, tree) -> list[Entry]:
    return [
        services.entry_record(
            action=Action.CAMPAIGN_EDITED,
            organization=tree.city_a,
            before={"title": f"旧标题{i}"},
            after={"title": f"新标题{i}"},
            label=f"考核{i}",
        )
        for i in range(n)
    ]


def test_entries_are_numbered_in_order_and_each_links_to_the_one_before(tree):
    first, second, third = _record(3, tree)
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert selectors.chain_check().intact


def test_dates_and_decimals_are_stored_as_they_were_hashed(tree):
    import datetime
    from decimal import Decimal

    services.entry_record(
        action=Action.ROUTINE_SCORES_CHANGED,
        organization=tree.city_a,
        before={"score": Decimal("88.50"), "day": datetime.date(2024, 1, 31)},
        after={"score": Decimal("91.00")},
    )
    entry = Entry.objects.get()
    assert entry.before == {"score": "88.50", "day": "2024-01-31"}
    assert selectors.chain_check().intact


def test_verify_audit_says_the_trail_is_intact(tree, capsys):
    _record(4, tree)
    call_command("verify_audit")
    assert "The audit trail is intact: 4 entries." in capsys.readouterr().out


def test_a_changed_value_is_found_at_its_entry(tree):
    _record(5, tree)
    Entry.objects.filter(seq=3).update(after={"title": "篡改后的标题"})
    with pytest.raises(CommandError, match="broken at entry 3: its content no longer matches its hash"):
        call_command("verify_audit")


def test_a_removed_entry_is_found(tree):
    _record(5, tree)
    Entry.objects.filter(seq=2).delete()
    result = selectors.chain_check()
    assert (result.broken_at, result.entries) == (2, 1)


def test_removing_the_newest_entries_is_found_too(tree):
    _record(5, tree)
    Entry.objects.filter(seq__gte=4).delete()
    assert selectors.chain_check().broken_at == 4


def test_an_entry_rehashed_after_a_change_breaks_the_next_link(tree):
    from debrief.audit import chain

    _record(3, tree)
    forged = Entry.objects.get(seq=2)
    forged.after = {"title": "篡改"}
    forged.hash = chain.entry_hash(forged.prev_hash, chain.hashed_fields(forged))
    forged.save()
    assert selectors.chain_check().broken_at == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_unbroken_chain(tree):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL")
    outcomes = together(6, lambda i: _record(10, tree))
    assert [kind for kind, _result in outcomes] == ["ok"] * 6, outcomes
    assert sorted(Entry.objects.values_list("seq", flat=True)) == list(range(1, 61))
    assert selectors.chain_check().intact
