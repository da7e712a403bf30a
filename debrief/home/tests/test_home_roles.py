"""The home page leads each role to its next step: organizers to their campaigns' figures, leaders to
the reporters still without their comment, secretaries to what came back to them, observers to
what they oversee. Each read once: the query counts do not grow with the number of campaigns."""

import datetime

import pytest
from django.urls import reverse

from debrief.accounts.models import Role
from debrief.campaigns.models import CampaignState
from debrief.campaigns.services import reporters_add
from debrief.evaluation import services as evaluation_services
from debrief.evaluation.selectors import turnout
from debrief.meetings.commenting import comment_save
from debrief.orgs.models import Level
from debrief.rectification import services as ledger
from debrief.reports import services as report_services
from debrief.testing.factories import (
    PersonFactory,
    advance_to,
    campaign_open,
    evaluation_closed_without_votes,
    evaluation_opened,
    meeting_set_up,
    report_write,
    subordinate_with_secretary,
    user_with_role,
)

pytestmark = pytest.mark.django_db

LEADERS = "Host leadership team"
REPRESENTATIVES = "Party member and masses representatives"


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def card(html: str, card_id: str) -> str | None:
    start = html.find(f'id="{card_id}"')
    return None if start < 0 else html[start : html.index("</section>", start)]


def submitted(reporter):
    report = report_write(reporter)
    report_services.report_submit(report=report, user=None)
    return report


# --- Organizers --------------------------------------------------------------------------------


def test_an_organizer_sees_the_campaign_with_its_reports_to_review_and_overdue(client, cast, reporters):
    submitted(reporters.a1)
    html = card(home(client, cast.organizer_a), "campaigns-in-progress")
    campaign = reporters.a1.campaign
    assert f'href="/campaigns/{campaign.pk}/">{campaign.title}</a>' in html
    # the report deadline (2023-01-10) has passed: A2 and A3 have not submitted
    assert "1 report awaiting review" in html
    assert '<span class="tag overdue">2 reports overdue</span>' in html
    assert f'<a href="/campaigns/{campaign.pk}/#reporters">Review the submitted report</a>' in html


def test_reports_overdue_are_the_next_step_once_none_awaits_review(client, cast, reporters):
    html = card(home(client, cast.organizer_a), "campaigns-in-progress")
    assert "Remind the 3 reporters whose reports are overdue" in html


def test_a_campaign_without_reporters_asks_for_them(client, cast, campaign):
    html = card(home(client, cast.organizer_a), "campaigns-in-progress")
    assert f'href="/campaigns/{campaign.pk}/reporters/">Add the reporters</a>' in html
    assert "Evaluation not set up" in html
    assert "Meeting planned for 2023-01-15, not set up" in html


def test_a_meeting_whose_voting_has_closed_asks_to_move_the_campaign_on(client, cast, campaign, reporters):
    evaluation_closed_without_votes(campaign, cast.organizer_a)
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.MEETING
    html = card(home(client, cast.organizer_a), "campaigns-in-progress")
    assert (
        f'<a href="/campaigns/{campaign.pk}/">Voting is closed: move the campaign on to the evaluation\'s results</a>'
        in html
    )
    assert "Hold the meeting" not in html


def test_the_meeting_is_shown_with_its_date_and_time_once_set_up(client, cast, campaign):
    meeting_set_up(campaign)
    html = card(home(client, cast.organizer_a), "campaigns-in-progress")
    assert (
        f'<a href="/campaigns/{campaign.pk}/meeting/" class="figure-meeting">Meeting 2023-01-15 09:00</a>'
        in html
    )


