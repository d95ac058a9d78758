"""Every change to staff identity: tokens, sessions, passwords, second factor, lockout, deactivation.
Each names its actor, checks it, writes atomically and leaves an audit entry."""

import secrets
from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.sessions.backends.base import SessionBase
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from chengguan.core import audit, versioning
from chengguan.core.actors import is_system
from chengguan.core.refusals import Refused, require, require_actor

from . import selectors
from .models import AccountState, ApiToken, UserSession, token_digest

RECOVERY_CODES = 10


class Action:
    TOKEN_ISSUED = "auth.token_issued"
    TOKEN_REVOKED = "auth.token_revoked"
    TOKEN_USED = "auth.token_used"
    SESSION_ENDED = "auth.session_ended"
    LOCKED_OUT = "auth.locked_out"
    UNLOCKED = "auth.unlocked"
    PASSWORD_CHANGED = "auth.password_changed"
    PASSWORD_RESET = "auth.password_reset"
    SECOND_FACTOR_ENROLLED = "auth.2fa_enrolled"
    SECOND_FACTOR_RESET = "auth.2fa_reset"
    SECOND_FACTOR_PASSED = "auth.2fa_passed"
    RECOVERY_CODES_ISSUED = "auth.recovery_codes_issued"
    DEACTIVATED = "auth.deactivated"


class AccountRefused(Refused):
    code = "account_refused"


def _may_manage(actor, user) -> bool:
    return is_system(actor) or actor.pk == user.pk or selectors.is_account_admin(actor)


def _session_store() -> type[SessionBase]:
    return import_string(settings.SESSION_ENGINE + ".SessionStore")


# --- API tokens ---------------------------------------------------------------------------------------


@transaction.atomic
def issue_token(*, actor, user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and its key (shown once: only the digest is stored)."""
    require_actor(actor)
    require(
        _may_manage(actor, user), _("Only the owner or an administrator can issue this account's tokens.")
    )
    if not user.is_active:
        raise AccountRefused(_("The account is inactive."), code="inactive")
    name = (name or "").strip()[:100] or _("API token")
    days = days or settings.CHENGGUAN_API_TOKEN_DAYS
    key = secrets.token_hex(20)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        digest=token_digest(key),
        prefix=key[:8],
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit.record(
        Action.TOKEN_ISSUED, actor=actor, target=token, data={"user": user.pk, "name": name, "days": days}
    )
    return token, key


@transaction.atomic
def revoke_token(*, actor, token_id: int) -> ApiToken:
    require_actor(actor)
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token_id)
    require(_may_manage(actor, token.user), _("Only the owner or an administrator can revoke this token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(Action.TOKEN_REVOKED, actor=actor, target=token, data={"user": token.user_id})
    return token


def record_token_use(*, actor, token: ApiToken, request) -> None:
    """Stamp and audit a token's use (the actor is its user), at most once per
    CHENGGUAN_API_TOKEN_USE_RECORD_SECONDS each."""
    require_actor(actor)
    now = timezone.now()
    interval = timedelta(seconds=settings.CHENGGUAN_API_TOKEN_USE_RECORD_SECONDS)
    if token.last_used_at is not None and now - token.last_used_at < interval:
        return
    # .update(): a stamp is not a change of the token, so no process forgets its cached sign-ins.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    audit.record(Action.TOKEN_USED, actor=actor, target=token, request=request)


# --- Sessions -----------------------------------------------------------------------------------------


def _end(sessions, *, actor, reason: str) -> int:
    store = _session_store()
    ended = 0
    for session in list(sessions):
        store(session.session_key).delete()
        audit.record(
            Action.SESSION_ENDED,
            actor=actor,
            target=session.user,
            data={"session": session.pk, "ip": session.ip, "reason": reason},
        )
        session.delete()
        ended += 1
    return ended


def follow_session_key(*, actor, old_key: str | None, new_key: str | None) -> None:
    """A session's key changed (it was cycled at a step of the log-in): its open-session row follows."""
    require_actor(actor)
    if old_key and new_key and old_key != new_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=new_key)


@transaction.atomic
def end_session(*, actor, session_id: int) -> None:
    """End one of the user's sessions (that browser is logged out at its next request)."""
    require_actor(actor)
    session = UserSession.objects.select_related("user").filter(pk=session_id).first()
    if session is None:
        return
    require(_may_manage(actor, session.user), _("Only the owner or an administrator can end this session."))
    _end([session], actor=actor, reason="ended")


@transaction.atomic
def end_user_sessions(*, actor, user, keep_key: str = "", reason: str = "ended") -> int:
    require_actor(actor)
    require(_may_manage(actor, user), _("Only an administrator can end another user's sessions."))
    return _end(
        UserSession.objects.filter(user=user).exclude(session_key=keep_key), actor=actor, reason=reason
    )


def prune_sessions(*, actor) -> int:
    """Forget sessions past their idle or absolute limit (their browsers are logged out already at their
    next request); Django's expired session rows go too. Returns how many open sessions were removed."""
    require_actor(actor)
    now = timezone.now()
    stale = UserSession.objects.filter(
        models.Q(last_seen_at__lt=now - selectors.idle_limit())
        | models.Q(started_at__lt=now - timedelta(hours=settings.CHENGGUAN_SESSION_MAX_HOURS))
    )
    store = _session_store()
    removed = 0
    for session in stale.iterator():
        store(session.session_key).delete()
        session.delete()
        removed += 1
    store.clear_expired()
    return removed


