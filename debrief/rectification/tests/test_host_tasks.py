"""A host's own task (a conveyance's, no reporter) in its ledger: the host is its unit on every page,
in the XLSX, the API, the reminders and the organization filter; the person responsible works on it."""

import datetime
import io

import openpyxl
import pytest
from django.db import IntegrityError
from django.urls import reverse

from debrief.campaigns.models import CampaignState
from debrief.rectification import exports, reminders, services, sources
from debrief.rectification.models import Item, Source
from debrief.rectification.selectors import LedgerFilter, items_visible_to, ledger_items
from debrief.rectification.services import RectificationError
from debrief.testing.factories import (
    PersonFactory,
    PostFactory,
    UserFactory,
    advance_to,
    campaign_open,
)

TODAY = datetime.date(2023, 3, 1)


@pytest.fixture
def deputy(tree):
    return PostFactory(
        organization=tree.city_a, person=PersonFactory(name="马副书记"), role="deputy_secretary"
    ).person


@pytest.fixture
def task(campaign, cast, deputy):
    return services.item_create(
        campaign=campaign,
        reporter=None,
        description="组织开展全市基层党组织书记轮训",
        deadline=datetime.date(2023, 2, 28),
        user=cast.organizer_a,
        source=Source.CONVEYANCE,
        source_note="Conveying the 2022 meeting of 北江省委",
        responsible=deputy,
    )


def test_only_a_conveyance_task_goes_without_a_reporter(campaign, deputy, tree):
    with pytest.raises(RectificationError, match="Choose the reporter"):
        services.item_create(
            campaign=campaign, reporter=None, description="x", deadline=TODAY, responsible=deputy
        )
    with pytest.raises(RectificationError, match="person responsible for the task"):
        services.item_create(
            campaign=campaign, reporter=None, description="x", deadline=TODAY, source=Source.CONVEYANCE
        )
    with pytest.raises(IntegrityError):  # the database holds the rule too
        Item.objects.create(
            campaign=campaign,
            number=9,
            description="x",
            source=Source.MANUAL,
            responsible=deputy,
            deadline=TODAY,
        )


def test_the_host_is_the_tasks_unit(task, tree):
    assert task.unit == tree.city_a
    assert task.is_host_task


def test_the_ledger_page_shows_the_host_and_the_organization_filter_finds_it(client, cast, task, item, tree):
    client.force_login(cast.organizer_a)
    page = client.get(reverse("rectification:ledger"), {"organization": "CA"}).content.decode()
    assert task.description in page and item.description in page
    assert "江州市委" in page
    only_county = ledger_items(cast.organizer_a, LedgerFilter(organization=tree.county_a1), TODAY)
    assert list(only_county) == [item]
    only_city = ledger_items(cast.organizer_a, LedgerFilter(organization=tree.city_a), TODAY)
    assert set(only_city) == {task, item}


def test_the_item_page_names_the_host_and_no_secretary(client, cast, task):
    client.force_login(cast.organizer_a)
    page = client.get(reverse("rectification:item", args=[task.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "江州市委" in text and "马副书记" in text
    assert client.get(reverse("rectification:item_edit", args=[task.pk])).status_code == 200


def test_the_person_responsible_works_on_the_task(client, task, deputy, campaign):
    user = UserFactory(username="deputy", person=deputy)
    assert items_visible_to(user).filter(pk=task.pk).exists()
    client.force_login(user)
    response = client.post(reverse("rectification:progress", args=[task.pk]), {"text": "已制定轮训计划"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "in_progress"
    edit = client.post(
        reverse("rectification:item_edit", args=[task.pk]), {"measures": "第一期", "responsible": deputy.pk}
    )
    assert edit.status_code == 302


def test_the_xlsx_and_the_api_give_the_host_as_the_unit(client, cast, task, campaign):
    items = ledger_items(cast.organizer_a, LedgerFilter(campaign=campaign), TODAY, with_measures=True)
    sheet = openpyxl.load_workbook(io.BytesIO(exports.ledger_xlsx(items, title="t", today=TODAY))).active
    assert sheet.cell(row=3, column=8).value == "江州市委"
    client.force_login(cast.organizer_a)
    assert client.get(f"/rectification/ledger.xlsx?campaign={campaign.pk}").status_code == 200
    data = client.get(f"/api/v1/rectification/items?campaign={campaign.pk}").json()
    assert [(i["organization_code"], i["source"]) for i in data["items"]] == [("CA", "conveyance")]


def test_the_reminder_names_the_host(task, deputy):
    [reminder] = reminders.reminders_due(TODAY, 7)
    assert reminder.person == deputy
    _subject, body = reminders.reminder_email(reminder, TODAY, 7)
    assert "江州市委" in body


def test_a_host_task_carries_over_into_the_hosts_next_ledger(task, campaign, cast, next_year_open):
    outcome = sources.carry_over(campaign=next_year_open, user=cast.organizer_a)
    [carried] = outcome.carried
    assert carried.reporter is None and carried.unit == campaign.host
    assert carried.responsible == task.responsible


@pytest.fixture
def next_year_open(campaign, cast, reporters):
    advance_to(campaign, CampaignState.ARCHIVED, cast.organizer_a)
    return campaign_open(campaign.host, year=2023, user=cast.organizer_a)
