"""The notice's pages: who sees what (drafts only organizers, published notices every overseer),
the messages for bad input, the DOCX, and the notice page's queries."""

import io

import pytest
from django.urls import reverse
from docx import Document

from debrief.campaigns.models import CampaignState
from debrief.evaluation.models import RoutineScore
from debrief.publication import services
from debrief.publication.models import Interview, Notice, NoticeState
from debrief.testing.factories import log_in


def _url(name, campaign, **kwargs):
    return reverse(f"publication:{name}", kwargs={"pk": campaign.pk, **kwargs})


@pytest.fixture
def as_organizer(client, cast):
    assert log_in(client, "organizer_a", "secret-pass")
    return client


@pytest.fixture
def published(assessed, cast):
    notice = services.notice_draft_start(campaign=assessed, user=cast.organizer_a)
    return services.notice_publish(notice=notice, user=cast.organizer_a)


def test_the_organizer_drafts_edits_with_picked_problems_and_publishes(as_organizer, assessed):
    page = as_organizer.get(_url("notice", assessed))
    assert "Draft the results notice" in page.content.decode()
    response = as_organizer.post(_url("draft_start", assessed))
    assert response.status_code == 302 and response["Location"] == _url("edit", assessed)
    notice = Notice.objects.get(campaign=assessed)
    edit = as_organizer.get(_url("edit", assessed))
    assert edit.status_code == 200 and 'name="picks"' in edit.content.decode()
    form = edit.context["form"]
    data = {name: form[name].value() or "" for name in services.EDITABLE_FIELDS}
    comment_problem = next(c.key for g in edit.context["groups"] for c in g.candidates if c.from_comment)
    data.update(problems_section="共性问题：", picks=[comment_problem], document_number="江组通〔2023〕3号")
    assert as_organizer.post(_url("edit", assessed), data).status_code == 302
    notice.refresh_from_db()
    assert notice.problems_section.splitlines()[0] == "共性问题："
    assert len(notice.problems_section.splitlines()) == 2  # the picked comment problem added
    assert notice.document_number == "江组通〔2023〕3号"
    response = as_organizer.post(_url("publish", assessed), follow=True)
    assert "Version 1 of the notice is published." in response.content.decode()
    assessed.refresh_from_db()
    assert assessed.state == CampaignState.PUBLISHED


def test_publishing_with_routine_scores_missing_shows_why_and_changes_nothing(
    as_organizer, assessed, cast, reporters
):
    services.notice_draft_start(campaign=assessed, user=cast.organizer_a)
    RoutineScore.objects.filter(reporter=reporters.a3).delete()
    response = as_organizer.post(_url("publish", assessed), follow=True)
    assert "Routine assessment scores are missing for 江州市北县县委" in response.content.decode()
    assert Notice.objects.get(campaign=assessed).state == NoticeState.DRAFT


def test_a_published_notice_has_no_edit_page_and_a_correction_needs_a_reason(
    as_organizer, published, assessed
):
    response = as_organizer.get(_url("edit", assessed), follow=True)
    assert "There is no draft to edit" in response.content.decode()
    response = as_organizer.post(_url("correct", assessed), {"reason": ""})
    assert response.status_code == 422 and "This field is required." in response.content.decode()
    response = as_organizer.post(_url("correct", assessed), {"reason": "名单有误"})
    assert response["Location"] == _url("edit", assessed)


def test_an_empty_title_is_refused_beside_the_form(as_organizer, assessed, cast):
    services.notice_draft_start(campaign=assessed, user=cast.organizer_a)
    form = as_organizer.get(_url("edit", assessed)).context["form"]
    data = {name: form[name].value() or "" for name in services.EDITABLE_FIELDS}
    response = as_organizer.post(_url("edit", assessed), {**data, "title": ""})
    assert response.status_code == 422
    assert Notice.objects.get(campaign=assessed).title == data["title"]