@transaction.atomic
def cut_off(*, actor, user, reason: str) -> None:
    """End every session and revoke every token of `user` at once (deactivation, password reset)."""
    require_actor(actor)
    _end(UserSession.objects.filter(user=user), actor=actor, reason=reason)
    now = timezone.now()
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    versioning.bump("auth")  # every process forgets its cached token sign-ins now


@transaction.atomic
def deactivate_user(*, actor, user) -> None:
    require_actor(actor)
    require(selectors.is_account_admin(actor) or is_system(actor), _("Only an administrator can do this."))
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])  # the signal ends its sessions and tokens
    audit.record(Action.DEACTIVATED, actor=actor, target=user)


# --- Passwords ----------------------------------------------------------------------------------------


@transaction.atomic
def change_password(*, actor, user, old_password: str, new_password: str, keep_session_key: str = "") -> None:
    """The user's own change: the old password, then the policy; other sessions end."""
    require_actor(actor)
    require(actor.pk == user.pk, _("Only the account's owner can change its password this way."))
    if not user.check_password(old_password):
        raise AccountRefused(_("The current password is wrong."), code="wrong_password")
    if old_password == new_password:
        raise AccountRefused(_("The new password must differ from the current one."), code="same_password")
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    AccountState.objects.update_or_create(
        user=user, defaults={"must_change_password": False, "password_changed_at": timezone.now()}
    )
    audit.record(Action.PASSWORD_CHANGED, actor=actor, target=user)
    _end(
        UserSession.objects.filter(user=user).exclude(session_key=keep_session_key),
        actor=actor,
        reason="password",
    )


@transaction.atomic
def set_temporary_password(*, actor, user) -> str:
    """An administrator's reset: a random temporary password (returned, to hand over) that must be changed at
    the first log-in; every session and token of the account ends."""
    require_actor(actor)
    require(selectors.is_account_admin(actor), _("Only an administrator can reset a password."))
    temporary = "-".join(secrets.token_urlsafe(4) for _ in range(3)) + "Aa1"
    user.set_password(temporary)
    user.save(update_fields=["password"])
    AccountState.objects.update_or_create(user=user, defaults={"must_change_password": True})
    cut_off(actor=actor, user=user, reason="password_reset")
    audit.record(Action.PASSWORD_RESET, actor=actor, target=user)
    return temporary


# --- Lockout ------------------------------------------------------------------------------------------


def unlock(*, actor, username: str = "", ip: str = "") -> int:
    """Clear the failed log-ins of an account and/or an address; returns how many records were cleared."""
    require_actor(actor)
    require(selectors.is_account_admin(actor) or is_system(actor), _("Only an administrator can unlock."))
    if not username and not ip:
        raise AccountRefused(_("Name an account or an address to unlock."), code="nothing_to_unlock")
    cleared = 0
    if username:
        cleared += axes_reset(username=username)
    if ip:
        cleared += axes_reset(ip=ip)
    audit.record(Action.UNLOCKED, actor=actor, data={"username": username, "ip": ip, "cleared": cleared})
    return cleared


# --- Second factor ------------------------------------------------------------------------------------


@transaction.atomic
def start_enrolment(*, actor) -> TOTPDevice:
    """An unconfirmed authenticator for the actor (kept until confirmed with a code, replaced if repeated)."""
    require_actor(actor)
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name="authenticator", confirmed=False)


@transaction.atomic
def confirm_enrolment(*, actor, code: str) -> list[str]:
    """Confirm the actor's new authenticator with a code from it; the older one is replaced. Returns new
    recovery codes (shown once)."""
    require_actor(actor)
    device = selectors.totp_device(actor, confirmed=False)
    if device is None:
        raise AccountRefused(_("Start the enrolment again: no authenticator is waiting."), code="no_device")
    if not device.verify_token((code or "").strip()):
        raise AccountRefused(_("The code is wrong or too old: try the current one."), code="wrong_code")
    TOTPDevice.objects.filter(user=actor, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(Action.SECOND_FACTOR_ENROLLED, actor=actor, target=actor)
    return _new_recovery_codes(actor)


def _new_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    audit.record(Action.RECOVERY_CODES_ISSUED, actor=user, target=user)
    return codes


@transaction.atomic
def new_recovery_codes(*, actor) -> list[str]:
    require_actor(actor)
    if not selectors.has_second_factor(actor):
        raise AccountRefused(_("Set up an authenticator first."), code="no_device")
    return _new_recovery_codes(actor)


def check_second_factor(*, actor, code: str) -> bool:
    """True when `code` is the actor's current authenticator code or an unused recovery code (then used
    up); a success is audited (a failure is audited as a failed log-in by the caller's user_login_failed)."""
    require_actor(actor)
    user = actor
    code = (code or "").replace(" ", "").strip()
    if not code:
        return False
    if code.isdigit():
        device = selectors.totp_device(user)
        passed, kind = bool(device is not None and device.verify_token(code)), "totp"
    else:
        recovery = StaticDevice.objects.filter(user=user, name="recovery").first()
        passed, kind = bool(recovery is not None and recovery.verify_token(code.lower())), "recovery_code"
    if passed:
        audit.record(Action.SECOND_FACTOR_PASSED, actor=user, target=user, data={"with": kind})
    return passed


@transaction.atomic
def reset_second_factor(*, actor, user) -> None:
    """An administrator removes a user's authenticator and recovery codes (lost phone): the user enrols
    again at the next log-in. The user's sessions end."""
    require_actor(actor)
    require(selectors.is_account_admin(actor), _("Only an administrator can reset a second factor."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(Action.SECOND_FACTOR_RESET, actor=actor, target=user)
    _end(UserSession.objects.filter(user=user), actor=actor, reason="second_factor_reset")
