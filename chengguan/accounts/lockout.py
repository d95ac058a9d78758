"""Log-in lockout through django-axes: per account and per client address (core.net.client_ip), a
cool-off that doubles with each lockout of the same account or address within a day, the API answered in
JSON, every lockout and unlock audited (signals.py)."""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from chengguan.core import limits
from chengguan.core.net import client_ip

LOCKOUTS_SCOPE = "accounts:lockouts"
LOCKOUT_MEMORY = 24 * 3600  # a lockout counts towards the next cool-off for a day
LONGEST_COOL_OFF = timedelta(hours=24)


class LockoutBackend(AxesStandaloneBackend):
    """Axes's check before the password backends. A call without a request is code of ours (a command, a
    test helper), never a log-in form: it is not counted and not refused."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LockoutHandler(AxesDatabaseHandler):
    """Axes's database handler with a limit of its own for an address: many staff may share one (an
    office behind NAT), so an address locks after CHENGGUAN_LOGIN_ADDRESS_FAILURE_LIMIT failures across
    all accounts, an account after AXES_FAILURE_LIMIT (CHENGGUAN_LOGIN_FAILURE_LIMIT) failures from
    anywhere."""

    def get_failures(self, request, credentials=None) -> int:
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        per_account, per_address = (counts + [0, 0])[:2]
        account_limit = settings.AXES_FAILURE_LIMIT
        if per_address >= settings.CHENGGUAN_LOGIN_ADDRESS_FAILURE_LIMIT:
            address_level = account_limit
        else:
            address_level = min(per_address, account_limit - 1)
        return max(per_account, address_level)


def _username(request) -> str:
    credentials = getattr(request, "axes_credentials", None) or {}
    username = credentials.get("username")
    if not username and request is not None and request.method == "POST":
        username = request.POST.get("username", "")
    return str(username or "")[:150]


def identities(request) -> list[str]:
    found = [f"ip:{client_ip(request)}"] if request is not None else []
    username = _username(request) if request is not None else ""
    if username:
        found.append(f"user:{username}")
    return found


def remember_lockout(request) -> None:
    for identity in identities(request):
        limits.hit(LOCKOUTS_SCOPE, identity, limit=1_000_000, window=LOCKOUT_MEMORY)


def cool_off(request=None) -> timedelta:
    """CHENGGUAN_LOCKOUT_MINUTES for a first lockout, doubled for each earlier one within a day."""
    base = timedelta(minutes=settings.CHENGGUAN_LOCKOUT_MINUTES)
    earlier = max(
        (limits.used(LOCKOUTS_SCOPE, identity, window=LOCKOUT_MEMORY) for identity in identities(request)),
        default=0,
    )
    # The lockout being answered is already counted, so the first one gets the base time.
    return min(base * (2 ** max(earlier - 1, 0)), LONGEST_COOL_OFF)


def message(request=None) -> str:
    minutes = max(1, int(cool_off(request).total_seconds() // 60))
    return _(
        "Too many failed log-ins: this account or address is locked for %(minutes)d minutes. "
        "An administrator can unlock it sooner."
    ) % {"minutes": minutes}


def locked_out_response(request, original_response=None, credentials=None):
    text = message(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked_out", "message": text}, status=429)
    return render(request, "accounts/locked.html", {"message": text}, status=429)
