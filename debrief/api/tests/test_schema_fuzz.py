"""Property-based testing of the API against its own OpenAPI schema (schemathesis): for
generated requests to every endpoint, no answer is a server error or breaks the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from debrief.accounts import services as account_services
from debrief.api.api import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = get_wsgi_application()


@pytest.fixture
def keep_the_test_connection():
    """Called in-process through WSGI, each request would close the database connection at its
    end, and with it the test's transaction; Django's own test client holds these back too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(cast, campaign, reporters, keep_the_test_connection):
    _token, plain = account_services.api_token_create(user=cast.organizer_a, name="schemathesis")
    return plain


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_breaks_the_api(case, token):
    # What the issue asks of every answer: never a server error, and a documented answer that
    # matches its schema. (Generated credentials are replaced by the real token, so the checks
    # about ignored authentication do not apply.)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[checks.not_a_server_error, checks.response_schema_conformance],
    )
