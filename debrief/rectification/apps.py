from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "debrief.rectification"
    verbose_name = _("Rectification")

    def ready(self):
        from debrief.reports.last_year import ledger_account

        from .report_account import ledger_account_for

        ledger_account.register(ledger_account_for)
