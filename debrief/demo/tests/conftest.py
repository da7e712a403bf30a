import pytest
from django.db import transaction
from django.test import override_settings

from debrief.demo.services import load_demo

# The loader uses the project's hasher (argon2); tests only need speed.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once per test module and rolled back after it.

    Each test still runs inside its own savepoint (the `db` fixture), so a
    test may change the data freely: the next one sees the demo as loaded.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)