def test_an_open_evaluation_shows_its_turnout_as_the_evaluation_page_counts_it(
    client, cast, tree, campaign, reporters
):
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a, codes={LEADERS: 4, REPRESENTATIVES: 0})
    trio = (reporters.a1, reporters.a2, reporters.a3)
    evaluation_services.ballot_cast(code_text=codes[LEADERS][0], ratings={r.pk: ["good"] for r in trio})
    second = user_with_role(Role.ORGANIZER, tree.city_a, username="second_organizer")
    for organizer in (cast.organizer_a, second):  # two matching entries: the paper ballots count
        evaluation_services.paper_tally_enter(
            evaluation=evaluation,
            category=evaluation.categories.get(name=REPRESENTATIVES),
            user=organizer,
            ballots=2,
            counts={r.pk: {"fair": 2} for r in trio},
        )
    figures = turnout(evaluation)
    assert figures.voted == 3
    html = card(home(client, cast.organizer_a), "campaigns-in-progress")
    assert f"Evaluation: Voting open, {figures.voted} of {figures.expected} voted" in html
    assert f'href="/campaigns/{campaign.pk}/evaluation/">Watch the turnout and close the voting</a>' in html


def test_items_awaiting_verification_lead_to_the_ledger_once_published(client, cast, reporters):
    campaign = reporters.a1.campaign
    item = ledger.item_create(
        campaign=campaign,
        reporter=reporters.a1,
        description="党员发展不规范。",
        deadline=datetime.date(2030, 1, 1),
    )
    advance_to(campaign, CampaignState.RECTIFYING, cast.organizer_a)
    ledger.item_submit(item=item, user=cast.reporter_a1, text="已完成。")
    html = card(home(client, cast.organizer_a), "campaigns-in-progress")
    ledger_url = f"/rectification/?campaign={campaign.pk}&amp;status=submitted"
    assert f'<a href="{ledger_url}">Verify the rectification item submitted</a>' in html
    assert f'<a href="{ledger_url}" class="figure-items">1 item awaiting verification</a>' in html


def test_an_assessed_campaign_asks_for_its_results_notice(client, cast, reporters):
    campaign = advance_to(reporters.a1.campaign, CampaignState.ASSESSED, cast.organizer_a)
    html = card(home(client, cast.organizer_a), "campaigns-in-progress")
    assert f'href="/campaigns/{campaign.pk}/publication/">Publish the results notice</a>' in html


def test_archived_campaigns_and_other_cities_are_not_listed(client, cast, tree, reporters):
    campaign = reporters.a1.campaign
    campaign_open(tree.city_b, year=2022, user=cast.organizer_b)
    assert card(home(client, cast.organizer_b), "campaigns-in-progress").count('class="progress"') == 1
    advance_to(campaign, CampaignState.ARCHIVED, cast.organizer_a)
    assert card(home(client, cast.organizer_a), "campaigns-in-progress") is None


def test_other_roles_have_no_campaigns_to_run(client, cast, reporters):
    for user in (cast.leader_a, cast.reporter_a1, cast.observer):
        assert card(home(client, user), "campaigns-in-progress") is None


def _three_more_years(tree, cast, counties):
    for year in (2023, 2024, 2025):
        campaign = campaign_open(tree.city_a, year=year, user=cast.organizer_a)
        reporters = reporters_add(campaign=campaign, organizations=[counties.a1, counties.a2], mode="on_site")
        submitted(reporters[0])
        meeting_set_up(campaign)
        evaluation_opened(campaign, cast.organizer_a)
        ledger.item_create(
            campaign=campaign, reporter=reporters[0], description="问题。", deadline=datetime.date(2023, 1, 1)
        )


def test_the_organizers_home_page_reads_each_thing_once(
    client, cast, tree, counties, reporters, django_assert_num_queries
):
    evaluation_opened(reporters.a1.campaign, cast.organizer_a)
    client.force_login(cast.organizer_a)
    # 1 session, 2 user, 3 the grants with their organizations; the campaigns card: 4 campaigns with
    # meeting and evaluation, 5 reports by campaign, 6 items by campaign, 7 codes, 8 paper tallies,
    # 9 categories; 10 the user's grant paths (access); 11-13 plans to start (hosts, plans, campaigns
    # started); 14-16 meetings to convey (organizations, conveyed, meetings); 17 sub-venues;
    # 18 ledgers to watch. The organizer has no person: nothing of their own is read.
    with django_assert_num_queries(18):
        client.get(reverse("home"))
    _three_more_years(tree, cast, counties)
    with django_assert_num_queries(18):
        html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert card(html, "campaigns-in-progress").count('class="progress"') == 4


