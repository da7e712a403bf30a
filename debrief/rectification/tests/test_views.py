"""The ledger and item pages as their users meet them, and who may do what."""

import datetime
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from debrief.demo.evidence_files import photo_png
from debrief.meetings import commenting
from debrief.rectification import services, sources
from debrief.rectification.models import EventKind, Item, Status

pytestmark = pytest.mark.django_db

PNG = photo_png(random.Random(1), (8, 6))  # a real image: the upload check reads it to its end


@pytest.fixture
def second(campaign, reporters):
    """County A2's item, long overdue."""
    return services.item_create(
        campaign=campaign,
        reporter=reporters.a2,
        description="党员发展质量不高。",
        deadline=datetime.date(2023, 1, 31),
    )


def ledger_url(campaign, **filters):
    query = "&".join(f"{k}={v}" for k, v in {"campaign": campaign.pk, **filters}.items())
    return f"/rectification/?{query}"


def test_the_ledger_counts_items_by_status_and_overdue(client, cast, campaign, item, second):
    client.force_login(cast.organizer_a)
    page = client.get(ledger_url(campaign)).content.decode()
    assert item.description[:20] in page and "党员发展质量不高" in page
    counts = page[
        page.index('id="ledger-counts"') : page.index("</section>", page.index('id="ledger-counts"'))
    ]
    assert "<strong>2</strong>" in counts  # items
    assert '<li class="overdue"><a href="?campaign=' in counts


def test_the_overdue_filter_shows_only_late_items(client, cast, campaign, item, second):
    services.item_update(item=item, user=None, deadline=timezone.localdate() + datetime.timedelta(days=30))
    client.force_login(cast.organizer_a)
    page = client.get(ledger_url(campaign, overdue=1)).content.decode()
    assert "党员发展质量不高" in page
    assert "三会一课" not in page


def test_the_status_and_deadline_filters(client, cast, campaign, item, second):
    client.force_login(cast.organizer_a)
    services.item_submit(item=item, user=None, text="已完成")
    page = client.get(ledger_url(campaign, status="submitted")).content.decode()
    assert "三会一课" in page and "党员发展质量不高" not in page
    page = client.get(
        ledger_url(campaign, deadline_from="2023-02-01", deadline_to="2023-12-31")
    ).content.decode()
    assert "三会一课" in page and "党员发展质量不高" not in page


def test_a_reversed_deadline_range_is_explained(client, cast, campaign, item):
    client.force_login(cast.organizer_a)
    page = client.get(
        ledger_url(campaign, deadline_from="2023-05-01", deadline_to="2023-01-01")
    ).content.decode()
    assert "完成时限的截止日期早于起始日期" in page


def test_the_organization_filter_takes_the_subtree(client, cast, campaign, item, second, counties):
    client.force_login(cast.organizer_a)
    page = client.get(ledger_url(campaign, organization=counties.a2.code)).content.decode()
    assert "党员发展质量不高" in page and "三会一课" not in page


def test_a_reporter_sees_only_their_own_items(client, cast, campaign, item, second):
    client.force_login(cast.reporter_a1)
    page = client.get("/rectification/").content.decode()
    assert "三会一课" in page
    assert "党员发展质量不高" not in page
    assert client.get(f"/rectification/{second.pk}/").status_code == 404


def test_another_citys_organizer_finds_nothing(client, cast, item):
    client.force_login(cast.organizer_b)
    assert client.get(f"/rectification/{item.pk}/").status_code == 404
    assert "三会一课" not in client.get("/rectification/").content.decode()


