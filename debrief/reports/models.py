from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from debrief.campaigns.models import KeyIndicator, Reporter
from debrief.lib import uploads


class ReportState(models.TextChoices):
    # A reporter without a Report row has not started; that state is never stored.
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


NOT_STARTED = "not_started"
NOT_STARTED_LABEL = _("Not started")

# The sections a report is written in, in order; `problems` is a list of items.
TEXT_SECTIONS = ("duties", "causes", "measures", "rectification_account")
SECTION_LABELS = {
    "duties": _("Duties performed and results"),
    "problems": _("Problems"),
    "causes": _("Causes"),
    "measures": _("Measures for next year"),
    "rectification_account": _("Rectification of last year's problems"),
}


class Report(models.Model):
    """A reporter's debrief report: the working copy the reporter edits."""

    reporter = models.OneToOneField(Reporter, on_delete=models.CASCADE, related_name="report")
    state = models.CharField(
        _("state"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    duties = models.TextField(SECTION_LABELS["duties"], blank=True)
    problems = models.JSONField(SECTION_LABELS["problems"], default=list, blank=True)
    causes = models.TextField(SECTION_LABELS["causes"], blank=True)
    measures = models.TextField(SECTION_LABELS["measures"], blank=True)
    rectification_account = models.TextField(SECTION_LABELS["rectification_account"], blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Counts the saves of the working copy: a save must name the revision it was read at, so two
    # people editing at once cannot overwrite each other unawares (the API's ETag).
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("debrief report")
        verbose_name_plural = _("debrief reports")

    def __str__(self) -> str:
        return str(self.reporter)

    @property
    def is_editable(self) -> bool:
        return self.state in (ReportState.DRAFT, ReportState.RETURNED)

    def content(self) -> dict:
        """The sections as plain data, as kept in a submitted version."""
        data = {name: getattr(self, name) for name in TEXT_SECTIONS}
        data["problems"] = list(self.problems)
        return data


class ReportVersion(models.Model):
    """A submitted version, kept unchanged so versions can be compared."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField()
    indicator_values = models.JSONField(default=dict)  # indicator name -> figure as text
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="version_numbers_unique")]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class ReportAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")


class ReportEvent(models.Model):
    """The review history: submissions, returns with remarks, acceptance."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=ReportAction.choices)
    version = models.ForeignKey(ReportVersion, null=True, on_delete=models.SET_NULL, related_name="+")
    remarks = models.TextField(_("remarks"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report}: {self.action}"


class IndicatorValue(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(KeyIndicator, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("figure"), max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="one_value_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return uploads.stored_name(f"reports/{instance.report.reporter.campaign_id}", filename)


class Attachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=8)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
