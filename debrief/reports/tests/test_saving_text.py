"""Saving a report keeps the text the user did not touch, byte for byte, and the compare agrees."""

import html
import re

from django.urls import reverse

from debrief.reports import diffs, services
from debrief.reports.models import Report, ReportVersion
from debrief.testing.factories import GOOD_REPORT, report_write

SECTIONS = ("duties", "causes", "measures", "rectification_account")
# Paragraphs indented the Chinese way, as reports pasted from Word are.
INDENTED = "\u3000\u3000严格落实“三会一课”制度。\n\u3000\u3000推进支部标准化规范化建设。"


def as_browser_posts(text: str) -> str:
    """What a browser sends for a textarea: every line break as CR LF."""
    return text.replace("\n", "\r\n")


def edit_form(client, reporter) -> dict:
    """The edit form's fields as a browser reads them from the page and sends them back untouched."""
    page = client.get(reverse("reports:edit", args=[reporter.pk])).content.decode()
    data = {"revision": re.search(r'name="revision" value="(\d+)"', page).group(1)}
    for name in SECTIONS:
        body = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', page, re.S).group(1)
        # An HTML parser drops one line break right after <textarea>.
        data[name] = as_browser_posts(html.unescape(body.removeprefix("\n")))
    data["problems"] = [
        as_browser_posts(html.unescape(item))
        for item in re.findall(r'<textarea name="problems"[^>]*>(.*?)</textarea>', page, re.S)
    ]
    return data


def compared(client, reporter) -> str:
    return client.get(reverse("reports:compare", args=[reporter.pk]) + "?a=1&b=2").content.decode()


def test_line_breaks_a_browser_sends_are_stored_as_newlines(reporters, cast):
    report = report_write(reporters.a1, cast.reporter_a1)
    services.report_save(
        report=report,
        user=cast.reporter_a1,
        sections={name: as_browser_posts(GOOD_REPORT[name]) for name in SECTIONS},
        problems=[as_browser_posts("理论学习不够深入，\n以学促干的成效还不明显。")],
        indicator_values={},
        revision=report.revision,
    )
    report.refresh_from_db()
    assert report.duties == GOOD_REPORT["duties"]
    assert report.measures == GOOD_REPORT["measures"]
    assert report.problems == ["理论学习不够深入，\n以学促干的成效还不明显。"]


def test_indentation_of_the_first_paragraph_is_kept_blank_lines_around_the_text_are_not(reporters, cast):
    report = report_write(reporters.a1, cast.reporter_a1, duties="\r\n\r\n" + INDENTED + "  \r\n\r\n")
    report.refresh_from_db()
    assert report.duties == INDENTED


def test_saving_an_untouched_form_leaves_every_section_byte_identical(client, reporters, cast):
    report = report_write(reporters.a1, cast.reporter_a1, duties=INDENTED)
    before = Report.objects.get(pk=report.pk).content()
    client.force_login(cast.reporter_a1)

    response = client.post(reverse("reports:edit", args=[reporters.a1.pk]), edit_form(client, reporters.a1))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.revision == 2  # it was saved, ...
    assert report.content() == before  # ... and nothing changed


def test_a_version_resubmitted_untouched_through_the_form_compares_as_unchanged(client, reporters, cast):
    report = report_write(reporters.a1, cast.reporter_a1)
    services.report_submit(report=report, user=cast.reporter_a1)
    services.report_return(report=report, user=cast.organizer_a, remarks="请补充数据")
    client.force_login(cast.reporter_a1)
    client.post(
        reverse("reports:edit", args=[reporters.a1.pk]), {**edit_form(client, reporters.a1), "submit": "1"}
    )
    assert report.versions.count() == 2

    client.force_login(cast.organizer_a)
    page = compared(client, reporters.a1)

    assert "<ins>" not in page and "<del>" not in page
    assert 'class="changed"' not in page


def test_versions_stored_with_cr_lf_and_blank_lines_compare_with_newer_ones_as_unchanged(
    client, reporters, cast
):
    # Versions saved before the fix hold what the browser sent, "\r\n", and some blank lines.
    report = report_write(reporters.a1, cast.reporter_a1)
    services.report_submit(report=report, user=cast.reporter_a1)
    services.report_return(report=report, user=cast.organizer_a, remarks="请补充数据")
    services.report_submit(report=report, user=cast.reporter_a1)
    old = ReportVersion.objects.get(report=report, number=1)
    old.content = {
        **old.content,
        "duties": old.content["duties"].replace("\n", "\r\n\r\n"),
        "measures": old.content["measures"].replace("\n", "\r\n"),
    }
    old.save()

    sections = diffs.compare_versions(old, report.versions.get(number=2))

    assert [s.label for s in sections if s.changed] == []
    client.force_login(cast.organizer_a)
    assert "<ins>" not in compared(client, reporters.a1)


def test_the_compare_still_marks_a_changed_paragraph(reporters, cast):
    report = report_write(reporters.a1, cast.reporter_a1)
    services.report_submit(report=report, user=cast.reporter_a1)
    services.report_return(report=report, user=cast.organizer_a, remarks="请补充数据")
    report.refresh_from_db()
    services.report_save(
        report=report,
        user=cast.reporter_a1,
        sections={
            **GOOD_REPORT,
            "measures": as_browser_posts(GOOD_REPORT["measures"] + "\n每季度督查一次。"),
        },
        problems=GOOD_REPORT["problems"],
        indicator_values={},
        revision=report.revision,
    )
    services.report_submit(report=report, user=cast.reporter_a1)
    older, newer = report.versions.all()

    sections = {s.label: s for s in diffs.compare_versions(older, newer)}

    assert [label for label, s in sections.items() if s.changed] == ["Measures for next year"]
    assert str(sections["Measures for next year"].right).endswith("<ins>\n每季度督查一次。</ins>")
