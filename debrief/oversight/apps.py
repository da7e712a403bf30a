from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "debrief.oversight"
    verbose_name = _("Oversight")

    def ready(self):
        from debrief.campaigns.recurring import earlier_problems

        from .recurring import earlier_problems_for

        earlier_problems.register(earlier_problems_for)
