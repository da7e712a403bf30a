"""What the PostgreSQL benchmarks share: a database of their own on DATABASE_URL's server, Django set
up on it, and timing a call."""

from __future__ import annotations

import os
import secrets
import statistics
import time
from urllib.parse import urlsplit

import psycopg


def database_urls(name: str) -> tuple[str, str]:
    """(maintenance database URL, bench database URL) on the server of DATABASE_URL."""
    url = urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test")
    return url._replace(path="/postgres").geturl(), url._replace(path=f"/{name}").geturl()


def recreate_database(maintenance: str, name: str, create: bool = True) -> None:
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def own_database(name: str, script: str) -> tuple[str, str] | None:
    """The bench's database created afresh: (maintenance URL, its URL); None, having said why, when
    no PostgreSQL is reachable (the benchmark is then skipped)."""
    maintenance, url = database_urls(name)
    try:
        if not url.startswith("postgres"):
            raise psycopg.OperationalError("DATABASE_URL is not a PostgreSQL URL")
        recreate_database(maintenance, name)
    except psycopg.OperationalError as error:
        reason = " ".join(str(error).split())[:200]
        print(f"{script} skipped: no PostgreSQL at {urlsplit(url).netloc or url} ({reason})")
        return None
    return maintenance, url


def django_on(url: str) -> None:
    """Django set up in this process on the bench's database (no debug, quiet), migrated."""
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="debrief.settings")
    os.environ.update(DEBRIEF_DEBUG="0", DEBRIEF_ALLOWED_HOSTS="testserver", DEBRIEF_LOG_LEVEL="WARNING")
    os.environ.setdefault("DEBRIEF_SECRET_KEY", secrets.token_urlsafe(48))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(action, runs: int, between=lambda: None) -> tuple[float, float, float]:
    """(first, median, max) wall milliseconds of `runs` calls, `between` before each (untimed)."""
    times = []
    for _ in range(runs):
        between()
        started = time.perf_counter()
        action()
        times.append(1000 * (time.perf_counter() - started))
    return times[0], statistics.median(times), max(times)
