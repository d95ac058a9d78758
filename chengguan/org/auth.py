"""API token sign-in without a query per request.

Each process keeps the accounts it has seen, by token, with their staff record, department and roles, and
forgets them all whenever a token, account, staff record, role assignment or department changes anywhere
(`VersionedCache`, checked every CHENGGUAN_CACHE_CHECK_SECONDS). So a revoked token or a deactivated account
stops working within those seconds in every process, as after a fresh lookup."""

import copy

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from chengguan.core import versioning
from chengguan.core.versioning import VersionedCache

from .models import Department, Staff

AUTH_VERSION_KEY = "auth"
MAX_REMEMBERED = 10_000  # tokens per process; past that, start again

_accounts: VersionedCache[dict[str, tuple]] = VersionedCache(AUTH_VERSION_KEY, dict)


class CachedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token …`, as DRF's TokenAuthentication, answered from the process's memory."""

    def authenticate_credentials(self, key):
        remembered = _accounts.get()
        found = remembered.get(key)
        if found is None:
            found = _load(key)
            if len(remembered) >= MAX_REMEMBERED:
                remembered.clear()
            remembered[key] = found
        user, token = found
        return copy.copy(user), token  # a request may set attributes on its user; others must not see them


def _load(key: str) -> tuple:
    token = Token.objects.select_related("user__staff__department").filter(key=key).first()
    if token is None:
        raise exceptions.AuthenticationFailed(_("Invalid token."))
    if not token.user.is_active:
        raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
    staff = getattr(token.user, "staff", None)
    if staff is not None:
        staff.role_codes()  # loaded now, so requests answered from memory need no query for roles
    return token.user, token


# A session sign-in (a save of last_login only) changes nothing a token user carries.
versioning.bump_on_change(
    AUTH_VERSION_KEY, Token, get_user_model(), Staff, Department, unless_only=frozenset({"last_login"})
)


@receiver(m2m_changed, sender=Staff.roles.through)
def _roles_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        versioning.bump(AUTH_VERSION_KEY)
