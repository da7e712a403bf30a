import datetime
from decimal import Decimal

import pytest

from debrief.campaigns import services as campaign_services
from debrief.reports import overview, selectors, services
from debrief.reports.diffs import compare_versions
from debrief.reports.models import ReportState
from debrief.testing.factories import GOOD_REPORT, campaign_open, report_write


def test_a_saved_report_is_a_draft_with_separate_problem_items(reporters, cast):
    report = report_write(
        reporters.a1, cast.reporter_a1, problems=["  问题一：学习不深入。 ", "", "问题二：融合不紧密。"]
    )
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert report.problems == ["问题一：学习不深入。", "问题二：融合不紧密。"]
    assert report.updated_by == cast.reporter_a1


def test_submitting_names_every_missing_section_and_figure(reporters, campaign):
    campaign_services.indicator_add(campaign=campaign, name="发展党员数", unit="名")
    report = report_write(reporters.a1, duties="", problems=[], measures="")
    with pytest.raises(services.ReportError) as refused:
        services.report_submit(report=report, user=None)
    assert str(refused.value) == (
        "Fill in before submitting: Duties performed and results, Problems, Measures for next year, "
        "figure for “发展党员数”."
    )
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert not report.versions.exists()


def test_submitting_keeps_the_submitted_text_as_version_one(reporters, cast):
    report = report_write(reporters.a1, cast.reporter_a1)
    version = services.report_submit(report=report, user=cast.reporter_a1)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert version.number == 1
    assert version.content["problems"] == GOOD_REPORT["problems"]
    assert version.submitted_by == cast.reporter_a1


def test_a_submitted_report_cannot_be_edited(reporters):
    report = report_write(reporters.a1)
    services.report_submit(report=report, user=None)
    report.refresh_from_db()
    with pytest.raises(services.ReportError, match="cannot be edited; the organizer can return it"):
        services.report_save(report=report, user=None, sections={}, problems=[], indicator_values={})


def test_returning_needs_remarks(reporters, cast):
    report = report_write(reporters.a1)
    services.report_submit(report=report, user=None)
    with pytest.raises(services.ReportError, match="Say what the reporter should revise"):
        services.report_return(report=report, user=cast.organizer_a, remarks="  ")


def test_a_returned_report_is_revised_and_submitted_again_as_version_two(reporters, cast):
    report = report_write(reporters.a1)
    services.report_submit(report=report, user=cast.reporter_a1)
    services.report_return(
        report=report, user=cast.organizer_a, remarks="问题查摆不够具体，请结合个人履职重新查找。"
    )
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    revise_and_resubmit(report, cast)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert [v.number for v in report.versions.all()] == [1, 2]
    services.report_accept(report=report, user=cast.organizer_a)
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    history = [(e.action, e.version.number, e.remarks) for e in report.events.all()]
    assert history == [
        ("submitted", 1, ""),
        ("returned", 1, "问题查摆不够具体，请结合个人履职重新查找。"),
        ("submitted", 2, ""),
        ("accepted", 2, ""),
    ]


def revise_and_resubmit(report, cast):
    services.report_save(
        report=report,
        user=cast.reporter_a1,
        sections={**GOOD_REPORT, "causes": "作为第一责任人，本人抓党建的主责意识不强。"},
        problems=[*GOOD_REPORT["problems"], "对软弱涣散党组织整顿督导不够。"],
        indicator_values={},
    )
    services.report_submit(report=report, user=cast.reporter_a1)


def test_only_a_submitted_report_can_be_accepted(reporters, cast):
    report = report_write(reporters.a1)
    with pytest.raises(services.ReportError, match="Only a submitted report can be accepted"):
        services.report_accept(report=report, user=cast.organizer_a)


def test_two_versions_compare_section_by_section(reporters, cast):
    report = report_write(reporters.a1)
    services.report_submit(report=report, user=None)
    services.report_return(report=report, user=cast.organizer_a, remarks="请修改原因分析")
    report.refresh_from_db()
    revise_and_resubmit(report, cast)
    older, newer = report.versions.all()
    diffs = {d.label: d for d in compare_versions(older, newer)}
    assert not diffs["Duties performed and results"].changed
    causes = diffs["Causes"]
    assert causes.changed
    assert "<ins>" in causes.right and "<del>" in causes.left
    assert "第一责任人" in causes.right
    assert "<ins>4. 对软弱涣散党组织整顿督导不够。</ins>" in diffs["Problems"].right.replace("\n", "")


