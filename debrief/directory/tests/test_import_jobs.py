"""A large sheet uploaded on the import page is imported by the worker; its own page shows the
stage while it runs, then the outcome: all or nothing, the same errors by row as in the request."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks import TaskResultStatus

from debrief.directory import import_jobs
from debrief.directory.models import ImportStage, OrganizationImportJob
from debrief.orgs.models import Organization
from debrief.testing import sheets

UNITS = [["CA-U1", "江州市某局党组", "", "party_group", "unit", "CA", "", "陈静", "2023-02-01", ""]] + [
    [f"CA-U{n}", f"江州市第{n}局党组", "", "party_group", "unit", "CA", "", "", "", ""] for n in range(2, 5)
]
BAD = [
    ["CA-U1", "江州市某局党组", "", "party_group", "unit", "CA", "", "", "去年", ""],
    ["CA-U2", "", "", "party_group", "unit", "CA", "", "", "", ""],
    ["CA-U3", "江州市第3局党组", "", "party_group", "unit", "CA", "", "", "", ""],
]


@pytest.fixture(autouse=True)
def small_threshold(settings, tmp_path):
    """Sheets of more than two rows count as large; stored uploads go to a fresh media folder."""
    settings.DEBRIEF_IMPORT_BACKGROUND_ROWS = 2
    settings.MEDIA_ROOT = tmp_path


def upload(client, rows, name="orgs.xlsx", **data):
    content = sheets.xlsx(rows) if name.endswith(".xlsx") else sheets.csv_bytes(rows)
    return client.post(
        reverse("directory:import"),
        {"file": SimpleUploadedFile(name, content), **data},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def job_page(client, job, **headers):
    return client.get(reverse("directory:import_job", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en", **headers)


def test_rows_are_counted_cheaply_in_both_formats():
    assert import_jobs.data_rows("a.xlsx", sheets.xlsx(UNITS)) == 4
    assert import_jobs.data_rows("a.csv", sheets.csv_bytes(UNITS)) == 4
    assert import_jobs.data_rows("a.xlsx", b"not a workbook") == 0


def without_dimension(content: bytes) -> bytes:
    """The workbook as some writers save it: no recorded dimension of the sheet."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            target.writestr(item, data)
    return out.getvalue()


def test_a_workbook_that_records_no_dimension_is_judged_by_its_size():
    rows = [
        [f"CA-U{n}", f"江州市第{n}局党组", "", "party_group", "unit", "CA", "", "", "", ""]
        for n in range(3000)
    ]
    estimate = import_jobs.data_rows("a.xlsx", without_dimension(sheets.xlsx(rows)))
    # On the large side (not the 3,000 a recorded dimension gives): better in the background.
    assert 3000 < estimate <= 6000


def test_with_the_immediate_backend_a_large_sheet_is_imported_at_once_and_shown_on_its_page(
    client, cast, tmp_path
):
    client.force_login(cast.organizer_a)
    response = upload(client, UNITS)
    job = OrganizationImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:import_job", args=[job.pk])
    assert Organization.objects.filter(code__startswith="CA-U").count() == 4
    page = job_page(client, job).content.decode()
    assert "Import complete" in page
    assert "hx-trigger" not in page
    assert job.stage == ImportStage.DONE and job.counts["created"] == 4
    assert not any((tmp_path / "imports").iterdir())  # the stored sheet is deleted once read


def test_with_a_worker_the_page_follows_the_import_then_shows_the_outcome(client, cast, database_tasks):
    client.force_login(cast.organizer_a)
    upload(client, UNITS, name="orgs.csv")
    job = OrganizationImportJob.objects.get()
    page = job_page(client, job).content.decode()
    assert "Waiting for the background worker" in page
    assert f'hx-get="{reverse("directory:import_job", args=[job.pk])}"' in page
    assert 'hx-trigger="every 3s"' in page
    assert not Organization.objects.filter(code__startswith="CA-U").exists()  # nothing in the request

    # The import service reports its progress through `record_progress` (wired by the caller).
    import_jobs.record_progress(job.pk, ImportStage.WRITING, 2, 4)
    poll = job_page(client, job, HTTP_HX_REQUEST="true").content.decode()
    assert "Writing the organizations" in poll and "2 of 4 rows" in poll
    assert '<progress max="4" value="2">' in poll

    (done,) = database_tasks.run_worker()
    assert done.status == TaskResultStatus.SUCCESSFUL and done.return_value == "done"
    poll = job_page(client, job, HTTP_HX_REQUEST="true").content.decode()
    assert "Import complete" in poll
    assert "hx-trigger" not in poll  # polling stops
    assert Organization.objects.get(code="CA-U1").parent.code == "CA"
    assert Organization.objects.filter(code__startswith="CA-U").count() == 4


