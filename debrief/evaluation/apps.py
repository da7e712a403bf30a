from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "debrief.evaluation"
    verbose_name = _("Democratic evaluation")

    def ready(self):
        from debrief.campaigns import steps
        from debrief.campaigns.models import CampaignState

        from .selectors import assessment_blockers

        steps.register(CampaignState.EVALUATING, lambda campaign, reason: assessment_blockers(campaign))
