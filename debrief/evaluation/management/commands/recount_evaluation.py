from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from debrief.evaluation import services
from debrief.evaluation.models import Evaluation


class Command(BaseCommand):
    help = (
        "Recount (复核) the closed evaluation of a campaign: count and hash the stored ballots and paper "
        "tallies afresh, compare with the stored outcome and the digests frozen at close, record the "
        "recount and list what differs. Exit status 1 when anything differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign", type=int, help="the campaign's id")

    def handle(self, *args, campaign: int, **options):
        evaluation = Evaluation.objects.filter(campaign_id=campaign).select_related("campaign").first()
        if evaluation is None or not evaluation.is_closed:
            raise CommandError(_("Campaign %(id)d has no closed evaluation.") % {"id": campaign})
        recount = services.evaluation_recount(evaluation=evaluation)
        title = evaluation.campaign.title
        if recount.matches:
            self.stdout.write(
                _("%(title)s: %(n)d ballots recounted; the stored outcome and the digests match.")
                % {"title": title, "n": recount.ballots}
            )
            return
        self.stdout.write(
            _("%(title)s: %(n)d ballots recounted; these differ:") % {"title": title, "n": recount.ballots}
        )
        for difference in recount.differences:
            self.stdout.write(f"- {difference}")
        raise SystemExit(1)
