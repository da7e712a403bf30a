import datetime

import pytest

from debrief.campaigns import services
from debrief.campaigns.models import CampaignState, ReportMode
from debrief.campaigns.selectors import candidate_organizations, reporters_in_order
from debrief.evaluation import services as evaluation_services
from debrief.orgs.services import post_appoint
from debrief.reports import services as report_services
from debrief.testing.factories import (
    PersonFactory,
    advance_to,
    campaign_open,
    evaluation_opened,
    report_write,
)


def test_an_organizer_opens_a_campaign_for_a_year(campaign, tree):
    assert campaign.host == tree.city_a
    assert campaign.year == 2022
    assert campaign.state == CampaignState.PREPARING


def test_a_host_has_one_campaign_per_year(campaign, tree):
    with pytest.raises(services.CampaignError, match="江州市委 already has a campaign for 2022"):
        campaign_open(tree.city_a, year=2022)


def test_a_report_deadline_after_the_meeting_is_refused(tree):
    with pytest.raises(services.CampaignError, match="must not be later than the meeting date"):
        campaign_open(
            tree.city_a,
            year=2023,
            report_deadline=datetime.date(2024, 2, 1),
            meeting_date=datetime.date(2024, 1, 15),
        )


def test_the_secretary_on_the_meeting_date_is_proposed_and_becomes_the_reporter(campaign, counties):
    # A2 changes secretary after the meeting: the one in office on the meeting date reports.
    post_appoint(
        organization=counties.a2,
        person=PersonFactory(name="孙磊"),
        role="secretary",
        start_date=datetime.date(2023, 3, 1),
    )
    proposed = {org.code: post.person.name for org, post in candidate_organizations(campaign)}
    assert proposed == {"CA1": "赵强", "CA2": "李明", "CA3": "王芳"}
    [reporter] = services.reporters_add(campaign=campaign, organizations=[counties.a2])
    assert reporter.person.name == "李明"
    assert reporter.mode == ReportMode.WRITTEN
    assert reporter.speaking_order is None


def test_an_organization_outside_the_host_cannot_report(campaign, tree):
    with pytest.raises(services.CampaignError, match="川北市西县县委 is not subordinate to 江州市委"):
        services.reporters_add(campaign=campaign, organizations=[tree.county_b1])


def test_an_organization_without_a_secretary_cannot_report(campaign, tree):
    # The street under county A1 is in the subtree but has no secretary.
    with pytest.raises(
        services.CampaignError, match="东区长征街道党工委 has no secretary on 2023-01-15; appoint one first"
    ):
        services.reporters_add(campaign=campaign, organizations=[tree.street_a1a])


def test_an_organization_reports_only_once(reporters, campaign, counties):
    with pytest.raises(services.CampaignError, match="江州市东区区委 is already a reporter"):
        services.reporters_add(campaign=campaign, organizations=[counties.a1])


def test_on_site_reporters_speak_in_the_order_they_were_added(reporters, campaign):
    ordered = [(r.organization.code, r.speaking_order) for r in reporters_in_order(campaign)]
    assert ordered == [("CA1", 1), ("CA2", 2), ("CA3", None)]


def test_moving_a_speaker_up_swaps_places(reporters, campaign):
    services.speaking_order_move(reporter=reporters.a2, offset=-1)
    assert [r.organization.code for r in reporters_in_order(campaign)] == ["CA2", "CA1", "CA3"]


def test_a_written_reporter_made_on_site_speaks_last(reporters, campaign):
    services.reporter_set_mode(reporter=reporters.a3, mode=ReportMode.ON_SITE)
    ordered = [(r.organization.code, r.speaking_order) for r in reporters_in_order(campaign)]
    assert ordered == [("CA1", 1), ("CA2", 2), ("CA3", 3)]


def test_removing_a_speaker_closes_the_gap(reporters, campaign):
    services.reporter_remove(reporter=reporters.a1)
    ordered = [(r.organization.code, r.speaking_order) for r in reporters_in_order(campaign)]
    assert ordered == [("CA2", 1), ("CA3", None)]


def test_the_whole_order_can_be_set_at_once(reporters, campaign):
    services.speaking_order_set(campaign=campaign, reporter_ids=[reporters.a2.pk, reporters.a1.pk])
    assert [r.organization.code for r in reporters_in_order(campaign)][:2] == ["CA2", "CA1"]
    with pytest.raises(services.CampaignError, match="every on-site reporter exactly once"):
        services.speaking_order_set(campaign=campaign, reporter_ids=[reporters.a2.pk])


