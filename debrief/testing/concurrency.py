"""Running changes on several database connections at once, for the race tests (PostgreSQL only)."""

import threading
from functools import partial

import pytest
from django.db import connection, connections
from django.utils import translation

from debrief.lib.errors import DomainError

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="races are proven on PostgreSQL, the production database"
)


def in_parallel(*works):
    """Run each work on its own thread and connection; `work(start)` reads what a page would have read,
    then calls `start()`, which lets all works go at once. Each outcome is ("ok", result) or, for a
    refusal, (its `kind` when it has one, as ballot refusals do, else its class name; its message
    in English)."""
    barrier = threading.Barrier(len(works), timeout=30)  # a work that fails early breaks it, not hangs
    outcomes = [None] * len(works)

    def run(i):
        try:
            with translation.override("en"):  # the language is per thread; messages are asserted in English
                outcomes[i] = ("ok", works[i](barrier.wait))
        except DomainError as error:
            outcomes[i] = (getattr(error, "kind", None) or type(error).__name__, str(error))
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            outcomes[i] = ("error", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(works))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def together(count, work):
    """`work(i)` for i in range(count), each on its own thread and connection, all started at once."""
    return in_parallel(*(partial(_started, work, i) for i in range(count)))


def _started(work, i, start):
    start()
    return work(i)
