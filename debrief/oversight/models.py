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
