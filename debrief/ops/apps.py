from django.apps import AppConfig


class OpsConfig(AppConfig):
    """What running the site needs and no user sees: the health check."""

    name = "debrief.ops"
    verbose_name = "Operations"
