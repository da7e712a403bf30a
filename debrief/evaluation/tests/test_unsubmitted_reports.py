"""Results of reporters whose report was never submitted are marked on the results page, each
calculation sheet and the XLSX, with what the mark means."""

import html
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from debrief.evaluation import selectors, services
from debrief.reports import services as report_services
from debrief.testing.factories import evaluation_opened, report_revised_after_return, report_write

LEADERS = "Host leadership team"


@pytest.fixture
def results_with_reports(campaign, reporters, cast):
    """A1 submitted its report, A2 left it a draft, A3's was returned and not submitted again."""
    report_services.report_submit(report=report_write(reporters.a1), user=None)
    report_write(reporters.a2)
    report_revised_after_return(reporters.a3, cast.organizer_a)
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a, codes={LEADERS: 1})
    services.ballot_cast(
        code_text=codes[LEADERS][0],
        ratings={r.pk: ["good"] for r in (reporters.a1, reporters.a2, reporters.a3)},
    )
    return services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")


def test_the_results_carry_the_state_of_each_report_never_submitted(results_with_reports, reporters):
    found = {row.reporter.pk: row.report_unsubmitted for row in selectors.results(results_with_reports).rows}
    assert found == {reporters.a1.pk: "", reporters.a2.pk: "Draft", reporters.a3.pk: "Returned"}


def test_a_reporter_who_never_started_a_report_is_marked_not_started(campaign, reporters, cast):
    evaluation, _codes = evaluation_opened(campaign, cast.organizer_a, codes={})
    evaluation = services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
    rows = selectors.results(evaluation).unsubmitted
    assert [row.report_unsubmitted for row in rows] == ["Not started"] * 3


def test_the_results_page_marks_the_reporters_without_a_submitted_report(
    client, results_with_reports, reporters, cast
):
    client.force_login(cast.organizer_a)
    page = html.unescape(
        client.get(
            reverse("evaluation:results", args=[results_with_reports.campaign.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    )
    rows = {r: page.split(f"/results/{r.pk}/")[1].split("</tr>")[0] for r in vars(reporters).values()}
    assert "Report not submitted" not in rows[reporters.a1]
    assert "Report not submitted (Draft)" in rows[reporters.a2]
    assert "Report not submitted (Returned)" in rows[reporters.a3]
    assert "2 reporters' reports were never submitted." in page
    assert '"Report not submitted" means that the debrief report was not started' in page


def test_the_calculation_sheet_says_the_report_was_never_submitted_and_what_that_means(
    client, results_with_reports, reporters, cast
):
    client.force_login(cast.organizer_a)

    def sheet(reporter):
        url = reverse("evaluation:sheet", args=[results_with_reports.campaign.pk, reporter.pk])
        return html.unescape(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())

    draft = sheet(reporters.a2)
    assert 'id="unsubmitted"' in draft and "Report not submitted (Draft)" in draft
    assert "was returned and not submitted again" in draft
    assert 'id="unsubmitted"' not in sheet(reporters.a1)


def test_the_xlsx_names_the_state_of_each_report_never_submitted(
    client, results_with_reports, reporters, cast
):
    client.force_login(cast.organizer_a)
    response = client.get(
        reverse("evaluation:results_xlsx", args=[results_with_reports.campaign.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    rows = [list(row) for row in workbook["Results"].iter_rows(values_only=True)]
    header = next(row for row in rows if row[0] == "Rank")
    flags = {row[2]: row[header.index("Report")] for row in rows[rows.index(header) + 1 :] if any(row)}
    assert flags == {
        "赵强": None,
        "李明": "Report not submitted (Draft)",
        "王芳": "Report not submitted (Returned)",
    }
    sheets = [row[0] for row in workbook["Calculation sheets"].iter_rows(values_only=True) if row[0]]
    heading = sheets.index("Calculation sheet of 王芳 (江州市北县县委)")
    assert sheets[heading + 1] == "Report not submitted (Returned)"
    assert sheets[heading + 2].startswith('"Report not submitted" means that')
