"""The ledger's list as a user pages and filters it: fifty items a page saying which, the counts on
top as filters, "All" for a filter left empty, one name for each unit, and the campaign box saying
which campaign it holds."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from debrief.rectification import ledger_views, services
from debrief.rectification.models import Status

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2023, 4, 30)


def ledger_page(client, user, language="en", headers=None, **filters):
    client.force_login(user)
    response = client.get(
        reverse("rectification:ledger"), filters, HTTP_ACCEPT_LANGUAGE=language, **(headers or {})
    )
    assert response.status_code == 200
    return response


def numbers(response) -> list[str]:
    return [item.label for item in response.context["page"]]


def enter(campaign, reporter, count: int, text="问题"):
    return [
        services.item_create(
            campaign=campaign, reporter=reporter, description=f"{text}{n}", deadline=DEADLINE
        )
        for n in range(1, count + 1)
    ]


def section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


# --- A page at a time -----------------------------------------------------------------------------


def test_the_ledger_shows_fifty_items_a_page_and_says_which_of_how_many(client, cast, campaign, reporters):
    enter(campaign, reporters.a1, 55)
    first = ledger_page(client, cast.organizer_a, campaign=campaign.pk)
    assert numbers(first) == [f"2022-{n:03d}" for n in range(1, 51)]
    assert "Items 1–50 of 55" in first.content.decode()
    last = ledger_page(client, cast.organizer_a, campaign=campaign.pk, page=2)
    assert numbers(last) == [f"2022-{n:03d}" for n in range(51, 56)]
    pager = section(last.content.decode(), "ledger-list")
    assert "Items 51–55 of 55" in pager
    assert '<span class="current" aria-current="page">2</span>' in pager
    assert (
        f'href="?campaign={campaign.pk}&amp;page=1" hx-get="?campaign={campaign.pk}&amp;page=1" rel="prev"'
        in pager
    )


def test_the_page_links_keep_every_filter_and_a_counter_starts_again_at_the_first_page(
    client, cast, campaign, reporters, monkeypatch
):
    monkeypatch.setattr(ledger_views, "PAGE_SIZE", 2)
    enter(campaign, reporters.a1, 5)
    html = ledger_page(client, cast.organizer_a, campaign=campaign.pk, status="open", page=2).content.decode()
    assert f'href="?campaign={campaign.pk}&amp;status=open&amp;page=3"' in section(html, "ledger-list")
    counts = section(html, "ledger-counts")
    assert "page=" not in counts
    assert f'href="?campaign={campaign.pk}&amp;overdue=1"' in counts


def test_a_page_number_past_the_end_or_not_a_number_shows_a_page_that_exists(
    client, cast, campaign, reporters, monkeypatch
):
    monkeypatch.setattr(ledger_views, "PAGE_SIZE", 2)
    enter(campaign, reporters.a1, 3)
    assert numbers(ledger_page(client, cast.organizer_a, campaign=campaign.pk, page=99)) == ["2022-003"]
    assert numbers(ledger_page(client, cast.organizer_a, campaign=campaign.pk, page="x")) == [
        "2022-001",
        "2022-002",
    ]


def test_a_single_page_shows_no_pager(client, cast, campaign, reporters):
    enter(campaign, reporters.a1, 3)
    html = ledger_page(client, cast.organizer_a, campaign=campaign.pk).content.decode()
    assert 'class="pager' not in html


HTMX_LIST = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "ledger-list"}


def test_the_pagers_htmx_request_gets_the_list_alone(client, cast, campaign, reporters, monkeypatch):
    monkeypatch.setattr(ledger_views, "PAGE_SIZE", 2)
    enter(campaign, reporters.a1, 3)
    response = ledger_page(client, cast.organizer_a, headers=HTMX_LIST, campaign=campaign.pk, page=2)
    html = response.content.decode()
    assert html.startswith('<section class="card scroll" id="ledger-list">')
    assert "<html" not in html and 'id="ledger-counts"' not in html and 'id="ledger-filter"' not in html
    assert numbers(response) == ["2022-003"]
    assert 'hx-target="#ledger-list"' in html and 'hx-push-url="true"' in html
    # The same address answers the whole page to a browser: caches must tell the two apart.
    assert {"HX-Request", "HX-Target"} <= {h.strip() for h in response["Vary"].split(",")}


def test_an_htmx_request_for_another_target_gets_the_whole_page(client, cast, campaign, reporters):
    enter(campaign, reporters.a1, 1)
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "main"}
    html = ledger_page(client, cast.organizer_a, headers=headers, campaign=campaign.pk).content.decode()
    assert "<html" in html and 'id="ledger-counts"' in html


def test_every_page_of_the_ledger_runs_the_same_queries(
    client, cast, campaign, reporters, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(ledger_views, "PAGE_SIZE", 3)
    enter(campaign, reporters.a1, 4)
    enter(campaign, reporters.a2, 4)
    client.force_login(cast.organizer_a)
    url = reverse("rectification:ledger")
    # 12: those of test_views' pin of a campaign's ledger (13) but last year's unfinished items, as
    # this campaign has no earlier one. The same on every page.
    for page in (1, 2, 3):
        with django_assert_num_queries(12):
            client.get(url, {"campaign": campaign.pk, "page": page})
    # The list alone: the session, the user and their grants; the campaign's check; the pager's count
    # and the page of items. Neither the counts on top nor the organizer's buttons.
    with django_assert_num_queries(6):
        client.get(url, {"campaign": campaign.pk, "page": 2}, **HTMX_LIST)


# --- The counts on top filter the list ------------------------------------------------------------


def test_each_status_count_links_to_its_items_and_marks_itself_chosen(client, cast, campaign, reporters):
    first, second, third = enter(campaign, reporters.a1, 3)
    services.item_submit(item=second, user=None, text="已完成")
    services.item_submit(item=third, user=None, text="已完成")
    html = ledger_page(client, cast.organizer_a, campaign=campaign.pk).content.decode()
    counts = section(html, "ledger-counts")
    link = f'href="?campaign={campaign.pk}&amp;status=submitted"'
    assert f"<li><a {link}><strong>2</strong> Submitted for verification</a></li>" in counts

    chosen = ledger_page(client, cast.organizer_a, campaign=campaign.pk, status=Status.SUBMITTED)
    assert numbers(chosen) == ["2022-002", "2022-003"]
    counts = section(chosen.content.decode(), "ledger-counts")
    assert (
        f'<li class="chosen"><a {link} aria-current="true"><strong>2</strong> Submitted for verification</a>'
        in counts
    )
    assert counts.count('aria-current="true"') == 1
    # The status box of the filter says the same.
    assert '<option value="submitted" selected>' in section(chosen.content.decode(), "ledger-filter")


def test_the_total_is_chosen_when_no_count_narrows_the_list(client, cast, campaign, reporters):
    enter(campaign, reporters.a1, 2)
    counts = section(
        ledger_page(client, cast.organizer_a, campaign=campaign.pk).content.decode(), "ledger-counts"
    )
    assert (
        f'<li class="chosen"><a href="?campaign={campaign.pk}" aria-current="true"><strong>2</strong> items</a>'
        in counts
    )


# --- Empty filters read "All" ---------------------------------------------------------------------


def test_the_empty_choice_of_each_filter_reads_all(client, cast, campaign):
    html = section(
        ledger_page(client, cast.organizer_a, language="zh-hans").content.decode(), "ledger-filter"
    )
    assert "---------" not in html
    assert html.count('<option value="" selected>全部</option>') == 2  # status and source
    english = section(ledger_page(client, cast.organizer_a).content.decode(), "ledger-filter")
    assert 'placeholder="All (type a year or host)"' in english
    assert 'placeholder="All (type a name or code)"' in english


# --- One name for each unit, and the campaign by its name -----------------------------------------


@pytest.fixture
def shortened(reporters):
    """County A1 also has a short name: the ledger names it in full all the same."""
    organization = reporters.a1.organization
    organization.short_name = "东区区委"
    organization.save(update_fields=["short_name"])
    return organization


def test_the_list_the_item_page_and_the_xlsx_give_the_units_full_name(
    client, cast, campaign, reporters, shortened
):
    (item,) = enter(campaign, reporters.a1, 1)
    listed = section(
        ledger_page(client, cast.organizer_a, campaign=campaign.pk).content.decode(), "ledger-list"
    )
    assert f'<td class="unit">{shortened.name}</td>' in listed and ">东区区委<" not in listed
    page = client.get(reverse("rectification:item", args=[item.pk])).content.decode()
    assert f"<dd>{shortened.name}</dd>" in page
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("rectification:ledger_xlsx"), {"campaign": campaign.pk}).content)
    ).active
    assert sheet["H3"].value == shortened.name == "江州市东区区委"


def test_the_campaign_box_shows_the_campaign_as_one_types_it_never_its_id(client, cast, campaign, reporters):
    filters = section(
        ledger_page(client, cast.organizer_a, campaign=campaign.pk).content.decode(), "ledger-filter"
    )
    assert 'value="2022 CA"' in filters and f'value="{campaign.pk}"' not in filters
    assert f'<span class="muted chosen-campaign">江州市委 · {campaign.title}</span>' in filters
    # What the box shows is taken back as the same campaign.
    again = ledger_page(client, cast.organizer_a, campaign="2022 CA")
    assert again.context["form"].cleaned_data["campaign"] == campaign


def test_a_campaign_the_user_cannot_see_stays_as_typed_with_the_error(client, cast, campaign):
    filters = section(
        ledger_page(client, cast.organizer_b, campaign=campaign.pk).content.decode(), "ledger-filter"
    )
    assert f'value="{campaign.pk}"' in filters
    assert f"No campaign you can see is “{campaign.pk}”." in filters
    assert "chosen-campaign" not in filters


def test_the_xlsx_numbers_its_rows_as_the_site_does(client, cast, campaign, reporters):
    enter(campaign, reporters.a1, 2)
    enter(campaign, reporters.a2, 1)
    client.force_login(cast.organizer_a)
    site = numbers(client.get(reverse("rectification:ledger"), {"campaign": campaign.pk}))
    response = client.get(reverse("rectification:ledger_xlsx"), {"campaign": campaign.pk})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "序号"
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == site
    assert site == ["2022-001", "2022-002", "2022-003"]
