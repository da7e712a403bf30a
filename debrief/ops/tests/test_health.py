"""`/healthz` in development settings: what it checks, what it answers, and what it never says."""

import subprocess
import sys

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from debrief.ops.tests import serving

HEALTHY = {"status": "ok", "checks": {"database": "ok", "cache": "ok", "media": "ok", "migrations": "ok"}}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_a_healthy_site_answers_200_with_each_check_ok_to_anyone_without_a_login(client, settings):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == HEALTHY
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    # The file it wrote to prove the media storage works is gone again.
    assert list(settings.MEDIA_ROOT.iterdir()) == []


@pytest.mark.django_db
def test_it_answers_under_any_host_name_and_with_a_trailing_slash(client):
    assert client.get("/healthz/", HTTP_HOST="10.0.0.5:8000").json() == HEALTHY


@pytest.mark.django_db
def test_only_get_and_head_are_answered(client):
    response = client.post("/healthz")
    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_a_migration_not_applied_fails_the_migrations_check_with_503(client):
    last = sorted(
        name for app, name in MigrationRecorder(connection).applied_migrations() if app == "evaluation"
    )[-1]
    MigrationRecorder(connection).record_unapplied("evaluation", last)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "failed", "checks": {**HEALTHY["checks"], "migrations": "failed"}}
    assert last not in response.content.decode()


@pytest.mark.django_db
def test_a_cache_that_keeps_nothing_fails_the_cache_check(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {**HEALTHY["checks"], "cache": "failed"}


@pytest.mark.django_db
def test_a_media_root_that_cannot_be_written_fails_the_media_check_and_the_answer_names_no_path(
    client, settings, tmp_path, caplog
):
    (tmp_path / "a-file").write_text("")
    settings.MEDIA_ROOT = tmp_path / "a-file" / "media"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {**HEALTHY["checks"], "media": "failed"}
    assert str(tmp_path) not in response.content.decode()
    # The reason is in the server's log, for the operator.
    assert "Health check media failed" in caplog.text and "a-file" in caplog.text


HEALTH_IN_A_PROCESS = """
import django, json
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(response.status_code, response.content.decode())
"""


def test_an_unreachable_database_fails_the_database_and_migrations_checks(tmp_path):
    env = serving.production_env(
        "postgres://debrief:a-password-never-shown@127.0.0.1:1/debrief",
        tmp_path / "static",
        tmp_path / "media",
    )
    env["DEBRIEF_ALLOWED_HOSTS"] = "testserver"
    env["DJANGO_SETTINGS_MODULE"] = "debrief.settings"

    result = subprocess.run(
        [sys.executable, "-c", HEALTH_IN_A_PROCESS],
        cwd=serving.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503", result.stderr[-2000:]
    assert serving.json.loads(body) == {
        "status": "failed",
        "checks": {"database": "failed", "cache": "ok", "media": "ok", "migrations": "failed"},
    }
    assert "a-password-never-shown" not in body and "debrief:" not in body
