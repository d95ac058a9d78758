"""A CAPTCHA-free abuse guard for anonymous submissions (reports and supports).

- Fixed-window counters in the cache, per client address and per device id (a random id the page keeps
  in localStorage and sends in a hidden field, with a cookie as fallback). Only accepted submissions
  count; a submission is refused when either counter is already at its limit.
- A honeypot field people never see (bots fill every field).
- A minimum fill time: the form carries the time it was shown, signed with django.core.signing; a
  submission sooner than `min_fill_seconds` after it, or with a missing, forged or day-old stamp, is
  refused.

Limits come from settings.CHENGGUAN_PORTAL_RATE. The default LocMemCache counts per process: a
production site with several processes or hosts must configure a shared cache (Redis, or Django's
database cache) as CACHES["default"] for the limits to hold across them."""

import hashlib
import time
import uuid

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from chengguan.core.net import client_ip

DEFAULTS = {
    "device": (5, 600),  # accepted submissions per device per window (seconds)
    "ip": (20, 3600),  # accepted submissions per client address per window (seconds)
    "lookup": (120, 60),  # nearby-case lookups per client address per window (seconds)
    "min_fill_seconds": 3.0,
    "max_form_age": 86400,  # a stamp older than this (seconds) is refused: reload the form
}
HONEYPOT = "website"  # the hidden field's name
STAMP_FIELD = "form_stamp"
DEVICE_FIELD = "device_id"
DEVICE_COOKIE = "cg_device"
_SALT = "chengguan.portal.form-stamp"


def config() -> dict:
    return {**DEFAULTS, **getattr(settings, "CHENGGUAN_PORTAL_RATE", {})}


def device_id(request) -> str:
    """The id the page sent, else the cookie's; empty when neither (such clients share their address's
    limit only)."""
    value = request.POST.get(DEVICE_FIELD) or request.COOKIES.get(DEVICE_COOKIE) or ""
    return value.strip()[:100]


def new_device_id() -> str:
    return uuid.uuid4().hex


def form_stamp() -> str:
    return signing.dumps(time.time(), salt=_SALT)


def _stamp_problem(value: str) -> str | None:
    conf = config()
    try:
        shown = float(signing.loads(value or "", salt=_SALT, max_age=conf["max_form_age"]))
    except (signing.BadSignature, TypeError, ValueError):
        return _("This form has expired. Please reload the page and submit it again.")
    if time.time() - shown > conf["max_form_age"]:
        return _("This form has expired. Please reload the page and submit it again.")
    if time.time() - shown < float(conf["min_fill_seconds"]):
        return _("That was too fast. Please check what you entered and submit it again.")
    return None


def _buckets(request) -> list[tuple[str, int, int]]:
    """(cache key, limit, window) for each counter this request falls under."""
    conf = config()
    buckets = []
    for scope, ident in (("ip", client_ip(request)), ("device", device_id(request))):
        if not ident:
            continue
        limit, window = conf[scope]
        digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
        slot = int(time.time() // window)
        buckets.append((f"portal:rate:{scope}:{digest}:{slot}", int(limit), int(window)))
    return buckets


def refusal(request) -> tuple[str, int] | None:
    """Why this anonymous POST is refused, with the HTTP status; None when it may go ahead."""
    if request.POST.get(HONEYPOT):
        return _("Your submission could not be accepted. Please reload the page and try again."), 400
    problem = _stamp_problem(request.POST.get(STAMP_FIELD, ""))
    if problem:
        return problem, 400
    if any((cache.get(key) or 0) >= limit for key, limit, _window in _buckets(request)):
        return (
            _(
                "Too many reports have been sent from this device or network in a short time. Your earlier "
                "reports were received and are being handled; please wait a while before sending another, "
                "or call the hotline if it is urgent."
            ),
            429,
        )
    return None


def count(request) -> None:
    """Count one accepted submission against this request's address and device."""
    for key, _limit, window in _buckets(request):
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)


def lookup_allowed(request) -> bool:
    """Count one lookup (the nearby-case search the form makes while a pin moves) against the client's
    address; False once the address is over its limit for the window."""
    limit, window = config()["lookup"]
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"portal:rate:lookup:{digest}:{int(time.time() // window)}"
    cache.add(key, 0, window)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        used = 1
    return used <= int(limit)
