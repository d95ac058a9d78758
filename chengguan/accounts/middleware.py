"""Session policy, checked on every request without a query:

- a session idle for CHENGGUAN_SESSION_IDLE_MINUTES, or older than CHENGGUAN_SESSION_MAX_HOURS, ends;
- an account that must use a second factor (selectors.second_factor_required, or anyone who enrolled) reaches
  nothing but the verification or enrolment pages until it has given a code in this session, the admin
  included; an account given a temporary password reaches nothing but the password change.

What the account needs is worked out at log-in and kept in the session (roles changed later apply at the
next log-in; ending the user's sessions applies them at once)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

SESSION_STARTED = "accounts_started"
SESSION_SEEN = "accounts_seen"
SESSION_VERIFIED = "accounts_verified"
SESSION_NEEDS = "accounts_needs"  # "enrol", "verify" or "" (nothing)
SESSION_MUST_CHANGE = "accounts_must_change"
SEEN_EVERY = 60  # seconds between stamps of a session's last activity (a write)

VERIFY_PATHS = ("/account/verify/", "/account/enrol/")
PASSWORD_PATH = "/account/password/"
EXEMPT_PREFIXES = (
    *VERIFY_PATHS,
    "/logout/",
    "/static/",
    "/i18n/",
    "/healthz",
    "/livez",
    "/readyz",
    "/metrics",
)


def stamp(session, *, started: bool = False) -> None:
    now = int(time.time())
    if started or SESSION_STARTED not in session:
        session[SESSION_STARTED] = now
    session[SESSION_SEEN] = now


def remember_needs(session, user) -> None:
    from . import selectors

    if selectors.has_second_factor(user):
        session[SESSION_NEEDS] = "verify"
    elif selectors.second_factor_required(user):
        session[SESSION_NEEDS] = "enrol"
    else:
        session[SESSION_NEEDS] = ""
    session[SESSION_MUST_CHANGE] = selectors.must_change_password(user)


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and session is not None and user.is_authenticated and session.session_key:
            ended = self._check(request, session)
            if ended:
                return ended
        return self.get_response(request)

    def _check(self, request, session):
        now = int(time.time())
        started = session.get(SESSION_STARTED)
        seen = session.get(SESSION_SEEN)
        if started is None or seen is None:
            stamp(session)
            return None
        idle = settings.CHENGGUAN_SESSION_IDLE_MINUTES * 60
        longest = settings.CHENGGUAN_SESSION_MAX_HOURS * 3600
        if now - seen > idle or now - started > longest:
            self._end(request)
            reason = _(
                "Your session ended: you were away too long, or signed in for a whole shift. Log in again."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "session_expired", "message": reason}, status=401)
            messages.info(request, reason)
            return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
        if now - seen >= SEEN_EVERY:
            stamp(session)
            from .models import UserSession

            UserSession.objects.filter(session_key=session.session_key).update(last_seen_at=timezone.now())
        return None

    @staticmethod
    def _end(request):
        from .models import UserSession

        UserSession.objects.filter(session_key=request.session.session_key).delete()
        logout(request)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if (
            user is not None
            and session is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            blocked = self._check(request, session)
            if blocked:
                return blocked
        return self.get_response(request)

    def _check(self, request, session):
        if SESSION_NEEDS not in session:  # a session from before this check existed
            remember_needs(session, request.user)
        needs = "" if session.get(SESSION_VERIFIED) else session.get(SESSION_NEEDS, "")
        if needs:
            target, reason = (
                ("accounts:verify", _("Enter the code from your authenticator app."))
                if needs == "verify"
                else ("accounts:enrol", _("Your role needs a second factor: set up an authenticator app."))
            )
        elif session.get(SESSION_MUST_CHANGE) and not request.path.startswith(PASSWORD_PATH):
            target, reason = "accounts:password", _("Choose a new password before you continue.")
        else:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "second_factor_required", "message": reason}, status=403)
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
