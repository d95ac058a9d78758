"""API token sign-in (`Authorization: Token <key>`) against hashed tokens, without a query per request.

Each process keeps the tokens it has seen, by digest, with their user, staff record, department and roles,
and forgets them all whenever a token, account, staff record, role assignment or department changes
anywhere (`VersionedCache`, checked every CHENGGUAN_CACHE_CHECK_SECONDS). A revoked token, a deactivated
account or an ended session therefore stops working within those seconds in every process; expiry is
checked on every request."""

import copy

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from chengguan.core import versioning
from chengguan.core.versioning import VersionedCache
from chengguan.org.models import Department, Staff

from . import services
from .models import ApiToken, token_digest

AUTH_VERSION_KEY = "auth"
MAX_REMEMBERED = 10_000  # tokens per process; past that, start again

_accounts: VersionedCache[dict[str, tuple]] = VersionedCache(AUTH_VERSION_KEY, dict)


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token …` looked up by the key's digest, answered from the process's memory."""

    def authenticate(self, request):
        self._request = request
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        digest = token_digest(key)
        remembered = _accounts.get()
        found = remembered.get(digest)
        if found is None:
            found = _load(digest)
            if len(remembered) >= MAX_REMEMBERED:
                remembered.clear()
            remembered[digest] = found
        user, token = found
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(_("The token has expired."))
        services.record_token_use(actor=token.user, token=token, request=getattr(self, "_request", None))
        return copy.copy(user), token  # a request may set attributes on its user; others must not see them


def _load(digest: str) -> tuple:
    token = ApiToken.objects.select_related("user__staff__department").filter(digest=digest).first()
    if token is None or token.revoked_at is not None:
        raise exceptions.AuthenticationFailed(_("Invalid token."))
    if not token.user.is_active:
        raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
    staff = getattr(token.user, "staff", None)
    if staff is not None:
        staff.role_codes()  # loaded now, so requests answered from memory need no query for roles
    return token.user, token


# A session sign-in (a save of last_login only) changes nothing a token user carries.
versioning.bump_on_change(
    AUTH_VERSION_KEY, ApiToken, get_user_model(), Staff, Department, unless_only=frozenset({"last_login"})
)


@receiver(m2m_changed, sender=Staff.roles.through)
def _roles_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        versioning.bump(AUTH_VERSION_KEY)
