"""The ledger across a subtree: a province or city reads the items of every campaign below it, picks
any organization of its subtree in the filter (searched as one types), reads numbers that say whose
ledger an item is in, and narrows the list from the counts on top."""

import datetime
import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.urls import reverse

from debrief.campaigns.services import reporters_add
from debrief.orgs.models import Level
from debrief.rectification import ledger_views, selectors, services
from debrief.rectification.selectors import LedgerFilter
from debrief.testing.factories import UserFactory, campaign_open, subordinate_with_secretary

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2023, 3, 1)


@pytest.fixture
def ledgers(tree, cast, campaign, reporters):
    """City A's 2022 ledger (county A1: one item overdue, one due soon; county A2: one later) and city
    B's (one item of county B2). Both ledgers number their first item 2022-001."""
    city_b = campaign_open(tree.city_b, year=2022)
    county_b2 = subordinate_with_secretary(tree.city_b, "CB2", "川北市南县县委", "孙丽", level=Level.COUNTY)
    (b2,) = reporters_add(campaign=city_b, organizations=[county_b2], mode="on_site")

    def item(campaign, reporter, text, deadline):
        return services.item_create(campaign=campaign, reporter=reporter, description=text, deadline=deadline)

    return SimpleNamespace(
        late=item(campaign, reporters.a1, "组织生活不规范。", datetime.date(2023, 2, 1)),
        soon=item(campaign, reporters.a1, "党费收缴不及时。", TODAY + datetime.timedelta(days=3)),
        later=item(campaign, reporters.a2, "党员发展质量不高。", datetime.date(2023, 6, 30)),
        city_b=item(city_b, b2, "阵地建设滞后。", datetime.date(2023, 6, 30)),
        city_b_campaign=city_b,
    )


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def ledger_page(client, user, **filters):
    client.force_login(user)
    response = client.get(reverse("rectification:ledger"), filters, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response


def rows(response) -> set[str]:
    return {item.description for item in response.context["page"]}


# --- Which organizations the filter may name ---------------------------------------------------


def test_the_filter_may_name_any_organization_in_the_subtrees_one_oversees(tree, cast, ledgers):
    city_a = set(selectors.filter_organizations(cast.organizer_a).values_list("code", flat=True))
    assert city_a == {"CA", "CA1", "CA1a", "CA2", "CA3"}  # the street under county A1 too
    province = set(selectors.filter_organizations(cast.observer).values_list("code", flat=True))
    assert {"BJ", "CA1a", "CB2"} <= province


def test_a_secretary_may_name_the_organizations_of_the_items_they_answer_for(cast, ledgers):
    assert set(selectors.filter_organizations(cast.reporter_a1).values_list("code", flat=True)) == {"CA1"}


def test_someone_without_grants_may_name_no_organization(ledgers):
    assert not selectors.filter_organizations(UserFactory()).exists()


# --- The filters on the page -------------------------------------------------------------------


def test_the_province_filters_the_merged_ledger_by_a_county_below_a_city(client, cast, ledgers):
    assert rows(ledger_page(client, cast.observer, organization="CA1")) == {
        "组织生活不规范。",
        "党费收缴不及时。",
    }
    assert rows(ledger_page(client, cast.observer, organization="CB")) == {"阵地建设滞后。"}


def test_the_organization_box_also_takes_a_full_name(client, cast, ledgers):
    assert rows(ledger_page(client, cast.observer, organization="江州市西区区委")) == {"党员发展质量不高。"}


def test_the_chosen_organization_is_named_beside_the_box(client, cast, ledgers):
    html = ledger_page(client, cast.observer, organization="CA2").content.decode()
    assert 'class="muted chosen-organization">江州市西区区委<' in html


def test_a_city_organizer_cannot_filter_by_an_organization_of_another_city(client, cast, ledgers):
    response = ledger_page(client, cast.organizer_a, organization="CB2")
    html = response.content.decode()
    assert "No organization you can see has this code or name." in html
    assert "川北市南县县委" not in html and "阵地建设滞后" not in html
    # The same answer as for a code that does not exist, so nothing says CB2 is there.
    unknown = ledger_page(client, cast.organizer_a, organization="XX9")
    assert unknown.context["form"].errors == response.context["form"].errors
    assert rows(unknown) == rows(response)


def test_the_organization_box_is_a_search_not_a_list_of_every_organization(client, cast, ledgers):
    html = ledger_page(client, cast.observer).content.decode()
    box = html[html.index('name="organization"') - 200 : html.index('name="organization"') + 400]
    assert 'list="id_organization-options"' in box and 'hx-get="/rectification/organizations/"' in box
    assert '<datalist id="id_organization-options"></datalist>' in html
    assert '<option value="CA1"' not in html


# --- The suggestions as one types ---------------------------------------------------------------


def suggested(client, user, text) -> str:
    client.force_login(user)
    response = client.get(
        reverse("rectification:organization_options"), {"organization": text}, HTTP_ACCEPT_LANGUAGE="en"
    )
    return response.content.decode().strip()


def test_suggestions_match_names_and_codes_within_the_subtree(client, cast, ledgers):
    options = suggested(client, cast.organizer_a, "东区")
    assert '<option value="CA1">江州市东区区委 · County or district</option>' in options
    assert '<option value="CA1a">东区长征街道党工委' in options
    assert suggested(client, cast.organizer_a, "CA1a").count("<option") == 1


def test_suggestions_never_name_an_organization_outside_the_subtree(client, cast, ledgers):
    assert suggested(client, cast.organizer_a, "川北") == ""
    assert suggested(client, cast.organizer_a, "CB") == ""
    assert "川北市南县县委" in suggested(client, cast.observer, "川北")


def test_suggestions_ask_to_log_in_first(client, ledgers):
    response = client.get(reverse("rectification:organization_options"), {"organization": "江州"})
    assert response.status_code == 302


# --- Numbers that carry their host ---------------------------------------------------------------


def test_the_merged_ledger_numbers_each_item_with_its_host(client, cast, ledgers):
    html = ledger_page(client, cast.observer).content.decode()
    assert "江州市委 2022-001" in html and "川北市委 2022-001" in html


def test_a_campaigns_own_ledger_keeps_the_short_number(client, cast, campaign, ledgers):
    html = ledger_page(client, cast.organizer_a, campaign=campaign.pk).content.decode()
    assert ">2022-001<" in html and "江州市委 2022-001" not in html


def test_the_merged_xlsx_keeps_each_items_number_with_its_host(client, cast, ledgers):
    client.force_login(cast.observer)
    response = client.get(reverse("rectification:ledger_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    numbers = {row[0] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert numbers == {"江州市委 2022-001", "江州市委 2022-002", "江州市委 2022-003", "川北市委 2022-001"}


# --- The counts on top are links ------------------------------------------------------------------


def counter(html: str, css_class: str) -> str:
    counts = html[html.index('id="ledger-counts"') :]
    start = counts.index(f'<li class="{css_class}')
    return counts[start : counts.index("</li>", start)]


def test_each_count_on_top_links_to_the_items_it_counts(client, cast, campaign, ledgers):
    response = ledger_page(client, cast.organizer_a, campaign=campaign.pk, status="open")
    html = response.content.decode()
    # Choosing a counter replaces the counter chosen before; the other filters stay.
    assert f'href="?campaign={campaign.pk}&amp;overdue=1"' in counter(html, "overdue")
    assert f'href="?campaign={campaign.pk}&amp;due_soon=1"' in counter(html, "due-soon")
    assert f'href="?campaign={campaign.pk}"' in html  # the total: every item again


def test_the_overdue_and_due_soon_counts_lead_to_their_items(client, cast, ledgers):
    overdue = ledger_page(client, cast.organizer_a, overdue=1)
    assert rows(overdue) == {"组织生活不规范。"}
    assert 'aria-current="true"><strong>1</strong> overdue</a>' in overdue.content.decode()
    assert rows(ledger_page(client, cast.organizer_a, due_soon=1)) == {"党费收缴不及时。"}


def test_the_counts_stay_those_of_the_other_filters_when_a_counter_is_chosen(client, cast, ledgers):
    counts = ledger_page(client, cast.organizer_a, overdue=1).context["counts"]
    assert (counts.total, counts.overdue, counts.due_soon) == (3, 1, 1)


def test_the_due_soon_filter_of_the_selector(cast, ledgers):
    found = selectors.ledger_items(cast.observer, LedgerFilter(due_soon=True), TODAY)
    assert [item.description for item in found] == ["党费收缴不及时。"]


# --- A page at a time ---------------------------------------------------------------------------


def test_the_merged_ledger_comes_a_page_at_a_time_keeping_the_filters(client, cast, ledgers, monkeypatch):
    monkeypatch.setattr(ledger_views, "PAGE_SIZE", 2)
    first = ledger_page(client, cast.observer, source="manual")
    assert len(first.context["page"]) == 2 and "Items 1–2 of 4" in first.content.decode()
    assert 'href="?source=manual&amp;page=2"' in first.content.decode()
    second = ledger_page(client, cast.observer, source="manual", page=2)
    assert len(second.context["page"]) == 2
    assert rows(first) | rows(second) == {
        "组织生活不规范。",
        "党费收缴不及时。",
        "党员发展质量不高。",
        "阵地建设滞后。",
    }


def test_the_campaign_filter_takes_a_year_and_host_or_an_id_and_suggests_as_one_types(
    client, cast, campaign, reporters
):
    client.force_login(cast.organizer_a)
    page = client.get(reverse("rectification:ledger"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<option value="{campaign.pk}"' not in page  # no list of every campaign
    by_name = client.get(reverse("rectification:ledger"), {"campaign": "2022 江州市委"})
    assert by_name.context["form"].cleaned_data["campaign"] == campaign
    by_id = client.get(reverse("rectification:ledger"), {"campaign": str(campaign.pk)})
    assert by_id.context["form"].cleaned_data["campaign"] == campaign
    options = client.get(
        reverse("rectification:campaign_options"), {"campaign": "2022 江州"}
    ).content.decode()
    assert 'value="2022 CA"' in options
    client.force_login(cast.organizer_b)  # City B's organizer: City A's campaign is not there to find
    refused = client.get(reverse("rectification:ledger"), {"campaign": "2022 CA"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "No campaign you can see is “2022 CA”." in refused.content.decode()
    assert (
        "2022 CA"
        not in client.get(reverse("rectification:campaign_options"), {"campaign": "2022"}).content.decode()
    )
