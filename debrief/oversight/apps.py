from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "debrief.oversight"
    verbose_name = _("Oversight")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from debrief.campaigns.models import Reporter
        from debrief.evaluation.models import ReporterOutcome
        from debrief.evaluation.services.outcome import outcome_changed
        from debrief.meetings.models import CommentProblem
        from debrief.publication.models import Interview
        from debrief.rectification.models import Item
        from debrief.reports.models import Report, ReportVersion

        from . import figures

        # The dashboard's figures of a campaign go stale with any change to the facts they count.
        for when, signal in (("saved", post_save), ("deleted", post_delete)):
            for model in (Reporter, Item):
                signal.connect(
                    figures.on_campaign_fact_changed,
                    sender=model,
                    dispatch_uid=f"figures-{model.__name__}-{when}",
                )
            for model in (Report, Interview, ReporterOutcome):
                signal.connect(
                    figures.on_reporters_fact_changed,
                    sender=model,
                    dispatch_uid=f"figures-{model.__name__}-{when}",
                )
            signal.connect(
                figures.on_comment_problem_changed,
                sender=CommentProblem,
                dispatch_uid=f"figures-problem-{when}",
            )
            signal.connect(
                figures.on_report_version_changed,
                sender=ReportVersion,
                dispatch_uid=f"figures-version-{when}",
            )
        outcome_changed.register(figures.on_outcome_changed)

        from debrief.campaigns.recurring import earlier_problems

        from .recurring import earlier_problems_for

        earlier_problems.register(earlier_problems_for)
