from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from debrief.evaluation import services
from debrief.evaluation.models import Evaluation, EvaluationState


class Command(BaseCommand):
    help = (
        "Recount (复核) the closed evaluation of a campaign, or with --all of every campaign: count and "
        "hash the stored ballots and paper tallies afresh, compare with the stored outcome and the digests "
        "frozen at close, record the recount and list what differs. Exit status 1 when anything differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign", type=int, nargs="?", help="the campaign's id")
        parser.add_argument(
            "--all", action="store_true", help="recount every closed evaluation (after restoring a backup)"
        )

    def handle(self, *args, campaign: int | None, all: bool, **options):
        if all == (campaign is not None):
            raise CommandError(_("Name one campaign by its id, or recount them all with --all."))
        closed = Evaluation.objects.filter(state=EvaluationState.CLOSED)
        if all:
            evaluations = list(closed.select_related("campaign").order_by("campaign_id"))
            self.stdout.write(
                ngettext(
                    "%(n)d closed evaluation to recount.",
                    "%(n)d closed evaluations to recount.",
                    len(evaluations),
                )
                % {"n": len(evaluations)}
            )
        else:
            evaluations = list(closed.filter(campaign_id=campaign).select_related("campaign"))
            if not evaluations:
                raise CommandError(_("Campaign %(id)d has no closed evaluation.") % {"id": campaign})
        differing = [evaluation for evaluation in evaluations if not self._recount(evaluation)]
        if differing:
            raise SystemExit(1)

    def _recount(self, evaluation: Evaluation) -> bool:
        recount = services.evaluation_recount(evaluation=evaluation)
        title = evaluation.campaign.title
        if recount.matches:
            self.stdout.write(
                _("%(title)s: %(n)d ballots recounted; the stored outcome and the digests match.")
                % {"title": title, "n": recount.ballots}
            )
            return True
        self.stdout.write(
            _("%(title)s: %(n)d ballots recounted; these differ:") % {"title": title, "n": recount.ballots}
        )
        for difference in recount.differences:
            self.stdout.write(f"- {difference}")
        return False
