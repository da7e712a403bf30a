"""`/healthz`: can this app server do its work? For load balancers, systemd and monitoring.

Four checks, each "ok" or "failed": the database answers a query, the cache keeps what is set
in it, the media storage takes a file (and gives it up), and no migration is waiting. The
answer is 200 when all are ok and 503 otherwise; it names no host, path, version or error (the
error goes to the server's log), so it may be probed without a login.

It is answered by a middleware placed first, before the HTTPS redirect, the host check,
sessions and the login throttle: a load balancer probes each app server by its own address over
plain HTTP, and the answer does not depend on who asks or under which name.
"""

import json
import logging
import secrets

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse

PATH = "/healthz"
logger = logging.getLogger(__name__)


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("the database answered SELECT 1 with something else")


def cache_works() -> None:
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return what was set in it")
    finally:
        cache.delete(key)


def media_writable() -> None:
    # Through the storage attachments use, so it proves what an upload needs.
    name = default_storage.save(f".healthz-{secrets.token_hex(8)}", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as written:
            if written.read() != b"ok":
                raise RuntimeError("the media storage did not return what was written")
    finally:
        default_storage.delete(name)


def migrations_applied() -> None:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migrations are not applied: run `manage.py migrate`")


CHECKS = {
    "database": database,
    "cache": cache_works,
    "media": media_writable,
    "migrations": migrations_applied,
}


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # noqa: BLE001 - any failure is this check's "failed"; the log has the reason
            logger.exception("Health check %s failed", name)
            results[name] = "failed"
        else:
            results[name] = "ok"
    return results


def healthz(request) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        response = HttpResponse(status=405)
        response["Allow"] = "GET, HEAD"
        return response
    checks = run_checks()
    healthy = all(result == "ok" for result in checks.values())
    body = {"status": "ok" if healthy else "failed", "checks": checks}
    response = HttpResponse(json.dumps(body), status=200 if healthy else 503, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in (PATH, PATH + "/"):
            return healthz(request)
        return self.get_response(request)
