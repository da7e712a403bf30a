import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from debrief.meetings import attendance, commenting, screen, selectors
from debrief.meetings.models import Comment, Meeting
from debrief.rectification import sources
from debrief.testing.factories import advance_to, evaluation_opened

pytestmark = pytest.mark.django_db


def url(name, campaign, *args):
    return reverse(f"meetings:{name}", args=[campaign.pk, *args])


def test_an_organizer_sets_up_the_meeting_and_lands_on_its_agenda(client, cast, campaign, reporters):
    client.force_login(cast.organizer_a)
    response = client.post(
        url("overview", campaign),
        {
            "starts_at": "2023-01-15T09:00",
            "venue": "市委第一会议室",
            "presided_by": "市委副书记 李华",
            "guidance": "省委组织部有关同志",
            "report_minutes": "8",
        },
    )
    assert response.status_code == 302 and response.url == url("agenda", campaign)
    page = client.get(response.url).content.decode()
    assert "江州市东区区委 — 赵强" in page and "江州市西区区委 — 李明" in page
    assert Meeting.objects.get().guidance == "省委组织部有关同志"


def test_every_meeting_page_renders_for_the_organizer(client, cast, campaign, meeting, reporters):
    client.force_login(cast.organizer_a)
    attendance.attendee_add(meeting=meeting, name="张伟", category="Host leadership team")
    screen.screen_next(meeting=meeting)
    for name, args in [
        ("overview", []),
        ("agenda", []),
        ("attendees", []),
        ("attendee_cards", []),
        ("checkin", []),
        ("control", []),
        ("comments", []),
        ("reporter_comments", [reporters.a1.pk]),
        ("attendance", []),
    ]:
        response = client.get(url(name, campaign, *args))
        assert response.status_code == 200, name


def test_others_outside_the_host_see_nothing(client, cast, campaign, meeting):
    client.force_login(cast.organizer_b)
    for name in ("overview", "agenda", "comments", "control", "checkin", "minutes_docx"):
        assert client.get(url(name, campaign)).status_code == 404, name


