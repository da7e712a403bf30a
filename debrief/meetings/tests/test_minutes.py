"""The meeting minutes as DOCX: attendance, agenda with times, comments, questions, written reports.
(The evaluation and the closing speech are in test_minutes_closing.py.)

The minutes are always Chinese. Wording still to be translated is expected through the zh-hans
catalogue (`zh`), so these tests pin the structure and the figures, not the msgstr.
"""

import datetime
import io

import docx
import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from debrief.campaigns.models import ReportMode
from debrief.campaigns.services import reporters_add
from debrief.meetings import attendance, commenting
from debrief.meetings.minutes import minutes_docx, minutes_file_name
from debrief.meetings.models import AgendaItem, CommentRole
from debrief.orgs.models import Level
from debrief.testing.factories import (
    OrganizationFactory,
    campaign_open,
    meeting_set_up,
    subordinate_with_secretary,
)

pytestmark = pytest.mark.django_db

TITLE = "2022年度党组织书记抓基层党建工作述职评议考核"


def zh(message: str, **values) -> str:
    with translation.override("zh-hans"):
        return gettext(message) % values


@pytest.fixture
def campaign():
    host = OrganizationFactory(code="JT", name="江州市交通运输局党组", level=Level.CITY)
    organizations = [
        subordinate_with_secretary(host, "JT1", "市公路事务中心党委", "李明"),
        subordinate_with_secretary(host, "JT2", "市港航事务中心党总支", "周红"),
        subordinate_with_secretary(host, "JT3", "市运输执法支队党支部", "孙强"),
    ]
    campaign = campaign_open(host, title=TITLE)
    reporters_add(campaign=campaign, organizations=organizations[:2], mode=ReportMode.ON_SITE)
    reporters_add(campaign=campaign, organizations=organizations[2:], mode=ReportMode.WRITTEN)
    return campaign


@pytest.fixture
def meeting(campaign):
    return meeting_set_up(campaign, guidance="市委组织部组织二科同志")


def reporter(campaign, code):
    return campaign.reporters.get(organization__code=code)


def paragraphs(meeting) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(minutes_docx(meeting))).paragraphs]


def table_rows(meeting) -> list[list[str]]:
    (table,) = docx.Document(io.BytesIO(minutes_docx(meeting))).tables
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_minutes_are_titled_after_the_campaign_with_the_host_and_meeting_details(meeting):
    lines = paragraphs(meeting)

    assert lines[:6] == [
        zh("%(title)s — minutes", title=TITLE),
        "江州市交通运输局党组",
        zh(
            "Time: %(when)s",
            when=zh(
                "%(year)d-%(month)02d-%(day)02d %(hour)d:%(minute)02d",
                year=2023,
                month=1,
                day=15,
                hour=9,
                minute=0,
            ),
        ),
        zh("Venue: %(venue)s", venue="机关三楼会议室"),
        zh("Presided by: %(name)s", name="局党组专职副书记 马平科"),
        zh("Attending for guidance: %(names)s", names="市委组织部组织二科同志"),
    ]
    assert minutes_file_name(meeting) == zh("%(title)s — minutes", title=TITLE) + ".docx"


def test_the_time_is_shanghai_time_whatever_zone_the_meeting_was_saved_in(campaign):
    meeting = meeting_set_up(campaign, starts_at=datetime.datetime(2023, 2, 14, 6, 30, tzinfo=datetime.UTC))

    when = zh(
        "%(year)d-%(month)02d-%(day)02d %(hour)d:%(minute)02d", year=2023, month=2, day=14, hour=14, minute=30
    )
    assert zh("Time: %(when)s", when=when) in paragraphs(meeting)


def test_without_guidance_the_line_is_left_out(campaign):
    meeting = meeting_set_up(campaign)

    assert not any(
        line.startswith(zh("Attending for guidance: %(names)s", names="")) for line in paragraphs(meeting)
    )


