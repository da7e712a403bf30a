"""Saves of one report at once are decided one after the other, on real concurrent connections."""

import pytest

from debrief.reports import services
from debrief.reports.models import Report, ReportState
from debrief.reports.tests.test_revisions import save
from debrief.testing.concurrency import in_parallel, on_postgresql
from debrief.testing.factories import report_write

pytestmark = [pytest.mark.django_db(transaction=True), on_postgresql]


def saving(reporter, user, duties):
    """A save from a form opened at the report's present revision."""

    def work(start):
        read = Report.objects.select_related("reporter__campaign").get(reporter=reporter)
        start()
        return save(read, user, read.revision, duties)

    return work


def test_two_saves_of_the_same_revision_at_once_store_exactly_one(reporters, cast):
    report = report_write(reporters.a1, cast.reporter_a1)

    outcomes = in_parallel(
        saving(reporters.a1, cast.reporter_a1, "述职人的稿子"),
        saving(reporters.a1, cast.organizer_a, "组织部的稿子"),
    )

    assert sorted(kind for kind, _detail in outcomes) == ["ReportChangedError", "ok"], outcomes
    winner = "述职人的稿子" if outcomes[0][0] == "ok" else "组织部的稿子"
    report.refresh_from_db()
    assert (report.revision, report.duties) == (2, winner)
    assert "saved this report at" in next(detail for kind, detail in outcomes if kind != "ok")


def test_a_save_racing_the_submission_never_changes_the_submitted_text(reporters, cast):
    report = report_write(reporters.a1, cast.reporter_a1)

    def submit(start):
        read = Report.objects.get(pk=report.pk)
        start()
        return services.report_submit(report=read, user=cast.reporter_a1)

    outcomes = in_parallel(submit, saving(reporters.a1, cast.organizer_a, "提交时同时保存的文字"))

    assert outcomes[0][0] == "ok", outcomes
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.versions.get().content["duties"] == report.duties  # what was submitted is the working copy
