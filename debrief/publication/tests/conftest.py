from decimal import Decimal

import pytest

from debrief.campaigns.models import CampaignState
from debrief.campaigns.services import campaign_advance
from debrief.evaluation import services as evaluation_services
from debrief.meetings.commenting import comment_save
from debrief.publication import notice_prefill
from debrief.reports import services as report_services
from debrief.testing.factories import evaluation_opened, meeting_set_up, report_write


@pytest.fixture(autouse=True)
def _notices_in_english(monkeypatch):
    # Notices are written in the site's language (Chinese); asserted here in English, as services are.
    monkeypatch.setattr(notice_prefill, "NOTICE_LANGUAGE", "en")


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


COMMENT_PROBLEMS = ["“三会一课”落实不够规范，组织生活质量不高。", "党建与业务融合不够紧密。"]


def evaluated(campaign, reporters, cast, *, routine=True):
    """City A's campaign after its meeting: A1's report submitted, A1 commented on, every ballot
    cast (A1 excellent, A2 good, A3 fair) and voting closed; routine scores of 90 unless told not."""
    report_services.report_submit(report=report_write(reporters.a1), user=None)
    meeting_set_up(campaign)
    comment_save(
        reporter=reporters.a1,
        role="in_charge",
        commenter="副局长 王建国",
        achievements="抓党建责任意识较强",
        problems=COMMENT_PROBLEMS,
        requirements="要抓好问题整改",
        user=cast.organizer_a,
    )
    evaluation, codes = evaluation_opened(campaign, cast.organizer_a)
    ratings = {reporters.a1.pk: ["excellent"], reporters.a2.pk: ["good"], reporters.a3.pk: ["fair"]}
    for category_codes in codes.values():
        for code in category_codes:
            evaluation_services.ballot_cast(code_text=code, ratings=ratings)
    evaluation = evaluation_services.voting_close(evaluation=evaluation, user=cast.organizer_a)
    campaign_advance(campaign=campaign, user=cast.organizer_a)
    if routine:
        evaluation_services.routine_scores_set(
            evaluation=evaluation, scores={r.pk: Decimal(90) for r in campaign.reporters.all()}
        )
    campaign.refresh_from_db()
    return evaluation


@pytest.fixture
def assessed(campaign, reporters, cast):
    """City A's 2022 campaign, assessed: A1 好, A2 较好, A3 一般."""
    evaluated(campaign, reporters, cast)
    campaign_advance(campaign=campaign, user=cast.organizer_a)
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.ASSESSED
    return campaign
