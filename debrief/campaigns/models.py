from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from debrief.lib.text import parenthesized
from debrief.orgs.models import Organization, Person


class CampaignState(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    MEETING = "meeting", _("Meeting")
    EVALUATING = "evaluating", _("Evaluating")
    ASSESSED = "assessed", _("Assessed")
    PUBLISHED = "published", _("Published")
    RECTIFYING = "rectifying", _("Rectifying")
    ARCHIVED = "archived", _("Archived")


# The lifecycle runs one way; each state has exactly one next state.
NEXT_STATE = {
    CampaignState.PREPARING: CampaignState.MEETING,
    CampaignState.MEETING: CampaignState.EVALUATING,
    CampaignState.EVALUATING: CampaignState.ASSESSED,
    CampaignState.ASSESSED: CampaignState.PUBLISHED,
    CampaignState.PUBLISHED: CampaignState.RECTIFYING,
    CampaignState.RECTIFYING: CampaignState.ARCHIVED,
}


class Campaign(models.Model):
    """One host organization's annual debriefing, review and assessment."""

    host = models.ForeignKey(
        Organization, verbose_name=_("host organization"), on_delete=models.PROTECT, related_name="campaigns"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    report_deadline = models.DateField(_("report deadline"))
    meeting_date = models.DateField(_("meeting date"))
    state = models.CharField(
        _("state"), max_length=16, choices=CampaignState.choices, default=CampaignState.PREPARING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "host__path"]
        constraints = [
            models.UniqueConstraint(fields=["host", "year"], name="one_campaign_per_host_and_year")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_archived(self) -> bool:
        return self.state == CampaignState.ARCHIVED

    @property
    def next_state(self) -> CampaignState | None:
        return NEXT_STATE.get(CampaignState(self.state))


class CampaignTransition(models.Model):
    """The history of a campaign's state: who moved it, when, and why."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=CampaignState.choices)
    to_state = models.CharField(max_length=16, choices=CampaignState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.from_state} → {self.to_state}"


class ReportMode(models.TextChoices):
    ON_SITE = "on_site", _("On-site report")
    WRITTEN = "written", _("Written report")


class Reporter(models.Model):
    """A secretary taking part in a campaign for one subordinate organization."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reporters")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("secretary"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("mode"), max_length=16, choices=ReportMode.choices, default=ReportMode.WRITTEN)
    # The speaking order of on-site reporters; written reporters have none.
    speaking_order = models.PositiveSmallIntegerField(_("speaking order"), null=True, blank=True)

    class Meta:
        verbose_name = _("reporter")
        verbose_name_plural = _("reporters")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"], name="one_reporter_per_organization"
            ),
            models.UniqueConstraint(
                fields=["campaign", "speaking_order"],
                condition=models.Q(speaking_order__isnull=False),
                name="one_speaker_per_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} {self.person.name}"

    @property
    def is_on_site(self) -> bool:
        return self.mode == ReportMode.ON_SITE


class KeyIndicator(models.Model):
    """A figure every reporter of the campaign fills in with the report."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=100)
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("key indicator")
        verbose_name_plural = _("key indicators")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="indicator_names_unique")]

    def __str__(self) -> str:
        return f"{self.name}{parenthesized(self.unit)}" if self.unit else self.name
