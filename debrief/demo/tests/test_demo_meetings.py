"""The demo meetings: the housing bureau's held yesterday, the street's today, the province's ahead,
the district's ten days ago."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from debrief.campaigns.models import Campaign, CampaignState, ReportMode
from debrief.demo import tree
from debrief.demo.report import render
from debrief.demo.services import load_demo
from debrief.demo.years import cycle_year
from debrief.evaluation.selectors import evaluation_of, turnout
from debrief.meetings import selectors
from debrief.meetings.models import (
    AgendaItem,
    AgendaKind,
    Attendee,
    ClosingPoint,
    Comment,
    CommentProblem,
    CommentRole,
    Meeting,
    Question,
)
from debrief.orgs.models import Post, PostRole

pytestmark = pytest.mark.django_db


def meeting_of(host_code):
    campaign = Campaign.objects.get(host__code=host_code, year=cycle_year(timezone.localdate()))
    return Meeting.objects.select_related("campaign").get(campaign=campaign)


def on_site(meeting):
    return [row.item.reporter for row in selectors.agenda(meeting) if row.item.is_report]


def test_the_housing_bureaus_agenda_hears_its_five_on_site_secretaries_in_seed_order(demo):
    meeting = meeting_of(tree.HOUSING_BUREAU)
    assert [row.item.kind for row in selectors.agenda(meeting)] == [
        AgendaKind.OPENING,
        *[AgendaKind.REPORT] * 5,
        AgendaKind.WRITTEN_REPORTS,
        AgendaKind.COMMENTS,
        AgendaKind.EVALUATION,
        AgendaKind.CLOSING_SPEECH,
    ]
    assert [r.organization.name for r in on_site(meeting)] == [
        "市城市照明中心党支部",
        "市热力有限公司党委",
        "市建设工程消防设计审查服务中心党支部",
        "市渭滨区直管公房服务所党支部",
        "市第二建设集团有限公司党委",
    ]
    assert meeting.venue == "市住建局五楼会议室"
    assert meeting.presided_by.startswith("局党组专职副书记 ")


def test_the_housing_bureaus_meeting_was_held_and_timed_yesterday(demo):
    meeting = meeting_of(tree.HOUSING_BUREAU)
    day = meeting.campaign.meeting_date
    assert day < timezone.localdate()
    assert timezone.localtime(meeting.starts_at).hour == 9
    items = list(meeting.agenda.all())
    assert all(item.spoken_seconds for item in items)
    assert any(item.spoken_seconds > 8 * 60 for item in items if item.is_report)  # one ran over
    assert meeting.current_item == items[-1] and meeting.timer_started_at is None
    checked_in = meeting.attendees.filter(checked_in_at__isnull=False).values_list("checked_in_at", flat=True)
    assert all(timezone.localtime(at).date() == day and at <= meeting.starts_at for at in checked_in)


def test_more_than_fifty_attend_the_housing_bureau_in_the_evaluations_categories(demo):
    meeting = meeting_of(tree.HOUSING_BUREAU)
    evaluation = evaluation_of(meeting.campaign)
    attendance = selectors.attendance(meeting)
    assert 55 <= attendance.invited <= 65
    assert attendance.present >= 50
    assert 0.85 <= attendance.present / attendance.invited <= 0.95
    invited = Counter(meeting.attendees.values_list("category", flat=True))
    expected = {c.name: c.expected for c in evaluation.categories.all()}
    assert {name: invited[name] for name in expected} == expected
    assert 2 <= invited[""] <= 3
    assert set(invited) == {*expected, ""}
    # Everyone who voted was there.
    present = {row.category: row.present for row in attendance.rows}
    assert all(present[row.category.name] >= row.used for row in turnout(evaluation).rows)


def test_everyone_who_speaks_at_the_housing_bureaus_meeting_checked_in(demo):
    meeting = meeting_of(tree.HOUSING_BUREAU)
    present = set(meeting.attendees.filter(checked_in_at__isnull=False).values_list("name", flat=True))
    for reporter in on_site(meeting):
        attendee = meeting.attendees.get(name=reporter.person.name)
        assert attendee.is_present
        assert attendee.unit == f"{reporter.organization.name}书记"
    campaign = meeting.campaign
    speakers = [
        meeting.presided_by,
        *Comment.objects.filter(reporter__campaign=campaign).values_list("commenter", flat=True),
    ]
    speakers += Question.objects.filter(reporter__campaign=campaign).values_list("asked_by", flat=True)
    assert {speaker.split(" ")[-1] for speaker in speakers} <= present


def test_each_on_site_secretary_hears_the_leader_in_charge_and_the_discipline_team_leader(demo):
    meeting = meeting_of(tree.HOUSING_BUREAU)
    attendees = set(meeting.attendees.values_list("name", flat=True))
    for reporter in on_site(meeting):
        comments = list(reporter.comments.prefetch_related("problems"))
        assert [c.role for c in comments] == [CommentRole.LEADER_IN_CHARGE, CommentRole.DISCIPLINE_INSPECTION]
        in_charge, inspector = comments
        assert in_charge.commenter.startswith("副局长 ")
        assert inspector.commenter.startswith("驻局纪检监察组组长 ")
        for comment in comments:
            assert comment.achievements and comment.requirements
            assert 2 <= comment.problems.count() <= 3
            assert comment.commenter.split(" ")[1] in attendees
    assert not Comment.objects.filter(reporter__campaign=meeting.campaign, reporter__mode=ReportMode.WRITTEN)


def test_no_two_comments_in_the_demo_say_the_same_thing(demo):
    texts = [*Comment.objects.values_list("achievements", flat=True)]
    texts += Comment.objects.values_list("requirements", flat=True)
    texts += CommentProblem.objects.values_list("text", flat=True)
    assert len(texts) == len(set(texts))


def test_the_heating_companys_secretary_answered_two_questions(demo):
    meeting = meeting_of(tree.HOUSING_BUREAU)
    questions = Question.objects.filter(reporter__campaign=meeting.campaign)
    assert questions.count() == 2
    assert {q.reporter.organization.code for q in questions} == {f"{tree.HOUSING_BUREAU}02"}
    assert all(q.answer for q in questions)


def test_the_street_secretary_comments_on_each_community_before_the_evaluation(demo):
    meeting = meeting_of(tree.CHANGZHENG)
    assert selectors.attendance(meeting).invited >= 70
    assert meeting.current_item.kind == AgendaKind.EVALUATION
    secretary = Post.objects.current().get(organization=meeting.campaign.host, role=PostRole.SECRETARY)
    comments = Comment.objects.filter(reporter__campaign=meeting.campaign)
    assert comments.count() == 8
    assert set(comments.values_list("role", "commenter")) == {
        (CommentRole.PRINCIPAL_LEADER, f"街道党工委书记 {secretary.person.name}")
    }


def test_the_provincial_secretary_comments_on_every_on_site_reporter(demo):
    meeting = meeting_of(tree.PROVINCE)
    secretary = Post.objects.current().get(organization=meeting.campaign.host, role=PostRole.SECRETARY)
    reporters = on_site(meeting)
    assert len(reporters) == 15
    for reporter in reporters:
        comment = reporter.comments.get()
        assert comment.role == CommentRole.PRINCIPAL_LEADER
        assert comment.commenter == f"省委书记 {secretary.person.name}"
        assert comment.problems.count() >= 2
    assert meeting.presided_by == f"省委书记 {secretary.person.name}"


def test_the_district_session_was_held_ten_days_ago_and_its_notice_is_out(demo):
    meeting = meeting_of(tree.HUBIN)
    campaign = meeting.campaign
    assert campaign.meeting_date == timezone.localdate() - datetime.timedelta(days=10)
    assert campaign.state == CampaignState.PUBLISHED
    assert evaluation_of(campaign).is_closed
    assert selectors.attendance(meeting).present >= 55
    town = campaign.reporters.get(organization__code=tree.HUAIBEI)
    comment = town.comments.get()
    assert comment.commenter.startswith("区委书记 ")
    assert comment.problems.count() == 3


def test_the_housing_bureaus_closing_speech_pointed_out_required_and_stressed(demo):
    speech = {part.kind: part.points for part in selectors.closing_speech(meeting_of(tree.HOUSING_BUREAU))}
    assert [len(speech[kind]) for kind in ("pointed_out", "required", "stressed")] == [2, 3, 2]
    assert speech["pointed_out"][0].startswith("一年来，")
    assert any("整改" in point for point in speech["required"])


def test_the_provinces_closing_speech_is_drafted_and_the_streets_is_still_to_come(demo):
    assert meeting_of(tree.PROVINCE).closing_points.count() == 7
    assert not meeting_of(tree.CHANGZHENG).closing_points.exists()


def test_the_summary_prints_each_meetings_big_screen(demo):
    out = render(demo)
    assert "述职会议 meetings" in out
    for host in (tree.HOUSING_BUREAU, tree.CHANGZHENG, tree.PROVINCE):
        assert f"/meetings/screen/{meeting_of(host).screen_key}/" in out


def test_loading_again_adds_no_meeting_records(demo):
    models = (Meeting, AgendaItem, Attendee, Comment, CommentProblem, Question, ClosingPoint)
    before = {model.__name__: model.objects.count() for model in models}
    present = Attendee.objects.filter(checked_in_at__isnull=False).count()
    again = load_demo()
    assert {model.__name__: model.objects.count() for model in models} == before
    assert Attendee.objects.filter(checked_in_at__isnull=False).count() == present
    assert again.meetings.meetings_created == 0
    assert again.meetings.comments_recorded == 0
    assert len(again.meetings.rows) == 4
