"""Large organization imports run by the background worker.

A sheet of more than settings.DEBRIEF_IMPORT_BACKGROUND_ROWS data rows would hold a web request for
too long. The page stores it with an `OrganizationImportJob` and queues `tasks.run_import`; the job's
own page shows its stage while it runs, then the outcome, which is the import's own: all or nothing,
with the same errors by row and column as an import in the request.

Stages are recorded where this module sees them (queued, reading, checking, done or failed), in the
job row and in the cache. `record_progress(job_id, stage, done, total)` also takes the finer progress
of the import itself (stage "checking" or "writing", rows done of total): it writes only the cache,
because the import calls it inside its transaction, where a write to the job row would not be seen
until the end.
"""

from __future__ import annotations

import io
from pathlib import PurePath
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import ImportStage, OrganizationImportJob

PROGRESS_SECONDS = 24 * 3600
# Compressed bytes of an XLSX data row of the template, on the small side (about 40 measured), so
# that a sheet whose row count is unknown is rather imported in the background than not.
XLSX_BYTES_PER_ROW = 30


def data_rows(file_name: str, content: bytes) -> int:
    """About how many data rows the sheet has, read cheaply to choose where to import it (the
    import itself counts and checks them); 0 when the file cannot be read this way."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".csv":
        return max(content.count(b"\n") - 1 + (not content.endswith(b"\n")), 0)
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True)
            rows = workbook.active.max_row  # from the sheet's recorded dimension, not by reading it
            workbook.close()
        except Exception:  # an unreadable file is the import's to report, by its own words
            return 0
        if rows is None:  # a writer that records no dimension: judge by the size instead
            return len(content) // XLSX_BYTES_PER_ROW
        return max(rows - 1, 0)
    return 0


def in_background(file_name: str, content: bytes) -> bool:
    return data_rows(file_name, content) > settings.DEBRIEF_IMPORT_BACKGROUND_ROWS


def job_start(*, user, file_name: str, content: bytes, dry_run: bool, run_task) -> OrganizationImportJob:
    """Store the sheet and queue `run_task` (the import task) for it."""
    job = OrganizationImportJob(
        user=user,
        file_name=file_name[:300],
        dry_run=dry_run,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        rows=data_rows(file_name, content),
    )
    job.file.save(f"{timezone.now():%Y%m%d%H%M%S}{PurePath(file_name).suffix.lower()}", ContentFile(content))
    record_progress(job.pk, ImportStage.QUEUED, 0, job.rows)
    run_task.enqueue(job.pk)
    return job


def _progress_key(job_id: int) -> str:
    return f"import-job:{job_id}:progress"


# The import service's progress stages (rows read, checked, written), as the job's page names them.
SERVICE_STAGES = {
    "read": ImportStage.READING,
    "checked": ImportStage.CHECKING,
    "written": ImportStage.WRITING,
}


def record_progress(job_id: int, stage: str, done: int = 0, total: int = 0) -> None:
    """Where the import stands, for its page: `progress(stage, done, total)` of the import service.
    It runs inside the import's transaction, so it writes only the cache."""
    stage = SERVICE_STAGES.get(stage, stage)
    cache.set(_progress_key(job_id), (str(stage), done, total), timeout=PROGRESS_SECONDS)


def _stage(job: OrganizationImportJob, stage: str, **fields) -> None:
    job.stage = stage
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["stage", *fields])
    record_progress(job.pk, stage, job.done, job.total)


def job_outcome(job: OrganizationImportJob) -> SimpleNamespace | None:
    """A finished job's outcome, shaped like the import's result for the result partial."""
    if not job.finished:
        return None
    return SimpleNamespace(ok=job.ok, errors=job.errors, **{**EMPTY_COUNTS, **job.counts})


EMPTY_COUNTS = {"rows": 0, "created": 0, "updated": 0, "unchanged": 0, "secretaries_appointed": 0}


def job_progress(job: OrganizationImportJob) -> tuple[str, int, int]:
    """(stage, rows done, rows in all) as last recorded; a finished job's from its row."""
    if job.finished:
        return job.stage, job.done, job.total
    return cache.get(_progress_key(job.pk)) or (job.stage, job.done, job.total)


def job_run(job_id: int, import_sheet) -> str:
    """The worker's part: read the stored sheet, import it with `import_sheet` (the directory's
    `organizations_import`), record the outcome and delete the file. Answers the final stage."""
    job = OrganizationImportJob.objects.select_related("user").get(pk=job_id)
    if job.finished:  # run twice (a worker restarted): the outcome stands
        return job.stage
    with translation.override(job.language):
        _stage(job, ImportStage.READING, started_at=timezone.now(), total=job.rows)
        try:
            with job.file.open("rb") as file:
                content = file.read()
            _stage(job, ImportStage.CHECKING)
            result = import_sheet(
                user=job.user,
                file_name=job.file_name,
                content=content,
                dry_run=job.dry_run,
                progress=lambda stage, done, total: record_progress(job.pk, stage, done, total),
            )
        except Exception:
            message = _(
                "The import stopped on an unexpected error; nothing was imported. Try again, or tell the administrator."
            )
            _finish(job, ImportStage.FAILED, errors=[{"row": 0, "column": "", "message": message}])
            raise  # the task fails too, and its traceback is kept for the administrator
    errors = [{"row": e.row, "column": str(e.column), "message": str(e.message)} for e in result.errors]
    counts = {
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "secretaries_appointed": result.secretaries_appointed,
    }
    _finish(job, ImportStage.DONE, counts=counts, errors=errors, done=result.rows, total=result.rows)
    return job.stage


def _finish(job: OrganizationImportJob, stage: str, **fields) -> None:
    if job.file:
        job.file.delete(save=False)  # the sheet holds phone numbers: keep it no longer than needed
    _stage(job, stage, finished_at=timezone.now(), file="", **fields)