# --- Leaders -----------------------------------------------------------------------------------


def comment(reporter, user, commenter="市委副书记 周平"):
    return comment_save(
        reporter=reporter, role="in_charge", commenter=commenter, problems=["党建责任落实不够。"], user=user
    )


def test_a_leader_sees_how_many_on_site_reporters_have_no_comment_from_them(client, cast, reporters):
    comment(reporters.a1, cast.leader_a)
    html = card(home(client, cast.leader_a), "meetings-to-comment")
    campaign = reporters.a1.campaign
    assert (
        f'href="/campaigns/{campaign.pk}/meeting/comments/" class="comments-link">{campaign.title}</a>'
        in html
    )
    # A1 and A2 report on-site; A3 writes: the leader owes A2 a comment
    assert "1 of 2 reporters has no comment from you yet." in html
    assert (
        f'href="/campaigns/{campaign.pk}/meeting/comments/{reporters.a2.pk}/" class="next-comment">'
        "Comment on 江州市西区区委</a>" in html
    )


def test_a_comment_an_organizer_recorded_under_the_leaders_name_counts_as_theirs(client, cast, reporters):
    person = PersonFactory(name="周平")
    cast.leader_a.person = person
    cast.leader_a.save(update_fields=["person"])
    comment(reporters.a1, cast.organizer_a, commenter="市委副书记 周平")
    comment(reporters.a2, cast.organizer_a, commenter="市委常委 刘洋")
    html = card(home(client, cast.leader_a), "meetings-to-comment")
    assert "1 of 2 reporters has no comment from you yet." in html
    assert "Comment on 江州市西区区委" in html


def test_a_leader_who_commented_on_everyone_is_told_so(client, cast, reporters):
    comment(reporters.a1, cast.leader_a)
    comment(reporters.a2, cast.leader_a)
    html = card(home(client, cast.leader_a), "meetings-to-comment")
    assert "You have commented on all 2 reporters." in html
    assert "next-comment" not in html


def test_once_assessed_the_leader_reads_the_comments_but_is_not_asked_for_more(client, cast, reporters):
    campaign = advance_to(reporters.a1.campaign, CampaignState.ASSESSED, cast.organizer_a)
    html = card(home(client, cast.leader_a), "meetings-to-comment")
    assert f'href="/campaigns/{campaign.pk}/meeting/comments/"' in html
    assert "no longer changed" in html and "next-comment" not in html


def test_the_leaders_home_page_reads_each_thing_once(
    client, cast, tree, counties, reporters, django_assert_num_queries
):
    cast.leader_a.person = PersonFactory(name="周平")
    cast.leader_a.save(update_fields=["person"])
    client.force_login(cast.leader_a)
    # 1 session, 2 user, 3 grants; 4 campaigns, 5 the leader's person (comments recorded under their
    # name count), 6 the reporters with whether the leader commented; 7 own reports and 8 own results
    # (the leader has a person); 9 grant paths; 10 own items. No organizer grant: no plans,
    # conveyance, sub-venues or ledgers to watch.
    with django_assert_num_queries(10):
        client.get(reverse("home"))
    _three_more_years(tree, cast, counties)
    with django_assert_num_queries(10):
        html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert card(html, "meetings-to-comment").count('class="to-comment"') == 4


# --- Secretaries -------------------------------------------------------------------------------


def test_a_returned_report_shows_the_remark_and_an_edit_button(client, cast, reporters):
    report = submitted(reporters.a1)
    report_services.report_return(
        report=report, user=cast.organizer_a, remarks="问题查摆不够具体，请逐条列出。"
    )
    html = card(home(client, cast.reporter_a1), "own-reports")
    returned = html[html.index(f'id="returned-{reporters.a1.pk}"') :]
    assert "was returned for revision" in returned
    assert '<blockquote class="remark">问题查摆不够具体，请逐条列出。</blockquote>' in returned
    assert (
        f'<a class="button primary" href="/reports/{reporters.a1.pk}/edit/">Edit the report</a>' in returned
    )


