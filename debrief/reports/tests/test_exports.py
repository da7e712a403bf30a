"""DOCX exports, parsed back."""

import io
import re

import docx
from django.urls import reverse

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
    assert "The report has not been submitted." in text
    assert "书面述职：全年抓党建工作情况。" in text


def test_the_volume_holds_what_was_submitted_not_later_drafts(reporters, campaign, cast):
    report_revised_after_return(reporters.a1, cast.organizer_a, duties="未提交的修改稿", problems=["x"])
    text = "\n".join(paragraphs(exports.campaign_volume(campaign)))
    assert GOOD_REPORT["duties"].split("\n")[0] in text
    assert "未提交的修改稿" not in text


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
