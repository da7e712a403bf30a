"""Democratic evaluation (民主测评): schemes, ballot codes, anonymous ballots, paper tallies.

Anonymity is a property of these tables: a ballot row holds its evaluation, its evaluator
category and its ratings, nothing else — no code, code hash, user, address, device or time.
Its identifier is random, and at close every ballot and receipt is rewritten in random order,
so neither identifiers nor storage order reveal the order of submission. Nothing links a
ballot code to the ballot it admitted; the code row keeps only a keyed hash and a used flag.
A ballot is written with its code's update only sealed (`StagedBallot`), and enters the ballot
box in batches (services/ballot_box.py), so not even PostgreSQL's row versions link the two.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from debrief.campaigns.models import Campaign, Reporter

from .scheme_models import PERCENT, Rating, SavedScheme, SchemeSettings  # noqa: F401 (SavedScheme: registered)

VENUE_LABEL_MAX = 16  # a sub-venue's short code, as printed on its slips


def _public_key() -> str:
    return secrets.token_urlsafe(12)


class EvaluationState(models.TextChoices):
    SETUP = "setup", _("Being set up")
    OPEN = "open", _("Voting open")
    CLOSED = "closed", _("Closed")


class Evaluation(SchemeSettings):
    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="evaluation")
    state = models.CharField(max_length=8, choices=EvaluationState.choices, default=EvaluationState.SETUP)
    # Names the evaluation in public links (receipts) without exposing its sequential id.
    public_key = models.CharField(max_length=24, unique=True, default=_public_key, editable=False)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quorum_override_reason = models.TextField(_("reason for closing below the quorum"), blank=True)
    # Frozen at close: the figures of the integrity check and the digests of what was counted.
    close_check = models.JSONField(default=dict, blank=True)
    ballots_digest = models.CharField(max_length=64, blank=True)
    paper_digest = models.CharField(max_length=64, blank=True)
    # 1: lib.tally.canonical_digest over every rating (evaluations closed before outcomes were stored);
    # 2: lib.tally.box_digest over the ballots' own digests.
    digest_version = models.PositiveSmallIntegerField(default=2, editable=False)

    class Meta:
        verbose_name = _("democratic evaluation")
        verbose_name_plural = _("democratic evaluations")

    def __str__(self) -> str:
        return str(self.campaign)

    @property
    def is_setup(self) -> bool:
        return self.state == EvaluationState.SETUP

    @property
    def is_open(self) -> bool:
        return self.state == EvaluationState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == EvaluationState.CLOSED


class EvaluatorCategory(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("evaluator category"), max_length=60)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2, validators=PERCENT)
    # How many evaluators of this category are expected (for the quorum); None: as many as codes issued.
    expected = models.PositiveIntegerField(_("expected evaluators"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("evaluator category")
        verbose_name_plural = _("evaluator categories")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "name"], name="one_category_name_per_evaluation")
        ]

    def __str__(self) -> str:
        return self.name


class SubIndicator(models.Model):
    """A rated aspect besides the overall rating (position 0 on a ballot is always the overall one)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="sub_indicators")
    name = models.CharField(_("indicator"), max_length=60)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "position"], name="one_indicator_per_position")
        ]

    def __str__(self) -> str:
        return self.name


