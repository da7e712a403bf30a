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

    def terminate(self) -> None:
        """Asks gunicorn to stop gracefully (SIGTERM), as systemd does."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.terminate()
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


def https_request(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None
) -> Answer:
    """One request over TLS to a proxy with a self-signed certificate."""
    import ssl

    context = ssl._create_unverified_context()
    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=30, context=context)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return Answer(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.read(),
            response.headers.get_all("Set-Cookie") or [],
        )
    finally:
        conn.close()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "site.pem", folder / "site.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def replaced(text: str, old: str, new: str) -> str:
    """`old` replaced, which must be there: the sample and this test change together."""
    assert old in text, f"the sample in deploy/ no longer has {old!r}"
    return text.replace(old, new)


class Nginx:
    """deploy/nginx.conf run by nginx as it stands, with only the machine-specific parts changed:
    the app servers' addresses, the ports, the certificate and the log's place."""

    def __init__(self, folder: Path, upstream_ports: list[int]):
        self.folder = folder
        self.http_port, self.https_port = free_port(), free_port()
        self.access_log = folder / "access.log"
        cert, key = self_signed_certificate(folder)
        site = (ROOT / "deploy" / "nginx.conf").read_text()
        upstream = "".join(
            f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;\n" for port in upstream_ports
        )
        site = replaced(
            site,
            "    server 10.0.0.5:8000 max_fails=3 fail_timeout=10s;\n"
            "    server 10.0.0.6:8000 max_fails=3 fail_timeout=10s;\n",
            upstream,
        )
        site = replaced(
            site, "    listen 80;\n    listen [::]:80;\n", f"    listen 127.0.0.1:{self.http_port};\n"
        )
        site = replaced(
            site,
            "    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n",
            f"    listen 127.0.0.1:{self.https_port} ssl http2;\n",
        )
        site = replaced(site, "/etc/ssl/certs/debrief.example.org.pem", str(cert))
        site = replaced(site, "/etc/ssl/private/debrief.example.org.key", str(key))
        site = replaced(site, "/var/log/nginx/debrief.access.log", str(self.access_log))
        (folder / "site.conf").write_text(site)
        temp = folder / "temp"
        temp.mkdir()
        (folder / "nginx.conf").write_text(
            # Run as root (a container, CI), its workers would be "nobody" and could not use the
            # test's private folder.
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"""pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
worker_processes 1;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {folder}/site.conf;
}}
"""
        )

    def test_config(self) -> subprocess.CompletedProcess:
        return subprocess.run(
            [NGINX, "-t", "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")],
            capture_output=True,
            text=True,
            timeout=30,
        )

    def start(self) -> None:
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.https_port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise AssertionError(f"nginx did not start:\n{(self.folder / 'error.log').read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # nginx's graceful shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


NGINX = next((p for p in ("/usr/sbin/nginx", "/usr/bin/nginx") if os.path.exists(p)), "")
