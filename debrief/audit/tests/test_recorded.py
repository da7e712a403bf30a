"""What enters the trail: who did it, on which organization, and the values before and after."""

from decimal import Decimal

import pytest
from django.urls import reverse

from debrief.accounts.models import Role
from debrief.accounts.services import role_grant, role_revoke
from debrief.audit.models import Action, Entry
from debrief.campaigns import services as campaign_services
from debrief.campaigns.models import CampaignState
from debrief.directory.services import organizations_import
from debrief.evaluation import services as evaluation_services
from debrief.meetings import attendance, commenting
from debrief.meetings import services as meeting_services
from debrief.reports import services as report_services
from debrief.testing import sheets
from debrief.testing.factories import (
    UserFactory,
    evaluation_closed_without_votes,
    meeting_set_up,
    report_write,
)

pytestmark = pytest.mark.django_db


def test_a_login_and_a_failed_login_are_recorded_on_the_users_organization(client, cast, tree):
    client.post(
        reverse("accounts:login"), {"username": "organizer_a", "password": "nope"}, REMOTE_ADDR="10.1.1.1"
    )
    client.post(reverse("accounts:login"), {"username": "organizer_a", "password": "secret-pass"})
    failed, logged_in = Entry.objects.filter(action__in=[Action.LOGIN, Action.LOGIN_FAILED]).order_by("seq")
    assert failed.action == Action.LOGIN_FAILED and failed.actor is None
    assert failed.after == {"username": "organizer_a", "address": "10.1.1.1"}
    assert failed.organization == tree.city_a
    assert logged_in.action == Action.LOGIN and logged_in.actor == cast.organizer_a


def test_granting_and_revoking_a_role_are_recorded_with_who_did_it(cast, tree):
    user = UserFactory(username="new_leader")
    role_grant(user=user, organization=tree.city_a, role=Role.LEADER, granted_by=cast.organizer_a)
    role_revoke(user=user, organization=tree.city_a, role=Role.LEADER, revoked_by=cast.organizer_a)
    granted, revoked = Entry.objects.filter(object_label="new_leader").order_by("seq")
    assert (granted.action, granted.actor, granted.after) == (
        Action.ROLE_GRANTED,
        cast.organizer_a,
        {"user": "new_leader", "role": "leader"},
    )
    assert (revoked.action, revoked.before) == (Action.ROLE_REVOKED, {"user": "new_leader", "role": "leader"})


def test_a_campaign_edit_records_only_what_changed(campaign, cast):
    Entry.objects.all().delete()
    campaign_services.campaign_update(
        campaign=campaign,
        title="2022年度述职评议考核（修订）",
        report_deadline=campaign.report_deadline,
        meeting_date=campaign.meeting_date,
        user=cast.organizer_a,
    )
    (entry,) = Entry.objects.all()
    assert entry.action == Action.CAMPAIGN_EDITED
    assert entry.after == {"title": "2022年度述职评议考核（修订）"}
    assert list(entry.before) == ["title"]


def test_each_campaign_step_is_recorded_with_the_reason(campaign, reporters, cast):
    campaign_services.campaign_advance(campaign=campaign, user=cast.organizer_a, reason="按期召开")
    entry = Entry.objects.filter(action=Action.CAMPAIGN_ADVANCED).get()
    assert entry.before == {"state": CampaignState.PREPARING}
    assert entry.after == {"state": CampaignState.MEETING, "reason": "按期召开"}
    assert entry.actor == cast.organizer_a and entry.object_label == campaign.title


def test_adding_and_removing_reporters_is_recorded(campaign, reporters, cast):
    campaign_services.reporter_remove(reporter=reporters.a3, user=cast.organizer_a)
    entries = Entry.objects.filter(action=Action.REPORTERS_CHANGED).order_by("seq")
    assert entries.first().after["added"] == ["江州市东区区委", "江州市西区区委"]
    assert entries.last().before == {"removed": "江州市北县县委", "mode": "written"}


