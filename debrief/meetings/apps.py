from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "debrief.meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from debrief.evaluation.venues import venue_names

        from .venue_selectors import venue_names as names_of_sub_venues

        venue_names.register(names_of_sub_venues)
