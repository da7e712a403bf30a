"""The year's work plan (工作方案) a superior issues over its subtree, and the campaigns started from it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from debrief.campaigns.models import Campaign
from debrief.evaluation.models import SchemeSettings
from debrief.orgs.models import Level, Organization


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # Not "Published": that is the results notice's state (已通报); a plan is issued (已印发).
    PUBLISHED = "published", _("Issued")


class Plan(SchemeSettings):
    """What the issuer asks of every host below it for one year: deadlines by level, the evaluation
    scheme, key indicators and report guidance, and which of them lower levels may change."""

    issuer = models.ForeignKey(
        Organization, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)  # 文号
    guidance = models.TextField(_("what the reports cover"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    # [{"name": ..., "weight": "30"}], [sub-indicator names], [{"name": ..., "unit": ...}]
    categories = models.JSONField(default=list)
    sub_indicators = models.JSONField(default=list)
    indicators = models.JSONField(default=list)
    # What a host starting from the plan may change.
    scheme_locked = models.BooleanField(_("points, bands and rules are fixed"), default=True)
    categories_locked = models.BooleanField(
        _("evaluator categories and their weights are fixed"), default=False
    )
    indicators_locked = models.BooleanField(_("key indicators are fixed"), default=True)
    # Days lower hosts have to file their meeting and results after the event, and to convey a meeting.
    filing_days = models.PositiveSmallIntegerField(_("days to file after the event"), default=7)
    conveyance_days = models.PositiveSmallIntegerField(_("days to convey a superior's meeting"), default=30)
    state = models.CharField(max_length=12, choices=PlanState.choices, default=PlanState.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-year", "issuer__path"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="one_plan_per_issuer_and_year")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == PlanState.PUBLISHED


class PlanDeadline(models.Model):
    """The day by which hosts of one level hold their meeting; a level without a row is not expected."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="deadlines")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    deadline = models.DateField(_("meeting held by"))

    class Meta:
        ordering = ["deadline", "level"]
        constraints = [models.UniqueConstraint(fields=["plan", "level"], name="one_deadline_per_level")]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.deadline}"


class PlanAdoption(models.Model):
    """A campaign started from a plan: the link the superior follows, and the locks it keeps."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="adoptions")
    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="plan_adoption")
    started_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.campaign} ← {self.plan}"
