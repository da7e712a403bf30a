"""The production command, run as an operator runs it: `gunicorn -c deploy/gunicorn.conf.py` with
DEBRIEF_PRODUCTION=1 on PostgreSQL, behind (what nginx sends as) a TLS proxy; and two of them at
once on one PostgreSQL and one Redis."""

import json
import random
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from debrief.ops.tests import serving

pytestmark = pytest.mark.production

HEALTHY = {"status": "ok", "checks": {"database": "ok", "cache": "ok", "media": "ok", "migrations": "ok"}}
HASHED_STATIC = re.compile(r'/static/(debrief/[\w-]+\.[0-9a-f]{12}\.(?:css|js))"')
REDIS_URL = "redis://127.0.0.1:6379/13"  # a Redis database of these tests alone, flushed by them


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated PostgreSQL database of its own and the collected static files (both at once)."""
    server_url = serving.postgres_url()
    if reason := serving.postgres_unreachable(server_url):
        pytest.skip(f"the production server runs on PostgreSQL: {reason}")
    name = serving.urlsplit(server_url).path.strip("/") or "debrief"
    name = f"{'debrief' if name == 'postgres' else name}_served"
    database_url = serving.database_create(server_url, name)
    folder = tmp_path_factory.mktemp("production")
    env = serving.production_env(database_url, folder / "static", folder / "media")
    try:
        migrate = serving.manage(env, "migrate", "--noinput")
        collect = serving.manage(env, "collectstatic", "--noinput")
        serving.finished(collect, timeout=180)
        serving.finished(migrate, timeout=300)
        yield SimpleNamespace(env=env, folder=folder, database_url=database_url)
    finally:
        serving.database_drop(server_url, name)


@pytest.fixture
def start(site, tmp_path):
    servers = []

    def start(**env):
        server = serving.Server({**site.env, **env}, tmp_path / f"gunicorn-{len(servers)}.log")
        servers.append(server)
        return server

    yield start
    for server in servers:  # all at once: each takes a moment to let its connections go
        server.terminate()
    for server in servers:
        server.stop()


def test_the_production_command_serves_the_login_page_hashed_compressed_static_files_and_its_health(start):
    server = start()
    server.wait_ready()
    visitor = serving.Browser()

    login = visitor.get(server.port, "/accounts/login/")
    assert login.status == 200
    assert 'name="password"' in login.text
    assert "strict-transport-security" in login.headers

    stylesheet = HASHED_STATIC.search(login.text)
    assert stylesheet, "the login page links no hashed static file"
    static = serving.raw_get(
        server.port,
        f"/static/{stylesheet[1]}",
        {"Host": serving.HOST, "X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
    )
    assert static.status == 200
    assert static.headers["content-encoding"] == "gzip"
    assert "immutable" in static.headers["cache-control"]

    # A load balancer probes the server by its own address over plain HTTP.
    health = serving.raw_get(server.port, "/healthz", {"Host": f"127.0.0.1:{server.port}"})
    assert (health.status, health.json()) == (200, HEALTHY)
    assert health.headers["content-type"] == "application/json"
    assert not health.cookies
    # Everything else over plain HTTP is sent to HTTPS.
    plain = serving.raw_get(server.port, "/accounts/login/", {"Host": serving.HOST})
    assert (plain.status, plain.headers["location"]) == (301, f"https://{serving.HOST}/accounts/login/")

    assert server.stop() == 0


def test_health_answers_503_naming_the_failed_check_when_the_media_storage_cannot_be_written(start, site):
    # A media root under a file cannot be created or written, whoever the server runs as.
    (site.folder / "a-file").write_text("")
    unwritable = site.folder / "a-file" / "media"
    server = start(DEBRIEF_MEDIA_ROOT=str(unwritable))
    server.wait_ready()

    health = serving.raw_get(server.port, "/healthz", {"Host": serving.HOST})

    assert health.status == 503
    assert health.json() == {"status": "failed", "checks": {**HEALTHY["checks"], "media": "failed"}}
    assert str(unwritable) not in health.text
    assert "Health check media failed" in server.log.read_text()


RATING_FIELD = re.compile(r'name="(r-(\d+)-(\d+))"')


def ballot_filled(ballot_page: serving.Answer) -> dict[str, str]:
    """A valid ballot: the first reporter excellent, everyone else (and every sub-indicator) good."""
    fields = sorted(
        {
            (name, int(reporter), int(position))
            for name, reporter, position in RATING_FIELD.findall(ballot_page.text)
        },
        key=lambda f: (f[1], f[2]),
    )
    assert fields, f"no rating fields on the ballot page:\n{ballot_page.text[:500]}"
    first = fields[0][1]
    return {
        name: "excellent" if (reporter, position) == (first, 0) else "good"
        for name, reporter, position in fields
    }


def vote(visitor: serving.Browser, code: str, enter_on: int, submit_on: int) -> serving.Answer:
    page = visitor.get(enter_on, "/vote/")
    ballot = visitor.post(enter_on, "/vote/", {"code": code}, token_from=page)
    assert ballot.status == 200, ballot.text[:1000]
    return visitor.post(
        submit_on, "/vote/ballot/", {"code": code, **ballot_filled(ballot)}, token_from=ballot
    )


@pytest.fixture
def shared_redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.RedisError as error:
        pytest.skip(f"two app servers share Redis, which is not reachable at {REDIS_URL} ({error})")
    yield REDIS_URL
    client.flushdb()


def test_two_app_servers_on_one_postgresql_and_one_redis_share_the_vote_the_wrong_code_limit_and_the_close(
    start, site, shared_redis
):
    from debrief.lib import ballot_codes

    shared = {"DEBRIEF_CACHE_URL": shared_redis, "DEBRIEF_VOTE_MAX_WRONG_CODES": "3"}
    a, b = start(**shared), start(**shared)
    seeded = subprocess.run(
        [sys.executable, "-m", "debrief.ops.tests.seed_vote"],
        cwd=serving.ROOT,
        env=site.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    data = json.loads(seeded.stdout.strip().splitlines()[-1])
    codes = data["codes"]["Host leadership team"]
    a.wait_ready()
    b.wait_ready()
    for server in (a, b):
        assert serving.raw_get(server.port, "/healthz").json() == HEALTHY

    # Each voter enters the code on one server and sends the ballot to the other, or stays on one.
    receipts = [
        vote(serving.Browser(), codes[0], enter_on=a.port, submit_on=b.port),
        vote(serving.Browser(), codes[1], enter_on=b.port, submit_on=a.port),
        vote(serving.Browser(), codes[2], enter_on=b.port, submit_on=b.port),
    ]
    assert [r.status for r in receipts] == [200, 200, 200]
    # A used code is refused whichever server it is sent to again.
    again = serving.Browser()
    used = again.post(b.port, "/vote/", {"code": codes[0]}, token_from=again.get(b.port, "/vote/"))
    assert used.status == 422 and "already been used" in used.text

    # One client's unknown codes are counted once across both servers: 3 answered, then refused.
    prober = serving.Browser()
    page = prober.get(a.port, "/vote/")
    rng = random.Random(7)
    unknown = [ballot_codes.generate_code(rng) for _ in range(5)]
    statuses = [
        prober.post(port, "/vote/", {"code": code}, token_from=page).status
        for port, code in zip([a.port, b.port, a.port, b.port, a.port], unknown, strict=True)
    ]
    assert statuses == [422, 422, 422, 429, 429]
    # A correct code is still accepted from that client, on either server.
    assert vote(prober, codes[3], enter_on=b.port, submit_on=a.port).status == 200

    # The organizer logs in on one server and closes on the other.
    organizer = serving.Browser()
    login = organizer.get(a.port, "/accounts/login/")
    logged_in = organizer.post(
        b.port, "/accounts/login/", {"username": data["organizer"], "password": data["password"]}, login
    )
    assert logged_in.status == 302
    overview = organizer.get(a.port, f"/campaigns/{data['campaign']}/evaluation/")
    assert overview.status == 200
    closed = organizer.post(
        b.port,
        f"/campaigns/{data['campaign']}/evaluation/close/",
        {"reason": "The test's other categories were issued codes and do not vote."},
        token_from=overview,
    )
    assert (closed.status, closed.headers["location"]) == (
        302,
        f"/campaigns/{data['campaign']}/evaluation/results/",
    )
    assert organizer.get(a.port, closed.headers["location"]).status == 200

    with serving.psycopg.connect(site.database_url.replace("postgres://", "postgresql://", 1)) as conn:
        state, ballots, waiting = conn.execute(
            "SELECT e.state, (SELECT count(*) FROM evaluation_ballot b WHERE b.evaluation_id = e.id),"
            " (SELECT count(*) FROM evaluation_stagedballot s WHERE s.evaluation_id = e.id)"
            " FROM evaluation_evaluation e WHERE e.campaign_id = %s",
            [data["campaign"]],
        ).fetchone()
    assert (state, ballots, waiting) == ("closed", 4, 0)


@pytest.mark.skipif(not serving.NGINX, reason="the nginx site is tried with nginx, which is not installed")
def test_the_nginx_site_serves_the_app_servers_over_https_lets_a_whole_hall_in_and_logs_no_body(
    start, site, tmp_path
):
    a, b = start(DEBRIEF_TRUSTED_PROXIES="127.0.0.1"), start(DEBRIEF_TRUSTED_PROXIES="127.0.0.1")
    (tmp_path / "nginx").mkdir()
    proxy = serving.Nginx(tmp_path / "nginx", [a.port, b.port])
    checked = proxy.test_config()
    assert checked.returncode == 0, checked.stderr
    a.wait_ready()
    b.wait_ready()
    proxy.start()
    try:
        host = {"Host": serving.HOST}

        login = serving.https_request(proxy.https_port, "GET", "/accounts/login/", host)
        assert login.status == 200 and 'name="password"' in login.text
        assert login.headers["strict-transport-security"].startswith("max-age=31536000")
        stylesheet = HASHED_STATIC.search(login.text)[1]
        static = serving.https_request(
            proxy.https_port, "GET", f"/static/{stylesheet}", {**host, "Accept-Encoding": "gzip"}
        )
        assert (static.status, static.headers["content-encoding"]) == (200, "gzip")
        health = serving.https_request(proxy.https_port, "GET", "/healthz", host)
        assert (health.status, health.json()) == (200, HEALTHY)

        # Plain HTTP is sent to HTTPS by nginx itself.
        plain = serving.raw_get(proxy.http_port, "/vote/", host)
        assert (plain.status, plain.headers["location"]) == (301, f"https://{serving.HOST}/vote/")

        # A hall of 300 phones behind one address opens the voting page at once: none is refused
        # by the rate limit in front of /vote/.
        with ThreadPoolExecutor(max_workers=16) as pool:
            hall = list(
                pool.map(
                    lambda _: serving.https_request(proxy.https_port, "GET", "/vote/", host).status,
                    range(300),
                )
            )
        assert hall == [200] * 300

        # A body beyond the largest upload is refused before it reaches an app server.
        too_large = serving.https_request(
            proxy.https_port,
            "POST",
            "/vote/",
            {**host, "Content-Type": "text/plain"},
            b"x" * (22 * 1024 * 1024),
        )
        assert too_large.status == 413

        # A code sent to the voting page reaches the site (an unknown code: 422) and not the log.
        page = serving.https_request(proxy.https_port, "GET", "/vote/", host)
        token = serving.CSRF_FIELD.search(page.text)[1]
        cookie = "; ".join(c.split(";", 1)[0] for c in page.cookies)
        code = ballot_code_never_issued()
        answer = serving.https_request(
            proxy.https_port,
            "POST",
            "/vote/",
            {
                **host,
                "Cookie": cookie,
                "Origin": f"https://{serving.HOST}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            serving.urlencode({"code": code, "csrfmiddlewaretoken": token}).encode(),
        )
        assert answer.status == 422
    finally:
        proxy.stop()
    log = proxy.access_log.read_text()
    assert '"POST /vote/ HTTP/1.1" 422' in log
    assert code not in log and token not in log
    # Health probes every few seconds would fill the log; they are left out.
    assert "/healthz" not in log


def ballot_code_never_issued() -> str:
    from debrief.lib import ballot_codes

    return ballot_codes.generate_code(random.Random(11))
