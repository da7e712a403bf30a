"""Writing, submitting and reviewing a report through the pages."""

import re

from django.urls import reverse

from debrief.campaigns.services import indicator_add
from debrief.reports import services
from debrief.reports.models import Report, ReportState
from debrief.testing.factories import GOOD_REPORT, report_revised_after_return, report_write


def report_form(**changes):
    data = {name: GOOD_REPORT[name] for name in ("duties", "causes", "measures", "rectification_account")}
    data["problems"] = [*GOOD_REPORT["problems"], ""]
    data["revision"] = "0"  # as the form of a report not started carries it
    data.update(changes)
    return data


def test_a_reporter_writes_and_submits_their_report(client, cast, reporters):
    client.force_login(cast.reporter_a1)
    url = reverse("reports:edit", args=[reporters.a1.pk])
    response = client.post(url, report_form(submit="1"))
    assert response.url == reverse("reports:detail", args=[reporters.a1.pk])
    report = Report.objects.get(reporter=reporters.a1)
    assert report.state == ReportState.SUBMITTED
    assert report.problems == GOOD_REPORT["problems"]


def test_submitting_an_incomplete_report_keeps_what_was_typed_and_says_what_is_missing(
    client, cast, reporters
):
    client.force_login(cast.reporter_a1)
    response = client.post(
        reverse("reports:edit", args=[reporters.a1.pk]),
        report_form(problems=[""], submit="1"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Fill in before submitting: Problems." in text
    assert "严格落实“三会一课”制度" in text
    report = Report.objects.get(reporter=reporters.a1)
    assert report.state == ReportState.DRAFT
    assert report.duties == GOOD_REPORT["duties"]


def test_a_figure_that_is_not_a_number_is_refused_with_the_indicator_named(client, cast, campaign, reporters):
    indicator = indicator_add(campaign=campaign, name="发展党员数", unit="名")
    client.force_login(cast.reporter_a1)
    response = client.post(
        reverse("reports:edit", args=[reporters.a1.pk]),
        report_form(**{f"indicator-{indicator.pk}": "十二"}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert (
        "“十二” is not a figure for “发展党员数”; enter a number such as 12 or 3.5."
        in response.content.decode()
    )
    assert not Report.objects.filter(reporter=reporters.a1).exists()


def test_the_organizer_returns_a_report_with_remarks_the_reporter_then_sees(client, cast, reporters):
    services.report_submit(report=report_write(reporters.a1), user=cast.reporter_a1)
    client.force_login(cast.organizer_a)
    client.post(
        reverse("reports:review", args=[reporters.a1.pk]),
        {"decision": "return", "remarks": "请突出书记个人履职情况"},
    )
    client.force_login(cast.reporter_a1)
    page = client.get(reverse("reports:edit", args=[reporters.a1.pk]))
    assert "请突出书记个人履职情况" in page.content.decode()


def test_a_reporter_cannot_accept_their_own_report(client, cast, reporters):
    report = report_write(reporters.a1)
    services.report_submit(report=report, user=cast.reporter_a1)
    client.force_login(cast.reporter_a1)
    response = client.post(reverse("reports:review", args=[reporters.a1.pk]), {"decision": "accept"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_a_leader_reads_only_what_was_submitted_never_the_draft(client, cast, reporters):
    report_revised_after_return(
        reporters.a1, cast.organizer_a, duties="尚未提交的草稿内容", problems=["草稿问题"]
    )
    client.force_login(cast.leader_a)
    text = client.get(reverse("reports:detail", args=[reporters.a1.pk])).content.decode()
    assert "严格落实“三会一课”制度" in text
    assert "尚未提交的草稿内容" not in text


def test_versions_are_compared_side_by_side(client, cast, reporters):
    report = report_revised_after_return(reporters.a1, cast.organizer_a, causes="本人抓党建主责意识不强。")
    services.report_submit(report=report, user=None)
    client.force_login(cast.organizer_a)
    text = client.get(reverse("reports:compare", args=[reporters.a1.pk]) + "?a=1&b=2").content.decode()
    inserted = "".join(re.findall(r"<ins>(.*?)</ins>", text))
    deleted = "".join(re.findall(r"<del>(.*?)</del>", text))
    assert "本人" in inserted and "主责意识" in inserted
    assert "主观上" in deleted


def test_another_subtrees_organizer_cannot_see_or_review_a_report(client, cast, reporters):
    report = report_write(reporters.a1)
    services.report_submit(report=report, user=None)
    client.force_login(cast.organizer_b)
    assert client.get(reverse("reports:detail", args=[reporters.a1.pk])).status_code == 404
    assert (
        client.post(reverse("reports:review", args=[reporters.a1.pk]), {"decision": "accept"}).status_code
        == 404
    )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_a_leader_sees_the_submitted_figures_not_the_redrafted_ones(client, cast, campaign, reporters):
    indicator = indicator_add(campaign=campaign, name="发展党员数", unit="名")
    report = report_write(reporters.a1, figures={"发展党员数": 12})
    services.report_submit(report=report, user=None)
    services.report_return(report=report, user=cast.organizer_a, remarks="核实数据")
    report.refresh_from_db()
    services.report_save(
        report=report,
        user=None,
        sections=GOOD_REPORT,
        problems=GOOD_REPORT["problems"],
        indicator_values={indicator.pk: 99},
    )
    client.force_login(cast.leader_a)
    rows = client.get(reverse("reports:detail", args=[reporters.a1.pk])).context["indicator_rows"]
    assert [str(row.value) for row in rows] == ["12"]
