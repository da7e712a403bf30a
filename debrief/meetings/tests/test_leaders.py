"""The host's leaders who comment: the list organizers keep, and the comment form that offers it."""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from debrief.accounts.models import Role
from debrief.meetings.leader_models import HostLeader
from debrief.meetings.leaders import leader_add, leader_logins
from debrief.meetings.models import Comment
from debrief.meetings.services import MeetingError
from debrief.testing.factories import user_with_role

pytestmark = pytest.mark.django_db


def url(name, campaign, *args):
    return reverse(f"meetings:{name}", args=[campaign.pk, *args])


@pytest.fixture
def leaders(tree, cast):
    """City A's leaders: its secretary, a deputy mayor in charge (the leader_a login) and the
    stationed discipline inspection team leader."""
    cast.leader_a.display_name = "副市长 王建国"
    cast.leader_a.save(update_fields=["display_name"])
    return SimpleNamespace(
        secretary=leader_add(organization=tree.city_a, post="市委书记", name="李华", role="principal"),
        in_charge=leader_add(
            organization=tree.city_a, post="副市长", name="王建国", role="in_charge", user=cast.leader_a
        ),
        inspector=leader_add(
            organization=tree.city_a, post="驻市纪检监察组组长", name="陈静", role="discipline"
        ),
    )


def selected_option(page: str, name: str) -> str:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.search(r'<option value="([^"]*)"[^>]*selected', select).group(1)


def comment_page(client, campaign, reporter, **headers):
    return client.get(url("reporter_comments", campaign, reporter.pk), **headers).content.decode()


def post_comment(client, campaign, reporter, **fields):
    data = {"leader": "", "commenter": "", "role": "", "achievements": "基层党建责任落实有力。", **fields}
    return client.post(url("reporter_comments", campaign, reporter.pk), data, HTTP_ACCEPT_LANGUAGE="en")


# --- The list ---------------------------------------------------------------------------------------


def test_a_leader_is_listed_with_the_post_a_comment_names_them_by(leaders):
    assert leaders.in_charge.commenter == "副市长 王建国"
    assert [
        leader.name for leader in HostLeader.objects.filter(organization=leaders.secretary.organization)
    ] == [
        "李华",
        "王建国",
        "陈静",
    ]


def test_logins_with_a_leader_role_over_the_host_may_be_linked(tree, cast):
    provincial = user_with_role(Role.LEADER, tree.province, username="province_leader")
    user_with_role(Role.LEADER, tree.city_b, username="city_b_leader")
    assert set(leader_logins(tree.city_a)) == {cast.leader_a, provincial}


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"name": " ", "post": "副市长", "role": "in_charge"}, "Give the leader's name."),
        ({"name": "王建国", "post": "", "role": "in_charge"}, "Give the leader's post"),
        (
            {"name": "王建国", "post": "副市长", "role": "boss"},
            "Choose the role in which the leader comments.",
        ),
    ],
)
def test_a_leader_needs_a_name_a_post_and_a_role(tree, fields, message):
    with pytest.raises(MeetingError, match=re.escape(message)):
        leader_add(organization=tree.city_a, **fields)


def test_the_same_leader_is_not_listed_twice(tree, leaders):
    with pytest.raises(MeetingError, match="副市长 王建国 is already on the list"):
        leader_add(organization=tree.city_a, post="副市长", name="王建国", role="principal")


def test_only_a_leaders_login_can_be_linked_and_only_once(tree, cast, leaders):
    with pytest.raises(MeetingError, match="holds no leader role over 江州市委"):
        leader_add(
            organization=tree.city_a, post="副市长", name="赵敏", role="in_charge", user=cast.organizer_a
        )
    with pytest.raises(MeetingError, match="already belongs to 副市长 王建国"):
        leader_add(organization=tree.city_a, post="副市长", name="赵敏", role="in_charge", user=cast.leader_a)


