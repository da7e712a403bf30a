"""Running the production command in tests: a PostgreSQL database of its own, the collected static
files, gunicorn started with the repository's config, and a small HTTP client that talks to it
as nginx would (the site's host name, X-Forwarded-Proto: https)."""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[3]
HOST = "debrief.test"
# Random each run, as the settings demand of a production key.
SECRET_KEY = secrets.token_urlsafe(50)


def postgres_url() -> str:
    """The PostgreSQL server the tests may create a database on: DEBRIEF_TEST_POSTGRES_URL, else
    the suite's own DATABASE_URL when it is PostgreSQL, else the local server."""
    url = os.environ.get("DEBRIEF_TEST_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/debrief"
    return url


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _admin_connection(url: str):
    return psycopg.connect(
        with_database(url, "postgres").replace("postgres://", "postgresql://", 1),
        autocommit=True,
        connect_timeout=3,
    )


def postgres_unreachable(url: str) -> str | None:
    """Why the tests cannot use PostgreSQL at `url`, or None when they can."""
    try:
        _admin_connection(url).close()
    except psycopg.Error as error:
        return f"PostgreSQL is not reachable ({str(error).strip().splitlines()[0]})"
    return None


def database_create(url: str, name: str) -> str:
    with _admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_database(url, name)


def database_drop(url: str, name: str) -> None:
    with _admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(database_url: str, static_root: Path, media_root: Path, **extra: str) -> dict[str, str]:
    """The environment of a production server behind a TLS proxy, with nothing of the test run's."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DEBRIEF_") and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return {
        **clean,
        "DEBRIEF_PRODUCTION": "1",
        "DEBRIEF_SECRET_KEY": SECRET_KEY,
        "DEBRIEF_ALLOWED_HOSTS": HOST,
        "DEBRIEF_BEHIND_TLS_PROXY": "1",
        "DATABASE_URL": database_url,
        "DEBRIEF_STATIC_ROOT": str(static_root),
        "DEBRIEF_MEDIA_ROOT": str(media_root),
        **extra,
    }


def manage(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finished(process: subprocess.Popen, timeout: float) -> str:
    output, _ = process.communicate(timeout=timeout)
    if process.returncode != 0:
        raise AssertionError(f"{process.args} failed ({process.returncode}):\n{output[-3000:]}")
    return output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`gunicorn -c deploy/gunicorn.conf.py`, the documented production command, on a free port."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 1, threads: int = 2):
        self.port = free_port()
        self.log = log
        env = {**env, "DEBRIEF_BIND": f"127.0.0.1:{self.port}", "DEBRIEF_WORKERS": str(workers)}
        env["DEBRIEF_THREADS"] = str(threads)
        with open(log, "w") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def wait_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if raw_get(self.port, "/healthz").status in (200, 503):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError(f"gunicorn did not answer on port {self.port}:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


class Answer:
    def __init__(self, status: int, headers: dict[str, str], body: bytes, cookies: list[str]):
        self.status, self.headers, self.body, self.cookies = status, headers, body, cookies

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


def raw_get(port: int, path: str, headers: dict[str, str] | None = None) -> Answer:
    """One request with exactly these headers (a load balancer's probe, say)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return Answer(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.read(),
            response.headers.get_all("Set-Cookie") or [],
        )
    finally:
        conn.close()


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """A visitor as the app servers see it through nginx: the site's host name, HTTPS forwarded,
    cookies kept. Each request goes to the port given, so one visitor may meet several servers."""

    def __init__(self, language: str = "en"):
        self.cookies: dict[str, str] = {}
        self.language = language

    def request(self, port: int, method: str, path: str, data: dict | None = None) -> Answer:
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Accept-Language": self.language,
            "Accept-Encoding": "identity",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            answer = Answer(
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
                response.headers.get_all("Set-Cookie") or [],
            )
        finally:
            conn.close()
        for header in answer.cookies:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return answer

    def get(self, port: int, path: str) -> Answer:
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, data: dict, token_from: Answer) -> Answer:
        """A form's POST with the CSRF token of the page it was on."""
        match = CSRF_FIELD.search(token_from.text)
        assert match, f"no CSRF token on the page:\n{token_from.text[:500]}"
        return self.request(port, "POST", path, {**data, "csrfmiddlewaretoken": match[1]})
