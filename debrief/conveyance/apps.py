from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConveyanceConfig(AppConfig):
    name = "debrief.conveyance"
    verbose_name = _("Conveyance")
