"""Setting up the scheme: saved whole or not at all, and only while the campaign can change."""

from decimal import Decimal

import pytest

from debrief.campaigns.models import Campaign, CampaignState
from debrief.evaluation import services
from debrief.evaluation.models import Evaluation
from debrief.lib.errors import DomainError

LEADERS = "Host leadership team"
SECRETARIES = "Secretaries and department heads"
REPRESENTATIVES = "Party member and masses representatives"


def test_a_scheme_refused_for_its_categories_keeps_its_earlier_settings(campaign, reporters, cast):
    evaluation = services.evaluation_set_up(campaign)
    with pytest.raises(services.EvaluationError, match="they add up to 90%"):
        services.scheme_set(
            evaluation=evaluation,
            values={"points_excellent": 95},
            categories=[("领导班子", Decimal(30), None), ("代表", Decimal(60), None)],
            sub_indicators=["政治建设"],
        )
    stored = Evaluation.objects.get()
    assert stored.points_excellent == 100
    assert [c.name for c in stored.categories.all()] == [LEADERS, SECRETARIES, REPRESENTATIVES]
    assert not stored.sub_indicators.exists()


def test_an_archived_campaigns_scheme_is_refused_even_through_an_object_read_before_archiving(
    campaign, reporters, cast
):
    evaluation = services.evaluation_set_up(campaign)  # holds the campaign as it was: preparing
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.ARCHIVED)
    with pytest.raises(DomainError, match="The campaign is archived and can no longer be changed"):
        services.sub_indicators_set(evaluation=evaluation, names=["政治建设"])
    assert not evaluation.sub_indicators.exists()
