from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "debrief.reports"
    verbose_name = _("Debrief reports")

    def ready(self):
        from debrief.campaigns import steps
        from debrief.campaigns.models import CampaignState

        from .selectors import reports_missing_before_meeting

        steps.register(CampaignState.PREPARING, reports_missing_before_meeting)
