import pytest
from django.urls import reverse

from debrief.conveyance.models import Conveyance
from debrief.testing.factories import campaign_open, log_in, meeting_set_up

from .conftest import CONVEYED_ON, POINTS, TASKS, record


def form_data(cascade, **changes):
    data = {
        "meeting": cascade.meeting.pk,
        "held_on": CONVEYED_ON.isoformat(),
        "presided_by": "镇党委书记 陈书记",
        "attendance": "32",
        "expected": "35",
        "points": POINTS,
        "task_id": ["", "", "", ""],
        "task_text": [*TASKS, ""],
        "task_owner": [str(cascade.secretary.pk)] * 4,
        "task_deadline": ["2022-12-31"] * 3 + [""],
    }
    return {**data, **changes}


@pytest.fixture
def town_client(client, cascade):
    assert log_in(client, "town_organizer", "secret-pass")
    return client


def test_the_town_organizer_records_a_conveyance_with_tasks(town_client, cascade):
    url = reverse("conveyance:record", args=[cascade.town.pk])
    page = town_client.get(url).content.decode()
    assert "湖滨区委" in page  # the district's meeting is offered
    assert 'data-clone-last="task-rows"' in page
    response = town_client.post(url, form_data(cascade))
    conveyance = Conveyance.objects.get()
    assert response.status_code == 302 and response.url == reverse("conveyance:detail", args=[conveyance.pk])
    assert [t.text for t in conveyance.tasks.all()] == TASKS
    detail = town_client.get(response.url).content.decode()
    assert TASKS[0] in detail and "2021-001" in detail


def test_a_refusal_keeps_everything_typed(town_client, cascade):
    cascade.town_campaign.delete()
    response = town_client.post(reverse("conveyance:record", args=[cascade.town.pk]), form_data(cascade))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Open that campaign" in page or "先" in page
    assert TASKS[2] in page and "镇党委书记 陈书记" in page and "2022-12-31" in page
    assert not Conveyance.objects.exists()


def test_a_bad_task_row_is_named_and_kept(town_client, cascade):
    data = form_data(cascade, task_deadline=["2022-12-31", "not a date", "2022-12-31", ""])
    page = town_client.post(reverse("conveyance:record", args=[cascade.town.pk]), data).content.decode()
    assert TASKS[1] in page
    assert not Conveyance.objects.exists()


def test_recording_for_an_organization_one_does_not_organize_is_a_404(client, cascade):
    assert log_in(client, "other_town_organizer", "secret-pass")
    assert client.get(reverse("conveyance:record", args=[cascade.town.pk])).status_code == 404
    conveyance = record(cascade)
    assert client.get(reverse("conveyance:detail", args=[conveyance.pk])).status_code == 404
    assert client.get(reverse("conveyance:edit", args=[conveyance.pk])).status_code == 404
    meeting_page = reverse("conveyance:meeting", args=[cascade.district_campaign.pk])
    assert client.get(meeting_page).status_code == 404


def test_the_town_edits_its_conveyance(town_client, cascade):
    conveyance = record(cascade)
    url = reverse("conveyance:edit", args=[conveyance.pk])
    page = town_client.get(url).content.decode()
    assert TASKS[0] in page
    ids = [str(pk) for pk in conveyance.tasks.values_list("pk", flat=True)]
    data = form_data(cascade, attendance="33", task_id=[*ids, ""])
    assert town_client.post(url, data).status_code == 302
    conveyance.refresh_from_db()
    assert conveyance.attendance == 33
    removed = form_data(
        cascade,
        task_id=ids[:2],
        task_text=TASKS[:2],
        task_owner=[str(cascade.secretary.pk)] * 2,
        task_deadline=["2022-12-31"] * 2,
    )
    page = town_client.post(url, removed, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Task 3 is already in the ledger and cannot be removed" in page


def test_the_index_lists_meetings_not_yet_conveyed_and_the_conveyances(town_client, cascade):
    page = town_client.get(reverse("conveyance:index")).content.decode()
    assert f"?meeting={cascade.meeting.pk}" in page
    record(cascade)
    page = town_client.get(reverse("conveyance:index")).content.decode()
    assert f"?meeting={cascade.meeting.pk}" not in page and "2022-02-14" in page


def test_the_district_sees_who_conveyed_in_a_fixed_number_of_queries(
    client, cascade, django_assert_num_queries
):
    record(cascade)
    assert log_in(client, "district_organizer", "secret-pass")
    url = reverse("conveyance:meeting", args=[cascade.district_campaign.pk])
    # 9: the session, the user and their grants; the campaign with its host; the meeting; the plan
    # the campaign adopted, and the published plans of the year above; the reporters' organizations;
    # the conveyances with their organization and their tasks' counts. As many for any number of rows.
    with django_assert_num_queries(9):
        page = client.get(url)
    text = page.content.decode()
    assert "淮北镇党委" in text and "淮南镇党委" in text
    assert "2022-02-14" in text
    assert reverse("conveyance:detail", args=[Conveyance.objects.get().pk]) in text
    assert page.context["report"].rows[0].days_after == 25
    other = record(cascade, organization=cascade.other_town, tasks=[], user=cascade.users.other_town)
    with django_assert_num_queries(9):
        again = client.get(url)
    assert reverse("conveyance:detail", args=[other.pk]) in again.content.decode()
    # the meeting page links here
    overview = client.get(reverse("meetings:overview", args=[cascade.district_campaign.pk])).content.decode()
    assert url in overview


def test_the_district_reads_the_towns_conveyance(client, cascade):
    conveyance = record(cascade)
    assert log_in(client, "district_organizer", "secret-pass")
    page = client.get(reverse("conveyance:detail", args=[conveyance.pk]))
    assert page.status_code == 200
    assert page.context["can_edit"]  # the district organizes the town's subtree too


def test_an_unknown_conveyance_or_a_campaign_without_a_meeting_is_a_404(client, cascade):
    assert log_in(client, "district_organizer", "secret-pass")
    assert client.get(reverse("conveyance:detail", args=[999999])).status_code == 404
    bare = campaign_open(cascade.district, year=2023, user=cascade.users.district)
    assert client.get(reverse("conveyance:meeting", args=[bare.pk])).status_code == 404


def test_a_meeting_the_organization_is_not_below_gets_a_clear_message_and_the_input_stays(
    town_client, cascade
):
    own = campaign_open(cascade.town, year=2020, user=cascade.users.town)
    foreign = meeting_set_up(own)
    data = form_data(cascade, meeting=foreign.pk)
    page = town_client.post(
        reverse("conveyance:record", args=[cascade.town.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "not a held meeting of one of this organization&#x27;s superiors" in page
    assert TASKS[0] in page and POINTS.splitlines()[0] in page
    assert not Conveyance.objects.exists()
