"""A browser sends a textarea's line breaks as CR LF: saving the untouched form changes nothing."""

import pytest

from debrief.conftest import log_in
from debrief.reports.models import Report
from debrief.testing.factories import report_write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Paragraphs indented the Chinese way, one per line, as reports pasted from Word are.
DUTIES = "\u3000\u3000严格落实“三会一课”制度，全年召开支部委员会12次。\n\u3000\u3000推进支部标准化规范化建设，3个党支部全部达标。"


def test_saving_the_untouched_form_in_a_browser_keeps_every_section_byte_identical(page, cast, reporters):
    report = report_write(reporters.a1, cast.reporter_a1, duties=DUTIES)
    before = Report.objects.get(pk=report.pk).content()

    log_in(page, "reporter_a1")
    page.goto(f"/reports/{reporters.a1.pk}/edit/")
    page.click("button[name=save]")
    page.wait_for_selector(".tag.report-draft")

    report.refresh_from_db()
    assert report.revision == 2
    assert report.content() == before
