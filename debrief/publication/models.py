"""Publication (通报与反馈): the results notice in versions, each reporter's assessment opinion, and the
interviews (约谈) held with reporters graded fair or poor."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from debrief.campaigns.models import Campaign, Reporter


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded by a corrected version")


class Notice(models.Model):
    """The results notice (通报) of a campaign. Publishing freezes a version; a correction is a new
    version drafted from the last one, and publishing it supersedes (never rewrites) the old one."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="notices")
    version = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(max_length=12, choices=NoticeState.choices, default=NoticeState.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    meeting_section = models.TextField(_("the meeting"), blank=True)
    evaluation_section = models.TextField(_("the evaluation"), blank=True)
    grades_section = models.TextField(_("the grades"), blank=True)
    problems_section = models.TextField(_("common problems"), blank=True)
    requirements_section = models.TextField(_("requirements"), blank=True)
    rectification_deadline = models.DateField(_("rectification deadline"), null=True, blank=True)
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    # The attached results table as published: [{"name": ..., "grade": ..., ...}, ...]
    results_table = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("results notice")
        verbose_name_plural = _("results notices")
        ordering = ["campaign", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "version"], name="one_notice_per_version"),
            models.UniqueConstraint(
                fields=["campaign"], condition=Q(state="draft"), name="one_draft_notice_per_campaign"
            ),
            models.UniqueConstraint(
                fields=["campaign"], condition=Q(state="published"), name="one_published_notice_per_campaign"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class AssessmentOpinion(models.Model):
    """The organizer's assessment opinion (综合评价意见) on one reporter."""

    reporter = models.OneToOneField(Reporter, on_delete=models.CASCADE, related_name="assessment_opinion")
    text = models.TextField(_("assessment opinion"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessment opinion")
        verbose_name_plural = _("assessment opinions")

    def __str__(self) -> str:
        return str(self.reporter)


class Interview(models.Model):
    """An interview (约谈) with a reporter graded fair or poor: who held it, its points and commitments."""

    reporter = models.ForeignKey(Reporter, on_delete=models.CASCADE, related_name="interviews")
    held_on = models.DateField(_("date"))
    held_by = models.CharField(_("held by"), max_length=200)
    points = models.TextField(_("main points"))
    commitments = models.TextField(_("commitments"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.reporter} {self.held_on}"
