"""What oversight keeps of its own: the hosts an organizer exempts from holding a year's campaign."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from debrief.orgs.models import Organization


class HostExemption(models.Model):
    """An organization the tree expects to host a campaign that does not hold one this year (merged,
    newly formed, covered by its superior's campaign…); the reason shows on the dashboard."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("host exemption")
        verbose_name_plural = _("host exemptions")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_exemption_per_host_and_year")
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"


class CampaignFigures(models.Model):
    """What one campaign adds up to, kept for the dashboard so that a province's page sums one small
    row per campaign, in the database, instead of every reporter, outcome and ledger item below it.
    Writes that change these facts mark the row stale (`figures.py`); the next read recounts the
    stale rows only."""

    campaign = models.OneToOneField("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    reporters = models.PositiveIntegerField(default=0)
    reported = models.PositiveIntegerField(default=0)  # reports submitted or accepted
    excellent = models.PositiveIntegerField(default=0)  # reporters by grade
    good = models.PositiveIntegerField(default=0)
    fair = models.PositiveIntegerField(default=0)
    poor = models.PositiveIntegerField(default=0)
    interviewed = models.PositiveIntegerField(default=0)  # of those graded fair or poor
    items_open = models.PositiveIntegerField(default=0)  # ledger items by status
    items_in_progress = models.PositiveIntegerField(default=0)
    items_submitted = models.PositiveIntegerField(default=0)
    items_returned = models.PositiveIntegerField(default=0)
    items_signed_off = models.PositiveIntegerField(default=0)
    # Problems of the year repeating one raised for the same organization in an earlier year.
    recurring = models.PositiveIntegerField(default=0)
    stale = models.BooleanField(default=False)
    # When a write last marked the row stale: a recount begun before it does not clear the mark.
    marked_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"figures of campaign {self.campaign_id}"


class CampaignOwedItems(models.Model):
    """A campaign's ledger items still owed (and not carried away) that fall due on one day: overdue
    is counted on the day the dashboard is read, in the database."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    deadline = models.DateField()
    items = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "deadline"], name="one_owed_row_per_day")]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.deadline}: {self.items}"