def test_the_attendance_gives_the_totals_and_names_the_absentees(meeting):
    attendees = attendance.attendees_add_all(
        meeting=meeting,
        rows=[
            ("马平科", "局党组专职副书记", "领导班子成员"),
            ("王建国", "副局长", "领导班子成员"),
            ("刘洋", "办公室", ""),
        ],
    )
    attendance.check_in(attendee=attendees[0])

    lines = paragraphs(meeting)

    sentence = "%(invited)d were invited to the meeting; %(present)d attended and %(absent)d were absent."
    assert zh(sentence, invited=3, present=1, absent=2) in lines
    assert zh("Absent: %(names)s.", names="王建国、刘洋") in lines


def test_the_attendance_table_counts_each_category_and_those_attending_without_evaluating(meeting):
    attendees = attendance.attendees_add_all(
        meeting=meeting,
        rows=[("马平科", "", "领导班子成员"), ("王建国", "", "领导班子成员"), ("刘洋", "", "")],
    )
    for attendee in attendees[1:]:
        attendance.check_in(attendee=attendee)

    rows = table_rows(meeting)

    assert rows[1:] == [
        ["领导班子成员", "2", "1", "1"],
        [zh("Attending without evaluating"), "1", "1", "0"],
        [zh("Total"), "3", "2", "1"],
    ]


def test_without_attendees_the_minutes_say_so_and_have_no_table(meeting):
    document = docx.Document(io.BytesIO(minutes_docx(meeting)))

    assert zh("No attendees were listed for the meeting.") in [p.text for p in document.paragraphs]
    assert document.tables == []


def test_nobody_absent_is_said_so(meeting):
    (attendee,) = attendance.attendees_add_all(meeting=meeting, rows=[("马平科", "", "")])
    attendance.check_in(attendee=attendee)

    assert zh("No one was absent.") in paragraphs(meeting)


def test_an_agenda_item_shows_its_time_limit_and_the_time_it_actually_took(meeting, campaign):
    first = reporter(campaign, "JT1")
    AgendaItem.objects.filter(reporter=first).update(spoken_seconds=7 * 60 + 32)

    lines = paragraphs(meeting)

    took = "%(title)s (time limit: %(limit)d min; took %(minutes)d min %(seconds)d s)"
    title = zh("%(org)s — %(name)s", org="市公路事务中心党委", name="李明")
    assert "2. " + zh(took, title=title, limit=8, minutes=7, seconds=32) in lines
    second = zh("%(org)s — %(name)s", org="市港航事务中心党总支", name="周红")
    assert "3. " + zh("%(title)s (time limit: %(limit)d min)", title=second, limit=8) in lines


def test_a_comment_gives_the_commenter_and_role_and_numbers_its_problems(meeting, campaign):
    commenting.comment_save(
        reporter=reporter(campaign, "JT1"),
        role=CommentRole.PRINCIPAL_LEADER,
        commenter="局长 赵立新",
        achievements="支部标准化建设成效明显。",
        problems=["理论学习不够深入。", "党建与业务融合不够紧密。"],
        requirements="年底前完成整改。",
    )

    lines = paragraphs(meeting)

    start = lines.index(
        zh("%(commenter)s (%(role)s) commented:", commenter="局长 赵立新", role=zh("Principal leader"))
    )
    assert lines[start + 1 : start + 6] == [
        zh("Achievements: %(text)s", text="支部标准化建设成效明显。"),
        zh("Problems:"),
        "1. 理论学习不够深入。",
        "2. 党建与业务融合不够紧密。",
        zh("Requirements: %(text)s", text="年底前完成整改。"),
    ]