def test_the_latest_return_is_the_one_shown(client, cast, reporters):
    report = submitted(reporters.a1)
    report_services.report_return(report=report, user=cast.organizer_a, remarks="第一次退回。")
    report_services.report_submit(report=report, user=None)
    report_services.report_return(report=report, user=cast.organizer_a, remarks="第二次退回。")
    html = card(home(client, cast.reporter_a1), "own-reports")
    assert "第二次退回" in html and "第一次退回" not in html


def test_a_submitted_report_has_no_return_shown(client, cast, reporters):
    submitted(reporters.a1)
    assert "returned-" not in card(home(client, cast.reporter_a1), "own-reports")


def test_published_results_show_the_grade_and_the_feedback_sheet(client, cast, reporters):
    campaign = advance_to(reporters.a1.campaign, CampaignState.PUBLISHED, cast.organizer_a)
    html = card(home(client, cast.reporter_a1), "own-feedback")
    sheet = f"/campaigns/{campaign.pk}/publication/feedback/{reporters.a1.pk}/"
    assert f'<a href="{sheet}">{campaign.title}</a>' in html
    assert f'<a href="{sheet}pdf/">PDF</a>' in html


def test_results_are_not_shown_before_publication(client, cast, reporters):
    advance_to(reporters.a1.campaign, CampaignState.ASSESSED, cast.organizer_a)
    assert card(home(client, cast.reporter_a1), "own-feedback") is None


def test_the_secretarys_home_page_reads_each_thing_once(
    client, cast, tree, counties, reporters, django_assert_num_queries
):
    report_services.report_return(report=submitted(reporters.a1), user=cast.organizer_a, remarks="请修改。")
    client.force_login(cast.reporter_a1)
    # 1 session, 2 user, 3 grants, 4 own reports, 5 the returns' remarks, 6 results, 7 grant paths,
    # 8 own items.
    with django_assert_num_queries(8):
        client.get(reverse("home"))
    for year in (2023, 2024, 2025):
        campaign = campaign_open(tree.city_a, year=year, user=cast.organizer_a)
        reporter = reporters_add(campaign=campaign, organizations=[counties.a1], mode="on_site")[0]
        report_services.report_return(report=submitted(reporter), user=cast.organizer_a, remarks="请修改。")
        ledger.item_create(
            campaign=campaign, reporter=reporter, description="问题。", deadline=datetime.date(2030, 1, 1)
        )
    with django_assert_num_queries(8):
        html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count('class="returned-report"') == 4


# --- Observers ---------------------------------------------------------------------------------


def test_an_observer_is_led_to_the_dashboard_of_what_they_oversee(client, cast, tree):
    html = card(home(client, cast.observer), "observed")
    assert '<a href="/oversight/BJ/" class="dashboard-link">The oversight dashboard of 北江省委</a>' in html
    assert '<a href="/oversight/history/BJ/">' in html


def test_the_observers_dashboard_link_opens_their_dashboard(client, cast, tree):
    client.force_login(cast.observer)
    response = client.get("/oversight/BJ/")
    assert response.status_code == 302 and response.url.startswith("/oversight/BJ/")
    assert client.get(response.url).status_code == 200


def test_a_county_observer_is_led_to_the_countys_dashboard_only(client, tree):
    county = subordinate_with_secretary(tree.city_a, "CA9", "江州市南县县委", "孙立", level=Level.COUNTY)
    observer = user_with_role(Role.OBSERVER, county, username="county_observer")
    html = card(home(client, observer), "observed")
    assert 'href="/oversight/CA9/"' in html and 'href="/oversight/BJ/"' not in html


def test_the_observers_home_page_reads_each_thing_once(client, cast, django_assert_num_queries):
    client.force_login(cast.observer)
    # 1 session, 2 user, 3 grants, 4 grant paths (the observer has no person: nothing of their own)
    with django_assert_num_queries(4):
        client.get(reverse("home"))
