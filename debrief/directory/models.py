"""A large organization import that the background worker runs (see import_jobs.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStage(models.TextChoices):
    QUEUED = "queued", _("Waiting for the background worker")
    READING = "reading", _("Reading the file")
    CHECKING = "checking", _("Checking every row")
    WRITING = "writing", _("Writing the organizations")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Stopped by an error")


class OrganizationImportJob(models.Model):
    """One uploaded sheet imported in the background: where it stands, then its outcome, which is the
    import's own (all or nothing; the same errors by row and column as an import from the page)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=300)
    # The uploaded file, kept until the import has read it.
    file = models.FileField(upload_to="imports/", blank=True)
    dry_run = models.BooleanField(default=False)
    language = models.CharField(max_length=16)  # the uploader's, for the messages of the outcome
    rows = models.PositiveIntegerField(default=0)  # data rows counted at upload
    stage = models.CharField(max_length=16, choices=ImportStage.choices, default=ImportStage.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # The outcome: counts as in `ImportResult`, and its errors as {"row", "column", "message"}.
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.stage})"

    @property
    def finished(self) -> bool:
        return self.stage in (ImportStage.DONE, ImportStage.FAILED)

    @property
    def ok(self) -> bool:
        return self.stage == ImportStage.DONE and not self.errors