class BallotCode(models.Model):
    """A one-time code, kept only as a keyed hash. Nothing here names the ballot it admitted."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="codes")
    category = models.ForeignKey(EvaluatorCategory, on_delete=models.PROTECT, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    serial = models.PositiveIntegerField()  # printed small on the slip, to count slips handed out
    used = models.BooleanField(default=False)
    # The sub-venue (分会场) the code was issued for, by its short code; blank: the main venue. Only
    # turnout is counted by venue: ballots never carry it, so results cannot be read by venue.
    venue = models.CharField(_("meeting venue"), max_length=VENUE_LABEL_MAX, blank=True, default="")
    # A lost slip's code is voided by its serial, only while unused: it then admits no ballot, and
    # the voiding says nothing about any ballot. Issued = used + unused + voided (the integrity check).
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    void_reason = models.CharField(_("reason for voiding"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["category", "serial"], name="one_code_per_serial")]

    def __str__(self) -> str:
        return f"#{self.serial} ({self.category})"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


def _ballot_id() -> uuid.UUID:
    return uuid.uuid4()


class Ballot(models.Model):
    """One evaluator's ratings, stored whole. Deliberately no timestamp, code or origin."""

    id = models.UUIDField(primary_key=True, default=_ballot_id, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="ballots")
    category = models.ForeignKey(EvaluatorCategory, on_delete=models.PROTECT, related_name="ballots")
    # {"<reporter id>": [overall rating, sub-indicator 1 rating or null, ...]}
    ratings = models.JSONField()
    digest = models.CharField(
        max_length=64, default=""
    )  # lib.tally.ballot_digest, computed as it enters the box

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"ballot {self.pk}"


class Receipt(models.Model):
    """A receipt code handed to an evaluator; published after close, linked to no ballot."""

    id = models.UUIDField(primary_key=True, default=_ballot_id, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="receipts")
    code = models.CharField(max_length=12)  # R-XXXX-XXXX

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "code"], name="one_receipt_code_per_evaluation")
        ]

    def __str__(self) -> str:
        return self.code


class StagedBallot(models.Model):
    """An accepted ballot waiting for a batch of its category. It is written in the transaction that
    uses its code, so it shares that row version's xmin: its ratings and receipt are sealed (encrypted
    under a key the database does not hold, every seal of an evaluation of one length), and others
    move it into the ballot box. Its category is the code's, which the code's row names already."""

    id = models.UUIDField(primary_key=True, default=_ballot_id, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="staged_ballots")
    category = models.ForeignKey(EvaluatorCategory, on_delete=models.PROTECT, related_name="staged_ballots")
    # A keyed hash of the sealed receipt code: keeps receipt codes unique before they are published.
    receipt_hash = models.CharField(max_length=64)
    sealed = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "receipt_hash"], name="one_staged_receipt_per_evaluation"
            )
        ]

    def __str__(self) -> str:
        return f"staged ballot {self.pk}"


class PaperTally(models.Model):
    """One organizer's count of a category's paper ballots; two matching entries make it count."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="paper_tallies")
    category = models.ForeignKey(EvaluatorCategory, on_delete=models.PROTECT, related_name="paper_tallies")
    entry = models.PositiveSmallIntegerField()  # 1: first entry, 2: the independent second entry
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)
    ballots = models.PositiveIntegerField(_("valid paper ballots"))
    # {"<reporter id>": {"excellent": n, "good": n, "fair": n, "poor": n}}
    counts = models.JSONField()

    class Meta:
        ordering = ["category__position", "entry"]
        constraints = [
            models.UniqueConstraint(fields=["category", "entry"], name="two_entries_per_category"),
            models.CheckConstraint(condition=models.Q(entry__in=[1, 2]), name="entry_is_first_or_second"),
        ]

    def __str__(self) -> str:
        return f"{self.category} #{self.entry}"


class RoutineScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="routine_scores")
    reporter = models.OneToOneField(Reporter, on_delete=models.CASCADE, related_name="routine_score")
    score = models.DecimalField(
        _("routine assessment score"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.reporter}: {self.score}"


class EvaluationEvent(models.Model):
    """Who opened, closed or overrode what, and when: the evaluation's own record (never about ballots)."""

    class Action(models.TextChoices):
        OPENED = "opened", _("Voting opened")
        CLOSED = "closed", _("Voting closed")
        CODES_ISSUED = "codes_issued", _("Codes issued")
        CODES_WITHDRAWN = "codes_withdrawn", _("A sub-venue's unused codes withdrawn")
        CODE_VOIDED = "code_voided", _("A lost slip's code voided")
        ROUTINE_IMPORTED = "routine_imported", _("Routine scores imported")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    details = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.action}"


# The counts and outcomes live in a module of their own; importing them here registers them.
from .outcome_models import BoxCount, Recount, ReporterOutcome  # noqa: E402, F401