def test_a_reporter_who_submitted_cannot_be_removed(reporters):
    report_services.report_submit(report=report_write(reporters.a1), user=None)
    with pytest.raises(services.CampaignError, match="has already submitted a report"):
        services.reporter_remove(reporter=reporters.a1)


def test_no_meeting_without_reporters(campaign, cast):
    with pytest.raises(services.CampaignError, match="Add reporters before the meeting"):
        services.campaign_advance(campaign=campaign, user=cast.organizer_a)


def test_no_meeting_while_a_report_is_missing_unless_the_organizer_records_why(reporters, campaign, cast):
    report_services.report_submit(report=report_write(reporters.a1), user=None)
    with pytest.raises(services.CampaignError) as refused:
        services.campaign_advance(campaign=campaign, user=cast.organizer_a)
    assert "2 reporters have not submitted a report: 江州市西区区委, 江州市北县县委." in str(refused.value)
    campaign = services.campaign_advance(
        campaign=campaign, user=cast.organizer_a, reason="两名书记外出学习，会后补交"
    )
    assert campaign.state == CampaignState.MEETING
    [step] = campaign.transitions.all()
    assert (step.from_state, step.to_state, step.actor, step.reason) == (
        "preparing",
        "meeting",
        cast.organizer_a,
        "两名书记外出学习，会后补交",
    )


def test_the_campaign_moves_through_every_state_in_order_and_keeps_the_history(reporters, campaign, cast):
    campaign = advance_to(campaign, CampaignState.ARCHIVED, cast.organizer_a)
    steps = [(t.from_state, t.to_state) for t in campaign.transitions.all()]
    assert steps == [
        ("preparing", "meeting"),
        ("meeting", "evaluating"),
        ("evaluating", "assessed"),
        ("assessed", "published"),
        ("published", "rectifying"),
        ("rectifying", "archived"),
    ]
    with pytest.raises(services.CampaignError, match="archived and can no longer be changed"):
        services.campaign_advance(campaign=campaign, user=cast.organizer_a)


def test_an_archived_campaign_refuses_every_change(reporters, campaign, cast, counties):
    report = report_write(reporters.a1)
    campaign = advance_to(campaign, CampaignState.ARCHIVED, cast.organizer_a)
    archived = "archived and can no longer be changed"
    with pytest.raises(services.CampaignError, match=archived):
        services.campaign_update(
            campaign=campaign,
            title="x",
            report_deadline=campaign.report_deadline,
            meeting_date=campaign.meeting_date,
        )
    with pytest.raises(services.CampaignError, match=archived):
        services.indicator_add(campaign=campaign, name="发展党员数")
    with pytest.raises(services.CampaignError, match=archived):
        report_services.report_save(report=report, user=None, sections={}, problems=[], indicator_values={})
    with pytest.raises(services.CampaignError, match=archived):
        report_services.report_submit(report=report, user=None)


def test_reporters_and_indicators_are_fixed_once_the_meeting_starts(reporters, campaign, cast, counties):
    campaign = services.campaign_advance(campaign=campaign, user=cast.organizer_a, reason="按期召开")
    with pytest.raises(services.CampaignError, match="only while the campaign is being prepared"):
        services.reporter_remove(reporter=reporters.a3)
    with pytest.raises(services.CampaignError, match="only while the campaign is being prepared"):
        services.indicator_add(campaign=campaign, name="发展党员数")


def test_indicator_names_are_unique_within_a_campaign(campaign):
    services.indicator_add(campaign=campaign, name="发展党员数", unit="名")
    with pytest.raises(services.CampaignError, match="already has an indicator named “发展党员数”"):
        services.indicator_add(campaign=campaign, name=" 发展党员数 ")


def test_the_campaign_is_assessed_only_after_the_evaluation_closed_and_every_routine_score_is_in(
    reporters, campaign, cast
):

    evaluation, _codes = evaluation_opened(campaign, cast.organizer_a, codes={})
    campaign = services.campaign_advance(campaign=campaign, user=cast.organizer_a)
    with pytest.raises(services.CampaignError, match="Close the democratic evaluation"):
        services.campaign_advance(campaign=campaign, user=cast.organizer_a)
    evaluation_services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
    evaluation_services.routine_scores_set(evaluation=evaluation, scores={reporters.a1.pk: 90})
    with pytest.raises(services.CampaignError, match="missing for 江州市西区区委, 江州市北县县委"):
        services.campaign_advance(campaign=campaign, user=cast.organizer_a)
    evaluation_services.routine_scores_set(
        evaluation=evaluation, scores={reporters.a2.pk: 85, reporters.a3.pk: 80}
    )
    assert services.campaign_advance(campaign=campaign, user=cast.organizer_a).state == CampaignState.ASSESSED
