"""Background work of the directory: large organization imports (see import_jobs.py)."""

from django_tasks import task

from . import import_jobs, services


@task()
def run_import(job_id: int) -> str:
    """Import the sheet of the `OrganizationImportJob`; answers its final stage."""
    return import_jobs.job_run(job_id, services.organizations_import)
