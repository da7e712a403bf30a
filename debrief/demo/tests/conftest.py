import pytest
from django.db import transaction
from django.test import override_settings

from debrief.demo.services import load_demo

# The loader uses the project's hasher (argon2); tests only need speed.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="package", autouse=True)
def _media_root(tmp_path_factory):
    """The demo ledgers' evidence files go to a temporary directory, not the project's media."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the demo's test modules and rolled back after them.

    Each test still runs inside its own savepoint (the `db` fixture), so a
    test may change the data freely: the next one, in any module, sees the
    demo as loaded. (Once per package rather than per module: loading takes
    a few seconds.)
    """
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)
