"""The similarity figures are computed by a task: at once with the immediate backend (development,
the demo), by the worker with the database backend (production), the pages waiting meanwhile."""

from django.urls import reverse
from django_tasks import TaskResultStatus

from debrief.reports import similarity, tasks
from debrief.reports.tests.test_similarity import OTHER_TEXT, OWN_TEXT, submit


def similarity_page(client, campaign):
    return client.get(reverse("campaigns:similarity", args=[campaign.pk]), HTTP_ACCEPT_LANGUAGE="en")


def test_with_the_immediate_backend_the_page_shows_the_figures_at_once(client, cast, reporters, campaign):
    submit(reporters.a1, **OWN_TEXT)
    submit(reporters.a2, **OWN_TEXT)
    client.force_login(cast.organizer_a)
    text = similarity_page(client, campaign).content.decode()
    assert 'id="similarity"' in text
    assert "similarity-pending" not in text
    assert "100%" in text


def test_submitting_a_report_queues_the_comparison_and_the_worker_computes_it(
    reporters, campaign, database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(reporters.a1, **OWN_TEXT)
        submit(reporters.a2, **OWN_TEXT)
    queued = list(database_tasks.queued())
    assert [r.task_path for r in queued] == ["debrief.reports.tasks.compute_similarity"] * 2
    assert similarity.campaign_similarity(campaign, compute=False) is None  # not computed in the request
    results = database_tasks.run_worker()
    assert {r.status for r in results} == {TaskResultStatus.SUCCESSFUL}
    assert results[-1].return_value == 2  # two reports compared
    found = similarity.campaign_similarity(campaign, compute=False)
    assert found[reporters.a2.pk].share == 1.0


def test_with_a_worker_the_page_says_being_computed_polls_then_shows_the_figures(
    client, cast, reporters, campaign, database_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    submit(reporters.a1, **OWN_TEXT)
    submit(reporters.a2, **{**OTHER_TEXT, "duties": OWN_TEXT["duties"]})
    client.force_login(cast.organizer_a)
    status_url = reverse("campaigns:similarity_status", args=[campaign.pk])

    def not_in_a_request(*args, **kwargs):
        raise AssertionError("the figures were computed inside the request")

    with monkeypatch.context() as patch:
        patch.setattr(similarity, "find_repeats", not_in_a_request)
        with django_capture_on_commit_callbacks(execute=True):
            page = similarity_page(client, campaign).content.decode()
        assert "being computed" in page
        assert 'id="similarity"' not in page
        assert f'hx-get="{status_url}"' in page
        assert 'hx-trigger="every 3s"' in page
        # The page asked the worker once; polling again does not queue another task.
        assert database_tasks.queued().count() == 1
        with django_capture_on_commit_callbacks(execute=True):
            poll = client.get(status_url, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
        assert "being computed" in poll.content.decode()
        assert "HX-Refresh" not in poll.headers
        assert database_tasks.queued().count() == 1

    database_tasks.run_worker()
    poll = client.get(status_url, HTTP_HX_REQUEST="true")
    assert poll.headers["HX-Refresh"] == "true"
    page = similarity_page(client, campaign).content.decode()
    assert "being computed" not in page
    assert "整顿软弱涣散村党组织5个" in page
    share = similarity.campaign_similarity(campaign, compute=False)[reporters.a2.pk].share
    assert f"{round(share * 100)}%" in page


def test_with_a_worker_the_campaign_page_waits_for_the_figures_too(
    client, cast, reporters, campaign, database_tasks, django_capture_on_commit_callbacks
):
    submit(reporters.a1, **OWN_TEXT)
    submit(reporters.a2, **OWN_TEXT)
    client.force_login(cast.organizer_a)
    url = reverse("campaigns:detail", args=[campaign.pk])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="similarity-pending"' in page
    database_tasks.run_worker()
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="similarity-pending"' not in page
    assert "100%" in page


def test_changed_texts_are_computed_again_and_equal_texts_are_not(
    reporters, campaign, database_tasks, django_capture_on_commit_callbacks
):
    submit(reporters.a1, **OWN_TEXT)
    tasks.compute_similarity.enqueue(campaign.pk)
    database_tasks.run_worker()
    assert similarity.campaign_similarity(campaign, compute=False) is not None
    submit(reporters.a2, **OTHER_TEXT)  # new texts: the cached figures no longer apply
    assert similarity.campaign_similarity(campaign, compute=False) is None


def test_a_campaign_without_submitted_reports_waits_for_nothing(
    client, cast, reporters, campaign, database_tasks
):
    client.force_login(cast.organizer_a)
    page = similarity_page(client, campaign).content.decode()
    assert "being computed" not in page
    assert "No report has been submitted yet." in page
    assert database_tasks.queued().count() == 0


def test_a_task_for_a_deleted_campaign_compares_nothing(campaign, database_tasks):
    result = tasks.compute_similarity.enqueue(campaign.pk + 1000)
    (done,) = database_tasks.run_worker()
    assert str(done.id) == result.id
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == 0


def test_with_a_worker_the_side_by_side_page_waits_for_the_pair_then_shows_it(
    client, cast, reporters, campaign, database_tasks, django_capture_on_commit_callbacks
):
    submit(reporters.a1, **OWN_TEXT)
    submit(reporters.a2, **{**OTHER_TEXT, "duties": OWN_TEXT["duties"]})
    client.force_login(cast.organizer_a)
    url = reverse("campaigns:side_by_side", args=[campaign.pk, reporters.a2.pk, reporters.a1.pk])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "being computed" in page and f'hx-get="{url}"' in page
    assert 'id="side-by-side"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        poll = client.get(url, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert "being computed" in poll.content.decode() and "HX-Refresh" not in poll.headers
    (queued,) = database_tasks.queued()
    assert queued.task_path == "debrief.reports.tasks.compare_side_by_side"

    (done,) = database_tasks.run_worker()
    assert done.return_value is True
    assert client.get(url, HTTP_HX_REQUEST="true").headers["HX-Refresh"] == "true"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="side-by-side"' in page
    assert "<mark" in page and "整顿软弱涣散村党组织5个" in page
