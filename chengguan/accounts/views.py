"""The account pages: second-factor verification and enrolment, password change, my sessions, my tokens."""

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.core.refusals import Refused

from . import lockout, selectors, services
from .middleware import SESSION_MUST_CHANGE, SESSION_NEEDS, SESSION_VERIFIED


def _next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _locked(request):
    credentials = {"username": request.user.get_username()}
    return not AxesProxyHandler.is_allowed(request, credentials)


def _refuse_locked(request):
    logout(request)
    return render(request, "accounts/locked.html", {"message": lockout.message(request)}, status=429)


@login_required
def verify(request):
    """The second step of the log-in: a code from the authenticator app, or a recovery code. Wrong codes
    count towards the lockout as wrong passwords do."""
    if not request.session.get(SESSION_NEEDS):
        return redirect(_next(request))
    if request.session[SESSION_NEEDS] == "enrol" and not selectors.has_second_factor(request.user):
        return redirect("accounts:enrol")
    if _locked(request):
        return _refuse_locked(request)
    error = ""
    if request.method == "POST":
        if services.check_second_factor(actor=request.user, code=request.POST.get("code", "")):
            old_key = request.session.session_key
            request.session.cycle_key()  # a new key for the now fully signed-in session
            services.follow_session_key(
                actor=request.user, old_key=old_key, new_key=request.session.session_key
            )
            request.session[SESSION_VERIFIED] = True
            return redirect(_next(request))
        user_login_failed.send(
            sender=__name__, credentials={"username": request.user.get_username()}, request=request
        )
        if _locked(request):
            return _refuse_locked(request)
        error = _("The code is wrong or too old. Enter the current code, or one of your recovery codes.")
    return render(request, "accounts/verify.html", {"error": error, "next": _next(request, "")})


@login_required
def enrol(request):
    """Set up an authenticator app: a QR code made here (segno, no outside service), then a code from it.
    Someone who already has one must give a code first (this replaces it)."""
    if selectors.has_second_factor(request.user) and not request.session.get(SESSION_VERIFIED):
        return redirect("accounts:verify")
    error = ""
    if request.method == "POST":
        try:
            codes = services.confirm_enrolment(actor=request.user, code=request.POST.get("code", ""))
        except Refused as refusal:
            error = refusal.message
        else:
            request.session[SESSION_VERIFIED] = True
            request.session[SESSION_NEEDS] = "verify"
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
    device = selectors.totp_device(request.user, confirmed=False) or services.start_enrolment(
        actor=request.user
    )
    url = device.config_url
    qr = segno.make(url, error="m").svg_inline(scale=5, dark="#1b1b1b", light="#ffffff")
    secret = url.split("secret=", 1)[1].split("&", 1)[0]
    return render(
        request,
        "accounts/enrol.html",
        {"qr": qr, "secret": secret, "error": error, "next": _next(request, "")},
    )


@login_required
def security(request):
    """My account: second factor, password, sessions, tokens."""
    return render(
        request,
        "accounts/security.html",
        {
            "has_second_factor": selectors.has_second_factor(request.user),
            "second_factor_required": selectors.second_factor_required(request.user),
            "recovery_left": selectors.recovery_codes_left(request.user),
            "sessions": selectors.sessions_of(request.user),
            "current_key": request.session.session_key,
            "tokens": selectors.tokens_of(request.user),
        },
    )


@login_required
@require_POST
def recovery_codes(request):
    try:
        codes = services.new_recovery_codes(actor=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("accounts:security")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": ""})


@login_required
def password(request):
    errors: list[str] = []
    if request.method == "POST":
        new = request.POST.get("new_password", "")
        if new != request.POST.get("new_password_again", ""):
            errors = [_("The two new passwords differ.")]
        else:
            try:
                services.change_password(
                    actor=request.user,
                    user=request.user,
                    old_password=request.POST.get("old_password", ""),
                    new_password=new,
                    keep_session_key=request.session.session_key or "",
                )
            except ValidationError as error:
                errors = list(error.messages)
            except Refused as refusal:
                errors = [refusal.message]
            else:
                old_key = request.session.session_key
                update_session_auth_hash(request, request.user)  # keeps this session, with a new key
                services.follow_session_key(
                    actor=request.user, old_key=old_key, new_key=request.session.session_key
                )
                request.session[SESSION_MUST_CHANGE] = False
                messages.success(request, _("Your password was changed. Your other sessions were ended."))
                return redirect(_next(request, "accounts:security"))
    return render(
        request,
        "accounts/password.html",
        {
            "errors": errors,
            "must_change": request.session.get(SESSION_MUST_CHANGE),
            "next": _next(request, ""),
        },
    )


@login_required
@require_POST
def end_session(request, session_id: int):
    services.end_session(actor=request.user, session_id=session_id)
    messages.success(request, _("The session was ended: that browser is logged out."))
    return redirect("accounts:security")


@login_required
@require_POST
def issue_token(request):
    _token, key = services.issue_token(
        actor=request.user, user=request.user, name=request.POST.get("name", "")
    )
    return render(request, "accounts/token_issued.html", {"key": key, "token": _token})


@login_required
@require_POST
def revoke_token(request, token_id: int):
    services.revoke_token(actor=request.user, token_id=token_id)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:security")
