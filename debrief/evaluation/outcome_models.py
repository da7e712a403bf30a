"""What an evaluation counted: running counts of the box while voting, each reporter's stored outcome
from close on, and every recount (复核) that checked them against the ballots."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from debrief.campaigns.models import Reporter


class BoxCount(models.Model):
    """How many ballots of one category are in the box and what they rate, added to by each batch
    that enters it (services/ballot_box.py), so closing never counts the ballots themselves. It says
    no more than the ballots it sums, which are stored beside it."""

    evaluation = models.ForeignKey("evaluation.Evaluation", on_delete=models.CASCADE, related_name="+")
    category = models.OneToOneField(
        "evaluation.EvaluatorCategory", on_delete=models.CASCADE, related_name="box_count"
    )
    ballots = models.PositiveIntegerField(default=0)
    # {"<reporter id>": [[excellent, good, fair, poor] for the overall indicator, then each sub-indicator]}
    counts = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.category}: {self.ballots}"


class ReporterOutcome(models.Model):
    """A reporter's result, stored at close and kept current while routine scores may change: the
    counts it rests on (exact figures are tallied from them) and the figures other pages read."""

    evaluation = models.ForeignKey("evaluation.Evaluation", on_delete=models.CASCADE, related_name="outcomes")
    reporter = models.OneToOneField(Reporter, on_delete=models.CASCADE, related_name="outcome")
    # {"<category id>": [[excellent, good, fair, poor] for the overall indicator, then each sub-indicator]};
    # the overall counts include the category's counted paper ballots.
    counts = models.JSONField(default=dict)
    valid = models.PositiveIntegerField(default=0)
    # Rounded half up to six places; pages showing one evaluation tally the exact figures from `counts`.
    evaluation_score = models.DecimalField(max_digits=10, decimal_places=6, null=True)
    routine_score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    comprehensive_score = models.DecimalField(max_digits=10, decimal_places=6, null=True)
    good_rate = models.DecimalField(max_digits=9, decimal_places=6, null=True)  # a share, 0 to 1
    poor_rate = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    grade = models.CharField(max_length=12, blank=True)
    grade_rule = models.CharField(max_length=24, blank=True)
    rank = models.PositiveIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["evaluation", "grade"], name="outcome_grade_idx")]

    def __str__(self) -> str:
        return f"{self.reporter}: {self.grade or '-'}"


class Recount(models.Model):
    """One recount (复核): the stored ballots and paper tallies counted afresh and hashed, compared with
    the stored outcome and the digests frozen at close."""

    evaluation = models.ForeignKey("evaluation.Evaluation", on_delete=models.CASCADE, related_name="recounts")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    matches = models.BooleanField()
    ballots = models.PositiveIntegerField()
    # What differs, each as plain words: ["Ballots digest: frozen …, recomputed …", ...]
    differences = models.JSONField(default=list)

    class Meta:
        verbose_name = _("recount")
        verbose_name_plural = _("recounts")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.evaluation} {self.at:%Y-%m-%d %H:%M}"
