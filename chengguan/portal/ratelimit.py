"""A CAPTCHA-free abuse guard for anonymous submissions (reports and supports).

- Counters per client address and per device id (a random id the page keeps in localStorage and sends in a
  hidden field, with a cookie as fallback), through `core.limits`: a submission is counted BEFORE the work,
  atomically, so concurrent submissions cannot all pass; one that is then refused for another reason (an
  invalid form, a replay) gives its count back with `release()`.
- A honeypot field people never see (bots fill every field).
- A minimum fill time: the form carries the time it was shown, signed with django.core.signing; a
  submission sooner than `min_fill_seconds` after it, or with a missing, forged or day-old stamp, is
  refused. A stamp is good for one submission (its use is stored with an atomic cache add).

Limits come from settings.CHENGGUAN_PORTAL_RATE. The counters live in the shared cache (CACHE_URL)."""

import hashlib
import time
import uuid

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from chengguan.core import limits
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
SCOPE = "portal"


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
    digest = hashlib.sha256(value.encode()).hexdigest()
    if not cache.add(f"portal:stamp-used:{digest}", 1, int(conf["max_form_age"]) + 60):
        return _("This form has been sent already. Please reload the page to send another report.")
    return None


def _buckets(request) -> list[tuple[str, str, int, int]]:
    """(scope, identity, limit, window) for each counter this request falls under."""
    conf = config()
    buckets = []
    for scope, ident in (("ip", client_ip(request)), ("device", device_id(request))):
        if ident:
            limit, window = conf[scope]
            buckets.append((f"{SCOPE}:{scope}", ident, int(limit), int(window)))
    return buckets


def refusal(request) -> tuple[str, int] | None:
    """Why this anonymous POST is refused, with the HTTP status; None when it may go ahead, and then it has
    been counted: call `release(request)` if the submission is not accepted after all."""
    if request.POST.get(HONEYPOT):
        return _("Your submission could not be accepted. Please reload the page and try again."), 400
    problem = _stamp_problem(request.POST.get(STAMP_FIELD, ""))
    if problem:
        return problem, 400
    counted = []
    for scope, ident, limit, window in _buckets(request):
        within = limits.hit(scope, ident, limit=limit, window=window)
        counted.append((scope, ident, window))
        if not within:
            for scope_, ident_, window_ in counted:
                limits.release(scope_, ident_, window=window_)
            return _too_many(), 429
    return None


def _too_many() -> str:
    return _(
        "Too many reports have been sent from this device or network in a short time. Your earlier "
        "reports were received and are being handled; please wait a while before sending another, "
        "or call the hotline if it is urgent."
    )


def release(request) -> None:
    """Give back the count `refusal()` took for a submission that was not accepted."""
    for scope, ident, _limit, window in _buckets(request):
        limits.release(scope, ident, window=window)


def lookup_allowed(request) -> bool:
    """Count one lookup (the nearby-case search the form makes while a pin moves) against the client's
    address; False once the address is over its limit for the window."""
    limit, window = config()["lookup"]
    return limits.hit(f"{SCOPE}:lookup", client_ip(request), limit=int(limit), window=int(window))
