import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from debrief.accounts import selectors
from debrief.accounts.models import Role
from debrief.accounts.services import role_grant
from debrief.testing.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
# What `secrets.token_urlsafe(50)` gives: a key production accepts.
RANDOM_KEY = "0f3kQ9zX_vT7bLm2pWc8RnYe4HaJs6GdUo1KiZxB5qNtVyMrEgSl-AhDwCjF"


def test_a_user_logs_in_and_lands_on_the_home_page_with_their_roles(client, cast):
    response = client.post(
        reverse("accounts:login"), {"username": "organizer_a", "password": "secret-pass"}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "江州市委" in html


def test_a_wrong_password_gets_a_clear_message(client, cast):
    response = client.post(reverse("accounts:login"), {"username": "organizer_a", "password": "nope"})
    assert "用户名或密码错误" in response.content.decode()


def test_logging_out_ends_the_session(client, cast):
    client.force_login(cast.organizer_a)
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = get_user_model().objects.create_user("someone", password="a-long-secret")
    assert user.password.startswith("argon2")


def test_a_role_applies_to_the_whole_subtree_and_nothing_beside_it(cast, tree):
    assert selectors.has_role_on(cast.organizer_a, tree.street_a1a, [Role.ORGANIZER])
    assert not selectors.has_role_on(cast.organizer_a, tree.county_b1)
    assert not selectors.has_role_on(cast.organizer_a, tree.province)
    assert not selectors.can_manage(cast.leader_a, tree.city_a)


def test_nested_grants_are_collapsed_to_the_topmost(tree):
    user = user_with_role(Role.OBSERVER, tree.province)
    role_grant(user=user, organization=tree.city_a, role=Role.LEADER)
    assert selectors.grant_paths(user) == [tree.province.path]


def test_the_admin_is_for_superusers_only(client, tree):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302
    root = get_user_model().objects.create_superuser("root", password="x-secret-pass")
    client.force_login(root)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/orgs/organization/").status_code == 200


def test_the_interface_switches_to_english_and_back(client, cast):
    client.force_login(cast.organizer_a)
    assert "组织架构" in client.get(reverse("directory:tree")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/orgs/"})
    assert "Organizations" in client.get(reverse("directory:tree")).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/orgs/"})
    assert "组织架构" in client.get(reverse("directory:tree")).content.decode()


def _settings_check(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DEBRIEF_")}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; django.setup(); print(settings.DEBUG)",
        ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "debrief.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_with_the_development_secret_key():
    result = _settings_check(DEBRIEF_PRODUCTION="1", DEBRIEF_ALLOWED_HOSTS="debrief.example.org")
    assert result.returncode != 0 and "DEBRIEF_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = _settings_check(
        DEBRIEF_PRODUCTION="1",
        DEBRIEF_SECRET_KEY=RANDOM_KEY,
        DEBRIEF_DEBUG="1",
        DEBRIEF_ALLOWED_HOSTS="x.org",
    )
    assert result.returncode != 0 and "DEBRIEF_DEBUG" in result.stderr


def test_production_starts_with_a_real_key_and_debug_off():
    result = _settings_check(
        DEBRIEF_PRODUCTION="1", DEBRIEF_SECRET_KEY=RANDOM_KEY, DEBRIEF_ALLOWED_HOSTS="x.org"
    )
    assert result.returncode == 0 and result.stdout.strip() == "False"


@pytest.mark.parametrize(
    "key", ["k" * 64, "debrief-debrief-debrief-debrief-debrief-debrief-debrief", "short-but-random-Zx81"]
)
def test_production_refuses_a_secret_key_that_is_short_or_a_pattern(key):
    result = _settings_check(DEBRIEF_PRODUCTION="1", DEBRIEF_SECRET_KEY=key, DEBRIEF_ALLOWED_HOSTS="x.org")
    assert result.returncode != 0 and "not the development key nor a word or pattern" in result.stderr


def test_the_deployment_checklist_passes_in_production_mode():
    # The browser tests allow Django's async-unsafe calls in this process; production never does.
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DEBRIEF_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **clean,
            "DEBRIEF_PRODUCTION": "1",
            "DEBRIEF_SECRET_KEY": RANDOM_KEY,
            "DEBRIEF_ALLOWED_HOSTS": "debrief.example.org",
            # Production runs tasks in a worker, which hands results back through a shared cache.
            "DEBRIEF_CACHE_URL": "redis://127.0.0.1:6379/0",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_needs_no_environment_at_all():
    result = _settings_check()
    assert result.returncode == 0 and result.stdout.strip() == "True"


@override_settings(LANGUAGE_CODE="en")
def test_the_api_answers_only_within_the_users_subtrees(client, cast):
    client.force_login(cast.organizer_a)
    assert client.get("/api/v1/orgs/CA").json()["name"] == "江州市委"
    assert [o["code"] for o in client.get("/api/v1/orgs/CA/children").json()["items"]] == ["CA1"]
    assert client.get("/api/v1/orgs/CB1").status_code == 404
    assert client.get("/api/v1/orgs/CB/children").status_code == 404
    assert {o["code"] for o in client.get("/api/v1/orgs", {"q": "市委"}).json()["items"]} == {"CA"}


def test_the_api_refuses_anonymous_callers(client, tree):
    assert client.get("/api/v1/orgs/CA").status_code == 401


def test_the_api_describes_itself_in_openapi(client, cast):
    client.force_login(cast.organizer_a)
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/orgs/{code}/children" in schema["paths"]