def test_indicator_figures_are_kept_with_the_version_and_shown_beside_last_years(
    tree, cast, counties, reporters, campaign
):
    previous = campaign_open(tree.city_a, year=2021)
    campaign_services.indicator_add(campaign=previous, name="发展党员数", unit="名")
    [old] = campaign_services.reporters_add(campaign=previous, organizations=[counties.a1])
    services.report_submit(report=report_write(old, figures={"发展党员数": Decimal("8")}), user=None)

    campaign_services.indicator_add(campaign=campaign, name="发展党员数", unit="名")
    campaign_services.indicator_add(campaign=campaign, name="党支部达标数", unit="个")
    report = report_write(reporters.a1, figures={"发展党员数": Decimal("12"), "党支部达标数": Decimal("3")})
    version = services.report_submit(report=report, user=None)
    assert version.indicator_values == {"发展党员数": "12", "党支部达标数": "3"}
    rows = [(r.indicator.name, r.value, r.last_year) for r in selectors.indicator_rows(reporters.a1, report)]
    assert rows == [("发展党员数", Decimal("12"), "8"), ("党支部达标数", Decimal("3"), None)]


def test_last_years_problems_are_listed_for_the_rectification_section(tree, counties, reporters):
    previous = campaign_open(tree.city_a, year=2021)
    [old] = campaign_services.reporters_add(campaign=previous, organizations=[counties.a1])
    services.report_submit(report=report_write(old, problems=["基层党组织书记培训覆盖不全。"]), user=None)
    assert selectors.last_year_problems(reporters.a1) == ["基层党组织书记培训覆盖不全。"]
    assert selectors.last_year_problems(reporters.a2) == []


def test_review_hints_count_problems_and_weigh_self_criticism_against_praise():
    hints = selectors.review_hints(
        {"duties": "成效" * 50, "problems": ["问题一二三四五", "问题六七八九十"], "measures": "措施" * 10}
    )
    assert hints.problem_count == 2
    assert (hints.duties_chars, hints.problems_chars, hints.measures_chars) == (100, 14, 20)
    assert hints.self_critical_ratio == Decimal("0.34")


def test_the_overview_shows_where_every_reporter_stands_and_marks_overdue_ones(
    reporters, campaign, cast, monkeypatch
):
    services.report_submit(report=report_write(reporters.a1), user=None)
    report_write(reporters.a2)
    monkeypatch.setattr(selectors.timezone, "localdate", lambda: datetime.date(2023, 1, 11))
    rows = overview.campaign_overview(campaign)
    assert [(r.reporter.organization.code, r.status, r.overdue) for r in rows] == [
        ("CA1", "submitted", False),
        ("CA2", "draft", True),
        ("CA3", "not_started", True),
    ]
    assert rows[0].hints.problem_count == 3
    assert rows[1].hints is None


def test_the_organizers_figure_table_puts_each_reporters_figures_beside_last_years(
    tree, counties, reporters, campaign
):
    previous = campaign_open(tree.city_a, year=2021)
    campaign_services.indicator_add(campaign=previous, name="发展党员数", unit="名")
    [old] = campaign_services.reporters_add(campaign=previous, organizations=[counties.a2])
    services.report_submit(report=report_write(old, figures={"发展党员数": Decimal("5")}), user=None)
    campaign_services.indicator_add(campaign=campaign, name="发展党员数", unit="名")
    services.report_submit(report=report_write(reporters.a2, figures={"发展党员数": Decimal("7")}), user=None)
    report_write(reporters.a1, figures={"发展党员数": Decimal("9")})  # a draft's figures are not reported yet
    table = {
        row.reporter.organization.code: [(c.value, c.last_year) for c in row.cells]
        for row in overview.indicator_table(campaign)
    }
    assert table == {"CA1": [(None, None)], "CA2": [("7", "5")], "CA3": [(None, None)]}
