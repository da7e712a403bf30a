import pytest

from debrief.conftest import log_in
from debrief.reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page):
    page.click("header form button.link")
    page.wait_for_url("**/accounts/login/**")


def test_a_report_goes_from_draft_through_return_to_accepted(page, cast, campaign, reporters):
    # The secretary writes a draft from the home page.
    log_in(page, "reporter_a1")
    page.click("#own-reports a")
    page.click("a.button.primary")  # write the report
    page.fill("#id_duties", "严格落实“三会一课”制度，全年召开支部委员会12次、党员大会4次。")
    problems = page.locator("textarea[name=problems]")
    problems.nth(0).fill("理论学习不够深入。")
    page.click("#problem-list + button")  # add a third box
    assert page.locator("textarea[name=problems]").count() == 3
    page.fill("#id_causes", "主观上重视程度不够。")
    page.fill("#id_measures", "制定年度学习计划。")
    page.click("button[name=save]")
    page.wait_for_selector(".tag.report-draft")

    # ... and submits it.
    page.click("form[action$='/submit/'] button")
    page.wait_for_selector(".tag.report-submitted")
    log_out(page)

    # The organizer returns it with remarks.
    log_in(page, "organizer_a")
    page.goto(f"/campaigns/{campaign.pk}/")
    page.click(f"#reporters a[href='/reports/{reporters.a1.pk}/']")
    page.fill("#remarks", "问题查摆不够具体，请结合书记个人履职查找问题。")
    page.click("button[name=decision][value=return]")
    page.wait_for_selector(".tag.report-returned")
    log_out(page)

    # The secretary sees the remarks, revises, and submits again.
    log_in(page, "reporter_a1")
    page.goto(f"/reports/{reporters.a1.pk}/edit/")
    assert "请结合书记个人履职查找问题" in page.locator(".notice").inner_text()
    page.locator("textarea[name=problems]").nth(1).fill("对班子成员落实“一岗双责”督促不够。")
    page.click("button[name=submit]")
    page.wait_for_selector(".tag.report-submitted")
    log_out(page)

    # The organizer compares the two versions and accepts.
    log_in(page, "organizer_a")
    page.goto(f"/reports/{reporters.a1.pk}/compare/")
    assert "对班子成员落实“一岗双责”督促不够" in page.locator("table.diff ins").all_inner_texts()[
        0
    ] + "".join(page.locator("table.diff ins").all_inner_texts())
    page.goto(f"/reports/{reporters.a1.pk}/")
    page.click("button[name=decision][value=accept]")
    page.wait_for_selector(".tag.report-accepted")
    report = Report.objects.get(reporter=reporters.a1)
    assert report.state == "accepted"
    assert report.versions.count() == 2