@pytest.fixture(params=[2, 6], ids=["2 rows", "6 rows"])
def ledger_2023(request, next_year, cast):
    """The 2023 ledger with rows of every kind: one carried over, one from a comment, the others
    entered by hand for both reporters, with progress. Counted with 2 rows and with 6, a query per
    row would show."""
    (_carried,) = sources.carry_over(campaign=next_year, user=cast.organizer_a).carried
    a1, a2 = next_year.reporters.order_by("speaking_order")
    comment = commenting.comment_save(
        reporter=a2, role="principal", commenter="市委书记 李华", problems=["调研不够深入。"]
    )
    sources.item_from_comment_problem(problem=comment.problems.get(), user=cast.organizer_a)
    for n in range(request.param - 2):
        item = services.item_create(
            campaign=next_year,
            reporter=(a1, a2)[n % 2],
            description=f"问题{n}",
            deadline=datetime.date(2024, 4, 30),
            measures=["措施一", "措施二"],
        )
        services.progress_add(item=item, user=None, text="已开展")
    assert next_year.rectification_items.count() == request.param
    return next_year


def test_a_campaigns_ledger_runs_the_same_queries_for_any_number_of_rows(
    client, cast, ledger_2023, django_assert_num_queries
):
    client.force_login(cast.organizer_a)
    # 13: the session, the user and their grants; the filter form's check of the chosen campaign;
    # the pager's count and the counts on top; for the organizer's buttons, last year's campaign, the
    # comment problems waiting, the evaluation, the reports' versions and the report problems already
    # entered, and last year's unfinished items; the page of items (their campaign, reporter, person
    # responsible and where they were carried from joined, latest progress annotated). The page does
    # not show measures, so it does not read them. (16 before the organization and campaign filters
    # searched as one types: they no longer list their choices, nor read the chosen campaign to
    # narrow them.)
    with django_assert_num_queries(13):
        assert client.get(ledger_url(ledger_2023)).status_code == 200


def test_every_visible_ledger_runs_the_same_queries_for_any_number_of_rows(
    client, cast, ledger_2023, django_assert_num_queries
):
    client.force_login(cast.organizer_a)
    # 6: the session, the user and their grants; the pager's count and the counts on top; the page
    # of items (each row's campaign and host joined, as the item numbers carry the host). (8 before
    # the organization and campaign filters searched as one types: they no longer list choices.)
    with django_assert_num_queries(6):
        assert client.get("/rectification/").status_code == 200


def test_an_organizer_sends_a_comments_problem_to_the_ledger(client, cast, campaign, reporters):
    comment = commenting.comment_save(
        reporter=reporters.a1, role="principal", commenter="市委书记 李华", problems=["调研不够深入。"]
    )
    problem = comment.problems.get()
    client.force_login(cast.organizer_a)
    page_url = f"/campaigns/{campaign.pk}/meeting/comments/{reporters.a1.pk}/"
    assert f"/rectification/from-comment/{problem.pk}/" in client.get(page_url).content.decode()
    response = client.post(f"/rectification/from-comment/{problem.pk}/", {"next": page_url})
    assert response.status_code == 302 and response["Location"] == page_url
    item = Item.objects.get(comment_problem=problem)
    page = client.get(page_url).content.decode()
    assert f"/rectification/{item.pk}/" in page


def test_sending_a_comments_problem_to_the_ledger_reads_each_thing_once(
    client, cast, campaign, reporters, django_assert_num_queries
):
    comment = commenting.comment_save(
        reporter=reporters.a1, role="principal", commenter="市委书记 李华", problems=["调研不够深入。"]
    )
    problem = comment.problems.get()
    client.force_login(cast.organizer_a)
    # 17: the session and the user; the problem with its comment and reporter; the campaign with its
    # host (the access lookup, which the write then uses); the user's grants; whether the problem is
    # in the ledger already; then item_create's savepoint (the test's transaction makes its atomic
    # block one), the campaign's state read afresh (ensure_writable), the campaign row locked for
    # the next number, that number, the item; the audit trail's head locked, its entry and the head
    # moved on; the item's "entered" event, the campaign's dashboard figures marked stale, and the
    # savepoint's release.
    with django_assert_num_queries(17):
        response = client.post(f"/rectification/from-comment/{problem.pk}/")
    assert response.status_code == 302
    assert Item.objects.get().comment_problem == problem


