"""The rectification ledger (整改台账): one item per problem, from its source to sign-off (销号)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.campaigns.models import Campaign, Reporter
from debrief.lib import uploads
from debrief.meetings.models import CommentProblem
from debrief.orgs.models import Person


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted for verification")
    RETURNED = "returned", _("Returned")
    SIGNED_OFF = "signed_off", _("Signed off")


# Statuses in which the reporter still owes work: only these can be overdue. A submitted item
# waits for the organizer, so its lateness is not the reporter's.
WORK_OWED = (Status.OPEN, Status.IN_PROGRESS, Status.RETURNED)


class Source(models.TextChoices):
    COMMENT = "comment", _("Leader's comment")
    EVALUATION = "evaluation", _("Democratic evaluation")
    REPORT = "report", _("Own report")
    MANUAL = "manual", _("Entered by hand")
    # A task a lower level set itself when conveying a superior's meeting (传达学习): the host's own item.
    CONVEYANCE = "conveyance", _("Task set when conveying a superior's meeting")
    # A superior's comment problem broken down by the secretary's organization for its subordinates.
    BREAKDOWN = "breakdown", _("Broken down from a superior's comment")


class Category(models.TextChoices):
    RESPONSIBILITY = "responsibility", _("Party-building responsibility")
    POLITICAL = "political", _("Political building and theoretical study")
    ORGANIZATION = "organization", _("Grassroots organization building")
    MEMBERS = "members", _("Education and management of members")
    INTEGRATION = "integration", _("Party building and the work integrated")
    CONDUCT = "conduct", _("Work style and integrity")
    OTHER = "other", _("Other")


class ItemQuerySet(models.QuerySet):
    def live(self) -> ItemQuerySet:
        """Items still to be closed in their own ledger: not signed off, not carried into another."""
        return self.exclude(status=Status.SIGNED_OFF).filter(carried_to__isnull=True)

    def overdue(self, today: datetime.date) -> ItemQuerySet:
        return self.filter(status__in=WORK_OWED, deadline__lt=today, carried_to__isnull=True)

    def due_within(self, days: int, today: datetime.date) -> ItemQuerySet:
        return self.filter(
            status__in=WORK_OWED,
            deadline__gte=today,
            deadline__lte=today + datetime.timedelta(days=days),
            carried_to__isnull=True,
        )

    def carried_over(self) -> ItemQuerySet:
        return self.filter(carried_from__isnull=False)


class Item(models.Model):
    """One problem to rectify, with its measures, the person responsible and a deadline."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="rectification_items")
    number = models.PositiveIntegerField(_("number"))  # 序号 within the campaign's ledger
    # None only for the host's own tasks (source conveyance): the host answers for them, not a reporter.
    reporter = models.ForeignKey(
        Reporter,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rectification_items",
    )
    description = models.TextField(_("problem"))
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.OTHER
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    source_note = models.CharField(_("source details"), max_length=200, blank=True)
    comment_problem = models.OneToOneField(
        CommentProblem, null=True, blank=True, on_delete=models.SET_NULL, related_name="rectification_item"
    )
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to"
    )
    # The superior's item this one breaks down for a subordinate (in the subordinate host's ledger).
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broken down from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    responsible = models.ForeignKey(
        Person, verbose_name=_("person responsible"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="item_numbers_unique"),
            models.UniqueConstraint(
                fields=["reporter"],
                condition=Q(source="evaluation", carried_from__isnull=True),
                name="one_evaluation_item_per_reporter",
            ),
            models.CheckConstraint(
                condition=Q(reporter__isnull=False) | Q(source="conveyance"),
                name="item_without_reporter_is_a_conveyance_task",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.year}-{self.number:03d}"

    @property
    def label(self) -> str:
        """The number within its campaign's ledger ("2026-015"); unique in that ledger only."""
        return str(self)

    @property
    def label_with_host(self) -> str:
        """The number with its host ("渭川市住建局 2026-015"), unique across the ledgers one oversees.
        Reads `campaign.host`: select it with the item."""
        return f"{self.campaign.host.display_name} {self.label}"

    @property
    def unit(self):
        """The organization that answers for the item: the reporter's, or the host itself for its own
        tasks. Reads `reporter.organization` or `campaign.host`: select them with the item."""
        return self.reporter.organization if self.reporter_id else self.campaign.host

    @property
    def is_host_task(self) -> bool:
        return self.reporter_id is None

    @property
    def is_signed_off(self) -> bool:
        return self.status == Status.SIGNED_OFF

    def is_overdue(self, today: datetime.date | None = None, *, carried_away: bool | None = None) -> bool:
        """Work still owed past the deadline; `carried_away` spares the query when already known."""
        today = today or timezone.localdate()
        if carried_away is None:
            carried_away = self.is_carried_away
        return self.status in WORK_OWED and self.deadline < today and not carried_away

    @property
    def is_carried_away(self) -> bool:
        try:
            return self.carried_to is not None
        except Item.DoesNotExist:
            return False


class Measure(models.Model):
    """One task of an item's measures (the task list, 任务清单)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="measures")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("measure"))
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "position"]

    def __str__(self) -> str:
        return self.text


class EventKind(models.TextChoices):
    CREATED = "created", _("Entered in the ledger")
    EDITED = "edited", _("Edited")
    PROGRESS = "progress", _("Progress")
    SUBMITTED = "submitted", _("Submitted for verification")
    RETURNED = "returned", _("Returned")
    SIGNED_OFF = "signed_off", _("Signed off")
    CARRIED_OVER = "carried_over", _("Carried over")


class Event(models.Model):
    """The item's timeline: progress with evidence, submissions, verification."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    text = models.TextField(_("text"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item}: {self.kind}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return uploads.stored_name(f"rectification/{instance.event.item.campaign_id}", filename)


class Evidence(models.Model):
    """A file proving progress (photos, minutes, documents), attached to one timeline entry."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=8)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class ReminderSent(models.Model):
    """One reminder e-mail per person and day, so a rerun of the daily job sends nothing twice."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    email = models.EmailField()
    items = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "day"], name="one_reminder_per_day")]

    def __str__(self) -> str:
        return f"{self.person} {self.day}"
