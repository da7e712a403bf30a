"""Two people saving one report: a save over a revision someone else has replaced is refused, never lost."""

import json
import re

import pytest
from django.urls import reverse

from debrief.reports import services
from debrief.reports.models import Report, ReportState
from debrief.testing.factories import GOOD_REPORT, report_write

SAVED_IN_BETWEEN = r"organizer_a saved this report at \d{4}-\d\d-\d\d \d\d:\d\d, after you opened it"


def save(report, user, revision, duties):
    return services.report_save(
        report=report,
        user=user,
        sections={**GOOD_REPORT, "duties": duties},
        problems=GOOD_REPORT["problems"],
        indicator_values={},
        revision=revision,
    )


@pytest.fixture
def report(reporters, cast):
    """The reporter wrote revision 1; the organizer then saved revision 2 over it."""
    report = report_write(reporters.a1, cast.reporter_a1)
    save(report, cast.organizer_a, 1, "组织部修改的稿子")
    return report


@pytest.fixture
def signed_in(client, cast):
    """The test client is the reporter's."""
    client.force_login(cast.reporter_a1)


def test_every_save_of_the_working_copy_counts_a_revision(reporters, cast):
    report = report_write(reporters.a1, cast.reporter_a1)
    assert report.revision == 1
    save(report, cast.reporter_a1, 1, "第二稿")
    report.refresh_from_db()
    assert (report.revision, report.duties) == (2, "第二稿")


def test_a_save_over_a_revision_someone_else_replaced_is_refused_and_stores_nothing(reporters, cast):
    report = report_write(reporters.a1, cast.reporter_a1)
    read_by_the_reporter = Report.objects.get(pk=report.pk)
    save(report, cast.organizer_a, 1, "组织部修改的稿子")
    with pytest.raises(services.ReportChangedError, match=SAVED_IN_BETWEEN):
        save(read_by_the_reporter, cast.reporter_a1, 1, "述职人自己的稿子")
    report.refresh_from_db()
    assert (report.revision, report.duties, report.updated_by) == (2, "组织部修改的稿子", cast.organizer_a)


def test_a_save_from_a_page_read_before_the_submission_is_refused(reporters, cast):
    report = report_write(reporters.a1, cast.reporter_a1)
    read_by_the_page = Report.objects.get(pk=report.pk)
    services.report_submit(report=report, user=cast.reporter_a1)
    with pytest.raises(services.ReportError, match="cannot be edited; the organizer can return it"):
        save(read_by_the_page, cast.organizer_a, 1, "提交后才到的修改")
    report.refresh_from_db()
    assert (report.state, report.duties) == (ReportState.SUBMITTED, GOOD_REPORT["duties"])


def test_a_submission_naming_a_revision_someone_else_replaced_is_refused(report, cast):
    with pytest.raises(services.ReportChangedError, match=SAVED_IN_BETWEEN):
        services.report_submit(report=report, user=cast.reporter_a1, revision=1)
    assert not report.versions.exists()


# --- The page -------------------------------------------------------------------------------------


def test_the_form_carries_the_revision_it_was_opened_at(client, cast, reporters):
    report_write(reporters.a1, cast.reporter_a1)
    client.force_login(cast.reporter_a1)
    page = client.get(reverse("reports:edit", args=[reporters.a1.pk])).content.decode()
    assert '<input type="hidden" name="revision" value="1">' in page


