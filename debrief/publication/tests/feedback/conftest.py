"""A campaign of city A evaluated, assessed and published, built through the services.

Reporters (see debrief/conftest.py): A1 (the reporter_a1 login, on-site) graded “excellent”, A2
(on-site) “fair”, A3 (written) “poor”. Ballots: 5 of the host's leadership team, 5 of the
secretaries and department heads, 2 of the representatives (fewer than the 5 a category needs to be
shown on its own, so they appear only combined). A1 has a comment with two problems, both in the
rectification ledger, and an assessment opinion.
"""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from debrief.campaigns import services as campaign_services
from debrief.campaigns.models import Campaign, CampaignState
from debrief.evaluation import services as evaluation_services
from debrief.meetings import commenting
from debrief.publication.models import AssessmentOpinion
from debrief.rectification import sources
from debrief.testing.factories import meeting_set_up

LEADERS = "Host leadership team"
SECRETARIES = "Secretaries and department heads"
REPRESENTATIVES = "Party member and masses representatives"
INDICATORS = ["抓党建责任落实", "基层党建工作成效"]
BALLOTS = {LEADERS: 5, SECRETARIES: 5, REPRESENTATIVES: 2}
OPINION = "该同志履行抓基层党建第一责任人职责较好，党建工作与业务工作融合推进，成效明显。"


def publish(campaign: Campaign) -> Campaign:
    """Published, as the results notice's service will do it (set here directly)."""
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.PUBLISHED)
    campaign.refresh_from_db()
    return campaign


def _vote(campaign, reporters, organizer):
    campaign_services.campaign_advance(campaign=campaign, user=organizer, reason="测试：不等报告")
    evaluation = evaluation_services.evaluation_set_up(campaign)
    evaluation_services.sub_indicators_set(evaluation=evaluation, names=INDICATORS)
    codes = {
        category.name: evaluation_services.codes_issue(
            evaluation=evaluation, category=category, count=BALLOTS[category.name], user=organizer
        )
        for category in evaluation.categories.all()
    }
    evaluation_services.voting_open(evaluation=evaluation, user=organizer)
    for issued in codes.values():
        for code in issued:
            evaluation_services.ballot_cast(
                code_text=code,
                ratings={
                    reporters.a1.pk: ["excellent", "excellent", "good"],
                    reporters.a2.pk: ["fair", "fair", "good"],
                    reporters.a3.pk: ["poor", "poor", "fair"],
                },
            )
    evaluation = evaluation_services.voting_close(evaluation=evaluation, user=organizer)
    evaluation_services.routine_scores_set(
        evaluation=evaluation,
        scores={reporters.a1.pk: Decimal(95), reporters.a2.pk: Decimal(70), reporters.a3.pk: Decimal(60)},
        user=organizer,
    )
    return evaluation


@pytest.fixture
def assessed(campaign, reporters, cast):
    """The campaign assessed (not yet published), with comments, ledger items and an opinion."""
    organizer = cast.organizer_a
    meeting_set_up(campaign)
    commenting.comment_save(
        reporter=reporters.a1,
        role="principal",
        commenter="市委书记 李华",
        achievements="抓党建责任意识强，基层组织建设扎实。",
        problems=["党员教育管理方式创新不够。", "党建与业务融合的抓手不多。"],
        requirements="聚焦问题抓整改，年底前见到实效。",
        user=organizer,
    )
    commenting.comment_save(
        reporter=reporters.a2, role="in_charge", commenter="副市长 周敏", problems=["基层党建投入不足。"]
    )
    evaluation = _vote(campaign, reporters, organizer)
    sources.items_from_comments(campaign=campaign, user=organizer)
    campaign.refresh_from_db()
    campaign = campaign_services.campaign_advance(campaign=campaign, user=organizer, reason="测试")
    campaign = campaign_services.campaign_advance(campaign=campaign, user=organizer, reason="测试")
    assert campaign.state == CampaignState.ASSESSED
    AssessmentOpinion.objects.create(reporter=reporters.a1, text=OPINION, written_by=organizer)
    return SimpleNamespace(campaign=campaign, evaluation=evaluation, reporters=reporters)


@pytest.fixture
def published(assessed):
    publish(assessed.campaign)
    return assessed
