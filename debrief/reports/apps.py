from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "debrief.reports"
    verbose_name = _("Debrief reports")

    def ready(self):
        from django.core import checks

        from debrief.campaigns import report_state, steps
        from debrief.campaigns.models import CampaignState
        from debrief.lib.background import check_shared_cache

        from .selectors import reports_missing_before_meeting, unsubmitted_label_expression

        steps.register(CampaignState.PREPARING, reports_missing_before_meeting)
        report_state.unsubmitted_label.register(unsubmitted_label_expression)
        checks.register(check_shared_cache)
