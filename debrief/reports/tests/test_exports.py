"""DOCX exports, parsed back."""

import io
import re

import docx
from django.urls import reverse
from django.utils import timezone

from debrief.campaigns.services import indicator_add, reporter_set_mode
from debrief.reports import exports, services
from debrief.testing.factories import GOOD_REPORT, report_revised_after_return, report_write


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(content)).paragraphs if p.text.strip()]


def test_one_report_exports_with_its_sections_problems_and_figures(reporters, campaign):
    indicator_add(campaign=campaign, name="发展党员数", unit="名")
    report_write(reporters.a1, figures={"发展党员数": 12})
    document = docx.Document(io.BytesIO(exports.report_docx(reporters.a1, working_copy=True)))
    text = [p.text for p in document.paragraphs if p.text.strip()]
    assert text[0] == "Debrief report of the secretary of 江州市东区区委 on grassroots Party building"
    assert "Secretary 赵强" in text
    headings = [t for t in text if t[1:2] == "、"]
    assert headings == [
        "一、Duties performed and results",
        "二、Problems",
        "三、Causes",
        "四、Measures for next year",
        "五、Rectification of last year's problems",
    ]
    for problem in GOOD_REPORT["problems"]:
        assert any(problem in t for t in text)
    cells = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert cells[1] == ["发展党员数", "名", "12", "—"]


def test_the_volume_puts_on_site_reports_first_in_speaking_order(reporters, campaign):
    reporter_set_mode(reporter=reporters.a3, mode="on_site")
    reporter_set_mode(reporter=reporters.a1, mode="written")  # A1 now writes; A2 speaks 1st, A3 2nd
    services.report_submit(report=report_write(reporters.a2), user=None)
    services.report_submit(
        report=report_write(reporters.a1, duties="书面述职：全年抓党建工作情况。"), user=None
    )
    text = paragraphs(exports.campaign_volume(campaign))
    assert text[0] == campaign.title
    contents = text[text.index("Contents") + 1 : text.index("Contents") + 6]
    assert contents == [
        "On-site reports",
        "1. 江州市西区区委 李明",
        "2. 江州市北县县委 王芳 (not submitted)",
        "Written reports",
        "3. 江州市东区区委 赵强",
    ]
    titles = [t for t in text if t.startswith("Debrief report of the secretary of")]
    assert [re.search(r"of (\S+) on", t).group(1) for t in titles] == [
        "江州市西区区委",
        "江州市北县县委",
        "江州市东区区委",
    ]
    assert "Not submitted: the report has not been started." in text
    assert "书面述职：全年抓党建工作情况。" in text


def bold_lines(content: bytes) -> list[str]:
    """The lines set apart in bold: what stands in place of a report the volume does not hold."""
    document = docx.Document(io.BytesIO(content))
    return [p.text for p in document.paragraphs if p.runs and all(run.bold for run in p.runs)]


def test_a_returned_report_is_a_line_in_its_place_and_marked_in_the_contents(reporters, campaign, cast):
    report_revised_after_return(reporters.a1, cast.organizer_a, duties="未提交的修改稿", problems=["x"])
    services.report_submit(report=report_write(reporters.a2), user=None)
    volume = exports.campaign_volume(campaign)
    text = paragraphs(volume)
    returned_on = timezone.localdate().isoformat()

    assert "1. 江州市东区区委 赵强 (returned for revision)" in text
    assert "2. 江州市西区区委 李明" in text  # submitted: no mark
    assert bold_lines(volume) == [
        f"Returned for revision on {returned_on} and not submitted again: the report is not in this volume.",
        "Not submitted: the report has not been started.",
    ]
    # Neither the version the organizer returned nor the revision since is bound in.
    assert "\n".join(text).count(GOOD_REPORT["causes"]) == 1  # the submitted one's
    assert "未提交的修改稿" not in "\n".join(text)


def test_a_draft_is_marked_not_submitted(reporters, campaign):
    report_write(reporters.a1, duties="草稿中的文字")
    text = paragraphs(exports.campaign_volume(campaign))

    assert "1. 江州市东区区委 赵强 (not submitted)" in text
    assert "Not submitted: the report is still a draft." in text
    assert "草稿中的文字" not in "\n".join(text)


def test_a_report_submitted_again_after_its_return_is_bound_in_as_submitted(reporters, campaign, cast):
    report = report_revised_after_return(reporters.a1, cast.organizer_a, duties="修改后重新提交的稿子")
    services.report_submit(report=report, user=None)
    text = paragraphs(exports.campaign_volume(campaign))

    assert "1. 江州市东区区委 赵强" in text
    assert "修改后重新提交的稿子" in text


def test_the_volume_downloads_as_a_word_document(client, cast, campaign, reporters):
    client.force_login(cast.organizer_a)
    response = client.get(reverse("campaigns:volume_docx", args=[campaign.pk]))
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert docx.Document(io.BytesIO(response.content)).paragraphs[0].text == campaign.title


def test_the_volume_reads_versions_and_figures_for_the_whole_campaign_at_once(
    reporters, campaign, django_assert_max_num_queries
):
    indicator_add(campaign=campaign, name="发展党员数", unit="名")
    for reporter in (reporters.a1, reporters.a2, reporters.a3):
        services.report_submit(report=report_write(reporter, figures={"发展党员数": 3}), user=None)
    with django_assert_max_num_queries(12):
        exports.campaign_volume(campaign)
