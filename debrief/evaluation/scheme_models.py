"""The rules of an evaluation (民主测评): the ratings, the scheme's settings an evaluation copies and
a host may keep as a saved scheme. `models` imports them, so they register with the app."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from debrief.orgs.models import Organization

from .shares import validate_share

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Rating(models.TextChoices):
    EXCELLENT = "excellent", pgettext_lazy("rating", "Excellent")
    GOOD = "good", pgettext_lazy("rating", "Good")
    FAIR = "fair", pgettext_lazy("rating", "Fair")
    POOR = "poor", pgettext_lazy("rating", "Poor")


class SchemeSettings(models.Model):
    """The rules of an evaluation; kept on a saved scheme and copied onto each evaluation."""

    points_excellent = models.DecimalField(
        _("points for excellent"), max_digits=6, decimal_places=2, default=100
    )
    points_good = models.DecimalField(_("points for good"), max_digits=6, decimal_places=2, default=85)
    points_fair = models.DecimalField(_("points for fair"), max_digits=6, decimal_places=2, default=70)
    points_poor = models.DecimalField(_("points for poor"), max_digits=6, decimal_places=2, default=50)
    evaluation_weight = models.DecimalField(
        _("weight of the evaluation (%)"), max_digits=5, decimal_places=2, default=60, validators=PERCENT
    )
    good_rate_counts_good = models.BooleanField(
        _("good rate counts “good” as well as “excellent”"), default=True
    )
    ballot_excellent_cap = models.CharField(
        _("most “excellent” ratings on one ballot (share of reporters)"),
        max_length=16,
        blank=True,
        validators=[validate_share],
        help_text=_("For example 1/3; blank for no cap."),
    )
    refuse_uniform_ballots = models.BooleanField(
        _("refuse a ballot that gives every reporter the same rating"), default=False
    )
    poor_rate_threshold = models.CharField(
        _("poor rate that makes the grade “poor”"),
        max_length=16,
        blank=True,
        default="1/3",
        validators=[validate_share],
        help_text=_("For example 1/3; blank for no such rule."),
    )
    band_excellent = models.DecimalField(
        _("lowest score for “excellent”"), max_digits=6, decimal_places=2, default=90
    )
    band_good = models.DecimalField(_("lowest score for “good”"), max_digits=6, decimal_places=2, default=80)
    band_fair = models.DecimalField(_("lowest score for “fair”"), max_digits=6, decimal_places=2, default=60)
    excellent_grade_cap = models.CharField(
        _("most reporters graded “excellent” (share)"),
        max_length=16,
        blank=True,
        validators=[validate_share],
        help_text=_("For example 30%; blank for no cap."),
    )
    quorum = models.CharField(
        _("quorum (more than this share of expected evaluators)"),
        max_length=16,
        default="1/2",
        validators=[validate_share],
    )
    publish_ranks = models.BooleanField(
        _("publish ranks in the results notice and on the feedback sheets"),
        default=True,
        help_text=_(
            "Without ranks, the notice lists each grade in speaking order; organizers still see them."
        ),
    )
    min_category_ballots_shown = models.PositiveSmallIntegerField(
        _("fewest ballots for a category to be shown on its own"),
        default=5,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        abstract = True

    SETTINGS_FIELDS = (
        "points_excellent",
        "points_good",
        "points_fair",
        "points_poor",
        "evaluation_weight",
        "good_rate_counts_good",
        "ballot_excellent_cap",
        "refuse_uniform_ballots",
        "poor_rate_threshold",
        "band_excellent",
        "band_good",
        "band_fair",
        "excellent_grade_cap",
        "quorum",
        "publish_ranks",
        "min_category_ballots_shown",
    )

    @property
    def points(self) -> dict[str, Decimal]:
        return {
            Rating.EXCELLENT: self.points_excellent,
            Rating.GOOD: self.points_good,
            Rating.FAIR: self.points_fair,
            Rating.POOR: self.points_poor,
        }

    @property
    def routine_weight(self) -> Decimal:
        return 100 - self.evaluation_weight


class SavedScheme(SchemeSettings):
    """A scheme a host keeps to set up next year's (or another) evaluation the same way."""

    host = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="evaluation_schemes")
    name = models.CharField(_("name"), max_length=100)
    # [{"name": ..., "weight": "30"}] and [sub-indicator names]
    categories = models.JSONField(default=list)
    sub_indicators = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved evaluation scheme")
        verbose_name_plural = _("saved evaluation schemes")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["host", "name"], name="one_scheme_name_per_host")]

    def __str__(self) -> str:
        return self.name
