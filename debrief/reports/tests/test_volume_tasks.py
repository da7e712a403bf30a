"""A large campaign's volume is built by the worker into a stored file; the download waits for it on
a status page. Small campaigns, and development without a worker, build it in the request."""

import io

import docx
import pytest
from django.urls import reverse

from debrief.reports import services, tasks, volume_files
from debrief.testing.factories import report_write

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def large(settings, tmp_path, reporters):
    """Three reporters count as a large campaign; stored volumes go to a fresh media folder."""
    settings.DEBRIEF_VOLUME_BACKGROUND_REPORTS = 2
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def submit(reporter, duties):
    services.report_submit(report=report_write(reporter, duties=duties), user=None)


def download(client, campaign, **headers):
    return client.get(
        reverse("campaigns:volume_docx", args=[campaign.pk]), HTTP_ACCEPT_LANGUAGE="en", **headers
    )


def status(client, campaign, **headers):
    return client.get(
        reverse("campaigns:volume_status", args=[campaign.pk]), HTTP_ACCEPT_LANGUAGE="en", **headers
    )


def paragraphs(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_without_a_worker_a_large_volume_is_built_in_the_request(client, cast, campaign, large):
    client.force_login(cast.organizer_a)
    response = download(client, campaign)
    assert response["Content-Type"] == DOCX
    assert not (large / "volumes").exists()


def test_with_a_worker_a_small_volume_is_still_built_in_the_request(
    client, cast, campaign, reporters, database_tasks, settings
):
    settings.DEBRIEF_VOLUME_BACKGROUND_REPORTS = 30
    client.force_login(cast.organizer_a)
    assert download(client, campaign)["Content-Type"] == DOCX
    assert database_tasks.queued().count() == 0


def test_a_large_volume_is_asked_for_built_by_the_worker_then_downloaded(
    client, cast, campaign, reporters, large, database_tasks
):
    submit(reporters.a1, "抓党建促乡村振兴的全年工作")
    client.force_login(cast.organizer_a)
    response = download(client, campaign)
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:volume_status", args=[campaign.pk])
    page = status(client, campaign).content.decode()
    assert "being built in the background" in page
    assert 'hx-trigger="every 3s"' in page
    # Asking again while it is being built queues nothing more.
    download(client, campaign)
    (queued,) = database_tasks.queued()
    assert queued.task_path == "debrief.reports.tasks.build_volume"

    (done,) = database_tasks.run_worker()
    assert done.status == "SUCCESSFUL"
    assert (large / done.return_value).exists()
    poll = status(client, campaign, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="volume-download"' in poll
    assert "hx-trigger" not in poll  # polling stops
    response = download(client, campaign)
    assert response["Content-Type"] == DOCX
    text = paragraphs(response.content)
    assert text.splitlines()[0] == campaign.title
    assert "抓党建促乡村振兴的全年工作" in text
    assert "Volume of debrief reports" in text  # built in the language of the request


def test_a_changed_report_makes_the_stored_volume_stale(
    client, cast, campaign, reporters, large, database_tasks
):
    submit(reporters.a1, "第一稿的内容")
    client.force_login(cast.organizer_a)
    download(client, campaign)
    database_tasks.run_worker()
    assert download(client, campaign)["Content-Type"] == DOCX
    submit(reporters.a2, "后来提交的报告")
    assert download(client, campaign).status_code == 302  # asked for again
    database_tasks.run_worker()
    text = paragraphs(download(client, campaign).content)
    assert "后来提交的报告" in text
    # Only the newest volume of the campaign is kept.
    assert len(list((large / "volumes" / str(campaign.pk)).iterdir())) == 1


def test_a_failed_build_is_shown_and_can_be_tried_again(
    client, cast, campaign, reporters, large, database_tasks, monkeypatch
):
    client.force_login(cast.organizer_a)
    download(client, campaign)
    with monkeypatch.context() as patch:
        patch.setattr(tasks.exports, "campaign_volume", lambda campaign: 1 / 0)
        (failed,) = database_tasks.run_worker()
    assert failed.status == "FAILED"
    page = status(client, campaign).content.decode()
    assert "The volume could not be built." in page
    assert "ZeroDivisionError" in page
    assert download(client, campaign).status_code == 302  # tried again
    assert database_tasks.queued().count() == 2
    database_tasks.run_worker()
    assert 'id="volume-download"' in status(client, campaign).content.decode()


def test_the_digest_follows_what_the_volume_shows(campaign, reporters, large):
    before = volume_files.volume_digest(campaign, "en")
    assert volume_files.volume_digest(campaign, "en") == before
    assert volume_files.volume_digest(campaign, "zh-hans") != before
    submit(reporters.a3, "书面报告")
    assert volume_files.volume_digest(campaign, "en") != before
