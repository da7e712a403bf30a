"""What a lower host files with its superior (上报): its campaign plan, its meeting, its published
results and its rectification lists, each once, each frozen as it stood when filed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from debrief.campaigns.models import Campaign
from debrief.orgs.models import Organization


class FilingKind(models.TextChoices):
    # In the order a campaign reaches them.
    PLAN = "plan", _("Work arrangements of the debriefing")  # 述职评议工作安排
    MEETING = "meeting", _("The meeting")  # 会议情况
    RESULTS = "results", _("The evaluation results")  # 测评结果
    LISTS = "lists", _("The three lists")  # 三张清单


class Filing(models.Model):
    """One kind of material a host filed for its campaign. The snapshot is a copy: the superior reads
    it as filed, while the host's own records stay theirs and may go on changing."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="filings")
    kind = models.CharField(_("kind"), max_length=12, choices=FilingKind.choices)
    # The host's parent organization when filed: the direct superior, which the lower level reports to
    # (a plan may come from higher up, but the material goes one level up, as in practice).
    filed_to = models.ForeignKey(
        Organization, verbose_name=_("filed with"), on_delete=models.PROTECT, related_name="filings_received"
    )
    filed_at = models.DateTimeField(_("filed at"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_by_name = models.CharField(max_length=150, blank=True)  # kept if the account goes
    snapshot = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering = ["campaign", "filed_at"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="one_filing_per_kind")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_kind_display()}"
