"""The client's address: the one function every rate limit, the audit log, the lockout and the API throttles
use.

Behind N reverse proxies (CHENGGUAN_NUM_PROXIES, 0 by default) the client is the N-th address from the right
of X-Forwarded-For: each proxy we trust appends the address it received the request from, so what a client
writes at the left of the header is never believed. With no proxy configured only REMOTE_ADDR is read, and a
forged header changes nothing."""

import ipaddress

from django.conf import settings

MAX_LENGTH = 45  # the longest textual IPv6 address


def num_proxies() -> int:
    return int(getattr(settings, "CHENGGUAN_NUM_PROXIES", 0) or 0)


def client_ip(request) -> str:
    """The address the request came from, as seen through the configured proxies ("" without a request)."""
    if request is None:
        return ""
    meta = request.META
    remote = (meta.get("REMOTE_ADDR") or "").strip()
    proxies = num_proxies()
    if proxies <= 0:
        return _clean(remote)
    forwarded = [part.strip() for part in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Fewer hops than proxies: the request did not come through all of them; the nearest is the client.
        return _clean(forwarded[0] if forwarded else remote)
    return _clean(forwarded[-proxies])


def _clean(value: str) -> str:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.9:5123"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return value[:MAX_LENGTH]