def test_a_bad_large_sheet_gets_the_same_errors_as_in_the_request_and_imports_nothing(
    client, cast, database_tasks, settings
):
    client.force_login(cast.organizer_a)
    settings.DEBRIEF_IMPORT_BACKGROUND_ROWS = 100
    in_request = upload(client, BAD).content.decode()
    settings.DEBRIEF_IMPORT_BACKGROUND_ROWS = 2
    upload(client, BAD)
    database_tasks.run_worker()
    job = OrganizationImportJob.objects.get()
    page = job_page(client, job).content.decode()

    def error_table(html):
        return html[
            html.index('<table class="grid errors">') : html.index("</table>", html.index("grid errors"))
        ]

    assert "3 problems found; nothing was imported" in page
    assert error_table(page) == error_table(in_request)
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (2, "Secretary"),
        (2, "Secretary's term start"),
        (3, "Organization name"),
    ]
    assert not Organization.objects.filter(code__startswith="CA-U").exists()


def test_a_dry_run_in_the_background_changes_nothing(client, cast, database_tasks):
    client.force_login(cast.organizer_a)
    upload(client, UNITS, dry_run="on")
    database_tasks.run_worker()
    page = job_page(client, OrganizationImportJob.objects.get()).content.decode()
    assert "The file is valid; nothing was changed" in page
    assert not Organization.objects.filter(code__startswith="CA-U").exists()


def test_a_small_sheet_is_still_imported_in_the_request(client, cast, database_tasks):
    client.force_login(cast.organizer_a)
    response = upload(client, UNITS[:2])
    assert response.status_code == 200 and "Import complete" in response.content.decode()
    assert database_tasks.queued().count() == 0
    assert not OrganizationImportJob.objects.exists()


def test_only_the_uploader_sees_the_import_page(client, cast, database_tasks):
    client.force_login(cast.organizer_a)
    upload(client, UNITS)
    job = OrganizationImportJob.objects.get()
    client.force_login(cast.organizer_b)
    assert job_page(client, job).status_code == 404


def test_an_unexpected_error_stops_the_import_shows_it_and_fails_the_task(
    client, cast, database_tasks, monkeypatch
):
    client.force_login(cast.organizer_a)
    upload(client, UNITS)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr("debrief.directory.services.organizations_import", broken)
        (failed,) = database_tasks.run_worker()
    assert failed.status == TaskResultStatus.FAILED and "disk full" in failed.traceback
    job = OrganizationImportJob.objects.get()
    assert job.stage == ImportStage.FAILED and not job.file
    page = job_page(client, job).content.decode()
    assert "The import stopped on an unexpected error; nothing was imported." in page
    assert "Upload the file again" in page
    assert not Organization.objects.filter(code__startswith="CA-U").exists()


def test_a_stage_the_import_names_itself_is_shown_as_named(client, cast, database_tasks):
    client.force_login(cast.organizer_a)
    upload(client, UNITS)
    job = OrganizationImportJob.objects.get()
    import_jobs.record_progress(job.pk, "indexing", 1, 4)
    assert "indexing" in job_page(client, job).content.decode()


def test_the_worker_records_the_import_services_own_progress_under_the_pages_stages(
    client, cast, database_tasks, monkeypatch
):
    client.force_login(cast.organizer_a)
    upload(client, UNITS, name="orgs.csv")
    assert OrganizationImportJob.objects.get().stage == ImportStage.QUEUED
    recorded = []
    record = import_jobs.record_progress

    def recording(job_id, stage, done=0, total=0):
        record(job_id, stage, done, total)
        recorded.append(import_jobs.job_progress(OrganizationImportJob.objects.get(pk=job_id)))

    monkeypatch.setattr(import_jobs, "record_progress", recording)
    database_tasks.run_worker()
    stages = [stage for stage, _done, _total in recorded]
    # the rows read, checked and written, as the service counts them, between the job's own stages
    assert (ImportStage.CHECKING, 4, 4) in recorded and (ImportStage.WRITING, 4, 4) in recorded
    assert stages.index(ImportStage.CHECKING) < stages.index(ImportStage.WRITING)
    assert stages[-1] == ImportStage.DONE
