"""Ways into the ledger: comments, the evaluation's grades, reports' own problems, last year's ledger."""

import pytest

from debrief.campaigns.services import CampaignError
from debrief.evaluation import services as evaluation_services
from debrief.meetings import commenting
from debrief.rectification import services, sources
from debrief.rectification.models import Category, Item, Source, Status
from debrief.rectification.services import RectificationError
from debrief.reports import services as report_services
from debrief.testing.factories import evaluation_opened, report_write

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(reporters, cast):
    return commenting.comment_save(
        reporter=reporters.a1,
        role="in_charge",
        commenter="副市长 王建国",
        problems=["理论学习不够深入。", "党员发展把关不严。"],
        user=cast.organizer_a,
    )


def test_a_comments_problem_becomes_an_item_linked_back_to_it(comment, cast):
    problem = comment.problems.get(position=1)
    item = sources.item_from_comment_problem(problem=problem, user=cast.organizer_a)
    assert item.description == "理论学习不够深入。"
    assert item.source == Source.COMMENT
    assert item.comment_problem == problem
    assert item.category == Category.POLITICAL  # guessed from 学习
    assert "王建国" in item.source_note


def test_a_comments_problem_enters_the_ledger_once(comment, cast):
    problem = comment.problems.get(position=1)
    item = sources.item_from_comment_problem(problem=problem, user=cast.organizer_a)
    with pytest.raises(RectificationError, match=f"already in the ledger as item {item.label}"):
        sources.item_from_comment_problem(problem=problem, user=cast.organizer_a)


def test_editing_the_comment_keeps_its_items_link(comment, cast, reporters):
    problem = comment.problems.get(position=2)
    item = sources.item_from_comment_problem(problem=problem, user=cast.organizer_a)
    commenting.comment_save(
        reporter=reporters.a1,
        role="in_charge",
        commenter="副市长 王建国",
        problems=["党员发展把关不严。", "新的问题。"],
        user=cast.organizer_a,
        comment=comment,
    )
    item.refresh_from_db()
    assert item.comment_problem.text == "党员发展把关不严。"


def test_all_comment_problems_enter_at_once_and_again_adds_nothing(comment, campaign, cast):
    created = sources.items_from_comments(campaign=campaign, user=cast.organizer_a)
    assert [i.description for i in created] == ["理论学习不够深入。", "党员发展把关不严。"]
    assert sources.items_from_comments(campaign=campaign, user=cast.organizer_a) == []


def test_report_problems_enter_from_submitted_reports_only(campaign, reporters, cast):
    report = report_write(reporters.a1)
    report_services.report_submit(report=report, user=None)
    report_write(reporters.a2)  # a draft: its problems may still change
    created = sources.items_from_reports(campaign=campaign, user=cast.organizer_a)
    assert {i.reporter for i in created} == {reporters.a1}
    assert len(created) == 3
    assert created[0].source_note == "述职报告第1版"
    assert sources.items_from_reports(campaign=campaign, user=cast.organizer_a) == []


def test_reporters_graded_fair_or_poor_get_an_item(campaign, reporters, cast, monkeypatch):
    monkeypatch.setattr(
        sources, "graded_for_rectification", lambda c: [sources.GradedReporter(reporters.a2, "fair")]
    )
    (item,) = sources.items_from_evaluation(campaign=campaign, user=cast.organizer_a)
    assert item.reporter == reporters.a2
    assert item.source == Source.EVALUATION
    assert "一般" in item.description and item.source_note == "测评等次：一般"


def test_no_evaluation_item_before_the_evaluation_is_closed(campaign, reporters, cast):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a)
    everyone_poor = {r.pk: ["poor"] for r in (reporters.a1, reporters.a2, reporters.a3)}
    for category_codes in codes.values():
        for code in category_codes:
            evaluation_services.ballot_cast(code_text=code, ratings=everyone_poor)
    assert evaluation.is_open  # every ballot is in, but voting has not been closed
    assert sources.graded_for_rectification(campaign) == []
    assert sources.items_from_evaluation(campaign=campaign, user=cast.organizer_a) == []


def test_unfinished_items_carry_over_and_last_years_ledger_stays_as_it_was(next_year, cast):
    outcome = sources.carry_over(campaign=next_year, user=cast.organizer_a)
    (carried,) = outcome.carried
    assert carried.description == "未整改的问题"
    assert carried.carried_from.campaign.year == 2022
    assert carried.reporter.campaign == next_year
    assert [(m.text, m.done_at is not None) for m in carried.measures.all()] == [
        ("措施一", True),
        ("措施二", False),
    ]
    assert carried.carried_from.status == Status.OPEN  # the old item itself is untouched
    # County A3 does not report in 2023: its item is listed, not lost.
    assert [i.description for i in outcome.not_reporting] == ["待验收的问题"]


def test_carry_over_twice_carries_nothing_more(next_year, cast):
    sources.carry_over(campaign=next_year, user=cast.organizer_a)
    assert sources.carry_over(campaign=next_year, user=cast.organizer_a).carried == []
    assert Item.objects.filter(campaign=next_year).count() == 1


def test_a_carried_away_item_is_updated_in_its_new_ledger(next_year, cast, campaign):
    (carried,) = sources.carry_over(campaign=next_year, user=cast.organizer_a).carried
    old = carried.carried_from
    old.refresh_from_db()
    with pytest.raises(CampaignError, match="archived"):
        services.progress_add(item=old, user=None, text="进展")


def test_categories_are_guessed_from_the_words_of_the_problem():
    assert sources.guess_category("存在党建和业务“两张皮”现象") == Category.INTEGRATION
    assert sources.guess_category("落实中央八项规定精神有松懈") == Category.CONDUCT
    assert sources.guess_category("办公场所漏雨") == Category.OTHER


def test_next_years_report_shows_last_years_items_and_drafts_the_account(client, next_year, cast, counties):
    sources.carry_over(campaign=next_year, user=cast.organizer_a)
    reporter = next_year.reporters.get(organization=counties.a1)
    client.force_login(cast.reporter_a1)
    page = client.get(f"/reports/{reporter.pk}/edit/").content.decode()
    table = page[page.index('id="last-year-items"') :]
    assert "已整改的问题" in table and "未整改的问题" in table
    assert "已于" in table and "销号" in table
    # The empty account section starts as a draft listing both items with their final status.
    textarea = page[page.index('name="rectification_account"') :]
    assert "1. 已整改的问题" in textarea[: textarea.index("</textarea>")]
