"""Reads about staff identity: who must use a second factor, a user's devices, tokens and sessions."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from chengguan.org.roles import RoleCode

from .models import AccountState, ApiToken, UserSession

# Administrators, leaders and every role that can reveal personal data.
SECOND_FACTOR_ROLES = frozenset(
    {RoleCode.ADMINISTRATOR, RoleCode.LEADER, RoleCode.INTAKE_OPERATOR, RoleCode.DISPATCHER}
)


def role_codes(user) -> set[str]:
    staff = getattr(user, "staff", None)
    return staff.role_codes() if staff is not None else set()


def is_account_admin(user) -> bool:
    """May manage other people's accounts: a superuser, or staff with the administrator role."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or RoleCode.ADMINISTRATOR in role_codes(user))


def second_factor_required(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or role_codes(user) & SECOND_FACTOR_ROLES)


def totp_device(user, *, confirmed: bool | None = True) -> TOTPDevice | None:
    devices = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        devices = devices.filter(confirmed=confirmed)
    return devices.order_by("-id").first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, name="recovery").first()
    return device.token_set.count() if device is not None else 0


def must_change_password(user) -> bool:
    """A temporary password given by an administrator, or (with CHENGGUAN_PASSWORD_MAX_AGE_DAYS) one older
    than that many days."""
    state = AccountState.objects.filter(user=user).first()
    if state is not None and state.must_change_password:
        return True
    days = settings.CHENGGUAN_PASSWORD_MAX_AGE_DAYS
    if not days or not user.has_usable_password():
        return False
    changed = (state.password_changed_at if state is not None else None) or user.date_joined
    return changed < timezone.now() - timedelta(days=days)


def idle_limit() -> timedelta:
    return timedelta(minutes=settings.CHENGGUAN_SESSION_IDLE_MINUTES)


def sessions_of(user):
    """The user's sessions that can still be used (seen within the idle limit)."""
    return UserSession.objects.filter(user=user, last_seen_at__gt=timezone.now() - idle_limit())


def tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def user_by_username(username: str):
    User = get_user_model()
    return User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
