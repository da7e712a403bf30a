"""Who may change a comment, and the record kept of edits and deletions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.accounts.models import Role
from debrief.meetings import commenting, selectors
from debrief.meetings.models import Comment, CommentChange, CommentChangeKind
from debrief.meetings.services import MeetingError
from debrief.testing.factories import user_with_role

pytestmark = pytest.mark.django_db

NOT_YOURS = "Only an organizer or the leader who recorded this comment can change or delete it."
SAID = {
    "role": "in_charge",
    "commenter": "副市长 王建国",
    "achievements": "党建引领作用发挥明显。",
    "problems": ["理论学习不够深入。"],
    "requirements": "压实“一岗双责”。",
}


@pytest.fixture
def other_leader(tree):
    return user_with_role(Role.LEADER, tree.city_a, username="leader_a2", display_name="李副书记")


def record(reporter, user, **changes):
    return commenting.comment_save(reporter=reporter, user=user, **{**SAID, **changes})


def edit(comment, user, **changes):
    return commenting.comment_save(
        reporter=comment.reporter, comment=comment, user=user, **{**SAID, **changes}
    )


def test_a_leader_edits_the_comment_they_recorded_and_the_text_before_is_kept(reporters, cast):
    said = record(reporters.a1, cast.leader_a)
    at = timezone.now() + datetime.timedelta(minutes=5)
    edit(said, cast.leader_a, requirements="抓好整改落实。", at=at)
    said.refresh_from_db()
    assert (said.requirements, said.updated_by, said.updated_at) == ("抓好整改落实。", cast.leader_a, at)
    change = CommentChange.objects.get()
    assert (change.kind, change.comment, change.changed_by, change.changed_at) == (
        CommentChangeKind.EDITED,
        said,
        cast.leader_a,
        at,
    )
    assert change.before == SAID


def test_an_edit_that_changes_nothing_records_nothing(reporters, cast):
    said = record(reporters.a1, cast.leader_a)
    edit(said, cast.leader_a)
    said.refresh_from_db()
    assert said.updated_by is None and not CommentChange.objects.exists()


def test_a_leader_cannot_edit_another_leaders_comment(reporters, cast, other_leader):
    said = record(reporters.a1, other_leader)
    with pytest.raises(MeetingError, match=NOT_YOURS):
        edit(said, cast.leader_a, achievements="改成别人的话。")
    said.refresh_from_db()
    assert said.achievements == SAID["achievements"] and not CommentChange.objects.exists()


def test_a_leader_cannot_delete_another_leaders_comment(reporters, cast, other_leader):
    said = record(reporters.a1, other_leader)
    with pytest.raises(MeetingError, match=NOT_YOURS):
        commenting.comment_remove(comment=said, user=cast.leader_a)
    assert Comment.objects.filter(pk=said.pk).exists() and not CommentChange.objects.exists()


def test_a_comment_with_no_recorder_is_changed_by_organizers_only(reporters, cast):
    said = record(reporters.a1, None)
    with pytest.raises(MeetingError, match=NOT_YOURS):
        edit(said, cast.leader_a, achievements="领导改的")
    edit(said, cast.organizer_a, achievements="组织部改的")
    said.refresh_from_db()
    assert said.achievements == "组织部改的"


def test_an_organizer_edits_and_deletes_any_leaders_comment(reporters, cast, other_leader):
    said = record(reporters.a1, other_leader)
    edit(said, cast.organizer_a, achievements="组织部核对后的记录。")
    commenting.comment_remove(comment=said, user=cast.organizer_a)
    assert not Comment.objects.exists()
    assert [c.kind for c in CommentChange.objects.all()] == [
        CommentChangeKind.EDITED,
        CommentChangeKind.DELETED,
    ]


def test_a_deletion_keeps_what_the_comment_said_who_deleted_it_and_when(campaign, reporters, cast):
    said = record(reporters.a1, cast.leader_a)
    at = timezone.now()
    deletion = commenting.comment_remove(comment=said, user=cast.leader_a, at=at)
    deletion.refresh_from_db()
    assert (deletion.kind, deletion.reporter, deletion.changed_by, deletion.changed_at) == (
        CommentChangeKind.DELETED,
        reporters.a1,
        cast.leader_a,
        at,
    )
    assert deletion.before == SAID
    # Gone from the pages and the minutes, which read the comments by reporter.
    assert selectors.comments_by_reporter(campaign)[0].comments == []


def test_a_comment_deleted_while_the_form_was_open_is_not_saved(reporters, cast):
    said = record(reporters.a1, cast.leader_a)
    opened = Comment.objects.get(pk=said.pk)
    commenting.comment_remove(comment=said, user=cast.organizer_a)
    with pytest.raises(MeetingError, match="deleted in the meantime; reload the page"):
        edit(opened, cast.leader_a, achievements="晚到的修改")
    assert not Comment.objects.exists()


# --- The pages ------------------------------------------------------------------------------------


def edit_url(campaign, comment):
    return reverse("meetings:comment_edit", args=[campaign.pk, comment.reporter_id, comment.pk])


def reporter_url(campaign, reporter):
    return reverse("meetings:reporter_comments", args=[campaign.pk, reporter.pk])


def test_a_leader_opening_another_leaders_comment_is_refused_with_a_message(
    client, campaign, meeting, reporters, cast, other_leader
):
    said = record(reporters.a1, other_leader)
    client.force_login(cast.leader_a)
    response = client.get(edit_url(campaign, said), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert NOT_YOURS in response.content.decode()


def test_a_leader_posting_over_another_leaders_comment_changes_nothing(
    client, campaign, meeting, reporters, cast, other_leader
):
    said = record(reporters.a1, other_leader)
    client.force_login(cast.leader_a)
    changed = {**SAID, "problems": "", "achievements": "改成别人的话。"}
    assert client.post(edit_url(campaign, said), changed).status_code == 403
    assert client.post(edit_url(campaign, said), {"action": "remove"}).status_code == 403
    said.refresh_from_db()
    assert said.achievements == SAID["achievements"] and not CommentChange.objects.exists()


def test_a_leader_sees_the_edit_link_only_on_their_own_comments(
    client, campaign, meeting, reporters, cast, other_leader
):
    own = record(reporters.a1, cast.leader_a)
    others = record(reporters.a1, other_leader, commenter="市委书记 李华")
    client.force_login(cast.leader_a)
    page = client.get(reporter_url(campaign, reporters.a1)).content.decode()
    assert edit_url(campaign, own) in page and edit_url(campaign, others) not in page


def test_the_organizer_deletes_a_leaders_comment_and_sees_who_deleted_what_and_when(
    client, campaign, meeting, reporters, cast
):
    said = record(reporters.a1, cast.leader_a, achievements="被删除的点评内容。")
    client.force_login(cast.organizer_a)
    response = client.post(edit_url(campaign, said), {"action": "remove"})
    assert response.status_code == 302 and not Comment.objects.exists()
    when = timezone.localtime(CommentChange.objects.get().changed_at).strftime("%Y-%m-%d %H:%M")
    for url in (reverse("meetings:comments", args=[campaign.pk]), reporter_url(campaign, reporters.a1)):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert f"Deleted by organizer_a at {when}" in page and "被删除的点评内容。" in page


def test_leaders_do_not_see_deleted_comments(client, campaign, meeting, reporters, cast):
    said = record(reporters.a1, cast.leader_a, achievements="被删除的点评内容。")
    client.force_login(cast.leader_a)
    assert client.post(edit_url(campaign, said), {"action": "remove"}).status_code == 302
    for url in (reverse("meetings:comments", args=[campaign.pk]), reporter_url(campaign, reporters.a1)):
        assert "被删除的点评内容。" not in client.get(url).content.decode()


def test_an_edited_comment_says_who_edited_it_and_the_edit_page_keeps_the_earlier_text(
    client, campaign, meeting, reporters, cast
):
    said = record(reporters.a1, cast.leader_a, achievements="原来的记录。")
    client.force_login(cast.organizer_a)
    changed = {**SAID, "problems": "理论学习不够深入。", "achievements": "核对后的记录。"}
    assert client.post(edit_url(campaign, said), changed).status_code == 302
    when = timezone.localtime(Comment.objects.get().updated_at).strftime("%Y-%m-%d %H:%M")
    page = client.get(reporter_url(campaign, reporters.a1), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Edited by organizer_a at {when}" in page
    history = client.get(edit_url(campaign, said), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Replaced by organizer_a at {when}:" in history and "原来的记录。" in history


def _question(reporter, user):
    return commenting.question_save(
        reporter=reporter, asked_by="副市长 王建国", question="今年发展党员几名？", user=user
    )


def test_a_leader_cannot_change_or_remove_another_leaders_question(reporters, cast, other_leader):
    asked = _question(reporters.a1, cast.leader_a)
    with pytest.raises(MeetingError, match="Only an organizer or the leader who recorded this question"):
        commenting.question_save(
            reporter=reporters.a1, asked_by="x", question="改过的问题", user=other_leader, existing=asked
        )
    with pytest.raises(MeetingError, match="Only an organizer or the leader who recorded this question"):
        commenting.question_remove(question=asked, user=other_leader)
    commenting.question_remove(question=asked, user=cast.leader_a)
    assert not reporters.a1.questions.exists()


def test_an_organizer_removes_any_question_and_others_are_not_offered_the_button(
    client, reporters, cast, other_leader
):
    asked = _question(reporters.a1, cast.leader_a)
    url = reverse("meetings:reporter_comments", args=[reporters.a1.campaign_id, reporters.a1.pk])
    remove = reverse("meetings:question_remove", args=[reporters.a1.campaign_id, reporters.a1.pk, asked.pk])
    client.force_login(other_leader)
    assert remove not in client.get(url).content.decode()
    client.post(remove)
    assert reporters.a1.questions.exists()
    client.force_login(cast.organizer_a)
    assert remove in client.get(url).content.decode()
    client.post(remove)
    assert not reporters.a1.questions.exists()