def test_a_leader_may_comment_but_not_run_the_meeting(client, cast, campaign, meeting, reporters):
    client.force_login(cast.leader_a)
    assert client.get(url("control", campaign)).status_code == 404
    assert client.get(url("checkin", campaign)).status_code == 404
    response = client.post(
        url("reporter_comments", campaign, reporters.a1.pk),
        {
            "role": "principal",
            "commenter": "市委书记 胡涛",
            "achievements": "抓党建责任落实有力。",
            "problems": "基层党组织建设不平衡。\n\n  党员教育管理有短板。  ",
            "requirements": "对标对表抓整改。",
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.recorded_by == cast.leader_a
    assert [p.text for p in comment.problems.all()] == ["基层党组织建设不平衡。", "党员教育管理有短板。"]


def test_a_reporter_does_not_see_the_meeting_pages(client, cast, campaign, meeting, reporters):
    client.force_login(cast.reporter_a1)
    assert client.get(url("comments", campaign)).status_code == 404
    response = client.post(
        url("reporter_comments", campaign, reporters.a1.pk),
        {"role": "principal", "commenter": "我", "achievements": "很好"},
    )
    assert response.status_code == 404 and not Comment.objects.exists()


def test_an_empty_comment_shows_why_and_keeps_what_was_typed(client, cast, campaign, meeting, reporters):
    client.force_login(cast.organizer_a)
    response = client.post(
        url("reporter_comments", campaign, reporters.a1.pk),
        {"role": "in_charge", "commenter": "副局长 王建国", "achievements": " "},
    )
    assert response.status_code == 200
    assert "点评内容为空" in response.content.decode()
    assert "副局长 王建国" in response.content.decode()


@pytest.mark.parametrize("comments", [2, 6])
def test_a_reporters_comments_page_runs_the_same_queries_for_any_number_of_comments(
    client, cast, campaign, meeting, reporters, comments, django_assert_num_queries
):
    for n in range(comments):
        comment = commenting.comment_save(
            reporter=reporters.a1,
            role="principal",
            commenter=f"市委书记 李华{n}",
            problems=[f"调研不够深入{n}。", f"党员发展把关不严{n}。"],
        )
        sources.item_from_comment_problem(problem=comment.problems.first(), user=cast.organizer_a)
        commenting.question_save(reporter=reporters.a1, asked_by="市委副书记 王平", question=f"问题{n}？")
    client.force_login(cast.organizer_a)
    # 10: the session, the user, the campaign with its host and the user's grants (read once for
    # every right the page asks); the reporter; their comments, the comments' problems with the
    # ledger item each became (and its campaign, for the item's number), their questions; all
    # reporters in order (for the previous and next links); the meeting (for the tabs); the comments
    # deleted (an organizer sees them); the organization's problems of earlier years, for the flag
    # of a problem raised before (comments' problems and ledger items in one query, reports in another);
    # the host's leaders, whom the comment form offers.
    with django_assert_num_queries(14):
        page = client.get(url("reporter_comments", campaign, reporters.a1.pk)).content.decode()
    assert page.count("/rectification/from-comment/") == comments  # the problems not in the ledger yet


def test_dragging_the_agenda_posts_the_new_order_and_gets_the_list_back(
    client, cast, campaign, meeting, reporters
):
    client.force_login(cast.organizer_a)
    ids = [row.item.pk for row in selectors.agenda(meeting)]
    ids[1], ids[2] = ids[2], ids[1]
    response = client.post(url("agenda_order", campaign), {"item": ids}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="agenda-order"' in response.content.decode()
    assert [row.item.reporter for row in selectors.agenda(meeting) if row.item.is_report] == [
        reporters.a2,
        reporters.a1,
    ]


def test_the_check_in_desk_takes_a_scan_and_says_who_came(client, cast, campaign, meeting):
    client.force_login(cast.organizer_a)
    zhang = attendance.attendee_add(meeting=meeting, name="张伟", category="Host leadership team")
    link = f"http://testserver/meetings/checkin/{zhang.checkin_token}/"
    response = client.post(url("checkin", campaign), {"scan": link}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "张伟" in page and "已签到" in page
    assert 'id="present-total">1<' in page
    again = client.post(url("checkin", campaign), {"scan": link}, HTTP_HX_REQUEST="true").content.decode()
    assert "已于" in again
    bad = client.post(url("checkin", campaign), {"scan": "nonsense"}, HTTP_HX_REQUEST="true").content.decode()
    assert "不在本次会议的参会名单中" in bad


def test_the_check_in_desk_finds_names_and_checks_them_in(client, cast, campaign, meeting):
    client.force_login(cast.organizer_a)
    li = attendance.attendee_add(meeting=meeting, name="李娜", unit="市供热公司", category="")
    found = client.get(url("checkin", campaign), {"q": "供热"}, HTTP_HX_REQUEST="true").content.decode()
    assert "李娜" in found
    client.post(url("checkin", campaign), {"attendee": li.pk, "q": "供热"}, HTTP_HX_REQUEST="true")
    li.refresh_from_db()
    assert li.is_present and li.checkin_method == "search"


def test_a_cards_link_needs_an_organizer_and_one_tap(client, cast, campaign, meeting):
    zhang = attendance.attendee_add(meeting=meeting, name="张伟")
    link = reverse("checkin", args=[zhang.checkin_token])
    assert client.get(link).status_code == 302  # to the login page
    client.force_login(cast.leader_a)
    assert client.get(link).status_code == 404
    client.force_login(cast.organizer_a)
    assert "签到" in client.get(link).content.decode()
    zhang.refresh_from_db()
    assert not zhang.is_present  # opening the link alone changes nothing
    client.post(link)
    zhang.refresh_from_db()
    assert zhang.is_present and zhang.checkin_method == "qr"


def test_the_big_screen_opens_without_login_in_chinese(client, meeting):
    response = client.get(reverse("screen", args=[meeting.screen_key]), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200 and 'lang="zh-hans"' in page
    assert "主持" in page
    english = client.get(reverse("screen", args=[meeting.screen_key]), {"lang": "en"}).content.decode()
    assert "Presided by" in english


def test_a_wrong_screen_key_finds_nothing(client, meeting):
    assert client.get(reverse("screen", args=["x" * 22])).status_code == 404


def test_the_screen_gets_nothing_new_until_the_control_page_moves_it(
    client, cast, campaign, meeting, reporters
):
    state_url = reverse("screen_state", args=[meeting.screen_key])
    assert client.get(state_url, {"v": meeting.screen_version}).status_code == 204
    organizer = client.__class__()
    organizer.force_login(cast.organizer_a)
    for _ in range(2):
        panel = organizer.post(url("control_action", campaign), {"action": "next"}, HTTP_HX_REQUEST="true")
    assert "江州市东区区委 — 赵强" in panel.content.decode()
    response = client.get(state_url, {"v": meeting.screen_version})
    assert response.status_code == 200
    assert "江州市东区区委" in response.content.decode() and "赵强" in response.content.decode()


def test_the_evaluation_item_shows_the_voting_qr_and_live_turnout(client, cast, campaign, meeting):
    advance_to(campaign, "meeting", cast.organizer_a)
    evaluation_opened(campaign, cast.organizer_a, codes={"Host leadership team": 3})
    evaluation_item = next(row.item for row in selectors.agenda(meeting) if row.item.kind == "evaluation")
    screen.screen_show(meeting=meeting, item=evaluation_item)
    meeting.refresh_from_db()
    response = client.get(reverse("screen_state", args=[meeting.screen_key]), {"v": meeting.screen_version})
    page = response.content.decode()
    assert response.status_code == 200  # turnout moves without a version change, so always sent
    assert "<svg" in page and "http://testserver/vote/" in page
    assert 'id="screen-voted">0<' in page


def test_a_control_error_comes_back_in_the_panel(client, cast, campaign, meeting):
    client.force_login(cast.organizer_a)
    response = client.post(url("control_action", campaign), {"action": "previous"}, HTTP_HX_REQUEST="true")
    assert "已在欢迎页" in response.content.decode()


def test_the_minutes_download_as_a_docx(client, cast, campaign, meeting):
    client.force_login(cast.leader_a)
    response = client.get(url("minutes_docx", campaign))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )


def test_an_agenda_item_is_renamed_and_timed_from_its_row(client, cast, campaign, meeting):
    client.force_login(cast.organizer_a)
    closing = selectors.agenda(meeting)[-1].item
    response = client.post(
        url("agenda_item", campaign, closing.pk),
        {"action": "save", f"{closing.pk}-title": "局党组书记讲话", f"{closing.pk}-minutes": "20"},
    )
    assert response.status_code == 302
    closing.refresh_from_db()
    assert (closing.title, closing.time_limit_minutes) == ("局党组书记讲话", 20)


def test_a_bad_attendee_sheet_adds_no_one_and_says_which_row(client, cast, campaign, meeting):
    client.force_login(cast.organizer_a)
    sheet = "姓名,单位及职务,测评人类别\n张伟,市委办公室,\n,市委组织部,\n".encode()
    upload = SimpleUploadedFile("名单.csv", sheet, content_type="text/csv")
    response = client.post(url("attendees_import", campaign), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "第3行" in page
    assert not meeting.attendees.exists()


@pytest.mark.parametrize("target", ["https://evil.example/login", "//evil.example/", "javascript:alert(1)"])
def test_undoing_a_check_in_never_redirects_off_the_site(client, cast, campaign, meeting, target):
    client.force_login(cast.organizer_a)
    attendee = attendance.attendee_add(meeting=meeting, name="张伟", category="Host leadership team")
    attendance.check_in(attendee=attendee, user=cast.organizer_a)
    response = client.post(url("checkin_undo", campaign, attendee.pk), {"next": target})
    assert response.status_code == 302 and response.url == url("attendees", campaign)


def test_undoing_a_check_in_returns_to_the_page_it_came_from_on_this_site(client, cast, campaign, meeting):
    client.force_login(cast.organizer_a)
    attendee = attendance.attendee_add(meeting=meeting, name="张伟", category="Host leadership team")
    back = url("checkin", campaign) + "?q=zhang"
    response = client.post(url("checkin_undo", campaign, attendee.pk), {"next": back})
    assert response.url == back
