"""Background work: tasks (django-tasks) that run outside the web request.

Production stores tasks in the database and `manage.py db_worker` runs them; development, the demo
and most tests run each task at once inside the request (settings.DEBRIEF_TASKS). Pages that wait
for a task ask `runs_in_worker()`: with the immediate backend the answer is already there.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.db import transaction
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend

# How often (seconds) a page waiting for a task asks again.
POLL_SECONDS = 3


def runs_in_worker() -> bool:
    """Whether tasks run in a separate worker (so their results arrive later), not inside the request."""
    return not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Enqueue `task` once the current transaction commits, so the worker reads what it wrote."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def check_shared_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A worker hands pages its results (similarity figures, import progress) through the cache, so
    with a worker the cache must be one that every process shares (Redis: DEBRIEF_CACHE_URL)."""
    backend = settings.CACHES["default"]["BACKEND"]
    if runs_in_worker() and backend.endswith(("LocMemCache", "DummyCache")):
        return [
            checks.Warning(
                "Tasks run in a background worker (DEBRIEF_TASKS=database) but the cache is local to "
                "each process, so pages never see what the worker computed (similarity figures, "
                "import progress).",
                hint="Set DEBRIEF_CACHE_URL to a Redis server that the web servers and the worker share.",
                id="debrief.W001",
            )
        ]
    return []
