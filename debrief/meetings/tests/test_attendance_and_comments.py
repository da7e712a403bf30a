import datetime

import pytest
from django.utils import timezone

from debrief.campaigns.models import CampaignState
from debrief.evaluation.models import BallotCode
from debrief.meetings import attendance, commenting, selectors, services
from debrief.meetings.models import Attendee, CommentProblem
from debrief.testing.factories import advance_to

pytestmark = pytest.mark.django_db


def add(meeting, name, category="Host leadership team", unit=""):
    return attendance.attendee_add(meeting=meeting, name=name, unit=unit, category=category)


def test_attendance_counts_invited_and_present_by_category(meeting, cast):
    zhang = add(meeting, "张伟")
    add(meeting, "李娜")
    wang = add(meeting, "王强", category="Party member and masses representatives")
    add(meeting, "赵敏", category="")
    attendance.check_in(attendee=zhang, user=cast.organizer_a)
    attendance.check_in(attendee=wang, user=cast.organizer_a)
    counts = selectors.attendance(meeting)
    assert [(r.category, r.invited, r.present, r.absent) for r in counts.rows] == [
        ("Host leadership team", 2, 1, 1),
        ("Party member and masses representatives", 1, 1, 0),
        ("", 1, 0, 1),
    ]
    assert (counts.invited, counts.present, counts.absent) == (4, 2, 2)
    assert [a.name for a in selectors.absentees(meeting)] == ["李娜", "赵敏"]


def test_a_scanned_card_checks_its_attendee_in_once(meeting, cast):
    zhang = add(meeting, "张伟")
    link = f"https://debrief.example/meetings/checkin/{zhang.checkin_token}/"
    attendee, fresh = attendance.check_in_by_token(meeting=meeting, text=link, user=cast.organizer_a)
    assert attendee == zhang and fresh
    assert attendee.checkin_method == "qr" and attendee.checked_in_by == cast.organizer_a
    first = attendee.checked_in_at
    attendee, fresh = attendance.check_in_by_token(meeting=meeting, text=zhang.checkin_token)
    assert not fresh and attendee.checked_in_at == first


def test_a_check_in_keeps_the_time_it_is_given(meeting):
    zhang = add(meeting, "张伟")
    arrived = timezone.now() - datetime.timedelta(minutes=20)
    attendance.check_in(attendee=zhang, at=arrived)
    assert zhang.checked_in_at == arrived


def test_a_card_of_another_meeting_or_a_typo_is_refused(meeting):
    with pytest.raises(services.MeetingError, match="not on this meeting's list"):
        attendance.check_in_by_token(meeting=meeting, text="no-such-token")
    with pytest.raises(services.MeetingError, match="not on this meeting's list"):
        attendance.check_in_by_token(meeting=meeting, text="  ")


def test_a_check_in_can_be_undone_and_a_present_attendee_is_not_removed(meeting):
    zhang = add(meeting, "张伟")
    attendance.check_in(attendee=zhang)
    with pytest.raises(services.MeetingError, match="undo the check-in"):
        attendance.attendee_remove(attendee=zhang)
    attendance.check_in_undo(attendee=zhang)
    assert not zhang.is_present
    attendance.attendee_remove(attendee=zhang)
    assert not Attendee.objects.exists()


def test_nothing_links_an_attendee_to_a_ballot_code_or_a_ballot():
    fields = {field.name for field in Attendee._meta.get_fields()}
    assert not {name for name in fields if "ballot" in name or "code" in name.replace("checkin", "")}
    assert not [f for f in BallotCode._meta.get_fields() if f.related_model is Attendee]


def test_an_attendee_needs_a_name_and_fits_the_list(meeting):
    with pytest.raises(services.MeetingError, match="name"):
        add(meeting, "  ")
    with pytest.raises(services.MeetingError, match="Too long"):
        add(meeting, "张" * 65)


def test_name_search_finds_by_name_or_unit(meeting):
    add(meeting, "张伟", unit="市城市照明中心")
    add(meeting, "李娜", unit="市供热公司")
    assert [a.name for a in selectors.attendees_matching(meeting, "照明")] == ["张伟"]
    assert [a.name for a in selectors.attendees_matching(meeting, "李")] == ["李娜"]
    assert selectors.attendees_matching(meeting, " ") == []


