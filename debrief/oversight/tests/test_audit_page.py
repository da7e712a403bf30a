"""The audit trail as an organizer reads it: their subtrees only, filtered, at a fixed cost."""

import pytest
from django.urls import reverse

from debrief.audit import services
from debrief.audit.models import Action, Entry

pytestmark = pytest.mark.django_db
URL = reverse("oversight:audit")


def _entries(organization, n: int, label: str = "考核"):
    for i in range(n):
        services.entry_record(
            action=Action.ROUTINE_SCORES_CHANGED,
            organization=organization,
            before={"score": 80 + i},
            after={"score": 90 + i},
            label=f"{label}{i}",
        )


def test_an_organizer_reads_the_entries_of_their_subtree_and_nothing_beside_it(client, cast, tree):
    _entries(tree.county_a1, 2, "东区")
    _entries(tree.county_b1, 2, "乙市")
    client.force_login(cast.organizer_a)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "东区0" in page and "东区1" in page
    assert "乙市" not in page
    assert "Routine assessment scores changed" in page


def test_leaders_and_reporters_find_no_audit_trail(client, cast):
    for user in (cast.leader_a, cast.reporter_a1):
        client.force_login(user)
        assert client.get(URL).status_code == 404


def test_the_trail_is_filtered_by_action_and_text(client, cast, tree):
    _entries(tree.city_a, 2, "日常考核")
    services.entry_record(action=Action.CAMPAIGN_EDITED, organization=tree.city_a, label="改标题")
    client.force_login(cast.organizer_a)
    page = client.get(URL, {"action": Action.CAMPAIGN_EDITED}).content.decode()
    assert "改标题" in page and "日常考核0" not in page
    page = client.get(URL, {"q": "日常考核1"}).content.decode()
    assert "日常考核1" in page and "日常考核0" not in page


def test_a_reversed_date_range_is_explained(client, cast):
    client.force_login(cast.organizer_a)
    page = client.get(URL, {"date_from": "2024-02-01", "date_to": "2024-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "The start date is after the end date; swap them." in page.content.decode()


@pytest.mark.parametrize("rows", [3, 12])
def test_the_trail_page_runs_the_same_queries_for_any_number_of_entries(
    client, cast, tree, rows, django_assert_num_queries
):
    _entries(tree.city_a, rows)
    assert Entry.objects.count() >= rows
    client.force_login(cast.organizer_a)
    # 5: the session and the user; the user's organizer grants; the pager's count; the page of
    # entries with who made them and their organization joined.
    with django_assert_num_queries(5):
        assert client.get(URL).status_code == 200


def test_the_home_page_leads_organizers_to_the_trail(client, cast):
    client.force_login(cast.organizer_a)
    assert URL in client.get(reverse("home")).content.decode()
    client.force_login(cast.leader_a)
    assert URL not in client.get(reverse("home")).content.decode()


def test_coded_values_read_as_words(client, cast, tree):
    services.entry_record(
        action=Action.LEDGER_ITEM_CHANGED,
        organization=tree.city_a,
        before={"status": "submitted"},
        after={"event": "signed_off", "text": ""},
    )
    client.force_login(cast.organizer_a)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Submitted for verification" in page and "Signed off" in page
    assert "signed_off" not in page
