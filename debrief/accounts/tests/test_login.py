"""Logging in as users meet it: throttled wrong passwords, sessions that end with the browser,
and changing one's own password."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def _login(client, username, password, address="10.0.0.1", **extra):
    return client.post(
        LOGIN,
        {"username": username, "password": password, **extra},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_five_wrong_passwords_pause_that_user_name_from_that_address(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert (
            "The user name or the password is wrong" in _login(client, "organizer_a", "nope").content.decode()
        )
    paused = _login(client, "organizer_a", "nope")
    assert paused.status_code == 429
    assert "paused after 5 wrong passwords. Try again in 15 minutes" in paused.content.decode()
    # Even the right password waits out the pause: guessing gains nothing by a lucky hit.
    assert _login(client, "organizer_a", "secret-pass").status_code == 429


def test_a_pause_touches_neither_another_address_nor_another_user(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "organizer_a", "nope")
    assert _login(client, "organizer_a", "secret-pass", address="10.0.0.2").status_code == 302
    client.logout()
    assert _login(client, "leader_a", "secret-pass").status_code == 302


def test_a_successful_login_forgets_the_earlier_failures(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "organizer_a", "nope")
    assert _login(client, "organizer_a", "secret-pass").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "organizer_a", "nope")
    assert _login(client, "organizer_a", "secret-pass").status_code == 302


def test_a_session_ends_with_the_browser_unless_remember_me_is_ticked(client, cast, settings):
    _login(client, "organizer_a", "secret-pass")
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""
    client.logout()
    _login(client, "organizer_a", "secret-pass", remember_me="on")
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_a_user_changes_their_password_after_giving_the_old_one(client, cast):
    client.force_login(cast.organizer_a)
    url = reverse("accounts:password_change")
    wrong = client.post(
        url,
        {"old_password": "nope", "new_password1": "a-new-long-secret", "new_password2": "a-new-long-secret"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Your old password was entered incorrectly" in wrong.content.decode()
    done = client.post(
        url,
        {
            "old_password": "secret-pass",
            "new_password1": "a-new-long-secret",
            "new_password2": "a-new-long-secret",
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Your password has been changed." in done.content.decode()
    client.logout()
    assert _login(client, "organizer_a", "a-new-long-secret").status_code == 302


def test_the_account_page_with_the_password_change_is_linked_from_every_page(client, cast):
    client.force_login(cast.organizer_a)
    assert reverse("accounts:settings") in client.get(reverse("home")).content.decode()
    assert reverse("accounts:password_change") in client.get(reverse("accounts:settings")).content.decode()