def comment(reporter, **changes):
    fields = {
        "role": "in_charge",
        "commenter": "副局长 王建国",
        "achievements": "党建引领作用发挥明显。",
        "problems": ["理论学习不够深入。", "支部活动形式单一。"],
        "requirements": "压实“一岗双责”。",
        **changes,
    }
    return commenting.comment_save(reporter=reporter, **fields)


def test_a_comment_keeps_its_problems_as_separate_items_in_order(reporters):
    made = comment(reporters.a1, problems=["理论学习不够深入。", "  ", "支部活动形式单一。"])
    assert [p.text for p in made.problems.all()] == ["理论学习不够深入。", "支部活动形式单一。"]
    assert [p.position for p in made.problems.all()] == [1, 2]


def test_editing_a_comment_keeps_unchanged_problems_as_they_were(reporters, cast):
    made = comment(reporters.a1)
    kept = made.problems.get(text="支部活动形式单一。")
    comment(
        reporters.a1,
        comment=made,
        problems=["支部活动形式单一。", "党员发展不够规范。"],
        user=cast.organizer_a,
    )
    assert [p.text for p in made.problems.all()] == ["支部活动形式单一。", "党员发展不够规范。"]
    assert made.problems.get(text="支部活动形式单一。").pk == kept.pk
    assert CommentProblem.objects.count() == 2


def test_a_comment_keeps_when_it_was_said_and_when_it_was_last_changed(reporters, cast):
    said = timezone.now() - datetime.timedelta(hours=2)
    made = comment(reporters.a1, at=said)
    changed = said + datetime.timedelta(minutes=30)
    comment(reporters.a1, comment=made, requirements="抓好整改落实。", at=changed, user=cast.organizer_a)
    made.refresh_from_db()
    assert (made.recorded_at, made.updated_at) == (said, changed)


def test_a_question_keeps_when_it_was_asked(reporters):
    asked = timezone.now() - datetime.timedelta(hours=1)
    question = commenting.question_save(
        reporter=reporters.a1, asked_by="王建国", question="整改如何落实？", at=asked
    )
    question.refresh_from_db()
    assert question.recorded_at == asked


def test_an_empty_comment_or_one_without_commenter_is_refused(reporters):
    with pytest.raises(services.MeetingError, match="empty"):
        comment(reporters.a1, achievements=" ", problems=[], requirements="")
    with pytest.raises(services.MeetingError, match="who made the comment"):
        comment(reporters.a1, commenter=" ")
    with pytest.raises(services.MeetingError, match="role"):
        comment(reporters.a1, role="mayor")


def test_comments_and_questions_are_listed_by_reporter_in_reporting_order(campaign, reporters):
    comment(reporters.a2, role="discipline", commenter="驻局纪检组组长 刘洋")
    comment(reporters.a1)
    commenting.question_save(
        reporter=reporters.a1, asked_by="王建国", question="整改如何落实？", answer="已建立台账。"
    )
    records = selectors.comments_by_reporter(campaign)
    assert [r.reporter for r in records] == [reporters.a1, reporters.a2, reporters.a3]
    assert [c.commenter for c in records[1].comments] == ["驻局纪检组组长 刘洋"]
    assert records[0].questions[0].answer == "已建立台账。"
    assert records[0].problem_count == 2


def test_a_question_needs_who_asked_and_what(reporters):
    with pytest.raises(services.MeetingError, match="who asked"):
        commenting.question_save(reporter=reporters.a1, asked_by="", question="?")
    with pytest.raises(services.MeetingError, match="question"):
        commenting.question_save(reporter=reporters.a1, asked_by="王建国", question=" ")


def test_comments_can_be_recorded_during_evaluation_but_not_after_assessment(campaign, cast, reporters):
    advance_to(campaign, CampaignState.EVALUATING, cast.organizer_a)
    comment(reporters.a1)
    advance_to(campaign, CampaignState.ASSESSED, cast.organizer_a)
    with pytest.raises(services.MeetingError, match="assessed"):
        comment(reporters.a2)
