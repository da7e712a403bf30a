"""The voting page's wrong-code limit: it makes probing visible and never refuses a correct code.

The limit does not keep codes safe; their 44.6 random bits do. Every code is checked first, with
the same small work whatever it is (the check character without the database, then one indexed
lookup of the keyed hash), so a valid unused code is accepted even from a hall whose shared address
has used up the limit. Only well-formed codes that are not known are counted, atomically in the
cache; beyond DEBRIEF_VOTE_MAX_WRONG_CODES in the window they are refused with a 429 and the first
refusal is logged.

A client is its address as `lib.clients` finds it behind the trusted proxies. An IPv6 client counts by its /64, which one
host usually holds whole. The client is kept only as a keyed hash in the cache for the window;
nothing about it reaches a ballot.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache

from debrief.lib import clients

WINDOW_MINUTES = 10

logger = logging.getLogger(__name__)


def _key(request) -> str:
    client = clients.client_address(request)
    address = clients.parse_address(client)
    if address is not None and address.version == 6:
        client = str(ipaddress.ip_network(f"{address}/64", strict=False))
    digest = hmac.new(settings.SECRET_KEY.encode(), client.encode(), hashlib.sha256).hexdigest()[:32]
    return f"debrief:wrong-codes:{digest}"


def _counted(key: str) -> int:
    """The window's count after this one: add and incr are each atomic on Redis and in local memory."""
    while True:
        if cache.add(key, 1, timeout=WINDOW_MINUTES * 60):
            return 1
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add and incr: this one opens the next
            continue
        if count == 1:  # Redis re-created the key without its expiry when it ended at that moment
            cache.touch(key, WINDOW_MINUTES * 60)
        return count


def wrong_code_within_limit(request) -> bool:
    """Count one unknown code from this client; False once it is past the window's limit."""
    key = _key(request)
    count = _counted(key)
    limit = settings.DEBRIEF_VOTE_MAX_WRONG_CODES
    if count == limit + 1:
        logger.warning(
            "Voting page: client %s sent more than %d unknown codes in %d minutes; refusing its "
            "unknown codes for the rest of the window.",
            key.rsplit(":", 1)[1][:12],
            limit,
            WINDOW_MINUTES,
        )
    return count <= limit
