"""The voting page's wrong-code limit: a hall behind one address is never locked out, a prober is."""

import logging
import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse

from debrief.accounts.tests.test_accounts import _settings_check
from debrief.evaluation import throttle
from debrief.lib import ballot_codes, clients
from debrief.testing.concurrency import together
from debrief.testing.factories import evaluation_opened

LEADERS = "Host leadership team"
HALL = "203.0.113.7"
PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def codes(campaign, reporters, cast):
    _evaluation, issued = evaluation_opened(campaign, cast.organizer_a, codes={LEADERS: 3})
    return issued[LEADERS]


def unknown_codes(count: int) -> list[str]:
    """Well-formed codes (their check character is right) that were never issued."""
    rng = random.Random(7)
    return [ballot_codes.generate_code(rng) for _ in range(count)]


def enter(client, code, **meta):
    return client.post(reverse("vote:enter"), {"code": code}, HTTP_ACCEPT_LANGUAGE="en", **meta)


def test_a_valid_code_is_accepted_after_a_hall_sharing_one_address_typed_many_wrong_ones(
    client, codes, settings
):
    settings.DEBRIEF_VOTE_MAX_WRONG_CODES = 10
    for code in unknown_codes(12):
        enter(client, code, REMOTE_ADDR=HALL)
    ballot = enter(client, codes[0], REMOTE_ADDR=HALL)
    assert ballot.status_code == 200
    assert "Overall rating" in ballot.content.decode()


def test_unknown_codes_past_the_limit_are_refused_and_the_first_refusal_is_logged(
    client, codes, settings, caplog
):
    settings.DEBRIEF_VOTE_MAX_WRONG_CODES = 3
    caplog.set_level(logging.WARNING, logger="debrief.evaluation.throttle")
    answers = [enter(client, code, REMOTE_ADDR=HALL) for code in unknown_codes(5)]
    assert [answer.status_code for answer in answers] == [422, 422, 422, 429, 429]
    assert "This code is not known. Check it against your slip." in answers[0].content.decode()
    assert "a correct code is always accepted" in answers[3].content.decode()
    warnings = [r.getMessage() for r in caplog.records if r.name == "debrief.evaluation.throttle"]
    assert len(warnings) == 1 and "more than 3 unknown codes in 10 minutes" in warnings[0]
    assert HALL not in warnings[0]  # the log names the client only by its keyed hash


def test_a_mistyped_code_always_gets_its_reason_and_is_not_counted(client, codes, settings):
    settings.DEBRIEF_VOTE_MAX_WRONG_CODES = 2
    mistyped = codes[0][:-1] + ("2" if codes[0][-1] != "2" else "3")
    for _ in range(4):
        answer = enter(client, mistyped, REMOTE_ADDR=HALL)
        assert answer.status_code == 422
        assert "its check character does not match" in answer.content.decode()
    assert enter(client, unknown_codes(1)[0], REMOTE_ADDR=HALL).status_code == 422


@pytest.mark.parametrize(
    ("remote", "forwarded"),
    [
        # Behind the proxy: the client writes any address it likes, the proxy appends the one it saw.
        (PROXY, "198.51.100.{i}, " + HALL),
        (HALL, "198.51.100.{i}"),  # not from a trusted proxy: the header is ignored
    ],
    ids=["behind a trusted proxy", "from the client itself"],
)
def test_a_rotating_forwarded_header_does_not_reset_the_count(client, codes, settings, remote, forwarded):
    settings.DEBRIEF_VOTE_MAX_WRONG_CODES = 3
    settings.DEBRIEF_TRUSTED_PROXIES = [PROXY]
    answers = [
        enter(client, code, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded.format(i=i))
        for i, code in enumerate(unknown_codes(5))
    ]
    assert [answer.status_code for answer in answers] == [422, 422, 422, 429, 429]


def test_an_ipv6_client_counts_by_its_64_so_changing_addresses_does_not_reset_it(client, codes, settings):
    settings.DEBRIEF_VOTE_MAX_WRONG_CODES = 3
    answers = [
        enter(client, code, REMOTE_ADDR=f"2001:db8:1:2::{i + 1:x}") for i, code in enumerate(unknown_codes(4))
    ]
    assert answers[-1].status_code == 429
    assert enter(client, unknown_codes(5)[4], REMOTE_ADDR="2001:db8:1:3::1").status_code == 422


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("198.51.100.9", "", "198.51.100.9"),
        ("198.51.100.9", "1.2.3.4", "198.51.100.9"),  # not from a proxy: the header is the client's word
        (PROXY, "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        (PROXY, "203.0.113.7, 10.0.1.5", "203.0.113.7"),  # a second trusted proxy, from the network
        (PROXY, "10.0.1.4, 10.0.1.5", "10.0.1.4"),  # a request from inside the proxies' network
        (PROXY, "", PROXY),
        ("::ffff:10.0.0.2", "2001:db8::1", "2001:db8::1"),  # the proxy's address written as IPv6
    ],
)
def test_the_client_is_the_first_address_from_the_right_that_is_not_a_trusted_proxy(
    settings, remote, forwarded, client
):
    settings.DEBRIEF_TRUSTED_PROXIES = [PROXY, "10.0.1.0/24"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert clients.client_address(request) == client


@pytest.fixture(params=["local memory", "redis"])
def shared_cache(request, settings):
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/0",
                "KEY_PREFIX": f"test-throttle-{random.getrandbits(32)}",
            }
        }
        try:
            cache.clear()
        except Exception:  # noqa: BLE001 - no Redis here: the local-memory case still runs
            pytest.skip("Redis is not running at 127.0.0.1:6379")
    yield
    cache.clear()


def test_many_wrong_codes_at_once_are_counted_exactly(shared_cache, settings):
    settings.DEBRIEF_VOTE_MAX_WRONG_CODES = 5
    request = RequestFactory().post("/vote/", REMOTE_ADDR=HALL)

    outcomes = together(40, lambda i: throttle.wrong_code_within_limit(request))

    within = [value for _kind, value in outcomes]
    assert within.count(True) == 5 and within.count(False) == 35


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL")
def test_a_hall_sending_many_wrong_codes_at_once_gets_at_most_the_limit_of_answers_and_its_valid_code_passes(
    campaign, reporters, cast, settings
):
    settings.DEBRIEF_VOTE_MAX_WRONG_CODES = 5
    _evaluation, issued = evaluation_opened(campaign, cast.organizer_a, codes={LEADERS: 1})
    sent = [*unknown_codes(30), issued[LEADERS][0]]

    outcomes = together(
        len(sent),
        lambda i: Client().post(reverse("vote:enter"), {"code": sent[i]}, REMOTE_ADDR=HALL).status_code,
    )

    statuses = [status for _kind, status in outcomes]

    assert statuses[-1] == 200
    assert sorted(statuses[:-1]) == [422] * 5 + [429] * 25


def test_the_old_client_header_setting_stops_the_site_from_starting_with_what_to_set_instead():
    result = _settings_check(DEBRIEF_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
    assert result.returncode != 0 and "DEBRIEF_TRUSTED_PROXIES" in result.stderr


def test_a_trusted_proxy_that_is_not_an_address_stops_the_site_from_starting():
    result = _settings_check(DEBRIEF_TRUSTED_PROXIES="10.0.0.2, proxy.local")
    assert result.returncode != 0 and "“proxy.local” is not an address or network" in result.stderr
