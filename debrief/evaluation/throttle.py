"""Wrong-code attempts are limited per client, so codes cannot be guessed by trying many.

A client is its address (or the header a trusted proxy sets, DEBRIEF_CLIENT_IP_HEADER), kept
only as a keyed hash in the cache for the window; nothing about it reaches a ballot.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

WINDOW_MINUTES = 10


def _limit() -> int:
    return getattr(settings, "DEBRIEF_VOTE_MAX_WRONG_CODES", 10)


def _key(request) -> str:
    header = getattr(settings, "DEBRIEF_CLIENT_IP_HEADER", "") or "REMOTE_ADDR"
    client = request.META.get(header, "").split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), client.encode(), hashlib.sha256).hexdigest()[:32]
    return f"debrief:wrong-codes:{digest}"


def is_blocked(request) -> bool:
    return cache.get(_key(request), 0) >= _limit()


def record_failure(request) -> None:
    key = _key(request)
    if not cache.add(key, 1, timeout=WINDOW_MINUTES * 60):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=WINDOW_MINUTES * 60)
