"""Personal API tokens: made on the account page, shown once, stored hashed, acting as their user."""

import re

import pytest
from django.urls import reverse

from debrief.accounts.models import ApiToken
from debrief.audit.models import Action, Entry

pytestmark = pytest.mark.django_db
SETTINGS = reverse("accounts:settings")


def _make_token(client, user, name="统计脚本") -> str:
    client.force_login(user)
    page = client.post(SETTINGS, {"name": name}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "shown only this once" in page
    return re.search(r"<code class=\"secret\">(dbf_[\w-]+)</code>", page).group(1)


def test_a_token_is_shown_once_and_only_its_hash_is_stored(client, cast):
    plain = _make_token(client, cast.organizer_a)
    token = ApiToken.objects.get(user=cast.organizer_a)
    assert plain not in (token.token_hash, token.prefix) and plain.startswith(token.prefix)
    assert plain not in client.get(SETTINGS).content.decode()
    assert Entry.objects.filter(action=Action.API_TOKEN_CREATED, actor=cast.organizer_a).exists()


def test_a_program_with_the_token_reads_what_its_user_may_read(client, cast):
    plain = _make_token(client, cast.organizer_a)
    client.logout()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
    assert client.get("/api/v1/me", **auth).json()["username"] == "organizer_a"
    assert client.get("/api/v1/orgs/CA", **auth).status_code == 200
    assert client.get("/api/v1/orgs/CB1", **auth).status_code == 404
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_or_made_up_token_is_refused(client, cast):
    plain = _make_token(client, cast.organizer_a)
    token = ApiToken.objects.get()
    client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    client.logout()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer dbf_made-up").status_code == 401
    assert Entry.objects.filter(action=Action.API_TOKEN_REVOKED).exists()


def test_no_one_revokes_another_users_token(client, cast):
    _make_token(client, cast.organizer_a)
    token = ApiToken.objects.get()
    client.force_login(cast.organizer_b)
    assert client.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_a_token_needs_a_name(client, cast):
    client.force_login(cast.organizer_a)
    page = client.post(SETTINGS, {"name": "  "}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 422
    assert not ApiToken.objects.exists()
