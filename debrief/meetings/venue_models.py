"""Sub-venues (分会场): a subordinate host joins the meeting by video, counts its own attendance
and hands out codes of the same evaluation, labelled with the venue's short code."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from debrief.evaluation.models import VENUE_LABEL_MAX
from debrief.orgs.models import Organization

from .models import Meeting, new_token


class SubVenue(models.Model):
    """A venue hosted by an organization below the meeting's host."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sub_venues")
    organization = models.ForeignKey(
        Organization, verbose_name=_("hosted by"), on_delete=models.PROTECT, related_name="sub_venues"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("E.g. “江州市分会场”."))
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Printed on the venue's slips and kept on its codes (`BallotCode.venue`), so turnout counts by it.
    code = models.CharField(_("venue code"), max_length=VENUE_LABEL_MAX)
    # The venue's own screen opens by this key alone, like the main screen.
    screen_key = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("sub-venue")
        verbose_name_plural = _("sub-venues")
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "code"], name="one_venue_code_per_meeting"),
            models.UniqueConstraint(
                fields=["meeting", "organization"], name="one_sub_venue_per_organization"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class VenueAttendance(models.Model):
    """How many of one evaluator category a sub-venue expects and has present (counted there)."""

    sub_venue = models.ForeignKey(SubVenue, on_delete=models.CASCADE, related_name="attendance")
    category = models.CharField(_("evaluator category"), max_length=64)
    expected = models.PositiveIntegerField(_("expected"))
    present = models.PositiveIntegerField(_("present"))

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["sub_venue", "category"], name="one_count_per_venue_category"),
            models.CheckConstraint(
                condition=models.Q(present__lte=models.F("expected")), name="present_at_most_expected"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sub_venue} · {self.category}: {self.present}/{self.expected}"
