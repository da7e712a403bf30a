"""Which backend runs tasks, and the check that a worker shares its results through a shared cache."""

import shlex

from django.conf import settings
from django.core.management import call_command

from debrief.lib import background


def test_development_runs_tasks_immediately_and_needs_no_shared_cache():
    assert not background.runs_in_worker()
    assert background.check_shared_cache() == []


def test_a_worker_with_a_per_process_cache_is_warned_about(database_tasks):
    assert background.runs_in_worker()
    (warning,) = background.check_shared_cache()
    assert warning.id == "debrief.W001"
    assert "DEBRIEF_CACHE_URL" in warning.hint


def test_a_worker_with_redis_passes_the_check(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert background.check_shared_cache() == []


def test_the_worker_unit_runs_a_worker_command_that_exists(db, database_tasks):
    """deploy/debrief-worker.service starts `manage.py db_worker` with options the command accepts."""
    unit = (settings.BASE_DIR / "deploy" / "debrief-worker.service").read_text()
    (exec_start,) = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    command = shlex.split(exec_start.split("manage.py", 1)[1])
    assert command[0] == "db_worker"
    # The same options, plus --batch so that it returns once the (empty) queue is done.
    call_command(*command, "--batch", "--no-startup-delay", verbosity=0)
    assert database_tasks.queued().count() == 0
