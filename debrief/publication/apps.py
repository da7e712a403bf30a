from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "debrief.publication"
    verbose_name = _("Publication")

    def ready(self):
        from debrief.campaigns import steps
        from debrief.campaigns.models import CampaignState

        from .services import notice_published_check

        steps.register(CampaignState.ASSESSED, notice_published_check)