def test_a_leader_cannot_send_to_the_ledger(client, cast, campaign, reporters):
    comment = commenting.comment_save(
        reporter=reporters.a1, role="principal", commenter="市委书记 李华", problems=["调研不够深入。"]
    )
    client.force_login(cast.leader_a)
    assert client.post(f"/rectification/from-comment/{comment.problems.get().pk}/").status_code == 404
    assert not Item.objects.exists()


def test_the_reporter_records_progress_with_evidence(client, cast, item):
    client.force_login(cast.reporter_a1)
    response = client.post(
        f"/rectification/{item.pk}/progress/",
        {
            "text": "已印发组织生活计划。",
            "files": [SimpleUploadedFile("计划.png", PNG), SimpleUploadedFile("照片.png", PNG)],
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
    page = client.get(f"/rectification/{item.pk}/").content.decode()
    assert "计划.png" in page and "照片.png" in page
    evidence = item.events.get(kind=EventKind.PROGRESS).evidence.first()
    assert client.get(f"/rectification/evidence/{evidence.pk}/").status_code == 200


def test_evidence_is_downloaded_never_shown_or_sniffed_by_the_browser(client, cast, item, settings):
    settings.SECURE_CONTENT_TYPE_NOSNIFF = False  # the download says so itself
    services.progress_add(
        item=item, user=cast.organizer_a, text="已完成", files=[SimpleUploadedFile("照片.png", PNG)]
    )
    evidence = item.events.get(kind=EventKind.PROGRESS).evidence.get()
    client.force_login(cast.reporter_a1)
    response = client.get(f"/rectification/evidence/{evidence.pk}/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_bad_evidence_file_is_refused_with_the_reason_and_the_text_kept(client, cast, item):
    client.force_login(cast.reporter_a1)
    page = client.post(
        f"/rectification/{item.pk}/progress/",
        {"text": "已印发计划。", "files": [SimpleUploadedFile("计划.exe", b"MZ")]},
    ).content.decode()
    assert "计划.exe" in page and "已印发计划。" in page
    assert not item.events.filter(kind=EventKind.PROGRESS).exists()


def test_another_secretary_cannot_update_the_item(client, cast, item, second):
    client.force_login(cast.reporter_a1)
    assert client.post(f"/rectification/{second.pk}/progress/", {"text": "x"}).status_code == 404


def test_only_the_organizer_signs_off(client, cast, item):
    services.item_submit(item=item, user=cast.reporter_a1, text="已完成。")
    client.force_login(cast.reporter_a1)
    assert client.post(f"/rectification/{item.pk}/verify/", {"action": "sign_off"}).status_code == 404
    client.force_login(cast.leader_a)
    assert client.post(f"/rectification/{item.pk}/verify/", {"action": "sign_off"}).status_code == 404
    client.force_login(cast.organizer_a)
    assert client.post(f"/rectification/{item.pk}/verify/", {"action": "sign_off"}).status_code == 302
    item.refresh_from_db()
    assert item.status == Status.SIGNED_OFF


def test_a_return_without_remarks_is_refused_on_the_page(client, cast, item):
    services.item_submit(item=item, user=cast.reporter_a1, text="已完成。")
    client.force_login(cast.organizer_a)
    page = client.post(
        f"/rectification/{item.pk}/verify/", {"action": "return", "remarks": ""}
    ).content.decode()
    assert "请填写退回理由" in page
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_the_reporter_plans_measures_but_cannot_move_the_deadline(client, cast, item):
    client.force_login(cast.reporter_a1)
    response = client.post(
        f"/rectification/{item.pk}/edit/",
        {
            "measures": "制定组织生活计划\n建立台账",
            "responsible": item.responsible_id,
            "deadline": "2030-01-01",
            "description": "改掉的问题",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert [m.text for m in item.measures.all()] == ["制定组织生活计划", "建立台账"]
    assert item.deadline == datetime.date(2023, 4, 30)
    assert item.description.startswith("“三会一课”")


def test_the_organizer_enters_an_item_by_hand(client, cast, campaign, reporters):
    client.force_login(cast.organizer_a)
    response = client.post(
        f"/rectification/new/?campaign={campaign.pk}",
        {
            "reporter": reporters.a3.pk,
            "description": "阵地建设不规范。",
            "category": "organization",
            "measures": "更新党建阵地",
            "deadline": "2023-06-30",
        },
    )
    item = Item.objects.get()
    assert response["Location"] == f"/rectification/{item.pk}/"
    assert (item.reporter, item.responsible) == (reporters.a3, reporters.a3.person)


def test_a_reporter_cannot_enter_items(client, cast, campaign):
    client.force_login(cast.reporter_a1)
    assert client.get(f"/rectification/new/?campaign={campaign.pk}").status_code == 404


def test_the_add_from_comments_button_enters_every_problem(client, cast, campaign, reporters):
    commenting.comment_save(
        reporter=reporters.a1, role="principal", commenter="市委书记 李华", problems=["问题一", "问题二"]
    )
    client.force_login(cast.organizer_a)
    assert "(2)" in client.get(ledger_url(campaign)).content.decode()
    client.post(f"/rectification/campaigns/{campaign.pk}/add-from/", {"source": "comments"})
    assert Item.objects.count() == 2


def test_the_measure_checkbox_marks_a_task_done(client, cast, item):
    client.force_login(cast.reporter_a1)
    measure = item.measures.get(position=1)
    response = client.post(
        f"/rectification/{item.pk}/measures/{measure.pk}/", {"done": "1"}, HTTP_HX_REQUEST="true"
    )
    assert "☑" in response.content.decode()
    measure.refresh_from_db()
    assert measure.done_at is not None


def test_the_ledger_downloads_as_xlsx(client, cast, campaign, item):
    client.force_login(cast.organizer_a)
    response = client.get(f"/rectification/ledger.xlsx?campaign={campaign.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")


def test_the_api_lists_the_ledger_as_the_page_does(client, cast, campaign, item, second):
    client.force_login(cast.reporter_a1)
    data = client.get(f"/api/v1/rectification/items?campaign={campaign.pk}").json()
    assert [i["label"] for i in data["items"]] == [item.label]
    assert [i["label_with_host"] for i in data["items"]] == [f"江州市委 {item.label}"]
    client.force_login(cast.organizer_a)
    data = client.get(f"/api/v1/rectification/items?campaign={campaign.pk}&overdue=true").json()
    assert data["total"] == 2 and data["by_status"]["open"] == 2
    assert {i["overdue"] for i in data["items"]} == {True}


def test_a_wrong_filter_is_explained_and_the_others_still_apply(client, cast, campaign, item, second):
    client.force_login(cast.organizer_a)
    page = client.get(ledger_url(campaign, organization="NOSUCH", status="open")).content.decode()
    assert "errorlist" in page or 'class="error"' in page
    assert "党员发展质量不高" in page


def test_the_api_answers_the_same_for_an_organization_code_outside_ones_subtree_and_one_that_does_not_exist(
    client, cast, campaign, item
):
    client.force_login(cast.organizer_a)
    elsewhere = client.get("/api/v1/rectification/items?organization=CB1", HTTP_ACCEPT_LANGUAGE="en")
    unknown = client.get("/api/v1/rectification/items?organization=NOSUCH", HTTP_ACCEPT_LANGUAGE="en")
    assert elsewhere.status_code == unknown.status_code == 404
    assert elsewhere.json()["detail"] == "No organization you may see has the code “CB1”; check the code."
    assert unknown.json()["detail"] == "No organization you may see has the code “NOSUCH”; check the code."
    mine = client.get("/api/v1/rectification/items?organization=CA1").json()
    assert [i["label"] for i in mine["items"]] == [item.label]