def test_a_stale_save_on_the_page_keeps_the_typed_text_and_says_who_saved_in_between(
    client, signed_in, report, reporters
):
    form = {**GOOD_REPORT, "duties": "述职人刚刚写下的一大段文字", "revision": "1"}
    response = client.post(reverse("reports:edit", args=[reporters.a1.pk]), form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    page = response.content.decode()
    assert re.search(SAVED_IN_BETWEEN + ", so your changes were not saved.", page)
    assert "Your text is still in the form below. Copy what you need, then reload the form" in page
    assert "述职人刚刚写下的一大段文字</textarea>" in page
    # Saving again from this form is refused again: it still says the revision it was opened at.
    assert '<input type="hidden" name="revision" value="1">' in page
    report.refresh_from_db()
    assert report.duties == "组织部修改的稿子"


def test_save_and_submit_over_someone_elses_save_submits_nothing(client, signed_in, report, reporters):
    form = {**GOOD_REPORT, "revision": "1", "submit": "1"}
    assert client.post(reverse("reports:edit", args=[reporters.a1.pk]), form).status_code == 422
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and not report.versions.exists()


def test_a_save_whose_submission_is_refused_leaves_the_form_on_the_saved_revision(client, cast, reporters):
    client.force_login(cast.reporter_a1)
    url = reverse("reports:edit", args=[reporters.a1.pk])
    incomplete = {**GOOD_REPORT, "problems": [""], "revision": "0", "submit": "1"}
    page = client.post(url, incomplete, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Fill in before submitting: Problems." in page
    assert '<input type="hidden" name="revision" value="1">' in page
    assert client.post(url, {**GOOD_REPORT, "revision": "1"}).status_code == 302


def test_a_form_that_does_not_say_its_revision_saves_nothing_and_keeps_the_text(client, cast, reporters):
    report = report_write(reporters.a1, cast.reporter_a1)
    client.force_login(cast.reporter_a1)
    form = {**GOOD_REPORT, "duties": "没有版本号的表单"}
    response = client.post(reverse("reports:edit", args=[reporters.a1.pk]), form, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "The form does not say which version it was opened at" in page and "没有版本号的表单" in page
    report.refresh_from_db()
    assert report.revision == 1 and report.duties == GOOD_REPORT["duties"]


# --- The API --------------------------------------------------------------------------------------


def put(client, reporter, data, **headers):
    return client.put(
        f"/api/v1/reports/{reporter.pk}", json.dumps(data), content_type="application/json", **headers
    )


def test_reading_the_working_copy_gives_its_revision_as_the_etag(client, cast, reporters):
    report_write(reporters.a1, cast.reporter_a1)
    client.force_login(cast.reporter_a1)
    response = client.get(f"/api/v1/reports/{reporters.a1.pk}")
    assert response["ETag"] == '"1"' and response.json()["revision"] == 1


def test_a_save_with_the_etag_read_is_stored_and_answers_the_next_one(client, cast, reporters):
    report_write(reporters.a1, cast.reporter_a1)
    client.force_login(cast.reporter_a1)
    response = put(client, reporters.a1, {**GOOD_REPORT, "duties": "新的文字"}, HTTP_IF_MATCH='"1"')
    assert response.status_code == 200 and response["ETag"] == '"2"'
    assert response.json()["duties"] == "新的文字"


def test_a_save_over_a_replaced_revision_answers_412_and_stores_nothing(client, signed_in, report, reporters):
    response = put(
        client,
        reporters.a1,
        {**GOOD_REPORT, "duties": "过时的文字"},
        HTTP_IF_MATCH='"1"',
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 412 and response["ETag"] == '"2"'
    assert re.fullmatch(
        SAVED_IN_BETWEEN
        + r", so your changes were not saved\. Read the report again \(its ETag is now \"2\"\), "
        r"merge your changes into it and save again\.",
        response.json()["detail"],
    )
    report.refresh_from_db()
    assert report.duties == "组织部修改的稿子"


def test_a_revision_field_in_the_body_does_what_if_match_does(client, signed_in, report, reporters):
    assert put(client, reporters.a1, {**GOOD_REPORT, "revision": 1}).status_code == 412
    assert put(client, reporters.a1, {**GOOD_REPORT, "revision": 2}).status_code == 200


def test_a_save_naming_no_revision_answers_428_and_stores_nothing(client, cast, reporters):
    report = report_write(reporters.a1, cast.reporter_a1)
    client.force_login(cast.reporter_a1)
    response = put(
        client, reporters.a1, {**GOOD_REPORT, "duties": "不知道基于哪一稿"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 428
    assert response.json()["detail"].startswith("Say which revision of the report you are saving over")
    report.refresh_from_db()
    assert report.revision == 1 and report.duties == GOOD_REPORT["duties"]


def test_if_match_star_saves_over_whatever_is_there(client, signed_in, report, reporters):
    assert (
        put(client, reporters.a1, {**GOOD_REPORT, "duties": "有意覆盖"}, HTTP_IF_MATCH="*").status_code == 200
    )
    report.refresh_from_db()
    assert (report.revision, report.duties) == (3, "有意覆盖")


def test_an_if_match_that_names_no_revision_matches_none(client, cast, reporters):
    report_write(reporters.a1, cast.reporter_a1)
    client.force_login(cast.reporter_a1)
    assert put(client, reporters.a1, GOOD_REPORT, HTTP_IF_MATCH='"abc"').status_code == 412


def test_a_submission_with_a_replaced_etag_answers_412(client, signed_in, report, reporters):
    response = client.post(f"/api/v1/reports/{reporters.a1.pk}/submit", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert client.post(f"/api/v1/reports/{reporters.a1.pk}/submit", HTTP_IF_MATCH='"2"').status_code == 200
