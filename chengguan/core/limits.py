"""Rate limits counted atomically before the work: one fixed-window counter per (scope, identity) in the
shared cache (Redis through CACHE_URL in production, so every process counts together).

`hit()` counts first and answers whether the caller is still within the limit, so concurrent requests
cannot all pass a check that each made before any of them was counted. Identities are hashed before they
become cache keys (addresses and phones never appear in the cache)."""

import contextlib
import hashlib
import time

from django.core.cache import cache
from django.utils.translation import gettext as _

from .refusals import Refused


class RateLimited(Refused):
    code = "rate_limited"
    http_status = 429

    def __init__(self, message: str | None = None, *, retry_after: int = 60):
        super().__init__(
            message or _("Too many requests in a short time. Please wait a while and try again.")
        )
        self.retry_after = retry_after


def _key(scope: str, identity: str, window: int) -> str:
    digest = hashlib.sha256(str(identity).encode()).hexdigest()[:32]
    return f"limit:{scope}:{digest}:{int(time.time() // window)}"


def hit(scope: str, identity: str, *, limit: int, window: int) -> bool:
    """Count one use of `scope` by `identity`; True while the count is within `limit` for this window.
    An empty identity is not counted (and passes)."""
    if not identity:
        return True
    key = _key(scope, identity, window)
    cache.add(key, 0, window)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        used = 1
    return used <= int(limit)


def used(scope: str, identity: str, *, window: int) -> int:
    """How many uses this window has counted so far (for display and tests)."""
    return int(cache.get(_key(scope, identity, window)) or 0) if identity else 0


def release(scope: str, identity: str, *, window: int) -> None:
    """Give back one use (a counted request that was then refused for another reason)."""
    if identity:
        with contextlib.suppress(ValueError):  # expired meanwhile: nothing to give back
            cache.decr(_key(scope, identity, window))


def enforce(scope: str, identity: str, *, limit: int, window: int, message: str | None = None) -> None:
    """`hit()`, raising RateLimited when over the limit."""
    if not hit(scope, identity, limit=limit, window=window):
        raise RateLimited(message, retry_after=window)
