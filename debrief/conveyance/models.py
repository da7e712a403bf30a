"""A lower level's conveyance (传达学习) of a superior's meeting, and the tasks it sets itself."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from debrief.meetings.models import Meeting
from debrief.orgs.models import Organization, Person
from debrief.rectification.models import Item


class Conveyance(models.Model):
    """One organization's meeting that passed on a superior's meeting: when, who presided, who came,
    and the points conveyed. One per organization and meeting."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="conveyances"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("superior's meeting"), on_delete=models.CASCADE, related_name="conveyances"
    )
    held_on = models.DateField(_("held on"))
    presided_by = models.CharField(_("presided by"), max_length=200)
    attendance = models.PositiveIntegerField(_("present"))
    expected = models.PositiveIntegerField(_("expected"), null=True, blank=True)
    points = models.TextField(_("points conveyed"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("conveyance")
        verbose_name_plural = _("conveyances")
        ordering = ["-held_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "meeting"], name="one_conveyance_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.held_on}"


class ConveyanceTask(models.Model):
    """A task the conveying organization set itself; it lives on as an item of its own ledger."""

    conveyance = models.ForeignKey(Conveyance, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("task"))
    owner = models.ForeignKey(Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("deadline"))
    # The ledger item the task became; it goes when its campaign's ledger goes.
    item = models.OneToOneField(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="conveyance_task"
    )

    class Meta:
        ordering = ["conveyance", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["conveyance", "position"], name="conveyance_task_positions_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text