def test_overseers_read_the_published_notice_but_not_drafts(client, cast, assessed):
    services.notice_draft_start(campaign=assessed, user=cast.organizer_a)
    assert log_in(client, "observer", "secret-pass")
    page = client.get(_url("notice", assessed))
    assert page.status_code == 200 and "has not been published yet" in page.content.decode()
    assert client.get(_url("version", assessed, version=1)).status_code == 404
    assert client.get(_url("docx", assessed, version=1)).status_code == 404
    assert client.post(_url("publish", assessed)).status_code == 404
    assert client.get(_url("opinions", assessed)).status_code == 404
    services.notice_publish(notice=Notice.objects.get(campaign=assessed), user=cast.organizer_a)
    page = client.get(_url("notice", assessed)).content.decode()
    assert "江州市东区区委" in page and 'id="follow-up"' in page and "Draft a corrected version" not in page


@pytest.mark.parametrize("username", ["organizer_b", "reporter_a1"])
def test_others_find_nothing(client, published, assessed, username):
    assert log_in(client, username, "secret-pass")
    assert client.get(_url("notice", assessed)).status_code == 404
    assert client.get(_url("docx", assessed, version=1)).status_code == 404


def test_the_notice_is_linked_from_the_campaign_and_the_results_pages(as_organizer, assessed):
    for name in ("campaigns:detail", "evaluation:results"):
        page = as_organizer.get(reverse(name, kwargs={"pk": assessed.pk})).content.decode()
        assert _url("notice", assessed) in page


def test_the_follow_up_lists_interviews_with_those_graded_fair_or_poor(
    as_organizer, published, assessed, reporters
):
    Interview.objects.create(
        reporter=reporters.a3, held_on="2023-02-01", held_by="组织部长 刘洋", points="约谈要点"
    )
    Interview.objects.create(reporter=reporters.a1, held_on="2023-02-01", held_by="x", points="不该出现")
    page = as_organizer.get(_url("notice", assessed)).content.decode()
    assert "约谈要点" in page and "不该出现" not in page


def test_the_docx_is_the_notice_with_the_results_table_attached(as_organizer, published, assessed):
    response = as_organizer.get(_url("docx", assessed, version=1))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert published.title in texts
    assert any(text == "Excellent (1): 江州市东区区委赵强." for text in texts)
    assert texts.index("Attachment") > texts.index(published.title)  # the attachment comes last
    assert document.paragraphs[texts.index("Attachment")].paragraph_format.page_break_before
    (table,) = document.tables
    assert [c.text for c in table.rows[1].cells] == [
        "1",
        "江州市东区区委",
        "赵强",
        "On-site report",
        "100.00",
        "90.00",
        "96.00",
        "Excellent",
    ]
    assert len(table.rows) == 4


def test_opinions_page_prefills_saves_and_freezes(as_organizer, assessed, cast, reporters):
    page = as_organizer.get(_url("opinions", assessed))
    assert "抓党建责任意识较强" in page.content.decode()
    field = f"opinion-{reporters.a1.pk}"
    response = as_organizer.post(_url("opinions", assessed), {field: "综合评价：好。"}, follow=True)
    assert "1 assessment opinions saved." in response.content.decode()
    notice = services.notice_draft_start(campaign=assessed, user=cast.organizer_a)
    services.notice_publish(notice=notice, user=cast.organizer_a)
    response = as_organizer.post(_url("opinions", assessed), {field: "改写"})
    assert response.status_code == 422 and "frozen with the published notice" in response.content.decode()
    assert reporters.a1.assessment_opinion.text == "综合评价：好。"


def test_the_published_notice_page_reads_a_fixed_number_of_queries(
    as_organizer, published, assessed, django_assert_num_queries
):
    as_organizer.get(_url("notice", assessed))
    with django_assert_num_queries(6):
        response = as_organizer.get(_url("notice", assessed))
    assert response.status_code == 200


def test_the_api_reads_the_published_notice_only(client, cast, assessed):
    url = f"/api/v1/campaigns/{assessed.pk}/notice"
    notice = services.notice_draft_start(campaign=assessed, user=cast.organizer_a)
    assert log_in(client, "observer", "secret-pass")
    assert client.get(url).status_code == 404  # a draft is not published
    services.notice_publish(notice=notice, user=cast.organizer_a)
    body = client.get(url).json()
    assert body["version"] == 1 and body["title"] == notice.title
    assert [row["grade"] for row in body["results_table"]] == ["excellent", "good", "fair"]
    client.logout()
    assert log_in(client, "organizer_b", "secret-pass")
    assert client.get(url).status_code == 404