def test_each_reporter_has_a_numbered_heading_in_reporting_order(meeting, campaign):
    commenting.comment_save(
        reporter=reporter(campaign, "JT3"),
        role=CommentRole.ORGANIZATION_DEPARTMENT,
        commenter="组织科 刘洋",
        requirements="书面述职材料要再精炼。",
    )

    lines = paragraphs(meeting)

    heading = "%(org)s, secretary %(name)s (%(mode)s)"
    assert [line for line in lines if line.startswith("（")] == [
        "（一）" + zh(heading, org="市公路事务中心党委", name="李明", mode="现场述职"),
        "（二）" + zh(heading, org="市港航事务中心党总支", name="周红", mode="现场述职"),
        "（三）" + zh(heading, org="市运输执法支队党支部", name="孙强", mode="书面述职"),
    ]


def test_questions_and_answers_follow_the_comments(meeting, campaign):
    first = reporter(campaign, "JT1")
    commenting.question_save(
        reporter=first, asked_by="王建国", question="整改时限是什么？", answer="年底前。"
    )
    commenting.question_save(reporter=first, asked_by="刘洋", question="经费从哪里来？")

    lines = paragraphs(meeting)

    start = lines.index(zh("Questions:"))
    assert lines[start + 1 : start + 5] == [
        zh("Q (%(asked_by)s): %(question)s", asked_by="王建国", question="整改时限是什么？"),
        zh("A: %(answer)s", answer="年底前。"),
        zh("Q (%(asked_by)s): %(question)s", asked_by="刘洋", question="经费从哪里来？"),
        zh("A: %(answer)s", answer=zh("(no answer recorded)")),
    ]


def test_an_on_site_reporter_without_comments_gets_a_line_saying_so(meeting):
    assert paragraphs(meeting).count(zh("No comments were recorded.")) == 2


def test_written_reporters_without_comments_are_named_once_in_one_line(meeting, campaign):
    extra = subordinate_with_secretary(campaign.host, "JT4", "市交通工程质量监督站党支部", "吴芳")
    reporters_add(campaign=campaign, organizations=[extra], mode=ReportMode.WRITTEN)

    lines = paragraphs(meeting)

    names = "市运输执法支队党支部 孙强、市交通工程质量监督站党支部 吴芳"
    line = zh("Reported in writing: %(names)s (no comments recorded)", names=names)
    assert [text for text in lines if text.startswith("（")][-1] == "（三）" + line
    assert lines.count(zh("No comments were recorded.")) == 2  # the on-site reporters' only
    written_heading = zh(
        "%(org)s, secretary %(name)s (%(mode)s)", org="市运输执法支队党支部", name="孙强", mode="书面述职"
    )
    assert not any(text.endswith(written_heading) for text in lines)


def test_a_written_reporter_who_was_questioned_keeps_a_section_of_their_own(meeting, campaign):
    commenting.question_save(reporter=reporter(campaign, "JT3"), asked_by="王建国", question="何时整改？")

    lines = paragraphs(meeting)

    heading = zh(
        "%(org)s, secretary %(name)s (%(mode)s)", org="市运输执法支队党支部", name="孙强", mode="书面述职"
    )
    assert [text for text in lines if text.startswith("（")][-1] == "（三）" + heading
    assert zh("Q (%(asked_by)s): %(question)s", asked_by="王建国", question="何时整改？") in lines


def test_the_written_reports_are_counted_and_named(meeting):
    with translation.override("zh-hans"):
        expected = ngettext(
            "%(count)d secretary reported in writing: %(names)s.",
            "%(count)d secretaries reported in writing: %(names)s.",
            1,
        ) % {"count": 1, "names": "市运输执法支队党支部 孙强"}

    assert expected in paragraphs(meeting)


def test_the_sections_are_numbered_the_chinese_way(meeting):
    headings = [line for line in paragraphs(meeting) if "、" in line[:2]]

    assert headings == [
        "一、" + zh("Attendance"),
        "二、" + zh("Agenda"),
        "三、" + zh("Comments"),
        "四、" + zh("Written reports"),
        "五、" + zh("Democratic evaluation"),
        "六、" + zh("Closing speech"),
    ]
