"""Recurring problems: a problem raised this year that closely repeats one raised for the same
organization in an earlier year is flagged where it appears, linking the earlier one, and counted
per subtree for the dashboard."""

import pytest
from django.urls import reverse

from debrief.campaigns.models import Campaign, CampaignState
from debrief.campaigns.recurring import earlier_problems_of
from debrief.meetings.models import CommentProblem
from debrief.oversight.recurring import (
    Problem,
    closest_earlier,
    recurring_problem_count,
    recurring_problem_counts,
)
from debrief.rectification.models import Item
from debrief.rectification.services import item_create

from .years import campaign_year, problems_raised

pytestmark = pytest.mark.django_db

# Last year's comment on A1 and its report; this year's problems reword one of each.
STUDY = "理论学习不够深入，以学促干的成效还不明显。"
STUDY_AGAIN = "理论学习还不够深入，以学促干成效不明显。"
MEMBERS = "发展党员工作后继乏力，一线技术骨干中近三年没有发展党员。"
MEMBERS_AGAIN = "发展党员后继乏力，近三年在一线技术骨干中未发展党员。"
NEW_PROBLEM = "意识形态工作责任制落实不够到位，对网络舆情研判不及时。"


@pytest.fixture
def two_years(tree, cast, counties):
    _old, (old_a1, old_a2) = campaign_year(tree.city_a, 2025, cast.organizer_a, [counties.a1, counties.a2])
    problems_raised(old_a1, cast.organizer_a, comment=[STUDY], report=[MEMBERS])
    _new, (a1, a2) = campaign_year(
        tree.city_a, 2026, cast.organizer_a, [counties.a1, counties.a2], state=CampaignState.EVALUATING
    )
    problems_raised(a1, cast.organizer_a, comment=[STUDY_AGAIN, NEW_PROBLEM], items=[MEMBERS_AGAIN])
    problems_raised(a2, cast.organizer_a, comment=[STUDY_AGAIN])  # A2 raised nothing like it last year
    return a1, a2


def test_the_comments_page_flags_a_problem_raised_last_year_and_links_it(client, two_years, cast):
    a1, _a2 = two_years
    client.force_login(cast.organizer_a)
    response = client.get(
        reverse("meetings:reporter_comments", args=[a1.campaign_id, a1.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert page.count("A similar problem was raised in an earlier year") == 1
    old_comment = CommentProblem.objects.get(text=STUDY).comment
    assert f"#comment-{old_comment.pk}" in page


def test_the_ledger_item_is_flagged_with_a_link_to_last_years_report(client, two_years, cast):
    a1, _a2 = two_years
    item = Item.objects.get(description=MEMBERS_AGAIN)
    client.force_login(cast.organizer_a)
    page = client.get(
        reverse("rectification:item", args=[item.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "A similar problem was raised in an earlier year" in page
    old_reporter = a1.__class__.objects.get(campaign__year=2025, organization=a1.organization)
    assert reverse("reports:detail", args=[old_reporter.pk]) in page


def test_another_organizations_problem_of_last_year_does_not_count(client, two_years, cast):
    _a1, a2 = two_years
    client.force_login(cast.organizer_a)
    page = client.get(reverse("meetings:reporter_comments", args=[a2.campaign_id, a2.pk])).content.decode()
    assert "recurring" not in page


def test_a_carried_over_item_is_not_flagged(two_years, cast):
    a1, _a2 = two_years
    assert earlier_problems_of(a1, {"x": STUDY_AGAIN})["x"].year == 2025
    carried = Problem(("item", 0), STUDY, 2026, a1.organization_id, "", a1.pk, a1.campaign_id, carried=True)
    earlier = Problem(("comment", 1), STUDY, 2025, a1.organization_id, "", 0, 0)
    assert closest_earlier([carried], [earlier]) == {}


def test_the_count_takes_each_problem_once_per_subtree_and_child(
    two_years, tree, counties, django_assert_num_queries
):
    # A1: the reworded comment and the reworded report problem (an item); A2's is new to A2.
    with django_assert_num_queries(2):
        assert recurring_problem_count(tree.city_a, 2026) == 2
    assert recurring_problem_counts(tree.city_a, 2026) == {counties.a1.pk: 2}
    assert recurring_problem_counts(tree.province, 2026) == {tree.city_a.pk: 2}
    assert recurring_problem_count(tree.city_b, 2026) == 0
    assert recurring_problem_count(tree.city_a, 2025) == 0


def test_a_comment_problem_sent_to_the_ledger_counts_once(two_years, tree, cast):
    a1, _a2 = two_years
    problem = CommentProblem.objects.get(text=STUDY_AGAIN, comment__reporter=a1)
    Campaign.objects.filter(pk=a1.campaign_id).update(state=CampaignState.RECTIFYING)
    a1.campaign.refresh_from_db()
    item_create(
        campaign=a1.campaign,
        reporter=a1,
        description=problem.text,
        deadline=a1.campaign.meeting_date.replace(month=6),
        comment_problem=problem,
        source="comment",
    )
    assert recurring_problem_count(tree.city_a, 2026) == 2


def test_the_dashboard_counts_each_campaigns_recurring_problems(two_years, tree):
    from debrief.oversight.dashboard import dashboard

    board = dashboard(tree.province, 2026)
    [city_a] = board.rows
    # A1's reworded study problem and its ledger item repeat last year's comment and report; A2's
    # problem is new to A2, and A1's new problem repeats nothing.
    assert city_a.figures.recurring == recurring_problem_count(tree.city_a, 2026) == 2
    assert board.total.recurring == 2