def test_an_organizer_puts_a_leader_on_the_list_with_their_login(client, cast, campaign, meeting):
    client.force_login(cast.organizer_a)
    response = client.post(
        url("leaders", campaign),
        {"post": "副市长", "name": "王建国", "role": "in_charge", "user": cast.leader_a.pk},
    )
    assert response.status_code == 302
    leader = HostLeader.objects.get()
    assert (leader.organization, leader.commenter, leader.role, leader.user) == (
        campaign.host,
        "副市长 王建国",
        "in_charge",
        cast.leader_a,
    )
    page = client.get(url("leaders", campaign), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Leader in charge (one post, two responsibilities)" in page


def test_the_list_refuses_a_login_that_is_not_a_leaders_with_a_specific_error(
    client, cast, campaign, meeting
):
    client.force_login(cast.organizer_a)
    response = client.post(
        url("leaders", campaign),
        {"post": "副市长", "name": "王建国", "role": "in_charge", "user": cast.reporter_a1.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "only logins with a leader role over the host" in response.content.decode()
    assert not HostLeader.objects.exists()


def test_an_organizer_takes_a_leader_off_the_list_and_their_comments_stay(
    client, cast, campaign, meeting, reporters, leaders
):
    client.force_login(cast.organizer_a)
    post_comment(client, campaign, reporters.a1, leader=leaders.inspector.pk)
    response = client.post(url("leader_remove", campaign, leaders.inspector.pk))
    assert response.status_code == 302
    assert not HostLeader.objects.filter(pk=leaders.inspector.pk).exists()
    assert Comment.objects.get().commenter == "驻市纪检监察组组长 陈静"


def test_only_the_hosts_organizers_keep_the_list(client, cast, campaign, meeting, leaders):
    client.force_login(cast.leader_a)
    assert client.get(url("leaders", campaign)).status_code == 404
    assert client.post(url("leader_remove", campaign, leaders.secretary.pk)).status_code == 404
    client.force_login(cast.organizer_b)
    assert client.get(url("leaders", campaign)).status_code == 404
    assert HostLeader.objects.count() == 3


# --- The comment form -------------------------------------------------------------------------------


def test_the_comment_form_offers_the_hosts_leaders_with_their_role_and_another_name(
    client, cast, campaign, meeting, reporters, leaders
):
    client.force_login(cast.organizer_a)
    page = comment_page(client, campaign, reporters.a1, HTTP_ACCEPT_LANGUAGE="en")
    options = re.findall(r"<option value=\"([^\"]*)\"[^>]*>([^<]*)</option>", page.split('name="leader"')[1])
    assert options[:5] == [
        ("", "— choose the commenter —"),
        (str(leaders.secretary.pk), "市委书记 李华 · Principal leader"),
        (str(leaders.in_charge.pk), "副市长 王建国 · Leader in charge (one post, two responsibilities)"),
        (
            str(leaders.inspector.pk),
            "驻市纪检监察组组长 陈静 · Discipline inspection (supervision responsibility)",
        ),
        ("other", "Other (type a name)"),
    ]
    assert selected_option(page, "leader") == ""  # an organizer records for whoever spoke


def test_a_leader_chosen_from_the_list_comments_in_their_role(
    client, cast, campaign, meeting, reporters, leaders
):
    client.force_login(cast.organizer_a)
    response = post_comment(client, campaign, reporters.a1, leader=leaders.inspector.pk)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.commenter, comment.role) == ("驻市纪检监察组组长 陈静", "discipline")


def test_a_role_chosen_on_the_form_overrides_the_listed_one(
    client, cast, campaign, meeting, reporters, leaders
):
    client.force_login(cast.organizer_a)
    post_comment(client, campaign, reporters.a1, leader=leaders.secretary.pk, role="standing")
    assert Comment.objects.values_list("commenter", "role").get() == ("市委书记 李华", "standing")


def test_the_form_is_prefilled_with_the_logged_in_leader(client, cast, campaign, meeting, reporters, leaders):
    client.force_login(cast.leader_a)
    page = comment_page(client, campaign, reporters.a1)
    assert selected_option(page, "leader") == str(leaders.in_charge.pk)
    assert 'name="commenter" value' not in page  # nothing typed beside the choice
    response = post_comment(client, campaign, reporters.a1, leader=leaders.in_charge.pk)
    assert response.status_code == 302
    assert Comment.objects.values_list("commenter", "role", "recorded_by").get() == (
        "副市长 王建国",
        "in_charge",
        cast.leader_a.pk,
    )


def test_a_leader_not_on_the_list_finds_their_own_name_typed(
    client, cast, tree, campaign, meeting, reporters, leaders
):
    client.force_login(
        user_with_role(Role.LEADER, tree.city_a, username="new_leader", display_name="市委副书记 周宁")
    )
    page = comment_page(client, campaign, reporters.a1)
    assert selected_option(page, "leader") == "other"
    assert 'name="commenter" value="市委副书记 周宁"' in page


def test_another_commenter_is_typed_with_their_role(client, cast, campaign, meeting, reporters, leaders):
    client.force_login(cast.organizer_a)
    response = post_comment(
        client, campaign, reporters.a1, leader="other", commenter="省委组织部 刘洋", role="org_dept"
    )
    assert response.status_code == 302
    assert Comment.objects.values_list("commenter", "role").get() == ("省委组织部 刘洋", "org_dept")


def test_a_typed_name_without_touching_the_list_is_taken_as_another_commenter(
    client, cast, campaign, meeting, reporters, leaders
):
    client.force_login(cast.organizer_a)
    post_comment(client, campaign, reporters.a1, commenter="省委组织部 刘洋", role="org_dept")
    assert Comment.objects.values_list("commenter", "role").get() == ("省委组织部 刘洋", "org_dept")


@pytest.mark.parametrize(
    "fields,message",
    [
        (
            {},
            "Choose the commenter from the host&#x27;s leaders, or choose &quot;Other&quot; and type a name.",
        ),
        ({"leader": "other"}, "Type the commenter&#x27;s post and name, e.g. 副局长 王建国."),
        (
            {"leader": "other", "commenter": "省委组织部 刘洋"},
            "Choose the role in which 省委组织部 刘洋 comments.",
        ),
        ({"leader": "999999"}, "This leader is no longer on the list; choose the commenter again."),
    ],
)
def test_a_commenter_missing_or_half_given_says_what_to_do(
    client, cast, campaign, meeting, reporters, leaders, fields, message
):
    client.force_login(cast.organizer_a)
    response = post_comment(client, campaign, reporters.a1, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "基层党建责任落实有力。" in response.content.decode()  # what was typed stays
    assert not Comment.objects.exists()


def test_a_chosen_leader_and_a_different_typed_name_are_not_silently_reconciled(
    client, cast, campaign, meeting, reporters, leaders
):
    client.force_login(cast.organizer_a)
    response = post_comment(
        client, campaign, reporters.a1, leader=leaders.secretary.pk, commenter="省委组织部 刘洋"
    )
    assert "You chose 市委书记 李华 from the list and also typed 省委组织部 刘洋" in response.content.decode()
    assert not Comment.objects.exists()


def test_editing_a_comment_shows_its_commenter_chosen_from_the_list(
    client, cast, campaign, meeting, reporters, leaders
):
    client.force_login(cast.organizer_a)
    post_comment(client, campaign, reporters.a1, leader=leaders.inspector.pk)
    comment = Comment.objects.get()
    page = client.get(url("comment_edit", campaign, reporters.a1.pk, comment.pk)).content.decode()
    assert selected_option(page, "leader") == str(leaders.inspector.pk)
    assert selected_option(page, "role") == "discipline"


def test_without_leaders_on_the_list_the_commenter_is_typed_as_before(
    client, cast, campaign, meeting, reporters
):
    client.force_login(cast.organizer_a)
    page = comment_page(client, campaign, reporters.a1, HTTP_ACCEPT_LANGUAGE="en")
    assert 'name="leader"' not in page
    assert "put the host's" in page or "put the host&#x27;s" in page
    response = post_comment(client, campaign, reporters.a1, commenter="副市长 王建国", role="in_charge")
    assert response.status_code == 302
