"""Every API error is JSON with a human `detail` and a stable `code` a program can test."""

import json

import pytest

from debrief.campaigns.models import CampaignState
from debrief.testing.factories import GOOD_REPORT, OrganizationFactory, advance_to

pytestmark = pytest.mark.django_db


def test_a_refused_change_names_its_kind(client, cast, campaign, reporters):
    advance_to(campaign, CampaignState.ARCHIVED, cast.organizer_a)
    client.force_login(cast.reporter_a1)
    response = client.put(
        f"/api/v1/reports/{reporters.a1.pk}",
        json.dumps(GOOD_REPORT),
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "campaign_error"


def test_something_missing_or_outside_ones_subtrees_is_the_same_not_found(client, cast):
    client.force_login(cast.organizer_a)
    outside, missing = client.get("/api/v1/orgs/CB1"), client.get("/api/v1/orgs/NOPE")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json() and outside.json()["code"] == "not_found"


def test_a_caller_without_a_session_or_token_is_told_how_to_authenticate(client, tree):
    response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert "Authorization: Bearer" in response.json()["detail"]


def test_a_malformed_request_is_invalid_with_the_fields_named(client, cast):
    client.force_login(cast.organizer_a)
    response = client.get("/api/v1/orgs")  # q is required
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["detail"][0]["loc"][-1] == "q"


def test_the_schema_is_for_logged_in_users_unless_made_public(client, cast, settings):
    assert client.get("/api/v1/openapi.json").status_code == 302
    client.force_login(cast.reporter_a1)
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "Debrief API"
    client.logout()
    settings.DEBRIEF_API_SCHEMA_PUBLIC = True
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_lists_come_a_page_at_a_time_with_the_total(client, cast, tree):
    for n in range(5):
        OrganizationFactory(parent=tree.city_a, code=f"CAX{n}", name=f"江州市第{n}社区")
    client.force_login(cast.organizer_a)
    first = client.get("/api/v1/orgs/CA/children", {"limit": 2}).json()
    rest = client.get("/api/v1/orgs/CA/children", {"limit": 2, "offset": 2}).json()
    assert first["count"] == rest["count"] == 6
    assert len(first["items"]) == len(rest["items"]) == 2
    assert {o["code"] for o in first["items"]}.isdisjoint(o["code"] for o in rest["items"])
