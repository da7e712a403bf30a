from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "debrief.plans"
    verbose_name = _("Plans")

    def ready(self):
        # A campaign started from a plan keeps what the plan locks (adoption.py says what each fixes).
        from debrief.campaigns import guards
        from debrief.evaluation.services import scheme

        from . import adoption

        guards.dates_guard.register(adoption.date_problems)
        guards.indicators_guard.register(adoption.indicator_problems)
        scheme.scheme_guard.register(adoption.scheme_problems)