def test_a_routine_score_changed_after_close_is_recorded_with_the_old_score(campaign, reporters, cast):
    evaluation = evaluation_closed_without_votes(campaign, cast.organizer_a, routine_score=Decimal("92"))
    evaluation_services.routine_scores_set(
        evaluation=evaluation, scores={reporters.a2.pk: Decimal("61.5")}, user=cast.organizer_a
    )
    closed = Entry.objects.get(action=Action.EVALUATION_CLOSED)
    assert closed.after["quorum_override_reason"] == "测试" and closed.after["ballots_digest"]
    entry = Entry.objects.filter(action=Action.ROUTINE_SCORES_CHANGED).order_by("seq").last()
    assert entry.before == {"江州市西区区委": "92.00"} and entry.after == {"江州市西区区委": "61.5"}
    assert entry.actor == cast.organizer_a


def test_a_scheme_change_records_the_settings_that_changed(campaign, reporters, cast):
    evaluation = evaluation_services.evaluation_set_up(campaign)
    evaluation_services.scheme_set(
        evaluation=evaluation,
        values={"points_excellent": 100, "points_good": 80, "points_fair": 60, "points_poor": 40},
        categories=[(name, weight, None) for name, weight in evaluation_services.default_categories()],
        sub_indicators=[],
        user=cast.organizer_a,
    )
    entry = Entry.objects.get(action=Action.SCHEME_CHANGED)
    assert entry.before["points_good"] == "85.00" and entry.after["points_good"] == "80.00"


def test_a_comments_edit_and_deletion_are_recorded_with_what_it_said(reporters, cast):
    comment = commenting.comment_save(
        reporter=reporters.a1,
        role="principal",
        commenter="市委书记 李华",
        problems=["调研不够。"],
        user=cast.organizer_a,
    )
    commenting.comment_remove(comment=comment, user=cast.organizer_a)
    recorded, deleted = Entry.objects.filter(action=Action.COMMENT_CHANGED).order_by("seq")
    assert recorded.before is None and recorded.after["problems"] == ["调研不够。"]
    assert deleted.after is None and deleted.before["commenter"] == "市委书记 李华"


def test_returning_a_report_is_recorded_with_the_remarks(reporters, cast):
    report = report_write(reporters.a1)
    report_services.report_submit(report=report, user=cast.reporter_a1)
    report_services.report_return(report=report, user=cast.organizer_a, remarks="问题查找不深")
    entry = Entry.objects.filter(action=Action.REPORT_REVIEWED).order_by("seq").last()
    assert entry.before == {"state": "submitted"}
    assert entry.after == {"state": "returned", "version": 1, "remarks": "问题查找不深"}


def test_agenda_and_attendee_changes_are_recorded(campaign, reporters, cast):
    meeting = meeting_set_up(campaign)
    meeting_services.agenda_item_add(
        meeting=meeting, kind="other", title="通报上年度整改情况", minutes=5, user=cast.organizer_a
    )
    attendee = attendance.attendee_add(meeting=meeting, name="王强", unit="组织部", user=cast.organizer_a)
    attendance.attendee_remove(attendee=attendee, user=cast.organizer_a)
    agenda = Entry.objects.get(action=Action.AGENDA_CHANGED)
    assert agenda.after["agenda"][-1] == "通报上年度整改情况 (5)"
    assert agenda.after["agenda"][:-1] == agenda.before["agenda"]
    added, removed = Entry.objects.filter(action=Action.ATTENDEES_CHANGED).order_by("seq")
    assert added.after == {"added": ["王强 · 组织部"]} and removed.before == {"removed": ["王强 · 组织部"]}


def test_an_organization_import_is_recorded_with_its_counts(cast, tree):
    content = sheets.xlsx(
        [["CA-U1", "江州市某局党组", "", "party_group", "unit", "CA", "", "陈静", "2023-02-01", ""]]
    )
    result = organizations_import(user=cast.organizer_a, file_name="某局.xlsx", content=content)
    assert result.ok, result.errors
    entry = Entry.objects.get(action=Action.ORGANIZATIONS_IMPORTED)
    assert entry.organization == tree.city_a and entry.object_label == "某局.xlsx"
    assert entry.after["created"] == 1
