"""Who sent a request, as far as the configured reverse proxies vouch for it.

A client is the connection's address, or, only when the connection comes from one of
DEBRIEF_TRUSTED_PROXIES, the first address of X-Forwarded-For read from the right that is not a
trusted proxy: a header anyone else sends is ignored. The voting page's wrong-code limit, login
throttling and the audit trail all ask here.
"""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings


@functools.cache
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def _is_trusted(text: str) -> bool:
    address = parse_address(text)
    proxies = _networks(tuple(settings.DEBRIEF_TRUSTED_PROXIES))
    return address is not None and any(address in network for network in proxies)


def client_address(request) -> str:
    """Who sent the request, as far as the trusted proxies vouch for it."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted(remote):
        return remote
    # Each trusted proxy appends the address it was connected from; the left part is the client's word.
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop):
            return hop
    return hops[0] if hops else remote
