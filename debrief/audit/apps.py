from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "debrief.audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from . import signals  # noqa: F401  (logins and failed logins are recorded)
